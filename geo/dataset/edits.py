"""Edits in the app: one incident's fields or its attribution changed, an incident added or
withdrawn. Each is checked by the import's own rules (the same row report) and saved as one version.

Two people may edit at once. Each edit remembers the record as its form opened it: it is saved only
if the record still reads so (whatever else was saved meanwhile), and otherwise refused with the
other person's change beside it, so nothing either typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dataset.backend import Store, Superseded
from geo.dataset.diff import as_text
from geo.dataset.versions import save_version
from geo.ingest.raw import LoadError, RawTable
from geo.ingest.report import LoadReport
from geo.ingest.rules import validate_incidents
from geo.reference.vocab import INCIDENT_COLUMNS

# What a form edits: the record's own fields (its id names it and does not change).
EDITABLE = tuple(column for column in INCIDENT_COLUMNS if column != "id")
ATTEMPTS = 3  # saves of other records in between are let through this many times


@dataclass(frozen=True)
class Edit:
    """One change to one record: ``values`` as typed (None withdraws it), against the record as the
    form opened it (``opened``; None for a new record)."""

    record: str
    values: dict[str, str] | None
    opened: dict[str, str] | None


class EditConflict(LoadError):
    """The record changed since the form opened it: the other change, and what was typed."""

    def __init__(self, record: str, theirs: dict[str, str] | None, yours: dict[str, str] | None, by: str) -> None:
        super().__init__(
            f"'{record}' was changed by {by} since you opened it, so nothing was saved. Their version and "
            "yours are side by side; what you typed is still in the form."
        )
        self.record, self.theirs, self.yours, self.by = record, theirs, yours, by


class EditRefused(LoadError):
    """The edited record fails the import's checks: its row report says why."""

    def __init__(self, report: LoadReport) -> None:
        reasons = "; ".join(issue.reason for issue in report.rejected) or "it did not pass the checks"
        super().__init__(f"not saved: {reasons}")
        self.report = report


def record_values(incidents: pd.DataFrame, record: str) -> dict[str, str] | None:
    """A record's fields as a form shows them (text), or None when it is not in the data."""
    found = incidents.index[incidents["id"].astype("str") == record]
    if len(found) == 0:
        return None
    row = incidents.loc[found[:1]]
    return {column: as_text(row[column]).iloc[0] if column in row else "" for column in EDITABLE}


def checked_record(record: str, values: dict[str, str], row: int) -> tuple[pd.DataFrame, LoadReport]:
    """The record as an import would save it, and its row report."""
    raw = pd.DataFrame({"row": [row], "id": [record], **{column: [values.get(column, "")] for column in EDITABLE}})
    checked, report = validate_incidents(RawTable(raw.astype({c: "str" for c in raw.columns if c != "row"})))
    return pd.DataFrame(checked.drop(columns="geometry", errors="ignore")), report


def edited(incidents: pd.DataFrame, edit: Edit) -> tuple[pd.DataFrame, LoadReport | None]:
    """The records with ``edit`` applied: a withdrawn record gone, an added one last, a changed one in
    its place with its own row number and any columns the import kept beyond the schema."""
    where = np.flatnonzero((incidents["id"].astype("str") == edit.record).to_numpy())
    if edit.values is None:
        return incidents.drop(index=incidents.index[where]).reset_index(drop=True), None
    row = int(incidents["row"].iloc[where[0]]) if len(where) else int(incidents["row"].max()) + 1
    checked, report = checked_record(edit.record, edit.values, row)
    if report.rejected:
        raise EditRefused(report)
    if len(where):
        at = int(where[0])
        kept = incidents.iloc[[at]][[c for c in incidents.columns if c not in checked.columns]]
        checked = pd.concat([checked.reset_index(drop=True), kept.reset_index(drop=True)], axis=1)
        parts = [incidents.iloc[:at], checked[incidents.columns], incidents.iloc[at + 1 :]]
    else:
        parts = [incidents, checked.reindex(columns=incidents.columns)]
    return pd.concat(parts, ignore_index=True).astype(incidents.dtypes.to_dict()), report


def save_edit(
    store: Store, name: str, edit: Edit, by: str, reason: str, note: str = ""
) -> tuple[int, LoadReport | None]:
    """Save ``edit`` as the next version of ``name`` (with the history step's ``note`` for a new
    level); returns the version and the record's row report. Refused, saving nothing, when the
    record changed since the form opened it, when it fails the checks, or when an added id is taken."""
    for _ in range(ATTEMPTS):
        latest = store.read(name)
        now = record_values(latest.incidents, edit.record)
        if edit.opened is None and now is not None:
            raise LoadError(f"an incident with the id '{edit.record}' exists already: give the new one its own")
        if now != edit.opened:
            raise EditConflict(edit.record, now, edit.values, _last_changed_by(store, name, edit.record))
        incidents, report = edited(latest.incidents, edit)
        try:
            number = save_version(
                store,
                name,
                incidents,
                dict(latest.documents),
                replace=True,
                by=by,
                reason=reason,
                action="edit",
                note=note,
                latest=latest,
            )
        except Superseded:
            continue  # another record was saved meanwhile: read again, and check this one again
        return number, report
    raise LoadError(f"'{name}' is being saved by others right now: nothing was saved; try again in a moment")


def _last_changed_by(store: Store, name: str, record: str) -> str:
    """Who made the latest change to ``record``, as the audit has it."""
    changes = [entry for entry in store.audit(name) if record in entry.records and entry.action != "publish"]
    return f"{changes[-1].by} ({changes[-1].at[:16].replace('T', ' ')} UTC)" if changes else "someone"
