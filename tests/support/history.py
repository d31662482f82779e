"""The attribution-history fixtures: four incidents and their dated steps (tests/fixtures/history)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.dataset.dataset import load_dataset

FIXTURES = Path(__file__).parents[1] / "fixtures" / "history"
HISTORY = FIXTURES / "attribution_history.csv"


def history_incidents() -> pd.DataFrame:
    return load_dataset(FIXTURES / "incidents.csv").incidents
