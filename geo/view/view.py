"""The one road to a view: a dataset, filters and an audience (the newsroom's staff, or readers)
give the incidents in view, what they were chosen from, and the words every page and snapshot
says about them. The app, the Publish page, the command line and the benchmark all take it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from geo.dataset.dataset import Dataset
from geo.dataset.history import as_known_on, change_summary, readable_changes, with_changes
from geo.view.filters import Filters, apply_filters, date_counts
from geo.view.public import public_view, reader_as_of, reader_sources

# A reader's page lists this many changes in words; the manifest records this many.
LISTED_CHANGES = 100
RECORDED_CHANGES = 10_000


class Audience(enum.Enum):
    """Staff see every row and its notes; readers (and anyone signed in who is not staff) see the
    public rows at their public precision, and nothing derived from the rest."""

    STAFF = "staff"
    READERS = "readers"


@dataclass(frozen=True)
class LinkChanges:
    """The changes a view of "what changed since" shows, in words."""

    heading: str
    items: tuple[str, ...]
    sentence: str
    records: tuple[dict, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def link_changes(moved: pd.DataFrame, since: date, until: date) -> LinkChanges:
    """``moved``: ``geo.dataset.history.with_changes``, narrowed by the other filters."""
    ranked = readable_changes(moved)
    items = tuple(
        f"{row.Change}: {row.Incident} ({row.Then} \u2192 {row.Now}), {row.Date}{', ' + row.State if row.State else ''}"
        for row in ranked.head(LISTED_CHANGES).itertuples()
    )
    first = moved.head(RECORDED_CHANGES)
    records = tuple(
        {"id": r.id, "change": r.change, "then": r.level_then, "now": r.attribution} for r in first.itertuples()
    )
    sentence = change_summary(moved["change"], since, until)
    return LinkChanges(f"What changed since {since.isoformat()}", items, sentence, records, len(moved))


def showing_caption(shown: int, total: int) -> str:
    return f"Showing {shown:,} of {total:,} incidents"


@dataclass(frozen=True)
class View:
    """The incidents in view and what they were chosen from (``pool``: the dataset's incidents as
    known on the chosen day, or those whose link changed), with how many were not yet linked then.
    Built once per (dataset, filters, audience) and read by pages and snapshots, never re-derived."""

    dataset: Dataset
    filters: Filters
    incidents: pd.DataFrame
    pool: pd.DataFrame
    not_yet: int = 0  # with ``filters.known``: incidents not yet linked on that day

    @cached_property
    def moved(self) -> LinkChanges | None:
        """In a view of changes, the changes in words."""
        span = self.filters.change_span()
        return link_changes(self.incidents, *span) if span else None

    @property
    def caption(self) -> str:
        """'Showing N of M incidents', how many of them only overlap a chosen date range, and as of
        which day, with how many were not yet reported then."""
        split = date_counts(self.incidents, self.filters).phrase()
        caption = showing_caption(len(self.incidents), len(self.dataset.incidents)) + (f" ({split})" if split else "")
        if self.filters.known:
            caption += f", as known on {self.filters.known.isoformat()}"
            if self.not_yet:
                noun = "incident was" if self.not_yet == 1 else "incidents were"
                caption += f"; {self.not_yet:,} {noun} not yet reported on that date"
        span = self.filters.change_span()
        if span:
            caption += f". Only links that changed. {change_summary(self.incidents['change'], *span)}"
        return caption

    def title(self) -> str:
        """The dataset's title for all of it, its selection title for any selection: never a slug,
        empty where the dataset has no title (the editor is asked for one)."""
        if self.moved:
            return self.moved.heading
        return self.dataset.meta.title_for(self.filters.state, self.filters.narrowed)

    def subtitle(self) -> str:
        return self.moved.sentence if self.moved else self.dataset.meta.subtitle

    def _described(self) -> pd.DataFrame:
        # A map that shows nothing rests on what it was chosen from: its emptiness rests on them too.
        return self.incidents if len(self.incidents) else self.pool

    def sources(self, measure: str) -> tuple[str, ...]:
        """What the map rests on: the sources of what it shows."""
        return reader_sources(self._described(), self.dataset.counts, measure, self.dataset.meta.source)

    def as_of(self, measure: str) -> str:
        return self.dataset.meta.as_of or reader_as_of(self._described(), self.dataset.counts, measure)


def deciding(filters: Filters) -> Filters:
    """The filters that decide which incidents there are and at what level (as known on a day,
    changed since a day); a view under any others is a subset of the view under these alone."""
    return Filters(known=filters.known, changed_since=filters.changed_since)


def view_of(dataset: Dataset, filters: Filters, audience: Audience = Audience.STAFF, base: View | None = None) -> View:
    """The dataset, as ``audience`` may see it, under the filters. With ``known``, first as it stood on
    that day, so the level filter and every count apply to the levels of then; with ``changed_since``,
    only the incidents whose link changed between the two days, each marked with its change.
    ``base``, the view under ``deciding(filters)`` when already at hand, is narrowed instead of worked
    out again (at a million incidents that takes seconds)."""
    if audience is Audience.READERS and not dataset.public_only:
        dataset = public_view(dataset)
    if base is None:
        base = _decided(dataset, deciding(filters))
    return View(dataset, filters, apply_filters(base.incidents, filters), base.pool, base.not_yet)


def _decided(dataset: Dataset, filters: Filters) -> View:
    span = filters.change_span()
    if span:
        changed = with_changes(dataset.incidents, dataset.history, *span)
        return View(dataset, filters, changed, dataset.incidents)
    if filters.known is None:
        return View(dataset, filters, dataset.incidents, dataset.incidents)
    then, not_yet = as_known_on(dataset.incidents, dataset.history, filters.known)
    return View(dataset, filters, then, then, not_yet)
