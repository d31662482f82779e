"""The data we ship: every row sourced, honest precision, the article's attributions."""

import re

from geo.paths import ROOT
from geo.vocab import ATTRIBUTION, CRIME_TYPE

ARTICLE = ROOT.parent / "shared" / "source" / "article.txt"


def test_every_incident_and_fact_loads_and_is_sourced(shipped):
    assert shipped.incident_report.rejected == () and shipped.counts_report.rejected == ()
    assert shipped.incident_report.warnings == () and shipped.counts_report.warnings == ()
    assert len(shipped.incidents) >= 12
    assert (shipped.incidents["source_name"] != "").all() and (shipped.counts["source"] != "").all()
    assert set(shipped.incidents["attribution"]) <= set(ATTRIBUTION)
    assert set(shipped.incidents["crime_type"]) <= set(CRIME_TYPE)


def test_attribution_levels_the_article_supports(shipped):
    by_id = shipped.incidents.set_index("id")
    assert by_id.loc["georgia-laken-riley-homicide", "attribution"] == "claimed"
    assert by_id.loc["nashville-sex-trafficking", "attribution"] == "charged"
    assert by_id.loc["louisiana-sex-trafficking", "attribution"] == "charged"
    assert by_id.loc["aurora-kidnapping", "attribution"] == "law_enforcement"
    assert by_id.loc["guantanamo-jordan-tattoo", "attribution"] == "disputed"
    assert "politicians" in by_id.loc["georgia-laken-riley-homicide", "attributed_by"]


def test_only_the_dates_the_article_gives_to_the_day_are_days(shipped):
    days = shipped.incidents.loc[shipped.incidents["date_precision"] == "day", "id"].tolist()
    assert days == ["aurora-dallas-street-shooting"]  # "On Aug. 18"


def test_the_fourteen_state_figure_is_recorded_as_partial(shipped):
    named = shipped.counts[shipped.counts["measure"] == "Named among states with accused members"]
    assert sorted(named["state"]) == ["CO", "FL", "NY", "TN"]
    assert named["note"].str.contains("unknown, not absent").all()
    presence = shipped.counts[shipped.counts["measure"] == "Most organized presence (police)"]
    assert sorted(presence["state"]) == ["CO", "FL", "IL", "NY", "TX", "VA"]


def test_summaries_are_our_own_words():
    """No run of eight words from the article appears in any summary or note."""
    if not ARTICLE.exists():
        # The article lives beside the repo in the newsroom checkout; CI has it too.
        raise AssertionError(f"source article not found at {ARTICLE}")
    words = re.findall(r"[a-z0-9']+", ARTICLE.read_text(encoding="utf-8").lower().replace("\u2019", "'"))
    article_runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for path in (ROOT / "data" / "incidents.csv", ROOT / "data" / "state_counts.csv"):
        ours = re.findall(r"[a-z0-9']+", path.read_text(encoding="utf-8").lower())
        copied = {" ".join(ours[i : i + 8]) for i in range(len(ours) - 7)} & article_runs
        assert not copied, f"{path.name} copies the article: {sorted(copied)[:3]}"
