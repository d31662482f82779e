"""``python -m bench --store``: the team store (PostgreSQL with PostGIS) against the file store, in
one run, on the same data and the same machine.

A throwaway cluster is started as the tests start theirs. Each measurement runs in a fresh process
(``--store-run``) so its peak memory is its own: the import of a real-sized year (61,000 rows
through the national mapping) and of 1,000,000 synthetic rows; loading the million into the app's
dataset; a whole reader snapshot of it (median of three); and 50 sessions on two replicas behind
HAProxy (``serve --replicas 2``) on one store, on 61,000 synthetic incidents that rate their links
(the sessions change the attribution filter).
The database server's own work (its process) is in the times, not in the peaks.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.memory import peak_memory_mb, reset_peak_memory
from bench.synthetic import NATIONAL_MAPPING, national_year, synthetic_incidents

STORES = ("files", "postgis")
SIZES = {"national": 61_000, "million": 1_000_000, "rated": 61_000}


def store_run(action: str, name: str, source: str, mapping: str) -> dict[str, float]:
    """One measurement in this (fresh) process, on the store its environment names."""
    from geo.dataset.store import import_file, load_saved, open_store
    from geo.ingest.mapping import load_mapping

    reset_peak_memory()
    started = time.perf_counter()
    if action == "import":
        import_file(
            Path(source),
            name,
            load_mapping(mapping) if mapping else None,
            store=open_store(),
            replace=True,
            reason="benchmark run",
        )
        return {"import_s": time.perf_counter() - started, "import_peak_mb": peak_memory_mb()}
    dataset = load_saved(name)
    loaded = time.perf_counter() - started
    if action == "load":
        return {"load_s": loaded, "load_peak_mb": peak_memory_mb()}
    from geo.publish.snapshot import SnapshotOptions, build_snapshot

    times = []
    for _ in range(3):
        started = time.perf_counter()
        build_snapshot(dataset, SnapshotOptions(title="Synthetic incidents (benchmark)"))
        times.append(time.perf_counter() - started)
    return {"snapshot_s": statistics.median(times)}


def _child(env: dict[str, str], *args: str) -> dict[str, float]:
    command = [sys.executable, "-m", "bench", "--store-run", *args]
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _vacuum(url: str) -> float:
    """The server's own upkeep after the imports, done now and timed apart: left to autovacuum, it
    runs on this machine's two cores during the measurements that follow (a snapshot measured
    1.02x, 1.20x and 1.50x of the file store's in three runs)."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE) incidents")
        connection.execute("VACUUM (ANALYZE) dataset_documents")
    return time.perf_counter() - started


def run_store(sessions: int = 50) -> dict:
    """Every figure for both stores; the database is a throwaway cluster of this run."""
    from bench.load import load_once
    from geo.dataset.store import DATABASE_SETTING
    from tests.support.postgres import start_cluster

    cluster = start_cluster()
    results: dict = {store: {} for store in STORES}
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            database = cluster.new_database()
            envs = {
                "files": {"INCIDENT_ATLAS_DATASETS": str(folder / "datasets")},
                "postgis": {DATABASE_SETTING: cluster.url(database)},
            }
            mapping = folder / "national.toml"
            mapping.write_text(NATIONAL_MAPPING, encoding="utf-8")
            national_year(SIZES["national"]).to_csv(folder / "national.csv", index=False)
            synthetic_incidents(SIZES["million"]).to_csv(folder / "million.csv", index=False)
            # The sessions change the attribution filter, which only data that rates its links has.
            synthetic_incidents(SIZES["rated"], seed=61).to_csv(folder / "rated.csv", index=False)
            for store in STORES:
                print(f"{store}: importing", file=sys.stderr)
                for name in SIZES:
                    found = _child(
                        envs[store],
                        "import",
                        name,
                        str(folder / f"{name}.csv"),
                        str(mapping) if name == "national" else "",
                    )
                    results[store] |= {f"{name}_{key}": value for key, value in found.items()}
                if store == "postgis":
                    results[store]["vacuum_s"] = _vacuum(cluster.url(database, "atlas_owner"))
                print(f"{store}: loading and publishing", file=sys.stderr)
                results[store] |= _child(envs[store], "load", "million", "", "")
                results[store] |= _child(envs[store], "snapshot", "million", "", "")
                print(f"{store}: {sessions} sessions on two replicas", file=sys.stderr)
                results[store]["replicas"] = load_once(sessions, "dataset=rated", envs[store], replicas=2)
    finally:
        cluster.stop()
    return results
