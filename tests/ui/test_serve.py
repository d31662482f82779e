import subprocess
import sys
from pathlib import Path

from geo.support.paths import ROOT
from ui.serve import LOCAL_ADDRESS, app_settings, server_args

LOCAL = f"--server.address={LOCAL_ADDRESS}"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_without_sign_in_the_app_answers_on_this_computer_only(tmp_path):
    assert server_args(["--server.port", "8600"], tmp_path / "home", tmp_path / "cwd") == [
        "--server.port",
        "8600",
        LOCAL,
    ]
    write(tmp_path / "cwd/.streamlit/secrets.toml", '[staff]\nmembers = ["a@b.example"]\n')
    assert LOCAL in server_args([], tmp_path / "home", tmp_path / "cwd")
    write(tmp_path / "home/.streamlit/secrets.toml", "this is = not [toml")
    assert LOCAL in server_args([], tmp_path / "home", tmp_path / "cwd")


def test_with_auth_configured_or_an_address_given_the_binding_is_left_alone(tmp_path):
    write(tmp_path / "cwd/.streamlit/secrets.toml", '[auth]\nredirect_uri = "http://x/oauth2callback"\n')
    assert server_args([], tmp_path / "home", tmp_path / "cwd") == []
    given = write(tmp_path / "elsewhere.toml", '[auth]\nclient_id = "x"\n')
    assert server_args(["--secrets.files", str(given)], tmp_path / "h", tmp_path / "c") == [
        "--secrets.files",
        str(given),
    ]
    assert LOCAL in server_args([f"--secrets.files={tmp_path / 'missing.toml'}"], tmp_path / "home", tmp_path / "cwd")
    assert server_args(["--server.address=0.0.0.0"], tmp_path / "h", tmp_path / "c") == ["--server.address=0.0.0.0"]


def test_the_apps_own_settings_travel_as_options_so_they_hold_from_any_folder(tmp_path):
    config = write(tmp_path / "config.toml", '[server]\nheadless = true\nport = 8501\n[theme]\nbase = "light"\n')
    assert app_settings(config) == ["--server.headless=true", "--server.port=8501", "--theme.base=light"]
    shipped = app_settings(ROOT / ".streamlit" / "config.toml")
    needed = {"--server.enableStaticServing=true", "--runner.postScriptGC=false", "--client.showErrorDetails=false"}
    assert needed <= set(shipped)


def test_the_engine_is_loaded_before_the_server_answers_but_no_component_is(tmp_path):
    # In a fresh interpreter: what preloading leaves imported and loaded.
    script = (
        "import sys\n"
        "from geo.support.paths import ROOT\n"
        "from ui.serve import engine_modules, preload\n"
        "from geo.ingest import geocode\n"
        "preload(ROOT)\n"
        "print(sorted(set(engine_modules(ROOT)) - set(sys.modules)))\n"
        "print('streamlit_folium' in sys.modules, 'geo.map.layers' in sys.modules, 'altair' in sys.modules)\n"
        "print('folium.plugins' in sys.modules)\n"
        "print(geocode.gazetteer.cache_info().currsize)\n"
    )
    lines = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines[0] == "[]"  # every module the app names
    # The map's component registers itself only when imported during a run: imported sooner, its
    # frame would never load.
    assert lines[1] == "False True True"
    # What the component's own module imports is loaded, though no module of the app names it.
    assert lines[2] == "True"
    assert lines[3] == "1"
