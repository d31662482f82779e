"""A week of a newsroom's changes to the story's record, as files a test re-imports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.dataset.store import import_file
from geo.support.paths import SHIPPED_INCIDENTS

RERATED = "aurora-dallas-street-takeover"  # reported by residents in the story
RETITLED = "miami-contract-killing"
REMOVED = "guantanamo-jordan-tattoo"
ADDED = "test-added-incident"


def week_of_changes(folder: Path, source_date: str = "2026-11-20") -> Path:
    """The story's file as a newsroom might re-import it: one link firmer, one title corrected,
    one record withdrawn and one added (test data: none of it is in the source)."""
    frame = pd.read_csv(SHIPPED_INCIDENTS, dtype=str, keep_default_na=False)
    frame.loc[frame["id"] == RERATED, ["attribution", "attributed_by", "source_date"]] = [
        "charged",
        "state_prosecutors",
        source_date,
    ]
    frame.loc[frame["id"] == RETITLED, "title"] = "Contract killing, Miami (title corrected)"
    added = frame[frame["id"] == RETITLED].assign(id=ADDED, title="A test incident")
    frame = pd.concat([frame[frame["id"] != REMOVED], added], ignore_index=True)
    path = folder / "week.csv"
    frame.to_csv(path, index=False)
    return path


def story_with_a_week(store, folder: Path, source_date: str = "2026-11-20") -> None:
    """The story imported by one person, then re-imported with the week's changes by another."""
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="ana@example.org")
    path = week_of_changes(folder, source_date)
    import_file(path, "story", store=store, replace=True, by="ben@example.org", reason="weekly")
