"""Injected faults on real processes: a full disk, a read-only folder, an import killed midway. Each
ends with one clear error line, an output that is whole or absent, and every other dataset intact."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.synthetic import synthetic_incidents
from geo.dataset.backend import Store
from geo.dataset.file_store import FileStore
from geo.dataset.store import load_saved
from geo.support.paths import ROOT, SHIPPED_INCIDENTS

pytestmark = pytest.mark.process


def geo(args: list[str], datasets: Path, preexec=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        env={**os.environ, "INCIDENT_ATLAS_DATASETS": str(datasets)},
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
    )


def one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def visible_entries(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if not path.name.startswith("."))


@pytest.fixture
def datasets(tmp_path) -> Path:
    """A datasets folder that already holds one good import, which every fault must leave alone."""
    root = tmp_path / "datasets"
    result = geo(["import", str(SHIPPED_INCIDENTS), "--name", "earlier"], root)
    assert result.returncode == 0, result.stderr
    return root


def assert_earlier_intact(store: Store) -> None:
    assert "earlier" in [entry.name for entry in store.listing()]
    assert len(load_saved("earlier", store).incidents) > 0


def small_files() -> None:
    """A disk that fills after 64 kB per file: writes fail with 'File too large' instead of SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_during_import_leaves_no_dataset_and_one_clear_line(datasets, tmp_path):
    big = tmp_path / "big.csv"
    synthetic_incidents(5_000, seed=3).to_csv(big, index=False)
    result = geo(["import", str(big), "--name", "full-disk"], datasets, preexec=small_files)
    assert "too large" in one_error_line(result).lower()
    assert not one_error_line(result).startswith("error: :")  # no empty place where a path would go
    assert visible_entries(datasets) == ["earlier"]
    assert [e.name for e in FileStore(datasets).listing()] == ["earlier"]
    assert_earlier_intact(FileStore(datasets))


def test_a_full_disk_during_a_snapshot_leaves_the_earlier_snapshot_whole(tmp_path):
    out = tmp_path / "published"
    first = subprocess.run(
        [sys.executable, "-m", "geo", "snapshot", "--out", str(out), "--title", "First"], cwd=ROOT, capture_output=True
    )
    assert first.returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "geo", "snapshot", "--out", str(out), "--title", "Second"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    assert "too large" in one_error_line(result).lower()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Root may write anywhere a mode forbids: for root the folder is made immutable instead."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_datasets_folder_gives_one_clear_line(datasets):
    with read_only(datasets):
        result = geo(["import", str(SHIPPED_INCIDENTS), "--name", "read-only"], datasets)
        listed = visible_entries(datasets)
    line = one_error_line(result).lower()
    assert "permission denied" in line or "not permitted" in line
    assert listed == ["earlier"]
    assert_earlier_intact(FileStore(datasets))


def test_an_import_killed_midway_leaves_the_name_whole_or_absent_and_unlisted(store, tmp_path):
    """In either store: the file store's folder appears whole; the database's one transaction rolls back."""
    datasets = tmp_path / "datasets"
    assert geo(["import", str(SHIPPED_INCIDENTS), "--name", "earlier"], datasets).returncode == 0
    big = tmp_path / "big.csv"
    synthetic_incidents(60_000, seed=4).to_csv(big, index=False)
    outcomes = set()
    for delay in (1.0, 2.5, 4.0):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "geo",
                "import",
                str(big),
                "--name",
                "killed",
                "--replace",
                "--reason",
                "killed mid-way",
            ],
            cwd=ROOT,
            env={**os.environ, "INCIDENT_ATLAS_DATASETS": str(datasets)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        names = [entry.name for entry in store.listing()]
        assert set(names) <= {"earlier", "killed"}
        if "killed" in names:
            assert len(load_saved("killed", store).incidents) == 60_000
        outcomes.add("killed" in names)
        assert_earlier_intact(store)
    # The next import of the name succeeds over whatever a killed one left behind.
    assert (
        geo(["import", str(big), "--name", "killed", "--replace", "--reason", "killed mid-way"], datasets).returncode
        == 0
    )
    assert len(load_saved("killed", store).incidents) == 60_000
