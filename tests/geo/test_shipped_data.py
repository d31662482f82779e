"""The data we ship: every row sourced, honest precision, the article's attributions."""

import hashlib
import re

from geo.reference.vocab import ATTRIBUTION, CRIME_TYPE
from geo.support.paths import ROOT

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
    # The Nashville tally item and the Tennessee federal case are two facts, each at its own level.
    assert by_id.loc["nashville-sex-trafficking", "attribution"] == "law_enforcement"
    assert by_id.loc["tennessee-federal-sex-trafficking", "attribution"] == "charged"
    assert by_id.loc["louisiana-sex-trafficking", "attribution"] == "charged"
    assert by_id.loc["aurora-kidnapping", "attribution"] == "law_enforcement"
    assert by_id.loc["guantanamo-jordan-tattoo", "attribution"] == "disputed"
    assert "politicians" in by_id.loc["georgia-laken-riley-homicide", "attributed_by"]


def test_only_the_dates_the_article_gives_to_the_day_are_days(shipped):
    days = shipped.incidents.loc[shipped.incidents["date_precision"] == "day", "id"].tolist()
    assert days == ["aurora-dallas-street-shooting"]  # "On Aug. 18"


PLACED = "States where the report places an accusation or a federal case"


def test_the_fourteen_state_figure_is_recorded_as_partial(shipped):
    named = shipped.counts[shipped.counts["measure"] == PLACED]
    assert sorted(named["state"]) == ["CO", "FL", "LA", "NY", "TN"]
    assert named["note"].str.contains("unknown, not absent").all()
    # Named for what it lists: it no longer reads as the list of states with accused members, which
    # left out Illinois, Texas and Virginia, where police rank the gang among the most organized.
    assert not shipped.counts["measure"].str.contains("accused members").any()
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
    for path in (
        ROOT / "data" / "incidents.csv",
        ROOT / "data" / "state_counts.csv",
        ROOT / "data" / "corrections.csv",
    ):
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


# Issue 12: where the shipped story said more than its source, each point checked against the data.


def test_nashville_and_the_tennessee_case_are_two_records_at_their_own_places(shipped):
    by_id = shipped.incidents.set_index("id")
    nashville = by_id.loc["nashville-sex-trafficking"]
    assert (nashville["city"], nashville["attributed_by"]) == ("Nashville", "law_enforcement")
    case = by_id.loc["tennessee-federal-sex-trafficking"]
    assert (case["state"], case["city"], case["location_precision"]) == ("TN", "", "state")
    assert case["attributed_by"] == "federal_prosecutors"
    # The two may be one matter: each says so, since either alone would count it twice unsaid.
    for record in (nashville, case):
        assert "may count one case twice" in record["summary"]


def test_every_state_tied_to_accused_members_gives_its_basis(shipped):
    named = shipped.counts[shipped.counts["measure"] == PLACED]
    assert named["note"].nunique() == len(named)  # each its own basis
    louisiana = named.set_index("state").loc["LA", "note"]
    assert "federal prosecutors" in louisiana.lower()
    assert "only these four" not in (ROOT / "data" / "README.md").read_text()


def test_the_complexes_are_not_called_centres_of_gang_activity(shipped):
    ids = set(shipped.incidents["id"])
    assert "aurora-complex-police-evidence" not in ids
    tent = shipped.incidents.set_index("id").loc["aurora-complex-tent"]
    assert (tent["attribution"], tent["attributed_by"]) == ("law_enforcement", "police")
    assert not shipped.counts["measure"].str.contains("gang activity").any()


def test_the_subtitle_says_who_makes_the_links(shipped):
    subtitle = shipped.meta.subtitle
    assert "links to the gang" not in subtitle and "police, prosecutors, residents or politicians" in subtitle


def test_the_detentions_carry_the_objection_and_the_denial(shipped):
    kidnapping = shipped.incidents.set_index("id").loc["aurora-kidnapping", "summary"]
    detained = shipped.counts.set_index("measure").loc["People detained in the Aurora kidnapping operation", "note"]
    for text in (kidnapping, detained):
        assert "advocates" in text and "police chief says" in text


def test_summaries_say_what_the_report_says(shipped):
    summary = shipped.incidents.set_index("id")["summary"]
    assert "concluded" in summary["aurora-protection-racket"] and "Rodriguez" in summary["aurora-protection-racket"]
    # The torture is the woman's account, and said as hers.
    assert "She says the men tied up and beat the couple and tortured them" in summary["aurora-kidnapping"]
    assert "whether he was charged" in summary["nyc-arrest-aurora-video"]
    assert "Sinaloa" in summary["denver-pop-up-nightclubs"] and "far smaller" not in summary["denver-pop-up-nightclubs"]
    assert "as the report quotes him, he does not tie" in summary["aurora-complex-tent"]
    assert "NBC News reports" in summary["aurora-campaign-claim"]
    assert "have claimed that some tattoos" in summary["guantanamo-jordan-tattoo"]
    assert "treated" not in summary["guantanamo-jordan-tattoo"]


def test_a_naval_base_is_placed_as_a_site_not_a_city(shipped):
    base = shipped.incidents.set_index("id").loc["guantanamo-jordan-tattoo"]
    assert base["location_precision"] == "site"


def test_each_level_is_defined_as_the_rows_use_it(shipped):
    """The two rows rated charged are cases in which prosecutors identified suspected members: the
    level's definition covers that and does not claim charges were filed."""
    charged = shipped.incidents[shipped.incidents["attribution"] == "charged"]
    assert set(charged["attributed_by"]) == {"federal_prosecutors"}
    assert charged["summary"].str.contains("identified suspected members|naming suspected members").all()
    definition = ATTRIBUTION["charged"].definition
    assert "naming suspected members" in definition and "filed charges" not in definition
    claimed = shipped.incidents[shipped.incidents["attribution"] == "claimed"]
    assert claimed["attributed_by"].str.contains("politicians").all()


def test_the_corrections_log_has_a_line_for_each_change_and_names_real_records(shipped):
    log = shipped.corrections
    assert len(log) >= 20 and (log["reason"] != "").all() and (log["source"] != "").all()
    # Figures are keyed by the measure's stable id, which a rename of the measure does not break.
    figures = {f"{r.state}:{r.measure_id}" for r in shipped.counts.itertuples()}
    removed = set(log.loc[log["new_value"] == "removed", "record"])
    known = set(shipped.incidents["id"]) | figures | removed | {"dataset"}
    assert set(log["record"]) <= known
    corrected = shipped.incidents.set_index("id").loc["nashville-sex-trafficking", "correction"]
    assert corrected.startswith("corrected 2026-12-05:") and "2026-11-26" not in corrected
    # Every rewritten figure note is logged: the complexes' note too.
    complexes = log[(log["record"] == "CO:aurora-complexes") & (log["field"] == "note")]
    assert (
        complexes["new_value"].tolist()
        == shipped.counts.set_index("measure_id").loc[["aurora-complexes"], "note"].tolist()
    )


def test_the_shipped_history_records_no_step_the_report_does_not_date(shipped):
    from geo.dataset.history import history_path
    from geo.support.paths import SHIPPED_INCIDENTS

    # The file is there, so the format is, but the report dates no two steps of one link.
    assert history_path(SHIPPED_INCIDENTS).exists()
    assert shipped.history.empty
    assert shipped.history_report.rows == 0 and not shipped.history_report.rejected
