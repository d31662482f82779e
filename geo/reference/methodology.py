"""The methodology section's tables, read from the vocabularies so they never drift apart."""

from __future__ import annotations

import pandas as pd

from geo.reference.vocab import (
    ATTRIBUTED_BY,
    ATTRIBUTION_LEVELS,
    CRIME_TYPE,
    DATE_PRECISIONS,
    LOCATION_PRECISIONS,
    Term,
    crime_type_label,
)

NOT_DEFINED = "As named in the data; not part of the standard vocabulary."


def _table(terms: tuple[Term, ...] | list[Term]) -> pd.DataFrame:
    return pd.DataFrame(
        {"Term": [t.label for t in terms], "Key": [t.key for t in terms], "Meaning": [t.definition for t in terms]}
    )


def crime_type_terms(keys: tuple[str, ...]) -> list[Term]:
    """The dataset's own crime types, defined where the vocabulary knows them."""
    return [CRIME_TYPE.get(key) or Term(key, crime_type_label(key), NOT_DEFINED) for key in keys]


def methodology_tables(crime_types: tuple[str, ...]) -> list[tuple[str, pd.DataFrame]]:
    return [
        ("Attribution confidence (strongest first)", _table(ATTRIBUTION_LEVELS)),
        ("Who attributes it", _table(ATTRIBUTED_BY)),
        ("Crime types in this dataset", _table(crime_type_terms(crime_types))),
        ("Date precision", _table(DATE_PRECISIONS)),
        ("Location precision", _table(LOCATION_PRECISIONS)),
    ]
