"""Reader snapshots: one filtered view frozen into files a CMS can host anywhere, for years.

index.html (interactive, standalone, strict CSP, Leaflet shipped beside it unless the CDN is
asked for), map.png / map-mobile.png / map.svg (static), embed.html (the snippet an editor pastes;
it grows the frame to the page's height) and manifest.json (what exactly was published). Readers
get the public view only (``public``); the same inputs and options always give byte-identical files.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace

import pandas as pd

from geo import __version__
from geo.dataset.corrections import Changes, changes_since, included, snapshot_records
from geo.dataset.dataset import Dataset, DatasetMeta
from geo.dataset.describe import Drawing, alt_text, credit_line, empty_selection
from geo.ingest.raw import LoadError
from geo.map.choropleth import Choropleth, build_choropleth
from geo.map.layers import build_map
from geo.map.payload import READER_DETAIL_LIMIT, READER_POINT_LIMIT, MapView
from geo.map.runtime import runtime_files
from geo.publish import static_map
from geo.publish.picture_layout import DESKTOP, MOBILE, StaticText
from geo.publish.reader_page import embed_code, reader_page
from geo.reference.states import state_table
from geo.reference.vocab import ATTRIBUTION_LEVELS, FIRMEST_MEASURE, INCIDENT_MEASURE
from geo.style.badges import change_style
from geo.style.basemaps import BASEMAPS
from geo.style.legend_sections import legend
from geo.support.encode import markup_safe_json
from geo.support.paths import LEAFLET_DIST
from geo.support.text import columns_for_readers, for_readers
from geo.view.codec import to_manifest
from geo.view.filters import Filters, date_counts
from geo.view.settings import MapSettings
from geo.view.view import Audience, View, view_of

SNAPSHOT_FILES = ("index.html", "map.png", "map-mobile.png", "map.svg", "embed.html", "manifest.json")
READER_MEASURES = {
    INCIDENT_MEASURE: "Number of incidents shown",
    FIRMEST_MEASURE: "Firmest link among the incidents shown",
}


@dataclass(frozen=True)
class SnapshotOptions:
    filters: Filters = field(default_factory=Filters)
    settings: MapSettings = field(default_factory=MapSettings)
    title: str = ""
    subtitle: str = ""
    as_of: str = ""
    # Leaflet ships in the folder: the page then loads nothing from elsewhere but map tiles.
    self_contained: bool = True
    base_url: str = ""  # where the folder will be hosted; fills the embed code and social-card links
    alt: str = ""  # the editor's alt text; empty: the one written from the data
    previous: dict | None = None  # the manifest of the snapshot this one replaces: its changes are listed


# A page of changes lists the first LISTED_CHANGES (firmer and weaker first) and its manifest
# records the first RECORDED_CHANGES: a year's changes can run to hundreds of thousands.
@dataclass(frozen=True)
class Snapshot:
    files: dict[str, bytes]
    alt: str
    shown: int
    warnings: tuple[str, ...] = ()  # said before the editor publishes it


def _reader_choropleth(view: pd.DataFrame, dataset: Dataset, measure: str) -> Choropleth:
    """As in the app, but readers are told what the colours count, not about 'current filters'."""
    choropleth = build_choropleth(view, dataset.counts, measure)
    if measure in READER_MEASURES:
        return replace(choropleth, measure=READER_MEASURES[measure], no_value_label="No incidents shown")
    return choropleth


def page_encoding(shown: MapView) -> str:
    """How index.html carries the incidents of its map (recorded in the manifest)."""
    count = len(shown.rows)
    if count > READER_POINT_LIMIT:
        return "counted cells"
    what = "points with popup text" if count <= READER_DETAIL_LIMIT else "points with place and date"
    return f"counted cells, then {what} from zoom {shown.bins[-1].max_zoom + 1}" if shown.bins else what


def _json_text(value: object) -> bytes:
    """Sorted and indented three levels (an incident, a file's digest on a line each), with no markup
    surviving even if served as HTML."""
    return (markup_safe_json(value, depth=3, sort_keys=True) + "\n").encode("utf-8")


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def written_alt(
    view: pd.DataFrame, dataset: Dataset, filters: Filters, settings: MapSettings, drawing: Drawing | None = None
) -> str:
    """The alt text written from what a snapshot of this view shows and how its pictures draw it
    (``static_map.plan`` unless given); an editor may replace it."""
    drawing = drawing or static_map.plan(view, settings.measure, filters.state)
    text = alt_text(view, dataset.meta.subject, drawing, filters.state, dataset.rated)
    if filters.since or filters.until:
        dates = date_counts(view, filters)
        if filters.dated_only:
            text += " Only incidents dated inside the date range are shown."
        else:
            text += f" Of these, {dates.phrase()}." if dates.overlapping else " All are dated inside the date range."
    return " ".join(filter(None, [text, dataset.meta.coverage]))


def snapshot_problems(dataset: Dataset, filters: Filters, settings: MapSettings) -> list[str]:
    """Options that name things the data does not have: said plainly, before anything is written."""
    problems = []
    unknown_types = sorted(set(filters.crime) - set(dataset.crime_types))
    if unknown_types:
        problems.append(
            f"crime type not in the data: {', '.join(unknown_types)} (have: {', '.join(dataset.crime_types)})"
        )
    unknown_states = sorted(s for s in filters.state if s not in state_table())
    if unknown_states:
        problems.append(f"not a U.S. state: {', '.join(unknown_states)}")
    # The firmest link is the default measure, which data that rates no link replaces by counts.
    if settings.measure not in dataset.measures() and settings.measure != FIRMEST_MEASURE:
        problems.append(f"measure not in the data: {settings.measure} (have: {'; '.join(dataset.measures())})")
    if not dataset.rated:
        # Data that rates no link has no levels to choose, colour by, or see change.
        unrated = "this data does not record how firmly incidents are linked to a group"
        if set(filters.attribution) - {"unrated"}:
            problems.append(f"--attribution: {unrated}")
        if settings.colour == "attribution":
            problems.append(f"--colour-by attribution: {unrated}")
        if filters.changed_since:
            problems.append(f"--changes-since: {unrated}, so no link can have changed")
    if filters.since and filters.until and filters.since > filters.until:
        problems.append("--since is after --until")
    return problems


def _known_note(filters: Filters, not_yet: int) -> str:
    if not filters.known:
        return ""
    later = (
        f"; {not_yet:,} {'incident was' if not_yet == 1 else 'incidents were'} not yet reported then" if not_yet else ""
    )
    return f"Every link as known on {filters.known.isoformat()}{later}."


def build_snapshot(dataset: Dataset, options: SnapshotOptions, shown: View | None = None) -> Snapshot:
    """Everything in memory; the manifest names what the dataset was built from. ``shown``, the
    readers' view of ``options.filters`` when the caller has it (the Publish page's preview), is
    published as it is; otherwise it is built here, the same way."""
    shown = shown or view_of(dataset, options.filters, Audience.READERS)
    dataset, options = _for_readers(dataset, options)
    filters, settings = options.filters, options.settings
    view, not_yet, moved = shown.incidents, shown.not_yet, shown.moved
    title = options.title.strip() or for_readers(shown.title())
    if not title:
        raise LoadError(
            "this dataset has no title of its own, and its name is never shown to readers: give a title (--title)"
        )
    # The colours of the readers' dataset as a whole, so every snapshot of it colours a type alike;
    # the legends list what this view shows.
    palette = shown.dataset.palette.within(view["crime_type"].value_counts())
    choropleth = _reader_choropleth(view, dataset, settings.measure)
    sources = tuple(for_readers(source) for source in shown.sources(settings.measure))
    texts = StaticText(
        title=title,
        subtitle=options.subtitle or for_readers(shown.subtitle()),
        credit=credit_line(sources, dataset.meta.credit),
        as_of=options.as_of or for_readers(shown.as_of(settings.measure)),
        not_shown=_known_note(filters, not_yet),
        empty=empty_selection(len(view), filters.state),  # the coverage note is in every footer
        coverage=dataset.meta.coverage,
    )
    # One statement of what the pictures draw, for both sizes, their footers and the alt text.
    drawing = static_map.plan(view, settings.measure, filters.state)
    generated = written_alt(view, dataset, filters, settings, drawing)
    alt = options.alt.strip() or generated
    page_alt = options.alt.strip() or written_alt(view, dataset, filters, settings, Drawing("page", settings.measure))
    records = snapshot_records(view, dataset.counts)
    # Records in the newsroom's data that readers may not see now: nothing of them goes out.
    changes = (
        changes_since(options.previous, records, dataset.corrections, texts.subtitle, shown.dataset.withheld)
        if options.previous
        else None
    )
    described = tuple(f"{text} {changes.sentence()}" if changes else text for text in (page_alt, alt))
    files: dict[str, bytes] = {}
    built = build_map(
        view, palette, choropleth, filters, settings, dataset.meta.attribution_heading, reader=True, rated=dataset.rated
    )
    where = (options.self_contained, options.base_url, BASEMAPS[settings.basemap].host)
    page = reader_page(built, dataset.rated, texts, (page_alt, alt), where, changes, moved)
    files["index.html"] = page.encode("utf-8")
    marks = legend(palette, dataset.meta.attribution_heading, settings.colour, dataset.rated)
    files.update(_pictures(view, choropleth, marks, palette, texts, filters, drawing, alt))
    files["embed.html"] = embed_code(texts.title, described, texts, options.base_url).encode("utf-8")
    files.update(_libraries(options.self_contained))
    manifest = _manifest(
        shown,
        dataset,
        options,
        texts,
        {"page": page_encoding(built.view), "static": drawing.encoding},
        (generated, alt, page_alt),
        records,
        changes,
        files,
    )
    files["manifest.json"] = _json_text(manifest)
    unsourced = () if sources else ("nothing on this map names its source: readers see no source line",)
    return Snapshot(files, alt, len(view), unsourced)


def _for_readers(dataset: Dataset, options: SnapshotOptions) -> tuple[Dataset, SnapshotOptions]:
    """Every text that reaches readers free of direction and format controls (``geo.support.text``),
    and the measure the data has (incident counts where no link is rated)."""
    dataset = replace(
        dataset,
        meta=DatasetMeta(**{name: for_readers(value) for name, value in asdict(dataset.meta).items()}),
        counts=columns_for_readers(dataset.counts),
        corrections=columns_for_readers(dataset.corrections),
    )
    options = replace(
        options,
        settings=options.settings.only(measure=dataset.measure_for(options.settings.measure)),
        title=for_readers(options.title),
        subtitle=for_readers(options.subtitle),
        alt=for_readers(options.alt),
    )
    return dataset, options


def _libraries(self_contained: bool) -> dict[str, bytes]:
    """The drawing code is always in the folder; Leaflet too, unless it comes from its CDN."""
    files = {f"lib/{name}": runtime_files()[name] for name in ("atlas.js", "outlines.js")}
    if self_contained:
        files.update({f"lib/{name}": (LEAFLET_DIST / name).read_bytes() for name in ("leaflet.js", "leaflet.css")})
    return files


def _pictures(view, choropleth, marks, palette, texts, filters: Filters, drawing, alt: str) -> dict[str, bytes]:
    """The PNGs for desktop and phone and the SVG, drawn from one plan. Each PNG is reduced and
    compressed on a worker while matplotlib (one thread only) draws the next picture and the SVG."""
    span = filters.change_span()
    badges = change_style(span, view["change"]) if span else None

    def figure(layout):
        return static_map.render(view, choropleth, marks, palette, texts, layout, filters.state, badges, drawing).figure

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot-png") as pool:
        desktop = figure(DESKTOP)
        png = pool.submit(static_map.to_png, static_map.raster(desktop))
        mobile_png = pool.submit(static_map.to_png, static_map.raster(figure(MOBILE)))
        svg = static_map.to_svg(desktop, texts.title, alt)
        return {"map.png": png.result(), "map.svg": svg, "map-mobile.png": mobile_png.result()}


def _manifest(
    shown: View,
    dataset: Dataset,
    options: SnapshotOptions,
    texts: StaticText,
    encoding: dict[str, str],
    alts: tuple[str, str, str],
    records: list,
    changes: Changes | None,
    files: dict[str, bytes],
) -> dict:
    """What was published, exactly: filters under their own names, counts, texts, corrections,
    changes since the earlier snapshot and a digest of every file. ``alts``: generated, published
    and the page's description."""
    view, filters, moved = shown.incidents, options.filters, shown.moved
    generated, alt, page_alt = alts
    dates = date_counts(view, filters)
    by_level = view["attribution"].value_counts() if dataset.rated else None
    return {
        "app": "Incident Atlas",
        "app_version": __version__,
        "title": texts.title,
        "subtitle": texts.subtitle,
        "as_of": texts.as_of,
        "filters": to_manifest(filters, options.settings),
        "link_changes": list(moved.records) if moved else None,
        "link_changes_total": moved.total if moved else None,
        "self_contained": options.self_contained,
        "base_url": options.base_url or None,
        "encoding": encoding,
        "inputs": dataset.inputs,
        "counts": {
            "incidents_shown": len(view),
            "dated_inside_range": dates.inside,
            "period_overlaps_range": dates.overlapping,
            "incidents_public": len(shown.pool),
            # Data that rates no link has no levels to count.
            "by_attribution": None
            if by_level is None
            else {level.key: int(by_level.get(level.key, 0)) for level in ATTRIBUTION_LEVELS},
        },
        "attribution_recorded": dataset.rated,
        "alt_text": alt,
        "alt_text_generated": generated,
        "page_description": page_alt,
        "corrections": included(dataset.corrections, records, options.previous, shown.dataset.withheld).to_dict(
            orient="records"
        ),
        "changes": changes.to_dict() if changes else None,
        "records": records,
        "files": {name: _sha256(content) for name, content in sorted(files.items())},
    }
