"""Validation of an attribution history: dated steps per incident, each row checked like an incident's."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute

from geo.ingest.columns import attributed_keys, checked_columns, key_of, period_columns, reasons, row_dates
from geo.ingest.distinct import each_distinct
from geo.ingest.raw import RawTable
from geo.ingest.report import LoadReport
from geo.reference.vocab import (
    ATTRIBUTION,
    HISTORY_COLUMNS,
)

HISTORY_TEXT = (
    "id",
    "date",
    "date_precision",
    "date_label",
    "attribution",
    "attributed_by",
    "source_name",
    "source_url",
    "source_date",
    "note",
)


def validate_history(raw: RawTable, incidents: pd.DataFrame) -> tuple[pd.DataFrame, LoadReport]:
    """Dated steps in how firmly incidents' links are established, checked like incidents: each
    names a known incident, a level and a date no earlier than the incident's. An incident whose
    current level differs from its latest step is flagged (the conflict is the editor's to settle)."""
    frame, rows, warnings, values = checked_columns(raw, HISTORY_COLUMNS, "columns outside the history schema ignored")
    ids = pa.array(incidents["id"].astype("str"), type=pa.large_string())
    named = pa.compute.is_in(pa.array(values["id"], type=pa.large_string()), value_set=ids).to_numpy(
        zero_copy_only=False
    )
    unknown = (values["id"] != "") & ~pd.Series(named, index=frame.index)
    rows.reject(unknown, reasons(values["id"], unknown, lambda v: f"no incident has the id '{v}'"))
    attribution = key_of(values["attribution"])
    unknown = (attribution != "") & ~attribution.isin(list(ATTRIBUTION))
    rows.reject(
        unknown,
        reasons(values["attribution"], unknown, lambda v: f"attribution '{v}' is not one of {', '.join(ATTRIBUTION)}"),
    )
    period_of, periods = row_dates(values["date"], key_of(values["date_precision"]), rows)
    described, days = period_columns(periods, period_of, frame.index)
    starts, ends = days(lambda p: p.start), days(lambda p: p.end)
    # A step dated wholly before its incident's own period cannot be about it.
    unique = incidents.drop_duplicates("id")
    began = pd.Series(unique["date_start"].to_numpy(), index=unique["id"].astype("str"))
    before = ends.notna() & (ends <= values["id"].map(began))
    rows.reject(before, described(lambda p: f"dated {p.label}, before the incident itself")[before])
    good = rows.ok(frame.index)
    history = pd.DataFrame(
        {
            "row": frame["row"],
            "id": values["id"],
            "date": described(lambda p: p.stated.isoformat()),
            "date_precision": described(lambda p: p.precision),
            "date_start": starts,
            "date_end": ends,
            "date_label": described(lambda p: p.label),
            "attribution": attribution,
            "attributed_by": each_distinct(values["attributed_by"], attributed_keys),
            "source_name": values["source_name"],
            "source_url": values["source_url"],
            "source_date": values["source_date"],
            "note": values["note"],
        },
        index=frame.index,
    ).loc[good]
    history = history.sort_values(["id", "date_start", "row"], kind="stable")
    current = pd.Series(unique["attribution"].to_numpy(), index=unique["id"].astype("str"))
    latest = history.groupby("id", sort=False).tail(1)
    now = latest["id"].map(current)
    for index, step in latest[now.to_numpy() != latest["attribution"].to_numpy()].iterrows():
        rows.flag(
            index,
            "current level differs from the latest step",
            f"incident '{step['id']}' is rated '{current.get(step['id'])}', but its latest step "
            f"({step['date_label']}) says '{step['attribution']}'",
        )
    report = rows.report(frame["row"], raw.rejected, len(history), warnings, kept=frame.index[good])
    return history.reset_index(drop=True).astype({c: "str" for c in HISTORY_TEXT}), report
