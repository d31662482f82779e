"""Editors freeze the current view into files for an article: page, images, embed code, manifest."""

import streamlit as st

from geo.ingest.raw import LoadError
from geo.publish.snapshot import SnapshotOptions, snapshot_problems, written_alt
from geo.publish.snapshot_files import snapshot_zip
from geo.view.view import showing_caption
from ui.access import may_upload
from ui.dataset_cache import current_dataset, current_entry
from ui.markdown import md
from ui.publication_log import last_published, record_download
from ui.snapshot_preview import preview_snapshot
from ui.view import current_settings, current_view, shared_view

view = current_view()
entry = current_entry()
dataset, filters, settings = view.dataset, view.filters, current_settings()
# What readers would see of this view: built once and shared, as every view is, and published as it is.
readers = shared_view(current_dataset(staff=False), filters)
shown = readers.incidents
shown_as_of = readers.as_of(settings.measure)

st.title("Publish")
st.caption(showing_caption(len(shown), len(readers.dataset.incidents)) + " that readers may see")
withheld = len(dataset.incidents) - len(readers.dataset.incidents)
st.info(
    "A snapshot freezes the current filters and map settings into files any CMS can host: an interactive "
    "page, static images for social cards and for readers without scripts, the code to embed them, and a "
    "manifest recording exactly what was published. Internal notes never leave the newsroom"
    + (f"; {withheld} incident(s) marked not public are left out" if withheld else "")
    + ", and incidents with a coarser public precision are moved to their city or state centre.",
    icon=":material/info:",
)
problems = snapshot_problems(dataset, filters, settings)
for problem in problems:
    st.error(md(problem))

# Options on the left, what readers get on the right (stacked on a narrow screen).
options_column, preview_column = st.columns([2, 3], gap="large")
with options_column, st.form("publish"):
    title = st.text_input(
        "Title",
        value=readers.title(),
        max_chars=140,
        placeholder="Required: this dataset has no title of its own",
        help="The dataset's own title for all of it; for a selection, its selection title, which never says "
        "more than the weakest link it may hold.",
    )
    subtitle = st.text_area("Subtitle", value=readers.subtitle(), max_chars=300, height=80)
    as_of = st.text_input(
        "Data as of",
        placeholder=f"{shown_as_of or 'unknown'} (the latest source date of what is shown)",
        help="Printed on the map, e.g. 2025-03 or 2025-03-17. Leave empty to use the date the data shows.",
    )
    alt = st.text_area(
        "Alt text",
        value=(generated_alt := written_alt(shown, dataset, filters, settings)),
        height=120,
        help="Written from the data shown; edit it if you like. The manifest keeps both versions.",
    )
    base_url = st.text_input(
        "Address where the files will be hosted",
        placeholder="https://example.org/graphics/tren-de-aragua/",
        help="Fills the embed code and the social-card links. Leave empty to fill it in by hand later.",
    )
    earlier = (
        st.file_uploader(
            "An earlier snapshot of this map (.zip), to list what changed since",
            type=["zip"],
            help="The page, the manifest and the alt text then say what was added, removed, re-rated or moved, "
            "and which figures changed, each with its correction's reason.",
        )
        if may_upload()
        else None
    )
    cdn = st.checkbox(
        "Load the map library from a CDN instead of including it",
        help="By default the files include Leaflet, so the page loads nothing from elsewhere except map tiles "
        "(and none with 'No basemap'), and still works where a CDN is blocked.",
    )
    st.form_submit_button("Update the preview", type="primary", disabled=bool(problems))

with preview_column:
    st.subheader("Preview: what readers get", anchor=False)
    if problems:
        st.stop()
    if not title.strip():
        st.error("Give the map a title: a dataset's name is never shown to readers.")
        st.stop()
    options = SnapshotOptions(
        filters,
        settings,
        title,
        subtitle,
        as_of,
        self_contained=not cdn,
        base_url=base_url.strip(),
        # Left as written, the page and the pictures each describe what they draw; edited, it is the editor's.
        alt=alt if alt.strip() != generated_alt else "",
    )
    last = last_published(entry.name, filters, settings)
    if last is not None and earlier is None:
        st.caption(f"What changed is listed since this selection's last publication, {last.at[:10]}, by {last.by}.")
    with st.spinner("Drawing the map and images for readers…"):
        try:
            snapshot = preview_snapshot(
                dataset,
                options,
                readers,
                earlier.getvalue() if earlier is not None else None,
                last.after["manifest"] if last is not None else None,
            )
        except LoadError as error:
            # An unreadable earlier snapshot, or a view that cannot be published: said, never a traceback.
            st.error(md(str(error)))
            st.stop()
    for warning in snapshot.warnings:
        st.warning(md(warning[:1].upper() + warning[1:] + "."), icon=":material/warning:")
    st.image(snapshot.files["map.png"], caption="map.png (1200×800): for readers without scripts and social cards")
    phone, words = st.columns([2, 3])
    phone.image(snapshot.files["map-mobile.png"], caption="map-mobile.png (640×960): on a phone")
    words.text_area("Alt text as published", snapshot.alt, disabled=True, height=220)
    st.download_button(
        "Download snapshot (.zip)",
        snapshot_zip(snapshot),
        file_name="incident-atlas-snapshot.zip",
        mime="application/zip",
        type="primary",
        on_click=record_download,
        args=(snapshot, entry.name, dataset.version),
        help="Recorded in the log of publications, with your name and the version of the data.",
    )
    st.caption("Files: " + ", ".join(sorted(snapshot.files)))
    st.code(snapshot.files["embed.html"].decode("utf-8"), language="html")
