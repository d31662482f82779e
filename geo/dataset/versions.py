"""Every change to a saved dataset goes through here, whatever makes it (an import, a restore, an
edit, a rollback): it is compared with the version it replaces, the attribution history and the
corrections log gain what the change owes them, and the store keeps it as a new version with an
audit entry saying who made it, why, and which records it touched, before and after.
"""

from __future__ import annotations

import getpass
import tomllib
from datetime import UTC, date, datetime

import pandas as pd
import tomli_w

from geo.dataset.backend import MissingDataset, Save, Store, Stored
from geo.dataset.corrections import FILE_NAME as CORRECTIONS_FILE
from geo.dataset.dataset import COUNTS_FILE, META_FILE
from geo.dataset.diff import CHANGE_COLUMNS, RecordDiff, diff_records
from geo.dataset.history import FILE_NAME as HISTORY_FILE
from geo.dataset.history import empty_history
from geo.dataset.logs import HISTORY_COLUMNS, LOG_COLUMNS, appended, correction_lines, history_steps
from geo.ingest.history_rules import validate_history
from geo.ingest.raw import LoadError
from geo.ingest.read_csv import read_csv_strict
from geo.support.membership import among

# An audit entry lists the records a change touched, field by field, up to this many; a larger
# change is counted there and its records are the difference between its version and the one before.
AUDIT_RECORDS_LIMIT = 20_000
# Documents an import does not bring are kept from the version it replaces: a weekly re-import of
# the incidents keeps the state figures, and the logs only ever grow.
CARRIED = (COUNTS_FILE, HISTORY_FILE, CORRECTIONS_FILE)
LOGS = (HISTORY_FILE, CORRECTIONS_FILE)


def account_author(how: str) -> str:
    """Who saves when no address is given: the account running the command or the local app."""
    return f"{getpass.getuser()} ({how})"


def command_line_author() -> str:
    return account_author("command line")


def today() -> date:
    return datetime.now(UTC).date()


def save_version(
    store: Store,
    name: str,
    incidents: pd.DataFrame,
    documents: dict[str, bytes],
    *,
    replace: bool,
    by: str,
    reason: str,
    action: str,
    note: str = "",
    latest: Stored | None = None,
) -> int:
    """Save ``incidents`` and ``documents`` as the next version of ``name``; returns its number.
    Replacing needs a reason; the save is refused if someone else saved ``name`` since ``latest``
    (the version the change was made from, read here when not given). ``note``: for the history
    steps of changed levels (default: the reason)."""
    if not by.strip():
        raise LoadError("every change says who made it: give a name or address")
    previous = (latest, latest.version) if latest is not None else _latest(store, name) if replace else None
    if previous is None:
        ids = tuple(incidents["id"].astype("str"))
        diff = RecordDiff(ids, (), pd.DataFrame(columns=list(CHANGE_COLUMNS)))
        return store.write(name, incidents, documents, replace, _save(diff, by, reason or "first version", action, 0))
    if not reason.strip():
        raise LoadError(f"'{name}' exists already: say why it changes (the reason is kept with the change)")
    stored, base = previous
    diff = diff_records(stored.incidents, incidents)
    documents = _carried(stored.documents, documents, set(incidents["id"].astype("str")))
    # The earlier steps are checked only for a change of level, and the kept versions read for the
    # records ever public only when something changed or went: a save of the same records does neither.
    if (diff.changes["field"] == "attribution").any():
        steps = history_steps(diff, stored.incidents, incidents, _steps(stored), today(), note or reason)
        documents[HISTORY_FILE] = appended(documents.get(HISTORY_FILE), steps, HISTORY_COLUMNS, HISTORY_FILE)
    if len(diff.changes) or diff.removed:
        owed = correction_lines(diff, incidents, store.public_ids(name), today(), reason, by)
        documents[CORRECTIONS_FILE] = appended(documents.get(CORRECTIONS_FILE), owed, LOG_COLUMNS, CORRECTIONS_FILE)
    return store.write(
        name,
        incidents,
        {k: v for k, v in documents.items() if v is not None},
        True,
        _save(diff, by, reason, action, base),
    )


def rollback(store: Store, name: str, version: int, by: str, reason: str) -> int:
    """A new version whose records are those of ``version``; nothing is deleted, and the logs keep
    every line (the records' return is itself logged, as any change is)."""
    old, latest = store.read(name, version), store.read(name)
    if diff_records(latest.incidents, old.incidents).empty:
        raise LoadError(
            f"version {version} has the same records as the latest version of '{name}': nothing to roll back"
        )
    return save_version(
        store,
        name,
        old.incidents,
        # Its own documents, but the logs as they stand now: they only ever grow.
        {file: content for file, content in old.documents.items() if file not in LOGS},
        replace=True,
        by=by,
        reason=reason,
        action="rollback",
        latest=latest,
    )


def _latest(store: Store, name: str) -> tuple[Stored, int] | None:
    try:
        stored = store.read(name)
    except MissingDataset:
        return None
    return stored, stored.version


def _steps(stored: Stored) -> pd.DataFrame:
    document = stored.documents.get(HISTORY_FILE)
    if not document:
        return empty_history()
    return validate_history(read_csv_strict(document, HISTORY_FILE), stored.incidents)[0]


def _carried(earlier: dict[str, bytes], documents: dict[str, bytes], ids: set[str]) -> dict[str, bytes]:
    """The new documents, with what the import did not bring kept from the version before: its
    metadata's fields where the new one leaves them empty, and its figures and logs. Steps of
    records no longer in the data stay in the earlier versions only."""
    documents = {**{file: earlier[file] for file in CARRIED if file in earlier}, **documents}
    if documents.get(HISTORY_FILE) is earlier.get(HISTORY_FILE) is not None:
        steps = read_csv_strict(earlier[HISTORY_FILE], HISTORY_FILE).frame.drop(columns="row")
        kept = steps[among(steps["id"].astype("str"), ids)]
        if len(kept) < len(steps):
            documents[HISTORY_FILE] = kept.fillna("").to_csv(index=False).encode("utf-8")
    if META_FILE in earlier:
        before = tomllib.loads(earlier[META_FILE].decode("utf-8"))
        now = tomllib.loads(documents.get(META_FILE, b"").decode("utf-8"))
        documents[META_FILE] = tomli_w.dumps(before | {k: v for k, v in now.items() if v != ""}).encode("utf-8")
    return documents


def _save(diff: RecordDiff, by: str, reason: str, action: str, base: int) -> Save:
    """The version's line and the audit's entry: the records touched, and each changed field before and after."""
    counts = diff.counts()
    touched = (*diff.added, *diff.changed, *diff.removed)
    if len(touched) > AUDIT_RECORDS_LIMIT:
        return Save(by, reason, action, **counts, base=base)
    before: dict[str, dict[str, str]] = {}
    after: dict[str, dict[str, str]] = {}
    for record, field, old, new in diff.changes.itertuples(index=False):
        before.setdefault(record, {})[field] = old
        after.setdefault(record, {})[field] = new
    return Save(
        by,
        reason,
        action,
        **counts,
        base=base,
        records=touched,
        before={"changed": before, "removed": list(diff.removed)},
        after={"changed": after, "added": list(diff.added)},
    )
