"""Two states of a dataset compared record by record."""

import numpy as np
import pandas as pd

from geo.dataset.diff import diff_records


def _records() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": [2, 3, 4],
            "id": ["a", "b", "c"],
            "title": ["A", "B", None],
            "lat": [40.0, 41.5, np.nan],
            "public": [True, True, False],
            "date_start": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
            "tally": ["1", "2", "3"],
        }
    ).astype({"title": "str", "tally": "str"})


def test_a_record_moved_to_another_row_with_nothing_else_changed_is_unchanged():
    before = _records()
    after = before.iloc[::-1].assign(row=[2, 3, 4], date_start=pd.Timestamp("2020-01-01")).reset_index(drop=True)
    diff = diff_records(before, after)
    assert diff.empty and diff.counts() == {"added": 0, "changed": 0, "removed": 0}


def test_added_removed_and_each_changed_field_with_its_values_before_and_after():
    before = _records()
    after = pd.concat([before.iloc[[0, 2]], before.iloc[[1]].assign(id="d")], ignore_index=True)
    after.loc[0, ["title", "lat", "public", "tally"]] = ["A, corrected", 40.25, False, "9"]
    after.loc[1, "title"] = "now titled"  # was missing
    diff = diff_records(before, after)
    assert (diff.added, diff.removed, diff.changed) == (("d",), ("b",), ("a", "c"))
    assert diff.changes.values.tolist() == [
        ["a", "title", "A", "A, corrected"],
        ["a", "lat", "40.0", "40.25"],
        ["a", "public", "true", "false"],
        ["a", "tally", "1", "9"],
        ["c", "title", "", "now titled"],
    ]


def test_missing_equals_missing_and_a_column_only_one_state_has_is_empty_in_the_other():
    before = _records()
    after = before.drop(columns="tally").assign(note=["", "", "new"])
    diff = diff_records(before, after)
    assert diff.changes.values.tolist() == [
        ["a", "tally", "1", ""],
        ["b", "tally", "2", ""],
        ["c", "note", "", "new"],
        ["c", "tally", "3", ""],
    ]
