"""Which values of a column are among others, and where, at any size.

pandas' ``isin`` hashes the set it is given at about 5 µs a member for Arrow strings: the 9,000
records a re-import changed, looked up among the million ever made public, took 4.3 s, and a
million among a million 5.9 s. Many members are looked up one value at a time instead. Its
indexer on Arrow strings took 0.8 s for a million ids; Arrow's own lookup takes 0.3 s.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute

# Up to this many members ``isin`` is the faster (about 50 ms to hash them); beyond, Python's own
# set lookups (a million values in about 0.25 s).
FEW_MEMBERS = 10_000


def among(values: pd.Series, members: Collection) -> np.ndarray:
    """For each value, whether it is one of ``members``."""
    if len(members) <= FEW_MEMBERS:
        return values.isin(list(members)).to_numpy(dtype=bool)
    found = members if isinstance(members, set | frozenset) else set(members)
    return np.fromiter(map(found.__contains__, values.tolist()), dtype=bool, count=len(values))


def positions(values: pd.Series | pd.Index, keys: pd.Series | pd.Index) -> np.ndarray:
    """Each value's position among ``keys`` (distinct text), -1 where it is none of them."""
    found = pyarrow.compute.index_in(_text(values), value_set=_text(keys))
    return found.fill_null(-1).to_numpy().astype(np.int64)


def _text(values: pd.Series | pd.Index) -> pa.Array:
    return pa.array(values).cast(pa.large_string())
