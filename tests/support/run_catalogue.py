"""Run every catalogue file through ``geo check``, ``geo import`` and the upload page's reading and
checking, each in a child forked from one warmed-up process, and report its processor time (and wall
time), peak memory and output.

``python -m tests.support.run_catalogue FOLDER`` prints one JSON line per (file, route), two runs at a
time. The child runs the real entry points (``geo.__main__.main`` with the same argv a user types; the upload page's
``read_upload`` then ``prepare``), so what it prints is what a user sees. Forking from a process that
has imported the engine once keeps 300-odd runs within a few minutes; the peak is the child's own
(``ru_maxrss`` from ``wait4``), which counts the engine's memory too, as a fresh ``python -m geo`` would.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROUTES = ("check", "import", "upload")
# The time a run may take, as the processor time it used (user and system, from ``wait4``): what
# it costs on a machine of its own. Its wall time also counts the test workers and the other run
# sharing the two cores, and stretched a 6.5 s import past 20 s in a busy suite. A run is killed
# only at HANG_AFTER_S of wall time: then it hangs, whatever else is running.
TIME_LIMIT_S = 20.0
HANG_AFTER_S = 3 * TIME_LIMIT_S
# Runs at a time: one per core of the 2-core machine the suite is kept within.
PARALLEL = 2


def _upload(path: Path) -> int:
    from geo.ingest.pipeline import MAX_UPLOAD_MB, prepare, read_upload
    from geo.ingest.raw import LoadError

    # Streamlit's uploader refuses a file over server.maxUploadSize (ours: MAX_UPLOAD_MB) in the
    # browser and its server stops reading the body past it: at most that much ever reaches us.
    with path.open("rb") as handle:
        data = handle.read(MAX_UPLOAD_MB * 1024 * 1024 + 1)
    try:
        raw = read_upload(data, path.name)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        report = prepare(raw).report
    except LoadError as error:  # as the page says it, beside the file's name
        print(f"error: {path.name}: {error}", file=sys.stderr)
        return 2
    print(f"{path.name}: {report.rows} rows read, {report.mapped} mapped, {len(report.rejected)} rejected")
    return 0


def _child(path: Path, route: str, number: int, work: Path) -> int:
    from geo.__main__ import main

    if route == "check":
        return main(["check", str(path)])
    if route == "import":
        os.environ["INCIDENT_ATLAS_DATASETS"] = str(work / "datasets")
        return main(["import", str(path), "--name", f"case-{number}"])
    return _upload(path)


def _ends(text: str, keep: int = 2000) -> str:
    """The first and last lines of a long output: the row count comes first, a traceback last."""
    return text if len(text) <= 2 * keep else text[:keep] + "\n...\n" + text[-keep:]


@dataclass
class _Run:
    path: Path
    route: str
    pid: int
    started: float
    out: Path
    err: Path
    killed: bool = False


def _start(path: Path, route: str, number: int, work: Path) -> _Run:
    out, err = work / f"{number}-{route}.out", work / f"{number}-{route}.err"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: its output goes to files, its exit code is the command's
        code = 70
        try:
            with out.open("w") as stdout, err.open("w") as stderr:
                os.dup2(stdout.fileno(), 1)
                os.dup2(stderr.fileno(), 2)
                sys.stdout = os.fdopen(1, "w", closefd=False)
                sys.stderr = os.fdopen(2, "w", closefd=False)
                code = _child(path, route, number, work)
                sys.stdout.flush()
                sys.stderr.flush()
        finally:
            os._exit(code)
    return _Run(path, route, pid, started, out, err)


def _finished(run: _Run) -> dict | None:
    """The run's outcome once it has ended; kills it once it has hung."""
    done, status, usage = os.wait4(run.pid, os.WNOHANG)
    if not done:
        if time.monotonic() - run.started > HANG_AFTER_S and not run.killed:
            os.kill(run.pid, signal.SIGKILL)
            run.killed = True
        return None
    return {
        "file": run.path.name,
        "route": run.route,
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "wall_seconds": round(time.monotonic() - run.started, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "killed": run.killed,
        "stdout": _ends(run.out.read_text(errors="replace")),
        "stderr": _ends(run.err.read_text(errors="replace")),
    }


def _warm_up(work: Path) -> None:
    """What every run needs, made once as a long-lived server would have: imports, boundaries,
    gazetteer, and one run of each route on the shipped incidents (a process's first check spends
    0.2 s on set-up that later ones do not, which every child would otherwise repeat)."""
    from geo.ingest import geocode
    from geo.reference import boundaries
    from geo.support.paths import ROOT

    boundaries.load_states()
    geocode.gazetteer()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for route in ROUTES:
            _child(ROOT / "data" / "incidents.csv", route, 0, work / "warm-up")


def main(folder: Path) -> None:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    waiting = [(path, route, number) for number, path in enumerate(files) for route in ROUTES]
    running: list[_Run] = []
    with tempfile.TemporaryDirectory() as work:
        _warm_up(Path(work))
        while waiting or running:
            while waiting and len(running) < PARALLEL:
                running.append(_start(*waiting.pop(0), Path(work)))
            for run in list(running):
                if (outcome := _finished(run)) is not None:
                    running.remove(run)
                    print(json.dumps(outcome), flush=True)
            time.sleep(0.01)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
