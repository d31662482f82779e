import re

from geo.map.runtime import RUNTIME_FILES, SCRIPTS, runtime_files, runtime_version
from geo.style.inks import browser_inks, css_variables
from geo.support.paths import STATIC_DIR


def test_every_concept_file_is_in_the_runtime_once_and_in_order():
    script = runtime_files()["atlas.js"].decode()
    assert sorted(p.name for p in STATIC_DIR.glob("*.js")) == sorted(SCRIPTS)
    starts = [script.index((STATIC_DIR / name).read_text(encoding="utf-8")) for name in SCRIPTS]
    assert starts == sorted(starts)


def test_the_runtime_is_classes_and_patches_nothing_of_leaflets():
    for name in SCRIPTS:
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"L\.\w+\.include\(|L\.\w+\.prototype\.\w+\s*=|\bL\.\w+\.addInitHook\(", text), name
        assert "IncidentAtlas" not in text and "_atlas" not in text, name
    defined = re.findall(r"Atlas\.(\w+) = L\.(\w+)\.extend\(", runtime_files()["atlas.js"].decode())
    assert {cls for cls, _ in defined} >= {
        "Renderer",
        "Mark",
        "Disc",
        "Cells",
        "States",
        "Shading",
        "Legend",
        "Points",
        "Playback",
        "Incidents",
        "Labels",
        "Search",
        "IncidentList",
        "ReaderPage",
    }


def test_inks_and_outlines_travel_in_the_runtime_files():
    files = runtime_files()
    assert set(files) == set(RUNTIME_FILES)
    assert all(colour in files["atlas.js"].decode() for colour in browser_inks().values())
    assert files["atlas.css"].decode().startswith(css_variables())
    assert files["outlines.js"].decode().startswith("if (window.L && L.Atlas) { L.Atlas.outlines = {")
    assert re.fullmatch(r"[0-9a-f]{12}", runtime_version())
