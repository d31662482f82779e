"""Corrections: the log of changes to records that may already have been published, and what changed
between two published snapshots.

``corrections.csv`` beside a dataset's incidents holds one line per change: date, record (an
incident's id, a figure as ``STATE:measure``, or ``dataset``), field (``record`` for an addition or
removal), old and new value, reason and source. A snapshot's manifest keeps each shown record's
state, so the next snapshot can say, incident by incident, what was added, removed, re-rated or moved
and which figures changed, each with the reason the log gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.ingest.raw import LoadError, RawTable
from geo.reference.vocab import ATTRIBUTION
from geo.support.membership import among

COLUMNS = ("date", "record", "field", "old_value", "new_value", "reason", "source")
FILE_NAME = "corrections.csv"
# Manifests itemise records up to this many incidents; larger snapshots record counts only.
RECORDS_LIMIT = 20_000
MOVED_DEGREES = 0.001  # about 100 m: a smaller shift is rounding, not a move


def empty_log() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS))


def corrections_from(table: RawTable) -> pd.DataFrame:
    """The log read from ``corrections.csv``, oldest first. A malformed log is an error:
    corrections are what readers are owed, so none may be silently dropped."""
    frame = table.frame
    missing = [c for c in ("date", "record", "reason") if c not in frame]
    if missing:
        raise LoadError(f"{FILE_NAME}: missing column(s) {', '.join(missing)} (need {', '.join(COLUMNS)})")
    log = pd.DataFrame({column: frame.get(column, "").fillna("").astype(str).str.strip() for column in COLUMNS})
    for number, (day, record, reason) in enumerate(zip(log["date"], log["record"], log["reason"], strict=True), 1):
        try:
            date.fromisoformat(day)
        except ValueError:
            raise LoadError(f"{FILE_NAME}: row {number}: date '{day}' is not YYYY-MM-DD") from None
        if not record or not reason:
            raise LoadError(f"{FILE_NAME}: row {number}: every correction needs a record and a reason")
    return log.sort_values("date", kind="stable", ignore_index=True)


def notes_by_record(log: pd.DataFrame) -> dict[str, str]:
    """'corrected 2026-11-26: reason' per record, the latest date first, each reason once."""
    notes: dict[str, str] = {}
    for record, lines in log.groupby("record", sort=False):
        latest = lines["date"].max()
        reasons = " ".join(dict.fromkeys(lines.sort_values("date", ascending=False)["reason"]))
        notes[record] = f"corrected {latest}: {reasons}"
    return notes


def figure_key(state: str, measure_id: str) -> str:
    """A figure's record key: by the measure's id, which outlives a rename of the measure."""
    return f"{state}:{measure_id}"


def removed_records(log: pd.DataFrame) -> set[str]:
    """Records the log says were removed: gone from the data, their removal is still owed to readers."""
    removal = (log["field"] == "record") & (log["new_value"] == "removed")
    return set(log.loc[removal, "record"])


def included(
    log: pd.DataFrame, records: dict, previous: dict | None = None, private: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """The log's lines a snapshot carries: about the dataset's wording, every record it shows, every
    figure it holds, and every record it showed before and no longer does; of removed records, only
    the removal itself (their earlier values stay in the newsroom); of ``private`` ones (in the data,
    not public now), nothing."""
    earlier = (previous or {}).get("records", {})
    keys = {"dataset", *records.get("incidents", {}), *records["figures"], *earlier.get("incidents", {})} - private
    keys |= {_rekeyed(key, records) for key in earlier.get("figures", {})}
    gone = removed_records(log) - keys
    return log[among(log["record"], keys) | ((log["field"] == "record").to_numpy() & among(log["record"], gone))]


def snapshot_records(shown: pd.DataFrame, counts: pd.DataFrame) -> dict:
    """What a manifest keeps of each record shown, for the next snapshot to compare against; figures
    by their measure's id, with each id's name as shown."""
    records: dict = {
        "figures": {figure_key(r.state, r.measure_id): r.value for r in counts.itertuples(index=False)},
        "measures": dict(zip(counts["measure_id"], counts["measure"], strict=True)),
    }
    if len(shown) <= RECORDS_LIMIT:
        columns = (shown[name].tolist() for name in ("id", "attribution", "lat", "lon", "title"))
        records["incidents"] = {
            str(id_): [level, round(float(lat), 4), round(float(lon), 4), title]
            for id_, level, lat, lon, title in zip(*columns, strict=True)
        }
    return records


@dataclass(frozen=True)
class Changes:
    since: str
    items: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"What changed since {self.since}"

    def to_dict(self) -> dict:
        return {"since": self.since, "items": list(self.items)}

    def sentence(self) -> str:
        return f"{self.heading}: " + ("; ".join(self.items) if self.items else "nothing") + "."


def _level(key: str) -> str:
    return ATTRIBUTION[key].label if key in ATTRIBUTION else key


def _rekeyed(key: str, records: dict, renames: dict[str, str] | None = None) -> str:
    """An earlier manifest's figure key in today's terms: manifests from before measure ids keyed
    figures by the measure's name (perhaps a name since changed: ``renames``, old name to new)."""
    state, measure = key.split(":", 1)
    ids = {name: measure_id for measure_id, name in records.get("measures", {}).items()}
    name = (renames or {}).get(measure, measure)
    return figure_key(state, ids[name]) if measure not in records.get("measures", {}) and name in ids else key


def changes_since(
    previous: dict, records: dict, log: pd.DataFrame, subtitle: str = "", private: frozenset[str] = frozenset()
) -> Changes:
    """Itemised differences between an earlier manifest and this snapshot's records, with reasons. A
    record that is in the data but ``private`` now is only counted as removed: no title, reason,
    value or source of it goes out."""
    reasons = {record: " ".join(dict.fromkeys(lines["reason"])) for record, lines in log.groupby("record")}
    renames = dict(zip(*[log.loc[log["field"] == "measure", c] for c in ("old_value", "new_value")], strict=True))
    names = {**previous.get("records", {}).get("measures", {}), **records.get("measures", {})}

    def why(record: str) -> str:
        return f" ({reasons[record]})" if record in reasons else ""

    before = previous.get("records", {})
    items: list[str] = []
    old, new = before.get("incidents"), records.get("incidents")
    if old is not None and new is not None:
        for key in sorted(set(new) - set(old)):
            items.append(f"added: {new[key][3]}{why(key)}")
        for key in sorted(set(old) - set(new) - private):
            items.append(f"removed: {old[key][3]}{why(key)}")
        withdrawn = len((set(old) - set(new)) & private)
        if withdrawn:
            items.append(f"removed: {withdrawn:,} incident{'s' if withdrawn != 1 else ''} no longer published")
        for key in sorted(set(old) & set(new)):
            (was, lat0, lon0, _), (now, lat1, lon1, title) = old[key], new[key]
            if was != now:
                items.append(f"re-rated: {title}, from {_level(was)} to {_level(now)}{why(key)}")
            if abs(lat0 - lat1) > MOVED_DEGREES or abs(lon0 - lon1) > MOVED_DEGREES:
                items.append(f"moved: {title}{why(key)}")
    elif old is not None or new is not None:
        items.append("incidents not compared one by one: one of the two snapshots shows too many to itemise")
    old_figures, old_names = {}, {}
    for key, value in before.get("figures", {}).items():
        measure = key.split(":", 1)[1]
        now_key = _rekeyed(key, records, renames)
        old_figures[now_key] = value
        old_names[now_key] = before.get("measures", {}).get(measure, measure)
    new_figures = records.get("figures", {})
    for key in sorted(set(old_figures) | set(new_figures)):
        was, now = old_figures.get(key), new_figures.get(key)
        state, measure = key.split(":", 1)
        name = names.get(measure, measure)
        if was is None or now is None:
            items.append(f"figure {'added' if was is None else 'removed'}: {state}, {name}{why(key)}")
        elif old_names[key] != name:
            value = f", {was} \u2192 {now}" if was != now else ""
            items.append(f"figure renamed: {state}, {old_names[key]} \u2192 {name}{value}{why(key)}")
        elif was != now:
            items.append(f"figure {was} \u2192 {now}: {state}, {name}{why(key)}")
    if subtitle and previous.get("subtitle") not in (None, subtitle):
        items.append(f"subtitle reworded{why('dataset')}")
    return Changes(previous.get("as_of") or "the earlier version", tuple(items))
