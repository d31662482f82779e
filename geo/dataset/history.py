"""Attribution history: how firmly each incident's link was established on any given day.

``attribution_history.csv`` beside a dataset's incidents holds dated steps (see ``data/README.md``);
``as_known_on`` turns a dataset into what was known on one day: incidents not yet linked then are
left out (and counted), the rest carry the level they had.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pandas as pd

from geo.ingest.dates import OPEN_START
from geo.ingest.history_rules import HISTORY_TEXT, validate_history
from geo.ingest.read import read_table
from geo.ingest.report import EMPTY_REPORT, LoadReport
from geo.reference.vocab import ATTRIBUTION, CHANGE_KINDS, attributed_by_label

FILE_NAME = "attribution_history.csv"
COLUMNS = ("row", *HISTORY_TEXT[:4], "date_start", "date_end", *HISTORY_TEXT[4:])
LEVEL_LABELS = {key: level.label for key, level in ATTRIBUTION.items()}
NOT_YET = "not yet linked"


def empty_history() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype="str") for column in COLUMNS})
    return frame.astype({"row": "int64", "date_start": "datetime64[ns]", "date_end": "datetime64[ns]"})


def history_path(incidents_path: str | Path) -> Path:
    return Path(incidents_path).with_name(FILE_NAME)


def load_history(path: str | Path | None, incidents: pd.DataFrame) -> tuple[pd.DataFrame, LoadReport]:
    """The steps in ``path`` checked against ``incidents``; no file is an empty history."""
    if path is None or not Path(path).exists():
        return empty_history(), EMPTY_REPORT
    return validate_history(read_table(path), incidents)


def known_from(incidents: pd.DataFrame, history: pd.DataFrame) -> pd.Series:
    """The first day each incident was linked to the subject: its first step, else its own date
    (for a date known only as 'reported by', that date)."""
    own = incidents["date_start"].where(
        incidents["date_start"] > pd.Timestamp(OPEN_START), incidents["date_end"] - timedelta(days=1)
    )
    if history.empty:
        return own
    first = history.groupby("id")["date_start"].min()
    stepped = pd.Series(first.reindex(incidents["id"].astype("str")).to_numpy(), index=incidents.index)
    return stepped.where(stepped.notna(), own)


def as_known_on(incidents: pd.DataFrame, history: pd.DataFrame, day: date) -> tuple[pd.DataFrame, int]:
    """The incidents as known on ``day``: those linked by then, each at the level of its latest step
    begun by then (its current level when it has no history); and how many were not yet linked."""
    cutoff = pd.Timestamp(day) + timedelta(days=1)
    known = (known_from(incidents, history) < cutoff).to_numpy()
    # Nothing is copied that need not be: a million incidents all known, with no history, come back as they are.
    shown = incidents if known.all() else incidents.loc[known]
    begun = history[history["date_start"] < cutoff]
    if not begun.empty:
        level = begun.groupby("id", sort=False)["attribution"].last()  # history is sorted by id, date
        stepped = pd.Series(level.reindex(shown["id"].astype("str")).to_numpy(), index=shown.index)
        shown = shown.assign(attribution=stepped.where(stepped.notna(), shown["attribution"]).astype("str"))
    if len(begun) < len(history) and "history" in shown:
        # Popups and tables of that day list only the steps taken by then.
        shown = shown.assign(history=shown["id"].astype("str").map(history_lines(begun)).fillna("").astype("str"))
    return shown, int((~known).sum())


def history_lines(history: pd.DataFrame) -> pd.Series:
    """Each incident's steps as a short dated list, one line a step, with who made the link and the
    source ("20 Aug 2024: Reported, by residents or witnesses (NBC News)"), by incident id. Built
    column-wise, and only incidents of several steps are joined in Python: a million incidents of
    one step each took 2.8 s, and take 0.8 s."""
    if history.empty:
        return pd.Series(dtype="str")
    level = history["attribution"].map(LEVEL_LABELS)
    by = history["attributed_by"].fillna("").astype("str")
    by = by.map({key: f", by {attributed_by_label(key).lower()}" if key else "" for key in by.unique()})
    source = history["source_name"].fillna("").astype("str")
    source = (" (" + source + ")").where(source != "", "")
    ids = history["id"].astype("str").reset_index(drop=True)
    lines = (history["date_label"].astype("str") + ": " + level + by + source).reset_index(drop=True)
    # Steps come sorted by incident: a step alone in its run is the incident's whole history.
    alone = (ids != ids.shift()) & (ids != ids.shift(-1))
    runs = groupby(zip(ids[~alone].tolist(), lines[~alone].tolist(), strict=True), itemgetter(0))
    joined = pd.Series({key: "\n".join(line for _, line in run) for key, run in runs}, dtype="str")
    return pd.concat([pd.Series(lines[alone].to_numpy(), index=ids[alone].to_numpy(), dtype="str"), joined])


# How firmly each level establishes a link, for telling a change up from a change down. Unrated
# says nothing either way: a move to or from it is a change with no direction.
STRENGTH = {"convicted": 5, "charged": 4, "law_enforcement": 3, "reported": 2, "claimed": 1, "disputed": 0}
# Each kind of change: its arrow and its word. The map draws the same arrows on changed marks.
CHANGES = {key: f"{arrow} {word}" for key, (arrow, word) in CHANGE_KINDS.items()}
_COMPARED = ["id", "attribution", "date_start", "date_end"]


def _compare(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """For each incident of ``after``: its change since ``before`` ("" for none) and its level then."""
    then = pd.Series(before["attribution"].to_numpy(), index=before["id"].to_numpy())
    level_then = pd.Series(after["id"].map(then).to_numpy(), index=after.index)
    now = after["attribution"]
    rank_then, rank_now = level_then.map(STRENGTH), now.map(STRENGTH)
    change = pd.Series("", index=after.index, dtype=object)
    change[level_then.isna()] = "added"
    moved = level_then.notna() & (level_then != now)
    change[moved & (rank_now > rank_then)] = "up"
    change[moved & (rank_now < rank_then)] = "down"
    change[moved & (rank_now.isna() | rank_then.isna())] = "changed"
    return change, level_then.astype(object).fillna("")


def with_changes(incidents: pd.DataFrame, history: pd.DataFrame, first: date, second: date) -> pd.DataFrame:
    """The incidents as known on ``second`` whose link changed since ``first``, each with its
    ``change`` and its ``level_then``: what a map of the changes draws. Nothing changes backwards."""
    after, _ = as_known_on(incidents, history, second)
    if first >= second:
        return after.iloc[:0].assign(change=pd.Series(dtype=object), level_then=pd.Series(dtype=object))
    before, _ = as_known_on(incidents[_COMPARED], history, first)
    change, level_then = _compare(before, after)
    kept = (change != "").to_numpy()
    return after.loc[kept].assign(change=change[kept], level_then=level_then[kept])


def change_summary(change: pd.Series, first: date, second: date) -> str:
    """The changes counted in one sentence, for captions, page subtitles and alt text."""
    counts = change.value_counts()
    firmer = int(counts.get("up", 0))
    other = int(counts.get("changed", 0))
    return (
        f"Between {first.isoformat()} and {second.isoformat()}: {firmer:,} {'link' if firmer == 1 else 'links'} "
        f"firmer, {int(counts.get('down', 0)):,} weaker, {int(counts.get('added', 0)):,} newly linked"
        + (f", {other:,} changed to or from unrated" if other else "")
        + "."
    )


def change_text(changes: pd.DataFrame) -> pd.Series:
    """Each marked incident's change in words: "↑ Firmer: Law enforcement says → Charged"."""
    then = changes["level_then"].map(LEVEL_LABELS).fillna(NOT_YET)
    return changes["change"].map(CHANGES) + ": " + then + " \u2192 " + changes["attribution"].map(LEVEL_LABELS)


def readable_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes as people read them: firmer first, then weaker, new, other."""
    order = {key: i for i, key in enumerate(CHANGES)}
    ranked = changes.assign(_order=changes["change"].map(order)).sort_values(["_order", "date_label"], kind="stable")
    return pd.DataFrame(
        {
            "Change": ranked["change"].map(CHANGES),
            "Incident": ranked["title"],
            "Then": ranked["level_then"].map(LEVEL_LABELS).fillna(NOT_YET),
            "Now": ranked["attribution"].map(LEVEL_LABELS),
            "Date": ranked["date_label"],
            "State": ranked["state"],
        }
    ).reset_index(drop=True)
