"""The methodology section's tables, read from the vocabularies so they never drift apart."""

from __future__ import annotations

import pandas as pd

from geo.vocab import ATTRIBUTED_BY, ATTRIBUTION_LEVELS, CRIME_TYPES, DATE_PRECISIONS, LOCATION_PRECISIONS, Term


def _table(terms: tuple[Term, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {"Term": [t.label for t in terms], "Key": [t.key for t in terms], "Meaning": [t.definition for t in terms]}
    )


def methodology_tables() -> list[tuple[str, pd.DataFrame]]:
    return [
        ("Attribution confidence (strongest first)", _table(ATTRIBUTION_LEVELS)),
        ("Who attributes it", _table(ATTRIBUTED_BY)),
        ("Crime types", _table(CRIME_TYPES)),
        ("Date precision", _table(DATE_PRECISIONS)),
        ("Location precision", _table(LOCATION_PRECISIONS)),
    ]
