"""Every hostile or malformed file of the catalogue (tests/support/catalogue.py), through ``geo check``,
``geo import`` and the upload page: rows = mapped + rejected, or one clear error naming the file;
within 20 s and 800 MB; never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from geo.support.paths import ROOT
from tests.support.catalogue import write_catalogue
from tests.support.run_catalogue import ROUTES, TIME_LIMIT_S

pytestmark = pytest.mark.catalogue

MEMORY_LIMIT_MB = 800
MINIMUM_CASES = 80
ROW_LINE = re.compile(r"(\d+) rows read, (\d+) mapped, (\d+) rejected")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[tuple[str, str], dict]:
    folder = tmp_path_factory.mktemp("catalogue")
    files = write_catalogue(folder)
    assert len(files) >= MINIMUM_CASES
    run = subprocess.run(
        [sys.executable, "-m", "tests.support.run_catalogue", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    results = [json.loads(line) for line in run.stdout.splitlines()]
    return {(r["file"], r["route"]): r for r in results}


def problems_of(outcome: dict) -> list[str]:
    problems = []
    if "Traceback" in outcome["stdout"] + outcome["stderr"]:
        problems.append("printed a traceback")
    if outcome["killed"] or outcome["seconds"] > TIME_LIMIT_S:
        problems.append(f"ran {outcome['seconds']} s")
    if outcome["peak_mb"] > MEMORY_LIMIT_MB:
        problems.append(f"peaked at {outcome['peak_mb']} MB")
    if outcome["exit"] == 0:
        found = ROW_LINE.search(outcome["stdout"])
        if not found:
            problems.append("no row count")
        elif int(found[1]) != int(found[2]) + int(found[3]):
            problems.append(f"rows do not add up: {found[0]}")
    elif outcome["exit"] == 2:
        lines = [line for line in outcome["stderr"].splitlines() if line.strip()]
        stem = outcome["file"].rsplit(".", 1)[0]
        if len(lines) != 1 or not lines[0].startswith("error: "):
            problems.append(f"not one error line: {lines[-3:]}")
        elif stem not in lines[0] or "unexpected failure" in lines[0]:
            problems.append(f"unclear error: {lines[0]}")
    else:
        problems.append(f"exit code {outcome['exit']}")
    return problems


def test_every_hostile_file_is_accounted_for_or_refused_clearly_in_time_and_memory(outcomes):
    files = {name for name, _ in outcomes}
    assert len(files) >= MINIMUM_CASES
    assert {route for _, route in outcomes} == set(ROUTES)
    failures = {key: problems for key, outcome in outcomes.items() if (problems := problems_of(outcome))}
    assert failures == {}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("five_million_rows.csv", "5,000,000 rows"),
        ("million_columns_unique.csv", "1,000,000 columns"),
        ("xlsx_bomb.xlsx", "would unpack to"),
        ("utf16_le_bom.csv", None),
        ("geojson_unclosed_ring.geojson", "closed"),
        # A newsroom's own way of saying a row is private stops the import with a question.
        ("private_is_public_column.csv", "'Is public' may say which rows may be published"),
        ("private_published_question.csv", "'Published?' may say which rows may be published"),
        ("private_embargo_column.csv", "'Embargo until' may say"),
        ("private_confidential_column.csv", "'CONFIDENTIAL' may say"),
        ("xlsx_public_formula_uncached.xlsx", "formula saved without its value (first: K2)"),
        ("xlsx_good_with_formulas.xlsx", "formula saved without its value"),
        # Limits hold before the work, for every line ending and whatever a sheet declares.
        ("cr_only_2_2m_rows.csv", "has about 2,200,000 rows; the limit here is 2,000,000"),
        ("xlsx_no_dimension_1_1m.xlsx", "more than 1,048,576 rows, more than Excel allows"),
        ("xlsx_lying_dimension_1_1m.xlsx", "more than 1,048,576 rows, more than Excel allows"),
        ("one_line_2gib.csv", "line 1 is longer than 16 MB"),
        ("geoparquet_crs_lies.parquet", "every point lies within 180 of (0, 0)"),
        ("geoparquet_geometry_of_integers.parquet", "cannot be read as parquet"),
        ("crime_types_100k.csv", "holds 100,000 different values"),
        ("many_crime_types.csv", "holds 5,000 different values"),
    ],
)
def test_named_cases_end_as_designed(outcomes, name, expected):
    outcome = outcomes[(name, "check")]
    if expected is None:
        assert outcome["exit"] == 0 and ROW_LINE.search(outcome["stdout"])[3] == "0"
    else:
        assert outcome["exit"] == 2 and expected in outcome["stderr"]


def test_a_blank_public_cell_is_a_rejected_row_not_a_published_one(outcomes):
    outcome = outcomes[("private_blank_public.csv", "check")]
    assert outcome["exit"] == 0 and ROW_LINE.search(outcome["stdout"])[0] == "2 rows read, 1 mapped, 1 rejected"
    assert "rejected row 2: public is blank" in outcome["stdout"]


def test_the_upload_page_refuses_a_long_file_before_reading_it(outcomes):
    outcome = outcomes[("state_centres_300k.csv", "upload")]
    assert outcome["exit"] == 2 and "limit here is 250,000" in outcome["stderr"]
    assert outcome["peak_mb"] < outcomes[("state_centres_300k.csv", "check")]["peak_mb"]


@pytest.mark.parametrize("name", ["cr_only_2_2m_rows.csv", "xlsx_no_dimension_1_1m.xlsx", "one_line_2gib.csv"])
def test_the_upload_page_refuses_what_no_limit_used_to_see(outcomes, name):
    outcome = outcomes[(name, "upload")]
    assert outcome["exit"] == 2 and outcome["seconds"] < 5 and outcome["peak_mb"] < MEMORY_LIMIT_MB / 2
