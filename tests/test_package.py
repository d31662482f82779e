"""The package a newsroom installs: ``pip install .`` and the built wheel give an ``incident-atlas``
command that works from any folder, with nothing of the checkout on its path.

The installs take their dependencies from this environment (a ``.pth`` file), so the test needs no
package index; the project's own files come only from the wheel."""

from __future__ import annotations

import email.parser
import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from geo.support.paths import ROOT
from tests.support.browser import CHROMIUM_ARGS, OfflinePage, chromium_path, map_frame
from ui.serve import free_port, stop, wait_until_serving

pytestmark = [pytest.mark.process, pytest.mark.browser]


def _venv(folder: Path) -> Path:
    """A virtual environment whose only packages beyond the standard library are this one's."""
    venv.create(folder, with_pip=False)
    site = next((folder / "lib").glob("python3*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return folder / "bin"


def _pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q", *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT))
    return next(out.glob("incident_atlas-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    bin_dir = _venv(tmp_path_factory.mktemp("venv"))
    _pip("--python", str(bin_dir / "python"), "install", "--no-deps", str(wheel))
    return bin_dir


@pytest.fixture
def run(installed, tmp_path):
    """Runs ``incident-atlas`` from an empty folder, with a home of its own and no test settings."""
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCIDENT_ATLAS_", "PYTHON"))}
    env |= {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": "", "XDG_CACHE_HOME": ""}
    env["INCIDENT_ATLAS_DATABASE_URL"] = ""

    program = str(installed / "incident-atlas")

    def command(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([program, *args], cwd=work, env=env, capture_output=True, text=True)
        assert not check or done.returncode == 0, done.stderr
        return done

    command.program, command.work, command.home, command.env = program, work, tmp_path / "home", env
    return command


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
    app_files = {"incident_atlas/app.py", "incident_atlas/data/incidents.csv", "incident_atlas/.streamlit/config.toml"}
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


def test_the_installed_command_serves_the_app_on_the_shipped_data(run):
    port = free_port()
    with (run.work / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [run.program, "serve", "--server.port", str(port), "--server.fileWatcherType", "none"],
            cwd=run.work,
            env=run.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_until_serving(f"http://127.0.0.1:{port}", 60), (run.work / "serve.log").read_text()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = OfflinePage(browser)
            page.page.goto(f"http://127.0.0.1:{port}/")
            page.page.get_by_text("Showing 16 of 16 incidents").wait_for(timeout=60_000)
            map_frame(page.page)  # the map drew its marks, Leaflet and its code from the installed app
            assert page.cdn == [] and page.errors == []
            assert all("arcgisonline" in url for url in page.outside)  # only tiles were tried outside
            browser.close()
    finally:
        stop(server)
    assert "Local mode" in (run.work / "serve.log").read_text()


def test_pip_install_of_the_checkout_gives_the_same_command(tmp_path):
    bin_dir = _venv(tmp_path / "venv")
    _pip("--python", str(bin_dir / "python"), "install", "--no-deps", "--no-build-isolation", str(ROOT))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(bin_dir / "incident-atlas"), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert "snapshot" in done.stdout and "serve [streamlit options]" in done.stdout
    assert next((tmp_path / "venv" / "lib").glob("python3*/site-packages/incident_atlas/pages/map_view.py"))
