"""Month-by-month playback in the browser: each incident's first and last month, and for counted
cells at national and regional zooms, each disc's incidents per month, so the page steps through
the months without asking the server.

An incident known only to a season or a year appears in every month its period covers (the page
marks it as such); one dated only as 'reported by' a day appears from that day's month.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from geo.ingest.dates import OPEN_START
from geo.support.encode import encode_index

# Longer spans are played back over their last MAX_MONTHS months; earlier incidents are left out
# of playback (and counted by the page).
MAX_MONTHS = 120
# Counted cells carry their months up to this zoom (a few thousand discs at most); closer in,
# playback shows the last of those levels.
PLAYBACK_MAX_ZOOM = 6
HIDDEN = 64**2 - 1  # a month index meaning "before the months played back"


class Months:
    """The months played back and each incident's first and last month among them (HIDDEN: none)."""

    def __init__(self, incidents: pd.DataFrame) -> None:
        end = incidents["date_end"].to_numpy(dtype="datetime64[D]") - np.timedelta64(1, "D")
        start = incidents["date_start"].to_numpy(dtype="datetime64[D]")
        start = np.where(start > np.datetime64(OPEN_START), start, end)
        # Months since 1970 as numpy counts them, made year * 12 + month - 1.
        first_month = start.astype("datetime64[M]").astype(np.int64) + 1970 * 12
        last_month = end.astype("datetime64[M]").astype(np.int64) + 1970 * 12
        self.last = int(last_month.max()) if len(incidents) else 0
        self.first = max(int(first_month.min()) if len(incidents) else 0, self.last - MAX_MONTHS + 1)
        self.start = np.clip(first_month - self.first, 0, None)
        self.end = last_month - self.first
        before = self.end < 0
        self.start[before] = self.end[before] = HIDDEN

    def take(self, order: np.ndarray) -> Months:
        """The same months for the incidents reordered by ``order`` (positions)."""
        taken = object.__new__(Months)
        taken.first, taken.last = self.first, self.last
        taken.start, taken.end = self.start[order], self.end[order]
        return taken

    @property
    def labels(self) -> list[str]:
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(self.first, self.last + 1)]

    def point_payload(self) -> dict:
        return {"start": encode_index(self.start, 2), "end": encode_index(self.end, 2)}

    @cached_property
    def _covered(self) -> tuple[np.ndarray, np.ndarray]:
        """(incident, month) for every month each incident's period covers: worked out once per view."""
        spans = np.where(self.start != HIDDEN, self.end - self.start + 1, 0).astype(np.int32)
        owner = np.repeat(np.arange(len(spans), dtype=np.int32), spans)
        offsets = np.arange(len(owner), dtype=np.int32) - np.repeat(np.cumsum(spans, dtype=np.int32) - spans, spans)
        return owner, self.start.astype(np.int32)[owner] + offsets

    def per_state(self, states: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """The states (USPS codes) and their incidents per month: a (month, state) matrix. Incidents
        without a state are not counted, as in the choropleth itself."""
        state_of, codes = pd.factorize(states)
        codes = np.asarray(codes, dtype=object)
        return codes, self.per_key(np.where(codes[state_of] != "", state_of, -1), len(codes))

    def per_key(self, keys: np.ndarray, count: int) -> np.ndarray:
        """Incidents per month and key (each incident's key from 0 to ``count - 1``; below 0: not
        counted): a (month, key) matrix."""
        owner, month = self._covered
        keyed = keys[owner]
        placed = keyed >= 0
        width = self.last - self.first + 1
        cells = month[placed] * count + keyed[placed]
        return np.bincount(cells, minlength=width * count).reshape(width, count)

    def per_disc(self, disc_of: np.ndarray, discs: int) -> str:
        """Incidents per disc per month ("3:12,4:7;0:1": month index, count), discs in payload order."""
        owner, month = self._covered
        width = self.last - self.first + 1
        counts = np.bincount(disc_of[owner] * width + month, minlength=discs * width).reshape(discs, width)
        disc, months = np.nonzero(counts)  # by disc, then month
        pairs = [f"{m}:{n}" for m, n in zip(months.tolist(), counts[disc, months].tolist(), strict=True)]
        bounds = np.searchsorted(disc, np.arange(discs + 1)).tolist()
        return ";".join(",".join(pairs[bounds[d] : bounds[d + 1]]) for d in range(discs))
