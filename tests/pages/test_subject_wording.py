"""Wording comes from each dataset's own metadata: an imported dataset that is not about a gang is
never described as one, on any page or in any file published from it."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.dataset.dataset import DatasetMeta
from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file
from geo.ingest.mapping import load_mapping
from geo.publish import picture_layout
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"
PAGES = ["pages/map_view.py", "pages/state_view.py", "pages/data_view.py", "pages/publish_view.py"]
GANG = re.compile(r"gang", re.IGNORECASE)


@pytest.fixture(scope="module")
def shootings(tmp_path_factory):
    root = tmp_path_factory.mktemp("datasets")
    meta = DatasetMeta(title="Police shootings, 2024", subject="police use of force", source="Test fixture")
    mapping = load_mapping(IMPORTS / "wapo.toml")
    import_file(IMPORTS / "wapo_police_shootings.csv", "shootings", mapping, meta, store=FileStore(root))
    return root


def _texts(node) -> list[str]:
    """Every element's full message as Streamlit sends it: labels, options, values, table cells."""
    texts = [str(node.proto)] if getattr(node, "proto", None) is not None else []
    for child in getattr(node, "children", {}).values():
        texts += _texts(child)
    return texts


@pytest.mark.parametrize("page", PAGES)
def test_no_page_of_an_imported_dataset_says_gang(shootings, monkeypatch, page):
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(shootings))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["dataset"] = "shootings"
    app.query_params["state"] = "AZ"
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.selectbox(key="dataset").value == "shootings"
    text = "\n".join(_texts(app._tree))
    assert "police use of force" in text or page != "pages/data_view.py"
    assert not GANG.search(text)


def test_no_snapshot_file_of_an_imported_dataset_says_gang(shootings, monkeypatch):
    """Images drawn with text kept as text so every word on them can be read back."""
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(shootings))
    monkeypatch.setitem(picture_layout.RC, "svg.fonttype", "none")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["dataset"] = "shootings"
    app.run()
    app.switch_page("pages/publish_view.py")
    app.run()
    next(button for button in app.button if button.label == "Update the preview").click().run()
    assert not app.exception, [e.message for e in app.exception]
    snapshot = app.session_state["snapshot"]
    svg = snapshot.files["map.svg"].decode("utf-8")
    words = " ".join(re.findall(r"<text[^>]*>([^<]*)", svg))
    # Its rows rate no link: however its subject is worded, no attribution legend is drawn for it.
    assert "does not record who links" in words and "How the link" not in words
    for name, content in snapshot.files.items():
        if name.endswith(".png"):
            continue
        assert not GANG.search(content.decode("utf-8")), name
    assert not GANG.search(snapshot.alt)
