from dataclasses import replace

import pandas as pd

from geo.access import StaffList, public_view


def test_staff_list_matches_whole_addresses_and_whole_domains_case_blind():
    staff = StaffList.of(["Editor@Newsroom.example", "@desk.example", " ", None])
    assert staff.includes("editor@newsroom.example")
    assert staff.includes("  EDITOR@newsroom.example ")
    assert staff.includes("night@desk.example")
    assert not staff.includes("editor@newsroom.example.evil")
    assert not staff.includes("night@sub.desk.example")
    assert not staff.includes("someone@elsewhere.example")
    assert not staff.includes("")
    assert not staff.includes(None)
    assert not StaffList.of([]).includes("editor@newsroom.example")


def test_the_public_view_holds_nothing_of_a_non_public_row(shipped):
    incidents = shipped.incidents.copy()
    private = incidents.index[0]
    incidents.loc[private, ["public", "crime_type", "source_name", "internal_notes"]] = [
        False,
        "canary_type",
        "Canary tip line",
        "canary note",
    ]
    incidents.loc[incidents.index[1], "internal_notes"] = "another note"
    private_id = str(incidents.loc[private, "id"])
    corrections = pd.DataFrame(
        {
            "date": ["2025-03-20", "2025-03-20"],
            "record": [private_id, str(incidents.loc[incidents.index[1], "id"])],
            "field": ["title", "title"],
            "old_value": ["a", "b"],
            "new_value": ["c", "d"],
            "reason": ["private fix", "public fix"],
            "source": ["", ""],
        }
    )
    dataset = replace(shipped, incidents=incidents, corrections=corrections)

    shown = public_view(dataset)

    assert private_id not in set(shown.incidents["id"])
    assert len(shown.incidents) == len(incidents) - 1
    assert (shown.incidents["internal_notes"] == "").all()
    assert "canary_type" not in shown.crime_types
    assert "Canary tip line" not in shown.sources
    assert list(shown.corrections["reason"]) == ["public fix"]
    assert shown.incident_report.rows == 0 and not shown.incident_report.rejected
    assert len(dataset.incidents) == len(incidents)  # the staff's dataset is untouched
