"""``python -m bench --record``: the living record's figures on both stores, in one run, each against
a baseline measured in the same run on the same machine.

- A re-import of 1,000,000 synthetic rows with 1% changed (5,000 levels, 4,000 summaries, 500
  records withdrawn and 500 added): the whole save (compared with the version it replaces, its
  history steps and corrections derived, the new version written with its audit entry), against the
  first import's save of the same rows. The comparison alone is timed too.
- "As known on" with 1,000,000 history steps: a view of one day's levels, against the same view of
  today's.
- An edit of the story (16 incidents) saved and drawn by a second app session: the time from the
  save to the end of that session's next rerun showing it, against a rerun with nothing saved.

Each measurement runs in a fresh process (``--record-run``), so its memory is its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from bench.synthetic import synthetic_incidents
from geo.dataset.backend import Store

MILLION = 1_000_000
STORES = ("files", "postgis")


def _changed(frame: pd.DataFrame, seed: int = 26) -> pd.DataFrame:
    """The same rows a week later: 1% of them changed."""
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(frame), 10_000, replace=False)
    changed = frame.copy()
    levels = changed["attribution"].to_numpy(dtype=object)
    levels[picked[:5_000]] = np.where(levels[picked[:5_000]] == "charged", "convicted", "charged")
    changed["attribution"] = levels
    summaries = changed["summary"].to_numpy(dtype=object)
    summaries[picked[5_000:9_000]] = "Summary corrected in a later week (synthetic)."
    changed["summary"] = summaries
    added = changed.iloc[picked[9_500:]].assign(id=[f"syn-added-{n}" for n in range(500)])
    return pd.concat([changed.drop(index=changed.index[picked[9_000:9_500]]), added], ignore_index=True)


def _steps(frame: pd.DataFrame) -> pd.DataFrame:
    """One history step for every incident: reported first, a few weeks after its own date."""
    return pd.DataFrame(
        {
            "id": frame["id"],
            "date": (pd.to_datetime(frame["date"], format="ISO8601") + pd.Timedelta(days=21)).dt.strftime("%Y-%m-%d"),
            "date_precision": "day",
            "attribution": "reported",
            "attributed_by": "residents_witnesses",
            "source_name": "Synthetic source",
        }
    )


def record_run(action: str, name: str, source: str, extra: str) -> dict[str, float]:
    """One measurement in this (fresh) process, on the store its environment names."""
    from geo.dataset.diff import diff_records
    from geo.dataset.store import import_file, load_saved, open_store

    store = open_store()
    if action in ("import", "reimport"):
        history = Path(extra) if extra else None
        started = time.perf_counter()
        import_file(Path(source), name, store=store, replace=True, reason="benchmark run", history=history)
        seconds = time.perf_counter() - started
        if action == "import":
            return {"import_s": seconds}
        number = store.versions(name)[-1].version
        before, after = store.read(name, number - 1).incidents, store.read(name, number).incidents
        started = time.perf_counter()
        diff = diff_records(before, after)
        return {"reimport_s": seconds, "diff_s": time.perf_counter() - started, **diff.counts()}
    from geo.view.filters import Filters
    from geo.view.view import view_of

    dataset = load_saved(name, store)
    timings: dict[str, list[float]] = {"today": [], "known": []}
    for day in (date(2024, 3, 1), date(2024, 6, 1), date(2024, 9, 1)):
        for kind, filters in (("today", Filters(state=("TX",))), ("known", Filters(state=("TX",), known=day))):
            started = time.perf_counter()
            view_of(dataset, filters)
            timings[kind].append(time.perf_counter() - started)
    return {"view_today_s": statistics.median(timings["today"]), "view_known_s": statistics.median(timings["known"])}


def _child(env: dict[str, str], *args: str) -> dict[str, float]:
    command = [sys.executable, "-m", "bench", "--record-run", *args]
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


async def _edit_seen(url: str, store: Store, repeat: int = 5) -> dict[str, float]:
    """A second session on the story's Florida page: its rerun after nothing, and after an edit
    (saved here, as the first session's page saves it)."""
    import websockets

    from bench.load import Page, rerun
    from geo.dataset.edits import Edit, record_values, save_edit

    record = "miami-contract-killing"
    query = "dataset=story&state=FL"
    plain, seen = [], []
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as socket_:
        page = Page(query)
        await rerun(socket_, page)
        for turn in range(repeat):
            plain.append(await rerun(socket_, page))
            opened = record_values(store.read("story").incidents, record)
            title = f"Contract killing, Miami (benchmark edit {turn})"
            started = time.perf_counter()
            save_edit(store, "story", Edit(record, {**opened, "title": title}, opened), "bench", "benchmark edit")
            await rerun(socket_, page)
            seen.append(time.perf_counter() - started)
    return {"rerun_s": statistics.median(plain), "edit_seen_s": statistics.median(seen)}


def run_record() -> dict:
    """Every figure for both stores; the database is a throwaway cluster of this run."""
    from bench.load import Server
    from geo.dataset.file_store import FileStore
    from geo.dataset.postgis_store import PostgisStore
    from geo.dataset.store import DATABASE_SETTING, import_file
    from geo.support.paths import SHIPPED_INCIDENTS
    from tests.support.postgres import start_cluster

    cluster = start_cluster()
    results: dict = {store: {} for store in STORES}
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            envs = {
                "files": {"INCIDENT_ATLAS_DATASETS": str(folder / "datasets"), DATABASE_SETTING: ""},
                "postgis": {DATABASE_SETTING: cluster.url(cluster.new_database())},
            }
            first = synthetic_incidents(MILLION)
            first.to_csv(folder / "million.csv", index=False)
            _changed(first).to_csv(folder / "week.csv", index=False)
            _steps(first).to_csv(folder / "steps.csv", index=False)
            for store in STORES:
                print(f"{store}: the million, then a week later", file=sys.stderr)
                env = envs[store]
                results[store] |= _child(env, "import", "million", str(folder / "million.csv"), "")
                results[store] |= _child(env, "reimport", "million", str(folder / "week.csv"), "")
                print(f"{store}: as known on, with a million steps", file=sys.stderr)
                _child(env, "import", "stepped", str(folder / "million.csv"), str(folder / "steps.csv"))
                results[store] |= _child(env, "known", "stepped", "", "")
                print(f"{store}: an edit seen by a second session", file=sys.stderr)
                kept = FileStore(folder / "datasets") if store == "files" else PostgisStore(env[DATABASE_SETTING])
                import_file(SHIPPED_INCIDENTS, "story", store=kept, reason="benchmark run")
                server = Server(env)
                try:
                    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
                    results[store] |= asyncio.run(_edit_seen(url, kept))
                finally:
                    server.stop()
                    kept.close()
    finally:
        cluster.stop()
    return results
