"""The package a newsroom installs: ``pip install .`` and the built wheel give an ``incident-atlas``
command that works from any folder, with nothing of the checkout on its path (``tests.support.package``;
its ``serve`` in Chromium: ``tests/browser/test_installed_app_browser.py``)."""

from __future__ import annotations

import email.parser
import json
import os
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from geo.support.paths import ROOT
from tests.support.package import Installed, build_wheel, install, installed_command, pip, virtual_env

pytestmark = pytest.mark.process


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture
def run(wheel, tmp_path) -> Installed:
    return installed_command(install(wheel, tmp_path / "venv"), tmp_path)


def test_the_wheel_declares_the_projects_pinned_dependencies_and_its_command(wheel):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata_file = next(n for n in names if n.endswith("METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(metadata_file).decode())
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    required = [r for r in metadata.get_all("Requires-Dist") if "extra ==" not in r]
    assert sorted(r.replace(" ", "").lower() for r in required) == sorted(
        d.replace(" ", "").lower() for d in project["dependencies"]
    )
    assert "incident-atlas = geo.__main__:command" in entry_points
    app_files = {
        "incident_atlas/app.py",
        "incident_atlas/asgi.py",
        "incident_atlas/data/incidents.csv",
        "incident_atlas/.streamlit/config.toml",
    }
    assert app_files <= set(names)
    assert not [n for n in names if n.startswith(("tests/", "bench/")) or "/datasets/" in n or n.endswith(".pyc")]


def test_the_installed_command_checks_imports_lists_versions_exports_restores_and_publishes(run, fixtures):
    checked = run("check", str(fixtures / "incidents_mixed.csv"), "--json")
    assert json.loads(checked.stdout)["rows"] > 0
    shipped = ROOT / "data" / "incidents.csv"
    run("import", str(shipped), "--name", "story", "--title", "The story", "--by", "desk@example.org")
    # Saved where an installed tool keeps its data: the user's data folder, not beside its code.
    assert (run.home / ".local/share/incident-atlas/datasets/story").is_dir()
    assert [d["name"] for d in json.loads(run("list", "--json").stdout)] == ["story"]
    assert [v["by"] for v in json.loads(run("versions", "story", "--json").stdout)] == ["desk@example.org"]
    run("export", "story", "--out", "story.zip")
    run("restore", "story.zip", "--name", "story-copy")
    assert {d["name"] for d in json.loads(run("list", "--json").stdout)} == {"story", "story-copy"}
    published = run("snapshot", "--dataset", "story", "--out", "snap", "--as-of", "2025-03-20")
    assert "16 incidents shown" in published.stdout
    assert (run.work / "snap" / "index.html").is_file() and (run.work / "snap" / "lib" / "atlas.js").is_file()
    failed = run("versions", "missing", check=False)
    assert failed.returncode == 2 and failed.stderr.startswith("error:") and "Traceback" not in failed.stderr


def test_pip_install_of_the_checkout_gives_the_same_command(tmp_path):
    bin_dir = virtual_env(tmp_path / "venv")
    pip("--python", str(bin_dir / "python"), "install", "--no-deps", "--no-build-isolation", str(ROOT))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(bin_dir / "incident-atlas"), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert "snapshot" in done.stdout and "serve [streamlit options]" in done.stdout
    assert next((tmp_path / "venv" / "lib").glob("python3*/site-packages/incident_atlas/pages/map_view.py"))
