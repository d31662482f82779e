"""What a change to the record writes into the dataset's own logs, so that a map of any day and any
republication tell it: a changed level becomes a dated step of the attribution history, and a
changed text or place of a record that was ever public becomes a line of the corrections log.

The logs are documents of the dataset (``attribution_history.csv``, ``corrections.csv``); each
version carries the earlier lines and adds its own.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from geo.dataset.corrections import COLUMNS as CORRECTION_COLUMNS
from geo.dataset.diff import RecordDiff
from geo.ingest.dates import DateError, parse_flexible
from geo.ingest.history_rules import HISTORY_TEXT
from geo.ingest.read_csv import read_csv_strict
from geo.support.membership import among

# The history file's own columns (``data/README.md``): the level, who makes the link, the source.
HISTORY_COLUMNS = tuple(column for column in HISTORY_TEXT if column != "date_label")
# The corrections log as the newsroom keeps it: who made each change is for the newsroom, not readers
# (``geo.dataset.corrections`` reads only the readers' columns).
LOG_COLUMNS = (*CORRECTION_COLUMNS, "by")
# Changes that are not corrections: the level and who makes the link are the history's, and what is
# internal, or whether a record is published, is never a reader's correction.
NOT_CORRECTIONS = frozenset({"attribution", "attributed_by", "public", "internal_notes"})
STEP_SOURCE = frozenset({"source_name", "source_url", "source_date"})


def history_steps(
    diff: RecordDiff, before: pd.DataFrame, after: pd.DataFrame, steps: pd.DataFrame, day: date, reason: str
) -> pd.DataFrame:
    """A step for each changed level, in the history file's columns: dated by the record's new
    ``source_date`` when that is later than its last step (or, with no step yet, its own date),
    else ``day``; with who makes the link and the source as the record now gives them. A record
    with no step yet first gets one for the level it had, from its own date, as the map showed it."""
    changed = diff.changes.loc[diff.changes["field"] == "attribution", "id"]
    if changed.empty:
        return pd.DataFrame(columns=list(HISTORY_COLUMNS))
    old = before.set_index(before["id"].astype("str")).loc[changed]
    new = after.set_index(after["id"].astype("str")).loc[changed]
    last = steps.groupby("id")["date_start"].max().reindex(changed) if not steps.empty else None
    stepped = last.notna().to_numpy() if last is not None else [False] * len(changed)
    since = last.where(last.notna(), old["date_start"]) if last is not None else old["date_start"]
    dated = [_dated(text, last_day, day) for text, last_day in zip(new["source_date"], since, strict=True)]
    first = pd.DataFrame(
        {
            "id": old.index,
            "date": old["date"].astype("str"),
            "date_precision": old["date_precision"].astype("str"),
            "attribution": old["attribution"].astype("str"),
            "attributed_by": old["attributed_by"].astype("str"),
            "source_name": old["source_name"].astype("str"),
            "source_url": old["source_url"].astype("str"),
            "source_date": old["source_date"].astype("str"),
            "note": "the level the record gave before this change",
        }
    ).loc[~pd.Series(stepped, index=old.index)]
    step = pd.DataFrame(
        {
            "id": new.index,
            "date": [when for when, _ in dated],
            "date_precision": [precision for _, precision in dated],
            "attribution": new["attribution"].astype("str"),
            "attributed_by": new["attributed_by"].astype("str"),
            "source_name": new["source_name"].astype("str"),
            "source_url": new["source_url"].astype("str"),
            "source_date": new["source_date"].astype("str"),
            "note": reason,
        }
    )
    return pd.concat([first, step], ignore_index=True).fillna("").reset_index(drop=True)


def _dated(source_date: object, since: pd.Timestamp, day: date) -> tuple[str, str]:
    """A new step's date and precision: the row's source date as it gives it, when that begins
    after ``since``; else ``day``."""
    try:
        period, _ = parse_flexible(str(source_date if isinstance(source_date, str) else ""))
    except DateError:
        return day.isoformat(), "day"
    if pd.isna(since) or pd.Timestamp(period.start) > since:
        return str(source_date).strip(), period.precision
    return day.isoformat(), "day"


def correction_lines(
    diff: RecordDiff, after: pd.DataFrame, ever_public: set[str], day: date, reason: str, by: str
) -> pd.DataFrame:
    """A line for each changed text or place of a record that was ever public, and for each such
    record removed, in the log's columns; the source is the one the record now cites."""
    changes = diff.changes
    rerated = changes.loc[changes["field"] == "attribution", "id"]
    # The source of a new level is its history step's; a source changed on its own is a correction.
    stepped = changes["id"].isin(rerated) & changes["field"].isin(STEP_SOURCE)
    owed = changes[among(changes["id"], ever_public) & ~changes["field"].isin(NOT_CORRECTIONS) & ~stepped]
    removed = [record for record in diff.removed if record in ever_public]
    sources = pd.Series(after["source_name"].astype("str").to_numpy(), index=after["id"].astype("str"))
    lines = pd.DataFrame(
        {
            "date": day.isoformat(),
            "record": owed["id"],
            "field": owed["field"],
            "old_value": owed["old"],
            "new_value": owed["new"],
            "reason": reason,
            "source": owed["id"].map(sources).fillna(""),
            "by": by,
        }
    )
    gone = pd.DataFrame(
        {
            "date": day.isoformat(),
            "record": removed,
            "field": "record",
            "old_value": "",
            "new_value": "removed",
            "reason": reason,
            "source": "",
            "by": by,
        },
        index=range(len(removed)),
    )
    return pd.concat([lines, gone], ignore_index=True).reindex(columns=list(LOG_COLUMNS)).fillna("")


def appended(document: bytes | None, lines: pd.DataFrame, columns: tuple[str, ...], label: str) -> bytes | None:
    """``document`` (a CSV log) with ``lines`` after its own; its columns kept, ``columns`` added."""
    if lines.empty:
        return document
    earlier = read_csv_strict(document, label).frame.drop(columns="row") if document else pd.DataFrame()
    order = [*earlier.columns, *(column for column in columns if column not in earlier.columns)]
    joined = pd.concat([earlier.astype("str"), lines.astype("str")], ignore_index=True).reindex(columns=order)
    text = io.StringIO(newline="")
    joined.fillna("").to_csv(text, index=False)
    return text.getvalue().encode("utf-8")
