"""Work done once per distinct value: a national file of a million rows names a few thousand places,
dates and states, so parsing each cell on its own would repeat the same work hundreds of times."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def each_distinct(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """``values.map(function)``, calling ``function`` once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.empty(len(uniques), dtype=object)
    results[:] = [function(value) for value in uniques]
    return pd.Series(results[codes], index=values.index, dtype=object)
