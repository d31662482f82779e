"""Snapshots: what readers get, reproducibly, with nothing internal in any file."""

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from PIL import Image

from bench.synthetic import synthetic_incidents
from geo.dataset.dataset import load_dataset
from geo.ingest.raw import LoadError
from geo.publish.snapshot import SNAPSHOT_FILES, SnapshotOptions, build_snapshot, snapshot_problems
from geo.publish.snapshot_files import (
    MANIFEST_LIMIT,
    is_earlier_snapshot,
    previous_from_zip,
    read_previous,
    snapshot_zip,
    write_snapshot,
)
from geo.support.encode import decode_points
from geo.support.paths import ROOT, SHIPPED_COUNTS, SHIPPED_INCIDENTS
from geo.view.filters import Filters
from geo.view.settings import MapSettings
from tests.support.hostile import HOSTILE, write_hostile_counts, write_hostile_incidents
from tests.support.pages import element_json


@pytest.fixture(scope="module")
def shipped_snapshot(shipped):
    return build_snapshot(shipped, SnapshotOptions(as_of="2025-03-17"))


@pytest.fixture(scope="module")
def private_data(tmp_path_factory):
    """Rows that must not leave: a non-public incident and a victim's street published only to a city."""
    folder = tmp_path_factory.mktemp("private")
    path = folder / "incidents.csv"
    path.write_text(
        "id,title,date,city,state,lat,lon,location_precision,public_precision,crime_type,attribution,"
        "summary,public,internal_notes\n"
        "p1,Shown,2024-05-01,Denver,CO,39.7392,-104.9903,address,address,theft,charged,ok,true,NOTE-ALPHA\n"
        "p2,Victim home,2024-05-02,Aurora,CO,39.6961,-104.8512,address,city,kidnapping,law_enforcement,"
        "home,true,NOTE-BRAVO\n"
        "p3,SECRET-TITLE,2024-05-03,Miami,FL,25.77,-80.19,address,address,homicide,reported,"
        "SECRET-SUMMARY,false,NOTE-CHARLIE\n"
    )
    dataset = load_dataset(path)
    return dataset, build_snapshot(dataset, SnapshotOptions(title="Private rows"))


def test_snapshot_has_every_file(shipped_snapshot):
    assert set(SNAPSHOT_FILES) <= set(shipped_snapshot.files)


def test_same_inputs_give_byte_identical_files(shipped):
    options = SnapshotOptions(
        Filters(state=("CO",)), MapSettings(measure="Most organized presence (police)"), as_of="2025-03"
    )
    first = build_snapshot(shipped, options)
    second = build_snapshot(shipped, options)
    assert first.files == second.files
    assert snapshot_zip(first) == snapshot_zip(second)


def test_nothing_internal_or_non_public_in_any_file(private_data):
    _, snapshot = private_data
    for name, content in snapshot.files.items():
        for secret in (
            b"NOTE-ALPHA",
            b"NOTE-BRAVO",
            b"NOTE-CHARLIE",
            b"SECRET-TITLE",
            b"SECRET-SUMMARY",
            b"internal_notes",
        ):
            assert secret not in content, (name, secret)
    assert snapshot.shown == 2


def page_points(page: str) -> list[tuple[float, float]]:
    payload = element_json(page, "Incidents")
    return decode_points(payload["points"], payload["precision"])


def test_public_precision_moves_the_point_in_every_output(private_data):
    dataset, snapshot = private_data
    page = snapshot.files["index.html"].decode()
    points = page_points(page)
    # The exact address never appears; the city centre from the gazetteer does.
    assert (39.6961, -104.8512) not in points
    assert (39.7392, -104.9903) in points  # p1 may be shown at its address
    assert (39.72943, -104.83192) in points  # Aurora's centre
    assert "Aurora, CO (city centre" in page.replace("\\u005f", "_")
    assert "39.6961" not in page and "39.6961" not in snapshot.files["manifest.json"].decode()


def test_manifest_traces_inputs_filters_and_counts(shipped):
    options = SnapshotOptions(Filters(attribution=("charged", "claimed"), since=date(2024, 1, 1)), as_of="2025-03-17")
    snapshot = build_snapshot(shipped, options)
    manifest = json.loads(snapshot.files["manifest.json"])
    assert manifest["inputs"]["incidents"]["sha256"] == hashlib.sha256(SHIPPED_INCIDENTS.read_bytes()).hexdigest()
    assert manifest["filters"]["attribution"] == ["charged", "claimed"]
    assert manifest["filters"]["since"] == "2024-01-01"
    assert manifest["as_of"] == "2025-03-17"
    expected = shipped.incidents["attribution"].isin(["charged", "claimed"]).sum()
    assert manifest["counts"]["incidents_shown"] == expected
    assert manifest["counts"]["by_attribution"]["charged"] == (shipped.incidents["attribution"] == "charged").sum()
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(snapshot.files[name]).hexdigest() == digest


def test_alt_text_matches_the_data_shown(shipped):
    snapshot = build_snapshot(shipped, SnapshotOptions(Filters(state=("CO",))))
    in_co = shipped.incidents[shipped.incidents["state"] == "CO"]
    assert snapshot.alt.startswith(f"Map of {len(in_co)} incidents in 1 state attributed to Tren de Aragua")
    levels = in_co["attribution"].value_counts()
    assert f"{levels['law_enforcement']} attributed by law enforcement" in snapshot.alt
    assert f"{levels['reported']} reported by" in snapshot.alt
    assert snapshot.alt in snapshot.files["embed.html"].decode().replace("&#39;", "'")


@pytest.mark.parametrize("name,size", [("map.png", (1200, 800)), ("map-mobile.png", (640, 960))])
def test_static_images_have_the_stated_size_and_are_not_blank(shipped_snapshot, name, size):
    image = Image.open(io.BytesIO(shipped_snapshot.files[name])).convert("RGB")
    assert image.size == size
    colours = image.getcolors(maxcolors=size[0] * size[1])
    assert len(colours) > 50  # states, marks and text, not one flat colour
    # States without a value are drawn in the no-value fill: a large share of the picture.
    no_value = sum(count for count, colour in colours if colour == (244, 244, 242))
    assert no_value > 0.05 * size[0] * size[1]


def test_svg_keeps_text_as_escaped_text_and_nothing_active(tmp_path):
    """Text stays editable in a graphics program, and a hostile title is only ever text."""
    from xml.etree import ElementTree

    dataset = load_dataset(write_hostile_incidents(tmp_path / "i.csv"), write_hostile_counts(tmp_path / "c.csv"))
    snapshot = build_snapshot(dataset, SnapshotOptions(settings=MapSettings(measure=HOSTILE[1]), title=HOSTILE[0]))
    svg = snapshot.files["map.svg"].decode()
    tree = ElementTree.fromstring(svg)
    tags = {element.tag.split("}")[-1] for element in tree.iter()}
    assert tags.isdisjoint({"script", "foreignObject", "image", "a"}) and "text" in tags
    title = next(e for e in tree.iter() if e.tag.endswith("}title"))
    assert title.text == HOSTILE[0]
    assert "<script" not in svg and "</script>" not in svg
    for comment in re.findall(r"<!--(.*?)-->", svg, flags=re.S):
        assert "<" not in comment and "--" not in comment
    for attribute in ("onload=", "onerror=", "href="):
        assert not re.search(rf"<[^!][^>]*\s{attribute}", svg)


def test_hostile_text_is_escaped_in_every_text_file(tmp_path):
    dataset = load_dataset(write_hostile_incidents(tmp_path / "i.csv"), write_hostile_counts(tmp_path / "c.csv"))
    options = SnapshotOptions(
        settings=MapSettings(measure=HOSTILE[1]), title=HOSTILE[0], subtitle=HOSTILE[1], as_of=HOSTILE[5]
    )
    snapshot = build_snapshot(dataset, options)
    for name in ("index.html", "embed.html", "manifest.json"):
        text = snapshot.files[name].decode()
        for raw in ("<script>window", "<img src=x", "<svg onload", "</script><script>"):
            assert raw not in text, (name, raw)
    page = snapshot.files["index.html"].decode()
    # Leaflet, the drawing code, the state outlines and the page's own script: no script from the data.
    assert page.count("<script") == 4 and page.count("</script>") == 4
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned" in page  # the title, as text


def test_csp_allows_exactly_the_inline_script_and_style(shipped_snapshot):
    page = shipped_snapshot.files["index.html"].decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1].replace("&#39;", "'")
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    styles = re.findall(r'<style id="incident-atlas-style">(.*?)</style>', page, flags=re.S)
    assert len(scripts) == 1 and len(styles) == 1
    for body in scripts + styles:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "default-src 'none'" in csp


def test_self_contained_snapshot_ships_leaflet_and_points_at_it(shipped):
    snapshot = build_snapshot(shipped, SnapshotOptions(self_contained=True))
    page = snapshot.files["index.html"].decode()
    assert {"lib/leaflet.js", "lib/leaflet.css"} <= set(snapshot.files)
    assert 'src="lib/leaflet.js"' in page and "cdn.jsdelivr" not in page


def test_page_is_light(shipped_snapshot):
    assert len(shipped_snapshot.files["index.html"]) < 300_000


def test_options_naming_unknown_things_are_refused(shipped):
    problems = snapshot_problems(shipped, Filters(crime=("piracy",), state=("ZZ",)), MapSettings(measure="Nope"))
    assert len(problems) == 3


@pytest.mark.process
def test_cli_writes_the_folder(tmp_path):
    out = tmp_path / "snap"
    result = subprocess.run(
        [sys.executable, "-m", "geo", "snapshot", "--out", str(out), "--state", "Colorado", "--as-of", "2025-03-17"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert {p.name for p in out.iterdir()} >= set(SNAPSHOT_FILES)
    assert json.loads((out / "manifest.json").read_text())["filters"]["state"] == ["CO"]
    bad = subprocess.run(
        [sys.executable, "-m", "geo", "snapshot", "--out", str(out), "--since", "soon"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_zip_holds_the_files(shipped_snapshot):
    with zipfile.ZipFile(io.BytesIO(snapshot_zip(shipped_snapshot))) as archive:
        assert sorted(archive.namelist()) == sorted(shipped_snapshot.files)


def _with_canary(tmp_path):
    """The shipped incidents plus one row that is not public, with a canary in every field."""
    import csv

    with SHIPPED_INCIDENTS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    canary = {column: f"CANARY-{column}" for column in rows[0]}
    canary.update(
        id="canary-1",
        date="2024-06-01",
        date_precision="day",
        state="CO",
        lat="40.4321",
        lon="-105.4321",
        location_precision="address",
        public_precision="",
        crime_type="homicide",
        attribution="convicted",
        attributed_by="police",
        source_url="https://canary.example/secret",
        source_date="2031-12-31",
        public="false",
    )
    path = tmp_path / "incidents.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, canary])
    for beside in ("incidents.meta.toml", "corrections.csv"):
        (tmp_path / beside).write_bytes(SHIPPED_INCIDENTS.with_name(beside).read_bytes())
    return load_dataset(path, SHIPPED_COUNTS)


@pytest.mark.parametrize(
    "options",
    [
        SnapshotOptions(),
        SnapshotOptions(Filters(state=("CO",))),
        SnapshotOptions(Filters(attribution=("convicted",))),
        SnapshotOptions(settings=MapSettings(measure="Most organized presence (police)")),
    ],
)
def test_nothing_of_a_non_public_row_reaches_any_reader_file(tmp_path, shipped, options):
    """Not its source, title, summary, place, date or count: the files are those of the data without it."""
    with_canary = _with_canary(tmp_path)
    assert "canary-1" in set(with_canary.incidents["id"])
    published = build_snapshot(with_canary, options)
    expected = build_snapshot(shipped, options)
    for name, content in published.files.items():
        assert b"CANARY" not in content and b"canary" not in content, name
        if name == "manifest.json":
            # Only the digests of the files each was built from differ (a digest tells nothing of a row).
            content, other = (json.loads(files["manifest.json"]) for files in (published.files, expected.files))
            assert content.pop("inputs") != other.pop("inputs") and content == other
            continue
        assert content == expected.files[name], name


def test_base_url_fills_the_embed_and_social_cards(shipped):
    snapshot = build_snapshot(shipped, SnapshotOptions(base_url="https://news.example/maps/tda/"))
    embed = snapshot.files["embed.html"].decode()
    page = snapshot.files["index.html"].decode()
    assert "SNAPSHOT_URL" not in embed and 'src="https://news.example/maps/tda/index.html"' in embed
    assert '<meta property="og:image" content="https://news.example/maps/tda/map.png">' in page
    assert '<meta property="og:title"' in page and '<meta property="og:description"' in page
    placeholder = build_snapshot(shipped, SnapshotOptions()).files["embed.html"].decode()
    assert "SNAPSHOT_URL/index.html" in placeholder and "replace SNAPSHOT_URL" in placeholder


def test_snapshots_ship_leaflet_unless_the_cdn_is_asked_for(shipped):
    default = build_snapshot(shipped, SnapshotOptions())
    assert "lib/leaflet.js" in default.files and b"cdn.jsdelivr" not in default.files["index.html"]
    cdn = build_snapshot(shipped, SnapshotOptions(self_contained=False))
    assert "lib/leaflet.js" not in cdn.files and b"cdn.jsdelivr" in cdn.files["index.html"]


def test_manifest_and_alt_text_say_how_many_are_dated_inside_the_range(shipped):
    feb_march = Filters(since=date(2024, 2, 1), until=date(2024, 3, 31))
    loose = build_snapshot(shipped, SnapshotOptions(feb_march))
    manifest = json.loads(loose.files["manifest.json"])
    counts = manifest["counts"]
    assert counts["dated_inside_range"] + counts["period_overlaps_range"] == counts["incidents_shown"]
    assert counts["period_overlaps_range"] > 0 and "overlaps it" in loose.alt
    strict = build_snapshot(shipped, SnapshotOptions(feb_march.only(dated_only=True)))
    assert json.loads(strict.files["manifest.json"])["filters"]["dated_only"] is True
    assert strict.shown == counts["dated_inside_range"] and "Only incidents dated inside" in strict.alt


def test_republishing_the_story_lists_exactly_its_corrections(shipped, fixtures):
    """The snapshot readers saw before the corrections, then the corrected one over it."""
    before = load_dataset(
        fixtures / "story-before-corrections" / "incidents.csv",
        fixtures / "story-before-corrections" / "state_counts.csv",
    )
    earlier = json.loads(build_snapshot(before, SnapshotOptions()).files["manifest.json"])
    corrected = build_snapshot(shipped, SnapshotOptions(previous=earlier))
    manifest = json.loads(corrected.files["manifest.json"])
    items = manifest["changes"]["items"]
    expected = [
        "added: Federal sex-trafficking case, Tennessee",
        "added: Tent for sex work in an Aurora apartment, per the police chief",
        "removed: Crimes documented by Aurora police at the complexes",
        "re-rated: Sex trafficking, Nashville (in the tally of accusations), from Charged to Law enforcement says",
        # Figures are keyed by their measure's id: a renamed measure is a rename, not a removal and an addition.
        "figure renamed: CO, Aurora apartment complexes at the centre of gang activity \u2192 Aurora apartment "
        "complexes where criminal activity among Venezuelans centred",
        *[
            f"figure renamed: {state}, Named among states with accused members \u2192 States where the report places "
            "an accusation or a federal case, named \u2192 placed"
            for state in ("CO", "FL", "NY", "TN")
        ],
        "figure added: LA, States where the report places an accusation or a federal case",
        "subtitle reworded",
    ]
    # Exactly these changes, each followed by its correction's reason in brackets.
    assert len(items) == len(expected)
    for head in expected:
        assert sum(item.startswith(head + " (") and item.endswith(")") for item in items) == 1, head
    page = corrected.files["index.html"].decode()
    assert "What changed since 2025-03" in page and "from Charged to Law enforcement says" in page
    assert "What changed since 2025-03" in corrected.files["embed.html"].decode()
    assert {c["record"] for c in manifest["corrections"]} >= {"nashville-sex-trafficking", "dataset"}
    again = build_snapshot(shipped, SnapshotOptions(previous=manifest))
    assert json.loads(again.files["manifest.json"])["changes"]["items"] == []
    assert "Nothing has changed." in again.files["index.html"].decode()


def _svg_words(svg: bytes) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)", svg.decode("utf-8")))


@pytest.mark.parametrize("state", ["GA", "CO"])
def test_a_state_title_never_asserts_more_than_its_records(shipped, state):
    """Georgia's one record is a politicians' claim, Colorado has no charge: neither title may say
    'charged', nor place the gang in the state."""
    snapshot = build_snapshot(shipped, SnapshotOptions(Filters(state=(state,))))
    title = json.loads(snapshot.files["manifest.json"])["title"]
    assert "charged" not in title.lower() and "prosecutors" not in title.lower()
    assert not title.startswith("Tren de Aragua in")
    assert title.endswith(": incidents tied to Tren de Aragua in NBC News's report, by how firmly")
    assert f"<title>{title.replace(chr(39), '&#39;')}</title>" in snapshot.files["index.html"].decode()


def test_any_selection_takes_the_selection_title_not_the_whole_datasets(shipped):
    """The national title names prosecutors' cases; a map of the claims alone must not."""
    claims = build_snapshot(shipped, SnapshotOptions(Filters(attribution=("claimed",))))
    title = json.loads(claims.files["manifest.json"])["title"]
    assert title == "The U.S.: incidents tied to Tren de Aragua in NBC News's report, by how firmly"
    whole = build_snapshot(shipped, SnapshotOptions())
    assert json.loads(whole.files["manifest.json"])["title"] == shipped.meta.title


def test_default_shading_is_the_firmest_link_and_the_legend_says_so(shipped_snapshot):
    page = shipped_snapshot.files["index.html"].decode()
    states = element_json(page, "Shading")
    assert states["measure"] == "Firmest link among the incidents shown"
    assert states["values"]["GA"] == "Claimed" and states["values"]["LA"] == "Charged"
    assert states["fills"]["GA"] != states["fills"]["LA"]
    assert "Firmest link among the incidents shown" in _svg_words(shipped_snapshot.files["map.svg"])
    assert "States are shaded by the firmest link" in shipped_snapshot.alt


def test_a_fresh_manifest_carries_every_correction_of_what_it_shows_or_removed(shipped, shipped_snapshot):
    """Keyed by stable ids, a renamed measure's lines and a removed record's removal still arrive."""
    manifest = json.loads(shipped_snapshot.files["manifest.json"])
    carried = {tuple(line.values()) for line in manifest["corrections"]}
    log = shipped.corrections
    shown = set(manifest["records"]["incidents"]) | set(manifest["records"]["figures"]) | {"dataset"}
    removal = (log["field"] == "record") & (log["new_value"] == "removed")
    owed = log[log["record"].isin(shown) | removal]
    assert {tuple(line) for line in owed[list(manifest["corrections"][0])].itertuples(index=False)} <= carried
    records = {line["record"] for line in manifest["corrections"]}
    assert {"aurora-complex-police-evidence", "CO:aurora-complexes", "CO:accusations-placed"} <= records
    assert len(manifest["corrections"]) == len(log)  # the national map shows every record of the story


def test_an_empty_state_map_still_credits_its_source_and_date(shipped):
    """Texas has no incident in the story: its map rests on the same report, and says what it covers."""
    texas = build_snapshot(shipped, SnapshotOptions(Filters(state=("TX",))))
    page = texas.files["index.html"].decode()
    words = _svg_words(texas.files["map.svg"])
    for text in (page, words):
        assert "not given" not in text and "no data-as-of" not in text
        assert "Source: NBC News" in text and "Data as of 2025-03" in text
    assert "a state without incidents here is not known to have none" in page
    assert "a state without incidents here is not known to have none" in texas.alt
    assert "not known to have none" in words.replace("\n", " ")


def test_page_pictures_and_alt_text_agree_about_what_is_drawn(shipped_snapshot):
    """The page draws the Guantanamo incident; the pictures cannot, and say so (as does the alt text)."""
    page = shipped_snapshot.files["index.html"].decode()
    footer = page.split("<footer", 1)[1].split("</footer>", 1)[0]
    assert "Guantanamo" not in footer and "not drawn" not in footer and "Not shown" not in footer
    assert "not drawn here" not in page.split('id="snap-alt">', 1)[1].split("</p>", 1)[0]
    assert "Guantanamo" in json.dumps(element_json(page, "Incidents"))
    assert "1 incident outside the 50 states and DC (Guantanamo Bay Naval Base (Cuba)) is not drawn here" in (
        _svg_words(shipped_snapshot.files["map.svg"]).replace("\n", " ")
    )
    assert "is not drawn here" in shipped_snapshot.alt


def test_a_map_with_no_source_warns_the_editor_and_never_says_not_given(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text("id,date,state,crime_type,attribution\na,2024-05-01,CO,theft,charged\n", encoding="utf-8")
    snapshot = build_snapshot(load_dataset(path), SnapshotOptions(title="Thefts"))
    assert snapshot.warnings and "source" in snapshot.warnings[0]
    page = snapshot.files["index.html"].decode()
    footer = page.split("<footer", 1)[1].split("</footer>", 1)[0]
    assert "not given" not in page and "Source:" not in footer and "<p>Map: Incident Atlas.</p>" in footer
    assert "Source:" not in snapshot.files["embed.html"].decode()


def test_data_that_rates_no_link_is_published_without_attribution(tmp_path):
    """10,000 unrated rows: no levels, ring arcs, 'linked' wording or attribution counts anywhere a
    reader looks, and the legend says once that links are not recorded."""
    rows = synthetic_incidents(10_000, seed=7).assign(attribution="unrated", attributed_by="")
    path = tmp_path / "incidents.csv"
    rows.to_csv(path, index=False)
    dataset = load_dataset(path)
    assert not dataset.rated
    snapshot = build_snapshot(dataset, SnapshotOptions(title="Incidents, 2024"))
    page = snapshot.files["index.html"].decode()
    legend = element_json(page, "Legend")
    assert legend["attribution"] == [] and "does not record" in legend["unratedNote"]
    styles = element_json(page, "Incidents")["styles"]
    assert styles["rated"] is False and styles["cells"]["ringLabel"] == "" and styles["cells"]["firm"] == []
    assert element_json(page, "Shading")["measure"] == "Number of incidents shown"
    note = page.split('class="snap-list">', 1)[1].split("</p>", 1)[0]
    assert "too many to list" in note and "attribution" not in note
    words = _svg_words(snapshot.files["map.svg"])
    for said in (words, snapshot.alt, snapshot.files["embed.html"].decode()):
        for dressing in ("Unrated", "Convicted", "Charged", "How the link", "attributed to", "linked by", "arc"):
            assert dressing not in said, dressing
    assert "does not record who links" in words
    manifest = json.loads(snapshot.files["manifest.json"])
    assert manifest["attribution_recorded"] is False and manifest["counts"]["by_attribution"] is None
    assert Image.open(io.BytesIO(snapshot.files["map.png"])).size == (1200, 800)


def test_unrated_data_refuses_attribution_options(tmp_path):
    rows = synthetic_incidents(50, seed=3).assign(attribution="unrated")
    path = tmp_path / "incidents.csv"
    rows.to_csv(path, index=False)
    dataset = load_dataset(path)
    problems = snapshot_problems(
        dataset, Filters(attribution=("charged",), changed_since=date(2024, 1, 1)), MapSettings(colour="attribution")
    )
    assert [p.split(":")[0] for p in problems] == ["--attribution", "--colour-by attribution", "--changes-since"]


def test_out_replaces_only_an_earlier_snapshot_of_ours(shipped, tmp_path):
    """A folder that merely holds some manifest.json (a web project, notes), or an earlier snapshot
    with something added, is refused whole; an earlier snapshot alone is replaced."""
    snapshot = build_snapshot(shipped, SnapshotOptions())
    project = tmp_path / "project"
    project.mkdir()
    (project / "manifest.json").write_text('{"name": "my web app", "files": {}}')
    (project / "app.js").write_text("keep me")
    with pytest.raises(LoadError, match="not a snapshot folder"):
        write_snapshot(snapshot, project)
    assert (project / "app.js").read_text() == "keep me"
    earlier = tmp_path / "earlier"
    write_snapshot(snapshot, earlier)
    assert is_earlier_snapshot(earlier)
    write_snapshot(snapshot, earlier)  # replaced whole
    (earlier / "notes.txt").write_text("mine")
    with pytest.raises(LoadError, match="not a snapshot folder"):
        write_snapshot(snapshot, earlier)
    assert (earlier / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "manifest",
    [
        {"app": "Something else", "records": {}},
        {"app": "Incident Atlas", "records": {"incidents": 5}},
        {"app": "Incident Atlas", "records": {"incidents": {"a": "x"}}},
        {"app": "Incident Atlas", "records": {"figures": {"nocolon": 1}}},
        ["not", "an", "object"],
    ],
)
def test_an_earlier_manifest_of_the_wrong_shape_is_refused_in_one_line(tmp_path, manifest):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    with pytest.raises(LoadError, match="not an Incident Atlas snapshot manifest"):
        read_previous(path)


def test_an_earlier_zip_declaring_a_huge_manifest_is_refused_before_inflating(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b" " * (MANIFEST_LIMIT + 1))
    with pytest.raises(LoadError, match="declares"):
        previous_from_zip(buffer.getvalue())


def test_a_record_that_went_private_leaves_no_trace_in_a_republication(private_data, tmp_path):
    """p3 was published once (it is in the earlier manifest), and is private now: the republication
    says only that an incident is no longer published, with no title, reason or source."""
    dataset, snapshot = private_data
    earlier = json.loads(snapshot.files["manifest.json"])
    earlier["records"]["incidents"]["p3"] = ["reported", 25.77, -80.19, "SECRET-TITLE"]
    log = pd.DataFrame(
        [["2026-01-01", "p3", "summary", "SECRET-OLD", "SECRET-NEW", "SECRET-REASON", "SECRET-SOURCE"]],
        columns=["date", "record", "field", "old_value", "new_value", "reason", "source"],
    )
    dataset = replace(dataset, corrections=log)
    again = build_snapshot(dataset, SnapshotOptions(title="Private rows", previous=earlier))
    manifest = json.loads(again.files["manifest.json"])
    assert "removed: 1 incident no longer published" in manifest["changes"]["items"]
    for name, content in again.files.items():
        if name == "manifest.json":
            content = json.dumps({k: v for k, v in manifest.items() if k != "records"}).encode()
        assert b"SECRET" not in content, name


def test_no_reader_output_carries_a_direction_or_format_control(tmp_path):
    """A right-to-left override in a title, a city, the metadata and the editor's own text: none of
    them reaches the page, embed, pictures or manifest."""
    path = tmp_path / "incidents.csv"
    path.write_text(
        "id,title,date,city,state,crime_type,attribution,source_name\n"
        "a,\u202eevil title,2024-05-01,Den\u2066ver,CO,theft,charged,Tri\u200bbune\n",
        encoding="utf-8",
    )
    (tmp_path / "incidents.meta.toml").write_text(
        'title = "A \u202emap"\nsubtitle = "Sub\u2067title"\ncoverage = "Only \u200fthis."\nsource = "Pa\u202bper"\n',
        encoding="utf-8",
    )
    dataset = load_dataset(path)
    snapshot = build_snapshot(dataset, SnapshotOptions(subtitle="Edited \u202dsub", alt="Alt \u2068text"))
    controls = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
    escaped = re.compile(r"\\u(061c|200[bef]|202[a-e]|206[0-4]|206[6-9a-f]|feff)", re.IGNORECASE)
    for name, content in snapshot.files.items():
        if name.endswith(".png") or name.startswith("lib/"):
            continue
        text = content.decode("utf-8")
        assert not controls.search(text) and not escaped.search(text), name
    assert "evil title" in snapshot.files["index.html"].decode() and "A map" in snapshot.files["embed.html"].decode()


def test_an_empty_map_offers_no_list_of_its_incidents(shipped):
    texas = build_snapshot(shipped, SnapshotOptions(Filters(state=("TX",))))
    assert 'class="snap-list"' not in texas.files["index.html"].decode()


def _type_colours(snapshot) -> dict[str, str]:
    styles = element_json(snapshot.files["index.html"].decode(), "Incidents")["styles"]
    return {entry["label"]: entry["colour"] for entry in styles["crime"]}


def test_every_snapshot_of_a_dataset_colours_a_crime_type_alike(tmp_path):
    path = tmp_path / "incidents.csv"
    synthetic_incidents(3_000, seed=7).to_csv(path, index=False)
    dataset = load_dataset(path)
    national = _type_colours(build_snapshot(dataset, SnapshotOptions(title="All")))
    ranked = dataset.incidents["crime_type"].value_counts()
    # A state whose own ranking differs from the nation's: under a per-view palette its colours would move.
    state = next(
        code
        for code, rows in dataset.incidents.groupby("state")
        if list(rows["crime_type"].value_counts().index[:3]) != list(ranked.index[:3])
    )
    local = _type_colours(build_snapshot(dataset, SnapshotOptions(Filters(state=(state,)), title="One state")))
    assert local and all(national[label] == colour for label, colour in local.items() if label in national)
