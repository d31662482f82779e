"""Reader outputs at a newsroom's real size: a year of a national incident database (60,000 rows,
40 categories), imported through a mapping and published nationally and for one state from the
command line, as an editor would."""

import io
import json
import os
import re
import subprocess
import sys

import pytest
from PIL import Image

from bench.synthetic import NATIONAL_MAPPING, national_year, synthetic_incidents
from geo.dataset.dataset import load_dataset
from geo.publish.snapshot import SnapshotOptions, build_snapshot
from geo.support.paths import ROOT
from tests.support.pages import element_json

pytestmark = pytest.mark.process

MB = 1_000_000


def geo(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    national_year(60_000).to_csv(folder / "national.csv", index=False)
    (folder / "national.toml").write_text(NATIONAL_MAPPING, encoding="utf-8")
    env = {**os.environ, "INCIDENT_ATLAS_DATASETS": str(folder / "datasets")}
    imported = geo(
        "import",
        str(folder / "national.csv"),
        "--columns",
        str(folder / "national.toml"),
        "--name",
        "national-2024",
        "--title",
        "Shootings, 2024",
        "--subject",
        "the incident categories",
        "--source",
        "Test database",
        env=env,
    )
    assert imported.returncode == 0, imported.stderr
    return folder, env


def publish(national, name: str, *options: str) -> tuple[dict, dict[str, bytes]]:
    folder, env = national
    out = folder / name
    result = geo("snapshot", "--dataset", "national-2024", "--out", str(out), *options, env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return json.loads(files["manifest.json"]), files


def svg_words(svg: bytes) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)", svg.decode("utf-8")))


def test_a_national_year_publishes_small_and_aggregated(national):
    manifest, files = publish(national, "national")
    shown = manifest["counts"]["incidents_shown"]
    assert shown > 55_000
    assert len(files["index.html"]) <= 2 * MB and len(files["map.svg"]) <= 2 * MB
    assert manifest["encoding"] == {
        "page": "counted cells, then points with place and date from zoom 8",
        "static": "hexagons",
    }
    svg = files["map.svg"].decode("utf-8")
    assert "<title>Shootings, 2024</title>" in svg and "<text" in svg
    words = svg_words(files["map.svg"])
    assert "Incidents per hexagon" in words and "Test database" in words
    # Every row is unrated: the legend says once that links are not recorded, and lists no levels.
    assert "Unrated" not in words and "Convicted" not in words and "does not record who links" in words
    assert manifest["attribution_recorded"] is False and manifest["counts"]["by_attribution"] is None
    # The alt text describes the hexagons the picture draws, not a state shading it does not.
    assert "counted in hexagons" in manifest["alt_text"] and "States are shaded" not in manifest["alt_text"]
    assert "attributed to" not in manifest["alt_text"]
    assert Image.open(io.BytesIO(files["map.png"])).size == (1200, 800)
    # The page's legend lists the largest eight types, then the rest as one.
    legend = element_json(files["index.html"].decode(), "Legend")
    labels = [entry["label"] for entry in legend["crimeTypes"]]
    assert len(labels) == 9 and re.fullmatch(r"Other \(\d+ types\)", labels[-1])


def test_one_state_of_it_is_framed_and_labelled(national):
    manifest, files = publish(national, "illinois", "--state", "IL")
    assert 0 < manifest["counts"]["incidents_shown"] < 10_000
    assert len(files["index.html"]) <= 2 * MB and len(files["map.svg"]) <= 2 * MB
    words = svg_words(files["map.svg"])
    assert "ILLINOIS" in words and "Chicago" in words


def test_the_reader_page_grows_by_at_most_40_bytes_an_incident(tmp_path):
    """Up to 20,000 incidents: a page of n incidents is at most 40 bytes an incident above one of one
    (each incident's place, date and marks, and from 3,000 the counted discs of national and state
    zooms, split by level, type and month)."""
    sizes = {}
    for n in (1, 5_000, 20_000):
        path = tmp_path / f"synthetic-{n}.csv"
        synthetic_incidents(n, seed=n).to_csv(path, index=False)
        snapshot = build_snapshot(load_dataset(path), SnapshotOptions(title="Synthetic"))
        sizes[n] = len(snapshot.files["index.html"])
    for n in (5_000, 20_000):
        assert (sizes[n] - sizes[1]) / n <= 40, sizes
