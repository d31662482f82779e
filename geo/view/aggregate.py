"""Summaries of the incidents in view: by attribution level, the most frequent values of a column, and
timelines by month or week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from geo.reference.vocab import ATTRIBUTION, ATTRIBUTION_LEVELS
from geo.style.inks import ATTRIBUTION_COLOURS

# Timeline bars: the date precisions that place an incident in one without inventing precision (a
# date known only to a month has no week). Weeks run Sunday to Saturday, as the chart's own weeks do.
TIMELINE_PERIODS = {"month": ("day", "month"), "week": ("day",)}


@dataclass(frozen=True)
class Standing:
    """One state among all: its incidents, their share of the data's in every state (never of a
    country's total the data may not hold), and its place by count."""

    count: int
    share: float
    rank: int  # 1: the most incidents; states with as many share a place
    states: int  # states with any incidents

    def _share(self) -> str:
        return "under 1%" if self.share < 0.01 else f"{self.share:.0%}"

    def figure(self) -> str:
        """Short, for a headline figure: "14% · 2nd of 6"."""
        return f"{self._share()} · {_ordinal(self.rank)} of {self.states}" if self.count else "none"

    def sentence(self) -> str:
        if not self.count:
            return "None of the incidents in this data under these filters"
        return (
            f"{self._share()} of the incidents in this data under these filters, all states together; "
            f"{_ordinal(self.rank)} of the {self.states} states with any"
        )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def standing(incidents: pd.DataFrame, code: str) -> Standing:
    """Where a state stands among all in the data (``incidents``: every state's, same filters)."""
    counts = incidents["state"][incidents["state"] != ""].value_counts()
    count = int(counts.get(code, 0))
    rank = int((counts > count).sum()) + 1
    return Standing(count, count / len(incidents) if len(incidents) else 0.0, rank, len(counts))


def by_attribution(incidents: pd.DataFrame) -> pd.DataFrame:
    """Counts per attribution level in the vocabulary's order, zeros included."""
    counts = incidents["attribution"].value_counts()
    return pd.DataFrame(
        {
            "Attribution": [level.label for level in ATTRIBUTION_LEVELS],
            "Incidents": [int(counts.get(level.key, 0)) for level in ATTRIBUTION_LEVELS],
        }
    )


def _per_period(incidents: pd.DataFrame, column: str, per: str = "month") -> tuple[pd.DataFrame | None, int]:
    """Incidents per (period start, ``column``) for those dated precisely enough (None if there are
    none), and how many were left out for lack of such a date. Counted on whole numbers (periods
    since 1970, codes of values) in the order pandas' grouping gives, by start and then value: grouping
    the dates and texts themselves took 0.1 s of a million-row view's first timeline."""
    placed = (incidents["date_precision"].isin(TIMELINE_PERIODS[per]) & incidents["date_start"].notna()).to_numpy()
    if not placed.any():
        return None, len(incidents)
    periods = _periods(incidents["date_start"].to_numpy()[placed], per)
    first = periods.min()
    value_codes, values = pd.factorize(incidents[column][placed], sort=True)
    counts = np.bincount((periods - first) * len(values) + value_codes)
    found = np.flatnonzero(counts)
    table = pd.DataFrame(
        {
            "start": _period_starts(found // len(values) + first, per),
            column: values.take(found % len(values)),
            "incidents": counts[found],
        }
    )
    return table, int(len(incidents) - placed.sum())


def _periods(days: np.ndarray, per: str) -> np.ndarray:
    """Each day's month, or week (Sunday to Saturday), counted from 1970."""
    if per == "week":
        # 1 January 1970, day 0, was a Thursday: week 0 began on the Sunday four days before.
        return (days.astype("datetime64[D]").astype(np.int64) + 4) // 7
    return days.astype("datetime64[M]").astype(np.int64)


def _period_starts(periods: np.ndarray, per: str) -> np.ndarray:
    """The first day of each of ``_periods``' periods."""
    if per == "week":
        days = (periods * 7 - 4).astype("datetime64[D]")
    else:
        days = periods.astype("datetime64[M]").astype("datetime64[D]")
    return days.astype("datetime64[us]")


def whole_bars(start: date, end: date, per: str = "month") -> tuple[date, date]:
    """A range dragged across the timeline, as whole bars: months, or weeks from Sunday to Saturday."""
    if per == "week":
        first = start - timedelta(days=(start.weekday() + 1) % 7)
        return first, end + timedelta(days=(5 - end.weekday()) % 7)
    first = start.replace(day=1)
    return first, (end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def level_timeline(incidents: pd.DataFrame, per: str = "month") -> tuple[pd.DataFrame, int]:
    """Incidents per month or week (``per``) and attribution level, in the vocabulary's order (the
    map page's timeline), and how many were left out for lack of a date that precise."""
    columns = ["start", "attribution", "label", "colour", "order", "incidents"]
    table, left_out = _per_period(incidents, "attribution", per)
    if table is None:
        return pd.DataFrame(columns=columns), left_out
    order = {level.key: i for i, level in enumerate(ATTRIBUTION_LEVELS)}
    table["label"] = table["attribution"].map(lambda key: ATTRIBUTION[key].label)
    table["colour"] = table["attribution"].map(ATTRIBUTION_COLOURS)
    table["order"] = table["attribution"].map(order)
    return table[columns], left_out


def ranked_counts(values: pd.Series, name: str, top: int = 10, label=str, blank: str = "Not given") -> pd.DataFrame:
    """The ``top`` most frequent values with their counts (largest first, then by name), and the rest as
    one row: "All other N". ``label`` turns a value into its words; an empty value reads ``blank``."""
    counts = values.fillna("").astype(str).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    shown = counts.head(top)
    rows = [(blank if key == "" else label(key), int(n)) for key, n in shown.items()]
    rest = counts.iloc[top:]
    if len(rest):
        rows.append((f"All other {len(rest):,}", int(rest.sum())))
    return pd.DataFrame(rows, columns=[name, "Incidents"])
