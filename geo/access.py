"""Who may see what: staff see every row and its internal notes; everyone else sees what readers could.

The app signs people in through OIDC (Streamlit's ``st.login``) when ``[auth]`` is configured; the
staff list (e-mail addresses, or whole domains written ``@newsroom.org``) comes from the same secrets.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, replace

from geo.datasets import Dataset
from geo.ingest.report import EMPTY_REPORT
from geo.publish.public import public_incidents, reader_sources
from geo.style import type_palette
from geo.vocab import INCIDENT_MEASURE, ordered_crime_types


@dataclass(frozen=True)
class StaffList:
    """Addresses match whole and case-blind; ``@domain`` entries match every address at that domain."""

    entries: tuple[str, ...] = ()

    @classmethod
    def of(cls, values: Iterable[object]) -> StaffList:
        return cls(tuple(str(v).strip().lower() for v in values if str(v).strip()))

    def includes(self, email: object) -> bool:
        if not isinstance(email, str) or "@" not in email:
            return False
        address = email.strip().lower()
        domain = "@" + address.rpartition("@")[2]
        return address in self.entries or domain in self.entries


def answers_only_here(address: str | None) -> bool:
    """Whether a server bound to ``address`` answers on this computer alone. Unset means every
    interface; a Unix socket is usually a proxy's way in, so it counts as the network."""
    if not address:
        return False
    if address.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def public_view(dataset: Dataset) -> Dataset:
    """The dataset as someone outside the newsroom may see it: public rows only, at their public
    precision, no internal notes, and nothing derived from the rest (crime types, sources, dates,
    corrections and the load report, whose rejected rows quote what the newsroom typed)."""
    incidents = public_incidents(dataset.incidents)
    incidents = incidents.assign(internal_notes="") if "internal_notes" in dataset.incidents else incidents
    withheld = frozenset(dataset.incidents["id"].astype(str)) - frozenset(incidents["id"].astype(str))
    corrections = dataset.corrections
    if not corrections.empty:
        corrections = corrections.loc[~corrections["record"].isin(withheld)].reset_index(drop=True)
    return replace(
        dataset,
        incidents=incidents,
        incident_report=EMPTY_REPORT,
        counts_report=EMPTY_REPORT,
        crime_types=tuple(ordered_crime_types(incidents["crime_type"].unique())),
        palette=type_palette(incidents["crime_type"].value_counts()),
        sources=reader_sources(incidents, dataset.counts, INCIDENT_MEASURE, dataset.meta.source),
        as_of=dataset.meta.as_of or _latest([*incidents["source_date"], *dataset.counts["as_of"]]),
        corrections=corrections,
        public_only=True,
        withheld=withheld,
    )


def _latest(dates: Iterable[object]) -> str:
    known = [d for d in dates if isinstance(d, str) and d]
    return max(known) if known else ""
