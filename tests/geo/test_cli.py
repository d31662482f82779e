import json
import subprocess
import sys

from geo.paths import ROOT


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
