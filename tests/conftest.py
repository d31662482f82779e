from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent

# Tests build the derived caches in their own folder, never in the developer's: one per pytest-xdist
# worker (the workers inherit the controller's environment), so a test that damages a cache file
# never races another worker reading it.
_CACHE = Path(tempfile.gettempdir()) / "incident-atlas-test-cache"
os.environ["INCIDENT_ATLAS_CACHE"] = str(
    _CACHE.with_name(f"{_CACHE.name}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
)
Path(os.environ["INCIDENT_ATLAS_CACHE"]).mkdir(parents=True, exist_ok=True)
# Nor are a developer's saved datasets and their audit: a command a test runs without a store of its
# own saves (and logs its publications) in a folder of the worker's, emptied at the start.
_DATASETS = _CACHE.with_name(f"incident-atlas-test-datasets-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
shutil.rmtree(_DATASETS, ignore_errors=True)
os.environ["INCIDENT_ATLAS_DATASETS"] = str(_DATASETS)
# A developer's own team database (environment or secrets) is never touched by the tests: set empty,
# the setting means the file store; each store test makes a database of its own.
os.environ["INCIDENT_ATLAS_DATABASE_URL"] = ""


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shipped():
    from geo.dataset.dataset import load_dataset
    from geo.support.paths import SHIPPED_COUNTS, SHIPPED_INCIDENTS

    return load_dataset(SHIPPED_INCIDENTS, SHIPPED_COUNTS)


@pytest.fixture(scope="session")
def hostile_strings() -> list[str]:
    from tests.support.hostile import HOSTILE

    return HOSTILE


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL cluster with PostGIS of this test worker's own, removed at the end."""
    from tests.support.postgres import start_cluster

    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["files", "postgis"])
def store(request, tmp_path, monkeypatch):
    """An empty store of each kind, and this setup's store (what ``open_store`` gives) for the test."""
    from geo.dataset.store import DATABASE_SETTING, close_stores, open_store

    if request.param == "files":
        monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path / "datasets"))
    else:
        cluster = request.getfixturevalue("postgres")
        monkeypatch.setenv(DATABASE_SETTING, cluster.url(cluster.new_database()))
    yield open_store()
    close_stores()


SLOW_GROUPS = ("browser", "catalogue", "process")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of a slow group is also ``slow``, so ``-m "not slow"`` leaves them all out. The
    catalogue (two minutes in one file) is handed out first: two workers finish together only if
    the longest file does not start last."""
    for item in items:
        if any(item.get_closest_marker(group) for group in SLOW_GROUPS):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("catalogue") is None)
