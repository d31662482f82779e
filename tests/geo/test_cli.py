import json
import os
import shutil
import subprocess
import sys

import pytest

from geo.support.paths import ROOT

pytestmark = pytest.mark.process


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "geo", "check", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def test_json_report_accounts_for_every_row(fixtures):
    result = run(fixtures / "incidents_mixed.csv", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert set(report) >= {"rows", "mapped", "rejected", "warnings"}
    assert report["rows"] == report["mapped"] + len(report["rejected"]) == 14
    assert {"row": 5, "reason": "missing id"} in report["rejected"]


def test_counts_are_checked_too(fixtures):
    result = run(fixtures / "incidents_mixed.csv", "--counts", fixtures / "counts_mixed.csv", "--json")
    assert json.loads(result.stdout)["counts"]["rejected"][0]["row"] == 5


def test_text_report_lists_rejected_rows(fixtures):
    result = run(fixtures / "wrong_field_count.csv")
    assert result.returncode == 0
    assert "4 rows read, 2 mapped, 2 rejected" in result.stdout
    assert "rejected row 2: has 6 fields" in result.stdout


def test_unreadable_files_exit_2_with_one_line_and_no_traceback(fixtures, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    for path in (fixtures / "unclosed_quote.csv", tmp_path / "missing.csv", empty, fixtures / "conftest.txt.gpkg"):
        result = run(path)
        assert result.returncode == 2, path
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        assert "Traceback" not in result.stderr


def geo(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "geo", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env
    )


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A dataset imported the way a newsroom would, and the environment that lists it."""
    root = tmp_path_factory.mktemp("datasets")
    imports = ROOT / "tests" / "fixtures" / "imports"
    env = {**os.environ, "INCIDENT_ATLAS_DATASETS": str(root)}
    result = geo("import", imports / "gva_export.csv", "--columns", imports / "gva.toml", "--name", "gva", env=env)
    assert result.returncode == 0, result.stderr
    return root, env


def test_snapshot_publishes_a_dataset_by_name_and_its_saved_file(saved, tmp_path):
    root, env = saved
    # Imported without a title: its name is never published as one, so the editor is asked for a title.
    untitled = geo("snapshot", "--dataset", "gva", "--out", tmp_path / "a", env=env)
    assert untitled.returncode == 2 and "--title" in untitled.stderr and not (tmp_path / "a").exists()
    by_name = geo("snapshot", "--dataset", "gva", "--out", tmp_path / "a", "--title", "Shootings", env=env)
    assert by_name.returncode == 0, by_name.stderr
    by_file = geo(
        "snapshot", "--incidents", root / "gva" / "incidents.parquet", "--out", tmp_path / "b", "--title", "S", env=env
    )
    assert by_file.returncode == 0, by_file.stderr
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["title"] == "Shootings"
    a = json.loads((tmp_path / "a" / "manifest.json").read_text())
    b = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert a["counts"] == b["counts"] and a["counts"]["incidents_shown"] > 0


def test_errors_are_one_line_and_exit_2_never_a_traceback(saved, tmp_path):
    root, env = saved
    unknown = geo("snapshot", "--dataset", "nope", "--out", tmp_path / "x", env=env)
    assert unknown.returncode == 2 and unknown.stderr == "error: no dataset named 'nope' (have: shipped, gva)\n"
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me")
    refused = geo("snapshot", "--out", tmp_path / "notes", env=env)
    assert refused.returncode == 2 and "not a snapshot folder" in refused.stderr
    assert (tmp_path / "notes" / "mine.txt").read_text() == "keep me"
    missing = geo("import", tmp_path / "none.csv", "--name", "x", env=env)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no such file" in missing.stderr


def test_a_damaged_dataset_is_a_clear_error_and_debug_logs_the_traceback(saved, tmp_path):
    root, env = saved
    damaged = tmp_path / "datasets"
    shutil.copytree(root, damaged)
    (damaged / "gva" / "incidents.parquet").write_bytes(b"PAR1 truncated")
    env = {**env, "INCIDENT_ATLAS_DATASETS": str(damaged)}
    plain = geo("snapshot", "--dataset", "gva", "--out", tmp_path / "x", env=env)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith("error: dataset 'gva' is damaged") and plain.stderr.count("\n") == 1
    debug = geo("snapshot", "--dataset", "gva", "--out", tmp_path / "x", "--debug", env=env)
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_republishing_into_a_snapshot_folder_says_what_changed(tmp_path, fixtures):
    before = fixtures / "story-before-corrections"
    out = tmp_path / "story"
    first = geo(
        "snapshot", "--incidents", before / "incidents.csv", "--counts", before / "state_counts.csv", "--out", out
    )
    assert first.returncode == 0, first.stderr
    assert "What changed" not in (out / "index.html").read_text()
    second = geo("snapshot", "--out", out)
    assert second.returncode == 0, second.stderr
    page = (out / "index.html").read_text()
    assert "What changed since 2025-03" in page and "from Charged to Law enforcement says" in page
    assert json.loads((out / "manifest.json").read_text())["changes"]["items"]


def _whole(folder) -> bool:
    """Every file the manifest lists is there with its hash: one snapshot, not a mix of two."""
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text())
    return all(
        hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest for name, digest in manifest["files"].items()
    )


def test_a_snapshot_killed_midway_leaves_the_earlier_one_whole(tmp_path):
    import signal
    import time

    out = tmp_path / "story"
    first = geo("snapshot", "--out", out, "--title", "First version")
    assert first.returncode == 0 and _whole(out)
    outcomes = set()
    for delay in (0.8, 1.4, 2.0, 2.6, 3.2):
        process = subprocess.Popen(
            [sys.executable, "-m", "geo", "snapshot", "--out", str(out), "--title", f"Killed after {delay}"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert _whole(out), delay
        outcomes.add(json.loads((out / "manifest.json").read_text())["title"])
    assert outcomes <= {"First version", *(f"Killed after {d}" for d in (0.8, 1.4, 2.0, 2.6, 3.2))}
