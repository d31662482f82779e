"""The app's copies of Leaflet and of the map's code, installed where Streamlit serves them."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from geo.map.runtime import runtime_files
from geo.support.paths import LEAFLET_DIST
from ui.assets import install_assets

# Each process waits for the same moment, then installs into the same twenty folders in turn.
INSTALL = """
import sys, time
from pathlib import Path
from ui.assets import install_assets
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
for folder in range(20):
    install_assets(Path(sys.argv[1]) / str(folder))
"""


def _same_copy(root) -> bool:
    leaflet = [p for p in LEAFLET_DIST.rglob("*") if p.is_file()]
    return all(
        (root / "leaflet" / p.relative_to(LEAFLET_DIST)).read_bytes() == p.read_bytes() for p in leaflet
    ) and all((root / "atlas" / name).read_bytes() == content for name, content in runtime_files().items())


def test_installs_leaflet_and_the_map_code_and_names_them_as_served(tmp_path):
    assets = install_assets(tmp_path)

    assert _same_copy(tmp_path)
    assert assets.leaflet_js == "/app/static/leaflet/leaflet.js"
    assert assets.atlas_js.startswith("/app/static/atlas/atlas.js?v=")


def test_a_changed_copy_is_put_right(tmp_path):
    install_assets(tmp_path)
    (tmp_path / "leaflet" / "leaflet.js").write_text("stale")
    (tmp_path / "atlas" / "atlas.js").write_text("stale")

    install_assets(tmp_path)

    assert _same_copy(tmp_path)


@pytest.mark.process
def test_replicas_starting_together_each_install_and_leave_one_whole_copy(tmp_path):
    """``serve --replicas N`` starts N servers at once, each installing into the same folder."""
    start = str(time.time() + 8)
    runs = [
        subprocess.Popen([sys.executable, "-c", INSTALL, str(tmp_path), start], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [run.communicate()[1].decode() for run in runs]

    assert [run.returncode for run in runs] == [0] * 4, errors
    for root in tmp_path.iterdir():
        assert _same_copy(root)
        assert not [p.name for p in root.iterdir() if p.name.endswith((".partial", ".old"))]
