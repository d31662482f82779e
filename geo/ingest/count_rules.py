"""Validation of a state figures file: each figure checked, every row mapped or rejected with its reasons."""

from __future__ import annotations

import re

import pandas as pd

from geo.ingest.columns import checked_columns
from geo.ingest.distinct import each_distinct
from geo.ingest.raw import RawTable
from geo.ingest.report import LoadReport
from geo.reference.states import normalize_state
from geo.reference.vocab import (
    COUNT_COLUMNS,
)

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def validate_counts(raw: RawTable) -> tuple[pd.DataFrame, LoadReport]:
    """State-level facts: numeric measures are numbers, categorical ones keep their text."""
    frame, rows, warnings, values = checked_columns(raw, COUNT_COLUMNS, "columns outside the schema kept as they are")
    state = each_distinct(values["state"], normalize_state)
    rows.reject(
        (values["state"] != "") & state.isna(),
        values["state"].map(lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"),
    )
    pair = pd.Series(list(zip(state, values["measure"], strict=True)), index=frame.index)
    duplicated = pair.duplicated(keep="first") & state.notna()
    rows.reject(duplicated, "duplicate state and measure (the first is kept)")
    numeric = values["value"].str.match(_NUMBER)
    counts = pd.DataFrame(
        {
            "row": frame["row"],
            "state": state.fillna(""),
            "measure": values["measure"],
            # What corrections and manifests key a figure by: a rename of the measure keeps it.
            "measure_id": values["measure_id"].where(values["measure_id"] != "", values["measure"]),
            "value": values["value"],
            "number": pd.to_numeric(values["value"].where(numeric), errors="coerce"),
            "as_of": values["as_of"],
            "source": values["source"],
            "note": values["note"],
            "scope": values["scope"],
        }
    )
    counts = counts.loc[rows.ok(frame.index)].reset_index(drop=True)
    report = rows.report(frame["row"], raw.rejected, len(counts), warnings)
    return counts, report
