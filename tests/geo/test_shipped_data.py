"""The data we ship: every row sourced, honest precision, the article's attributions."""

import hashlib
import re

from geo.paths import ROOT
from geo.vocab import ATTRIBUTION, CRIME_TYPE

FIXTURES = ROOT / "tests" / "fixtures"

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


def runs_of_eight(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    return {hashlib.sha256(" ".join(words[i : i + 8]).encode()).hexdigest()[:16] for i in range(len(words) - 7)}


def article_runs() -> set[str]:
    lines = (FIXTURES / "article_runs.txt").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_summaries_are_our_own_words():
    """No run of eight words from the article appears in any summary or note."""
    known = article_runs()
    assert len(known) > 2000
    for path in (ROOT / "data" / "incidents.csv", ROOT / "data" / "state_counts.csv"):
        copied = runs_of_eight(path.read_text(encoding="utf-8")) & known
        assert not copied, f"{path.name} repeats {len(copied)} eight-word runs of the article"


def test_the_fingerprint_detects_a_copied_sentence():
    copied = "A Venezuelan man, Jose Ibarra, was convicted in November of murder and kidnapping"
    assert runs_of_eight(copied) & article_runs()


def test_the_fingerprint_matches_the_article_where_it_is_beside_the_repo():
    if ARTICLE.exists():
        assert runs_of_eight(ARTICLE.read_text(encoding="utf-8")) == article_runs()
    else:
        assert article_runs()
