from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent

# Tests build the derived caches in their own folder, never in the developer's: one per pytest-xdist
# worker, so a test that damages a cache file never races another worker reading it.
os.environ.setdefault(
    "INCIDENT_ATLAS_CACHE",
    str(Path(tempfile.gettempdir()) / f"incident-atlas-test-cache-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"),
)


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shipped():
    from geo.datasets import load_dataset
    from geo.paths import SHIPPED_COUNTS, SHIPPED_INCIDENTS

    return load_dataset(SHIPPED_INCIDENTS, SHIPPED_COUNTS)


@pytest.fixture(scope="session")
def hostile_strings() -> list[str]:
    from tests.support.hostile import HOSTILE

    return HOSTILE
