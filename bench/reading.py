"""``python -m bench --reading``: an Excel workbook of 250,000 rows read by the importer's reader,
against the same rows as CSV, in one run; each read in a fresh process so its peak memory is its own."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.memory import peak_memory_mb, reset_peak_memory
from bench.synthetic import synthetic_incidents

ROWS = 250_000


def reading_run(path: str) -> dict[str, float]:
    """One read (``read_table``, limits checked first) and the whole check (``prepare_file``)."""
    from geo.ingest.pipeline import prepare_file
    from geo.ingest.read import read_table

    reset_peak_memory()
    started = time.perf_counter()
    raw = read_table(Path(path))
    read = time.perf_counter() - started
    started = time.perf_counter()
    prepared = prepare_file(Path(path))
    return {
        "read_s": read,
        "rows": len(raw.frame),
        "prepare_s": time.perf_counter() - started,
        "mapped": prepared.report.mapped,
        "peak_mb": peak_memory_mb(),
        # A workbook is parsed in a child process: its own peak, counting the pages it shares with
        # this one (so the two added overstate the total a little).
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _workbook(frame, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("incidents")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if isinstance(value, float) and value != value else value for value in row])
    book.save(path)


def run_reading() -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        frame = synthetic_incidents(ROWS)
        frame.to_csv(folder / "incidents.csv", index=False)
        _workbook(frame, folder / "incidents.xlsx")
        found = {}
        for kind in ("csv", "xlsx"):
            command = [sys.executable, "-m", "bench", "--reading-run", str(folder / f"incidents.{kind}")]
            done = subprocess.run(command, env=os.environ, capture_output=True, text=True, check=True)
            found[kind] = json.loads(done.stdout.splitlines()[-1])
        found["xlsx_to_csv_read"] = found["xlsx"]["read_s"] / found["csv"]["read_s"]
        return found
