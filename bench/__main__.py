"""``python -m bench``: Incident Atlas against the usual alternatives, measured in one run.

For each size it generates the seeded synthetic national dataset, then measures (medians of
``--repeat`` runs) loading, a typical filter change, and building the map as the app builds it, and
the same map by naive folium markers, ``geopandas.explore()``, plotly and pydeck. A peer is skipped
past the size where it would take over a minute, and the table says so. Peak memory is measured in a
fresh process per size, so sizes do not inherit each other's peak.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import ATLAS_DRAWN, FOLIUM_COUNT, browser_seconds
from bench.memory import peak_memory_mb, reset_peak_memory
from bench.peers import PEERS, STATIC_PEER, peer_build, static_peer

SYSTEMS = ("atlas", *PEERS, STATIC_PEER, "geopandas-read_file")
PEER_LIMIT_S = 60.0


def _median_time(function, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _prepare_files(size: int, folder: Path) -> tuple[Path, Path]:
    """The CSV a newsroom would bring and the validated GeoParquet the app keeps."""
    from bench.synthetic import synthetic_incidents
    from geo.ingest.raw import RawTable
    from geo.ingest.rules import validate_incidents

    frame = synthetic_incidents(size)
    csv_path = folder / f"synthetic-{size}.csv"
    frame.to_csv(csv_path, index=False)
    frame.insert(0, "row", range(1, len(frame) + 1))
    incidents, _ = validate_incidents(RawTable(frame.astype(object)))
    parquet_path = folder / f"synthetic-{size}.parquet"
    incidents.to_parquet(parquet_path, index=False)
    return csv_path, parquet_path


def _app_map_bytes(view, settings=None) -> tuple[int, object]:
    """What streamlit-folium sends the browser: the base map script and the layers' script."""
    import streamlit_folium as sf

    built = _atlas_map(view, settings)
    fmap = built.base
    fmap.get_root().render()
    parts = [sf._get_html(fmap), sf._get_header(fmap), sf._get_map_string(fmap)]
    parts.append(sf._get_feature_group_string(built.layers, map=fmap))
    return sum(len(part.encode("utf-8")) for part in parts), built


def _atlas_map(view, settings=None):
    """The map of a view (``geo.view.view.view_of``) exactly as the app builds it."""
    from geo.map.choropleth import build_choropleth
    from geo.map.layers import build_map
    from geo.view.settings import MapSettings

    settings = settings or MapSettings(measure=view.dataset.measure_for(MapSettings().measure))
    dataset = view.dataset
    choropleth = build_choropleth(view.incidents, dataset.counts, settings.measure)
    heading = dataset.meta.attribution_heading
    return build_map(view.incidents, dataset.palette, choropleth, view.filters, settings, heading, rated=dataset.rated)


def _dataset(parquet_path: Path):
    """The benchmark's incidents as a dataset, the way the app holds one."""
    import geopandas as gpd

    from geo.dataset.dataset import assemble_dataset
    from geo.ingest.report import EMPTY_REPORT

    return assemble_dataset(gpd.read_parquet(parquet_path), EMPTY_REPORT, {})


def atlas_run(size: int, csv_path: Path | None, parquet_path: Path, repeat: int) -> dict[str, float]:
    """Run in a fresh process: the CSV import alone, or everything the app does for this size
    (load the saved GeoParquet, filter, build the map); then the process's peak memory."""
    import geopandas as gpd

    from geo.dataset.file_store import read_incidents_parquet
    from geo.ingest import geocode
    from geo.ingest.pipeline import prepare
    from geo.ingest.read import read_table
    from geo.map.choropleth import build_choropleth
    from geo.reference import boundaries
    from geo.view.filters import Filters
    from geo.view.settings import MapSettings
    from geo.view.view import view_of

    reset_peak_memory()
    geocode.gazetteer(), geocode.counties(), boundaries.load_states(), boundaries.states_payload()
    results: dict[str, float] = {}
    if csv_path == PUBLISH:
        return _publish_run(parquet_path)
    if csv_path == STATIC_RUN:
        seconds, png, svg = static_peer(gpd.read_parquet(parquet_path))
        return {"snapshot_s": seconds, "snapshot_png_bytes": float(len(png)), "snapshot_svg_bytes": float(len(svg))}
    if csv_path is not None and str(csv_path).startswith(READ_FILE):
        # The peer: geopandas' own CSV reading (pyogrio), points from the lat/lon columns, no checks.
        path = str(csv_path)[len(READ_FILE) :]
        read = lambda: gpd.read_file(path, engine="pyogrio", X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")  # noqa: E731
        results["load_csv_s"], _ = _median_time(read, repeat if size <= 100_000 else 1)
        results["import_peak_rss_mb"] = peak_memory_mb()
        return results
    if csv_path is not None:
        # Importing a newsroom CSV is its own job (and process): its peak is not the app's.
        csv_repeat = repeat if size <= 100_000 else 1
        results["load_csv_s"], _ = _median_time(lambda: prepare(read_table(csv_path)), csv_repeat)
        results["import_peak_rss_mb"] = peak_memory_mb()
        return results
    results["load_parquet_s"], _ = _median_time(lambda: read_incidents_parquet(parquet_path), repeat)
    dataset = _dataset(parquet_path)
    typical = Filters(crime=("homicide", "shooting", "drugs"), attribution=("charged", "law_enforcement"))

    def filter_change():
        view = view_of(dataset, typical)
        return build_choropleth(view.incidents, dataset.counts, MapSettings().measure), view

    results["filter_s"], _ = _median_time(filter_change, repeat)
    whole = view_of(dataset, Filters())
    results["build_s"], (nbytes, _) = _median_time(lambda: _app_map_bytes(whole), repeat)
    results["html_bytes"] = float(nbytes)
    results["peak_rss_mb"] = peak_memory_mb()
    return results


PUBLISH = Path("publish")
# The static peer runs in a fresh process too, as our snapshot does: run in this one, after the
# smaller size, it drew with matplotlib's fonts and backends already loaded (0.62 against 0.88 s
# at 10,000), and ours did not.
STATIC_RUN = Path("static-peer")


def _in_child(size: int, source: str, parquet_path: Path, repeat: int) -> dict[str, float]:
    """One ``--atlas-run`` in a fresh process: its figures."""
    command = [sys.executable, "-m", "bench", "--atlas-run", str(size), source, str(parquet_path), str(repeat)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


READ_FILE = "read_file:"
# A snapshot and the static peer are drawn in turn, each in a fresh process, this many times (the
# run's ``--repeat``) up to this size, and their medians compared: this machine's speed swings by
# half within minutes, and one of each, a minute apart, could land in different phases.
PAIRED_UP_TO = 100_000


def _medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {metric: statistics.median(run[metric] for run in runs) for metric in runs[0]}


def _publish_run(parquet_path: Path) -> dict[str, float]:
    """A whole reader snapshot of every incident (all files), as ``geo snapshot`` builds it: the
    dataset loaded and settled first (``geo.support.settle``)."""
    from geo.publish.snapshot import SnapshotOptions, build_snapshot
    from geo.support.settle import settle

    dataset = _dataset(parquet_path)
    settle()
    start = time.perf_counter()
    snapshot = build_snapshot(dataset, SnapshotOptions(title="Synthetic incidents (benchmark)"))
    results = {"snapshot_s": time.perf_counter() - start}
    for name, metric in (("index.html", "page"), ("map.png", "png"), ("map.svg", "svg")):
        results[f"snapshot_{metric}_bytes"] = float(len(snapshot.files[name]))
    results["snapshot_peak_rss_mb"] = peak_memory_mb()
    return results


READ_PEER = SYSTEMS[-1]


def _session_records(size: int, csv_path: Path, folder: Path, extra: int) -> list[dict]:
    """The app serving this size: memory with one session, per extra session, and its peak."""
    from bench.load import run_sessions
    from geo.dataset.file_store import FileStore
    from geo.dataset.store import import_file

    root = folder / f"datasets-{size}"
    import_file(csv_path, "bench", store=FileStore(root), replace=True, reason="benchmark run")
    measured = run_sessions(extra, "dataset=bench", {"INCIDENT_ATLAS_DATASETS": str(root)})
    shutil.rmtree(root)
    return [
        {"size": size, "system": "atlas", "metric": metric, "value": float(measured[key])}
        for metric, key in (
            ("app_rss_mb", "rss_mb_one_session"),
            ("mb_per_extra_session", "mb_per_extra_session"),
            ("app_peak_rss_mb", "peak_rss_mb"),
        )
    ]


def run(sizes: list[int], repeat: int, browser: bool, sessions: int = 0) -> tuple[list[dict], list[str]]:
    import geopandas as gpd

    records: list[dict] = []
    notes: list[str] = []
    last_build: dict[str, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for size in sizes:
            print(f"size {size:,}: generating", file=sys.stderr)
            csv_path, parquet_path = _prepare_files(size, folder)
            print(f"size {size:,}: atlas", file=sys.stderr)
            for source in (str(csv_path), READ_FILE + str(csv_path), "-"):
                system = READ_PEER if source.startswith(READ_FILE) else "atlas"
                for metric, value in _in_child(size, source, parquet_path, repeat).items():
                    records.append({"size": size, "system": system, "metric": metric, "value": value})
            if sessions:
                print(f"size {size:,}: app sessions", file=sys.stderr)
                records.extend(_session_records(size, csv_path, folder, sessions))
            incidents = gpd.read_parquet(parquet_path)
            for system in PEERS:
                previous = last_build.get(system)
                if previous and previous[1] * size / previous[0] > PEER_LIMIT_S:
                    notes.append(
                        f"{system} skipped at {size:,}: estimated over {PEER_LIMIT_S:.0f} s "
                        f"({previous[1]:.1f} s at {previous[0]:,})"
                    )
                    continue
                print(f"size {size:,}: {system}", file=sys.stderr)
                peer_repeat = repeat if size <= 10_000 else 1
                seconds, html = _median_time(lambda s=system, i=incidents: peer_build(s, i), peer_repeat)
                last_build[system] = (size, seconds)
                records.append({"size": size, "system": system, "metric": "build_s", "value": seconds})
                records.append(
                    {"size": size, "system": system, "metric": "html_bytes", "value": float(len(html.encode("utf-8")))}
                )
                if browser and system == "folium-markers" and size <= 10_000:
                    elapsed, _, _ = browser_seconds(html, FOLIUM_COUNT, size, folder)
                    records.append({"size": size, "system": system, "metric": "browser_s", "value": elapsed})
            previous = last_build.get(STATIC_PEER)
            peer = not (previous and previous[1] * size / previous[0] > PEER_LIMIT_S)
            if not peer:
                notes.append(f"{STATIC_PEER} skipped at {size:,}: estimated over {PEER_LIMIT_S:.0f} s")
            print(f"size {size:,}: snapshots, ours and {STATIC_PEER} in turn", file=sys.stderr)
            ours, theirs = [], []
            for _ in range(repeat if size <= PAIRED_UP_TO else 1):
                ours.append(_in_child(size, str(PUBLISH), parquet_path, repeat))
                if peer:
                    theirs.append(_in_child(size, str(STATIC_RUN), parquet_path, repeat))
            ours_median = _medians(ours)
            notes.append(
                f"publishing {size:,} incidents peaked at {ours_median.pop('snapshot_peak_rss_mb'):,.0f} MB "
                "(its own process)"
            )
            records.extend({"size": size, "system": "atlas", "metric": m, "value": v} for m, v in ours_median.items())
            if theirs:
                measured = _medians(theirs)
                last_build[STATIC_PEER] = (size, measured["snapshot_s"])
                records.extend(
                    {"size": size, "system": STATIC_PEER, "metric": metric, "value": value}
                    for metric, value in measured.items()
                )
            if browser:
                from geo.view.filters import Filters
                from geo.view.settings import MapSettings
                from geo.view.view import view_of

                whole = view_of(_dataset(parquet_path), Filters())
                settings = MapSettings(measure=whole.dataset.measure_for(MapSettings().measure), basemap="none")
                html = _atlas_map(whole, settings).standalone_html()
                elapsed, zoomed, step = browser_seconds(html, ATLAS_DRAWN, 1, folder, zoom=True)
                records.append({"size": size, "system": "atlas", "metric": "browser_s", "value": elapsed})
                records.append({"size": size, "system": "atlas", "metric": "browser_zoom_s", "value": zoomed})
                records.append({"size": size, "system": "atlas", "metric": "browser_step_s", "value": step})
            if browser and size > 10_000:
                notes.append(f"folium-markers browser time not measured at {size:,} (over a minute to build)")
    return records, notes


def table(records: list[dict], notes: list[str]) -> str:
    """Markdown: one block per size, each peer's value and its ratio to ours."""
    lines = []
    for size in sorted({r["size"] for r in records}):
        lines += [
            f"\n### {size:,} incidents\n",
            "| metric | " + " | ".join(SYSTEMS) + " |",
            "| --- |" + " --- |" * len(SYSTEMS),
        ]
        metrics = dict.fromkeys(r["metric"] for r in records if r["size"] == size)
        for metric in metrics:
            values = {r["system"]: r["value"] for r in records if r["size"] == size and r["metric"] == metric}
            ours = values.get("atlas")
            cells = []
            for system in SYSTEMS:
                value = values.get(system)
                if value is None:
                    cells.append("–")
                    continue
                text = _format(metric, value)
                if system != "atlas" and ours:
                    text += f" ({value / ours:,.0f}×)" if value / ours >= 10 else f" ({value / ours:,.1f}×)"
                cells.append(text)
            lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    lines += ["", *[f"- {note}" for note in notes]]
    return "\n".join(lines)


def _format(metric: str, value: float) -> str:
    if metric.endswith("_bytes"):
        return f"{value / 1e6:,.2f} MB" if value >= 1e6 else f"{value / 1e3:,.0f} KB"
    if metric.endswith("_mb") or metric == "mb_per_extra_session":
        return f"{value:,.1f} MB" if abs(value) < 10 else f"{value:,.0f} MB"
    return f"{value:,.3f} s" if value < 10 else f"{value:,.1f} s"


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


# Benchmarks run whole (``--NAME``, ``bench/NAME.py``'s ``run_NAME``), each measurement in a fresh
# process of its own (``--NAME-run``, its ``NAME_run``, with this many arguments; none: it runs whole).
SUITES = {
    "store": ("the team database against the file store", 4),
    "record": ("versions, as-known-on and edits on both stores", 4),
    "reading": ("a 250,000-row Excel workbook against the same CSV", 1),
    "clicks": ("the app in chromium on 61,000 incidents: a point's record, a filter's redraw", 0),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--json", help="write the measurements here")
    parser.add_argument("--browser", action="store_true", help="also time drawing in headless chromium")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument(
        "--sessions",
        type=int,
        default=0,
        metavar="N",
        help="also serve each size: memory with 1 and 1+N sessions",
    )
    parser.add_argument("--atlas-run", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--load", type=int, metavar="N", help="N concurrent sessions over the websocket protocol")
    parser.add_argument("--soak", type=int, nargs="?", const=500, metavar="CYCLES", help="open/close cycles (500)")
    parser.add_argument("--query", default="", help="URL query the sessions open (e.g. dataset=national-2024)")
    parser.add_argument("--replicas", type=int, default=1, help="--load: the app served as N replicas (HAProxy)")
    for name, (help_text, arity) in SUITES.items():
        parser.add_argument(f"--{name}", action="store_true", help=help_text)
        if arity:
            parser.add_argument(f"--{name}-run", nargs=arity, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in SUITES:
        if getattr(args, f"{name}_run", None):
            suite = importlib.import_module(f"bench.{name}")
            print(json.dumps(getattr(suite, f"{name}_run")(*getattr(args, f"{name}_run"))))
            return 0
        if getattr(args, name):
            suite = importlib.import_module(f"bench.{name}")
            found = {"machine": machine(), name: getattr(suite, f"run_{name}")()}
            print(json.dumps(found, indent=1))
            if args.json:
                Path(args.json).write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
            return 0
    if args.load or args.soak:
        from bench.load import run_load, run_soak

        found = {}
        if args.load:
            found["load"] = run_load(args.load, args.query, replicas=args.replicas)
        if args.soak:
            found["soak"] = run_soak(args.soak, args.query)
        print(f"Machine: {machine()}")
        print(json.dumps(found, indent=1))
        if args.json:
            Path(args.json).write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
        return 0
    if args.atlas_run:
        size, csv_path, parquet_path, repeat = args.atlas_run
        csv_file = None if csv_path == "-" else Path(csv_path)
        print(json.dumps(atlas_run(int(size), csv_file, Path(parquet_path), int(repeat))))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    records, notes = run(sizes, args.repeat, args.browser, args.sessions)
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    print(f"Machine: {machine()}")
    print(table(records, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
