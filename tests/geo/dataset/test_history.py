import json
from datetime import date

import pytest

from geo.dataset.dataset import load_dataset
from geo.dataset.history import as_known_on, history_lines, load_history
from geo.ingest.history_rules import validate_history
from geo.ingest.read import read_table
from tests.support.history import FIXTURES, HISTORY, history_incidents


@pytest.fixture(scope="module")
def incidents():
    return history_incidents()


@pytest.fixture(scope="module")
def checked(incidents):
    return load_history(HISTORY, incidents)


def test_as_known_on_a_day_each_incident_has_the_level_it_had_then(incidents, checked):
    history, _ = checked
    levels = lambda frame: dict(zip(frame["id"], frame["attribution"], strict=True))  # noqa: E731
    shown, missing = as_known_on(incidents, history, date(2024, 8, 19))
    assert levels(shown) == {} and missing == 4  # the shooting's first link came a day later
    shown, missing = as_known_on(incidents, history, date(2024, 9, 30))
    assert levels(shown) == {"shooting": "law_enforcement"} and missing == 3
    # The kidnapping's history starts in January 2025: before that no link to it is on record.
    shown, missing = as_known_on(incidents, history, date(2024, 12, 31))
    assert levels(shown) == {"shooting": "law_enforcement", "claim": "claimed"} and missing == 2
    shown, missing = as_known_on(incidents, history, date(2025, 3, 1))
    assert levels(shown) == {"shooting": "charged", "claim": "claimed", "kidnapping": "disputed", "later": "reported"}
    assert missing == 0


def test_a_view_as_known_on_a_day_counts_what_was_not_yet_reported(tmp_path):
    from geo.view.codec import from_params, to_params
    from geo.view.filters import Filters
    from geo.view.settings import MapSettings
    from geo.view.view import view_of

    dataset = load_dataset(FIXTURES / "incidents.csv")
    view = view_of(dataset, Filters(known=date(2024, 9, 30), attribution=("law_enforcement",)))
    assert list(view.incidents["id"]) == ["shooting"] and view.not_yet == 3
    assert view.caption.endswith("as known on 2024-09-30; 3 incidents were not yet reported on that date")
    assert from_params(to_params(Filters(known=date(2024, 9, 30)), MapSettings()))[0].known == date(2024, 9, 30)


def test_check_import_and_snapshot_take_a_history_file(store, tmp_path, capsys):
    from geo.__main__ import main
    from geo.dataset.store import load_saved

    history = FIXTURES / "attribution_history.csv"
    assert main(["check", str(FIXTURES / "incidents.csv"), "--history", str(history)]) == 0
    assert "rejected row 5: no incident has the id 'ghost'" in capsys.readouterr().out
    assert main(["import", str(FIXTURES / "incidents.csv"), "--name", "aurora", "--history", str(history)]) == 0
    saved = load_saved("aurora", store)
    assert len(saved.history) == 4 and len(saved.history_report.rejected) == 4
    out = tmp_path / "snap"
    known = ["--as-known-on", "2024-09-30", "--title", "Aurora"]
    assert main(["snapshot", "--dataset", "aurora", "--out", str(out), *known]) == 0
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert '"known": "2024-09-30"' in manifest
    # Only the shooting was linked by then, and at the level it had: police, not yet charged.
    assert "1 incidents shown. Alt text: Map of 1 incident" in capsys.readouterr().out
    assert "1 attributed by law enforcement" in manifest
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Every link as known on 2024-09-30; 3 incidents were not yet reported then." in page


def test_changes_between_two_days_say_which_links_firmed_up_weakened_or_are_new(incidents, checked):
    from geo.dataset.history import with_changes

    history, _ = checked
    changes = with_changes(incidents, history, date(2024, 9, 30), date(2025, 3, 1))
    found = {row.id: (row.change, row.level_then, row.attribution) for row in changes.itertuples()}
    assert found == {
        "shooting": ("up", "law_enforcement", "charged"),
        "claim": ("added", "", "claimed"),
        "kidnapping": ("added", "", "disputed"),
        "later": ("added", "", "reported"),
    }
    later = with_changes(incidents, history, date(2025, 1, 31), date(2025, 3, 1))
    assert {row.id: row.change for row in later.itertuples()} == {"later": "added"}


def test_a_link_that_falls_apart_is_a_change_down(tmp_path, incidents):
    from geo.dataset.history import with_changes

    path = tmp_path / "attribution_history.csv"
    path.write_text("id,date,attribution\nclaim,2024-10-20,reported\nclaim,2024-11,disputed\n", encoding="utf-8")
    history, _ = validate_history(read_table(path), incidents)
    changes = with_changes(incidents, history, date(2024, 10, 31), date(2024, 12, 31))
    found = {(row.id, row.change, row.level_then, row.attribution) for row in changes.itertuples()}
    # The kidnapping has no history here: it counts as linked from its own date, December 2024.
    assert found == {("claim", "down", "reported", "disputed"), ("kidnapping", "added", "", "law_enforcement")}


def test_a_snapshot_of_what_changed_since_a_day(tmp_path, monkeypatch):
    from geo.__main__ import main

    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path / "datasets"))
    history = FIXTURES / "attribution_history.csv"
    assert main(["import", str(FIXTURES / "incidents.csv"), "--name", "aurora", "--history", str(history)]) == 0
    out = tmp_path / "snap"
    arguments = ["snapshot", "--dataset", "aurora", "--out", str(out), "--changes-since", "2024-09-30"]
    assert main([*arguments, "--as-known-on", "2025-03-01"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "What changed since 2024-09-30</h1>" in page
    assert "\u2191 Firmer: A shooting (Law enforcement says \u2192 Charged), 18 Aug 2024, CO" in page
    assert "Between 2024-09-30 and 2025-03-01: 1 link firmer, 0 weaker, 3 newly linked." in page
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["changed_since"] == "2024-09-30"
    assert {r["id"]: r["change"] for r in manifest["link_changes"]} == {
        "shooting": "up",
        "claim": "added",
        "kidnapping": "added",
        "later": "added",
    }


def test_without_a_history_incidents_count_from_their_own_dates(incidents):
    from geo.dataset.history import empty_history, with_changes

    shown, missing = as_known_on(incidents, empty_history(), date(2024, 12, 31))
    assert set(shown["id"]) == {"shooting", "kidnapping", "claim"} and missing == 1
    changes = with_changes(incidents, empty_history(), date(2024, 9, 30), date(2025, 3, 1))
    assert {row.id: row.change for row in changes.itertuples()} == {
        "kidnapping": "added",
        "claim": "added",
        "later": "added",
    }


def test_nothing_changes_backwards_or_on_the_same_day(incidents, checked):
    from geo.dataset.history import with_changes

    history, _ = checked
    assert with_changes(incidents, history, date(2025, 3, 1), date(2024, 9, 30)).empty
    assert with_changes(incidents, history, date(2025, 3, 1), date(2025, 3, 1)).empty
    changed = with_changes(incidents, history, date(2024, 9, 30), date(2025, 3, 1))
    # The map's frame: the incidents as known on the later day, each with its change and level before.
    shooting = changed[changed["id"] == "shooting"].iloc[0]
    assert (shooting["attribution"], shooting["change"], shooting["level_then"]) == ("charged", "up", "law_enforcement")


def test_as_known_on_a_day_popups_list_only_the_steps_taken_by_then(incidents, checked):
    history, _ = checked
    shown, _ = as_known_on(incidents, history, date(2024, 9, 30))
    steps = shown.loc[shown["id"] == "shooting", "history"].iloc[0].split("\n")
    assert steps == [
        "20 Aug 2024: Reported, by residents or witnesses (Test source)",
        "September 2024: Law enforcement says, by police (Test source)",
    ]
    now, _ = as_known_on(incidents, history, date(2025, 3, 1))
    assert now.loc[now["id"] == "shooting", "history"].iloc[0].count("\n") == 2


def test_tables_of_a_view_of_changes_say_each_change_beside_the_level(incidents, checked):
    from geo.dataset.describe import readable
    from geo.dataset.history import with_changes

    history, _ = checked
    table = readable(with_changes(incidents, history, date(2024, 9, 30), date(2025, 3, 1)))
    assert list(table.columns[:3]) == ["Title", "Attribution", "Change"]
    changes = dict(zip(table["Title"], table["Change"], strict=True))
    assert changes["A shooting"] == "\u2191 Firmer: Law enforcement says \u2192 Charged"
    assert changes["A later case"] == "+ Newly linked: not yet linked \u2192 Reported"
    assert "Change" not in readable(incidents).columns


def test_a_view_narrowed_from_the_view_of_its_day_is_the_same_view():
    from geo.view.filters import Filters
    from geo.view.view import deciding, view_of

    dataset = load_dataset(FIXTURES / "incidents.csv")
    chosen = Filters(known=date(2025, 3, 1), changed_since=date(2024, 9, 30), attribution=("reported",))
    base = view_of(dataset, deciding(chosen))
    assert len(base.incidents) == 4 and deciding(chosen) == Filters(
        known=date(2025, 3, 1), changed_since=date(2024, 9, 30)
    )
    narrowed, direct = view_of(dataset, chosen, base), view_of(dataset, chosen)
    assert list(narrowed.incidents["id"]) == list(direct.incidents["id"]) == ["later"]
    assert list(narrowed.incidents["change"]) == ["added"]
    known = Filters(known=date(2024, 9, 30), attribution=("law_enforcement",))
    assert view_of(dataset, known, view_of(dataset, deciding(known))).not_yet == 3


def test_each_incidents_steps_are_its_own_lines_whether_it_has_one_step_or_several():
    import pandas as pd

    ids = ["alone-first", "pair", "pair", "alone", "three", "three", "three", "alone-last"]
    steps = pd.DataFrame(
        {
            "id": ids,
            "date_label": [f"{n} Aug 2024" for n in range(1, 9)],
            "attribution": ["reported"] * 8,
            "attributed_by": ["residents_witnesses", "", "police", "", "", "", "", "politicians"],
            "source_name": ["NBC News", "", "", "KSAT", "", "", "", ""],
        }
    )
    lines = history_lines(steps)
    assert sorted(lines.index) == sorted(set(ids))
    assert lines["alone-first"] == "1 Aug 2024: Reported, by residents or witnesses (NBC News)"
    assert lines["pair"] == "2 Aug 2024: Reported\n3 Aug 2024: Reported, by police"
    assert lines["alone"] == "4 Aug 2024: Reported (KSAT)"
    assert lines["three"].split("\n") == [f"{n} Aug 2024: Reported" for n in (5, 6, 7)]
    assert lines["alone-last"].startswith("8 Aug 2024: Reported, by ")
