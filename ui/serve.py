"""Start the app: ``python -m ui.serve [streamlit options]`` (installed: ``incident-atlas serve``).

Streamlit still looks for a legacy ``pages/`` folder next to the entry point until the first run
calls ``st.navigation``. On a fresh server that makes a deep link such as ``/state?state=CO`` show
"Page not found" before recovering. Telling it up front that navigation is explicit avoids that.

Without sign-in (no ``[auth]`` in the secrets) the app shows everything, internal notes included,
so it answers only on this computer unless ``--server.address`` says otherwise.

``--replicas N`` (or ``auto``, one per core) starts N such servers behind HAProxy (``ui.replicas``).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import sys
import tomllib
from pathlib import Path

from geo.support.paths import ROOT
from ui.processes import LOCAL_ADDRESS, option_values, without
from ui.replicas import ReplicaError, replica_count, serve_replicas

log = logging.getLogger("incident_atlas")


def secrets_files(argv: list[str], home: Path, cwd: Path) -> list[Path]:
    """Where Streamlit will read secrets from: ``--secrets.files``, else its two default places."""
    given = option_values(argv, "--secrets.files")
    return [Path(p) for p in given] if given else [home / ".streamlit/secrets.toml", cwd / ".streamlit/secrets.toml"]


def auth_configured(files: list[Path]) -> bool:
    for path in files:
        try:
            if "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # Streamlit reports a broken secrets file itself; here it only means "no sign-in"
    return False


def server_args(argv: list[str], home: Path, cwd: Path) -> list[str]:
    """The options to start Streamlit with: local mode binds to this computer."""
    if option_values(argv, "--server.address") or auth_configured(secrets_files(argv, home, cwd)):
        return argv
    return [*argv, f"--server.address={LOCAL_ADDRESS}"]


def app_settings(config: Path) -> list[str]:
    """The app's own Streamlit settings (``.streamlit/config.toml``) as command-line options, so they
    hold wherever it is started from: Streamlit reads that file only from the working folder.
    Options given on the command line come after these and win."""
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    return [
        f"--{section}.{key}={str(value).lower() if isinstance(value, bool) else value}"
        for section, options in settings.items()
        for key, value in options.items()
    ]


def _imported(path: Path) -> list[str]:
    """The absolute imports of one source file, in order."""
    names: dict[str, None] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(dict.fromkeys(alias.name for alias in node.names))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.update(dict.fromkeys([node.module]))
    return list(names)


def _component(name: str) -> bool:
    return name.split(".")[0].startswith("streamlit_")


def engine_modules(root: Path) -> list[str]:
    """Every module the entry point, its pages and the ui modules import, but the ui modules
    themselves and Streamlit's own; for a component (a component is registered only when it is
    declared during a run: imported sooner, its frame never loads), what its own module imports
    instead (folium's plugins, for one: 0.07 s of the first map)."""
    files = [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "ui").glob("*.py"))]
    names = list(dict.fromkeys(name for path in files for name in _imported(path)))
    for component in filter(_component, list(names)):
        spec = importlib.util.find_spec(component.split(".")[0])
        if spec is not None and spec.origin:
            names += _imported(Path(spec.origin))
    return [
        name
        for name in dict.fromkeys(names)
        if name.split(".")[0] not in ("ui", "streamlit", "__future__") and not _component(name)
    ]


def preload(root: Path) -> None:
    """The engine's modules and the reference data every dataset is loaded with, before the server
    answers: otherwise the first visitor waits for them (about a second). A module that cannot be
    imported is left for the page that needs it to report."""
    for name in engine_modules(root):
        try:
            importlib.import_module(name)
        except Exception as error:  # the page that imports it shows the error in its own words
            log.warning("could not preload %s: %s", name, error)
    from geo.ingest import geocode
    from geo.reference import boundaries

    geocode.gazetteer(), boundaries.load_states(), boundaries.states_payload()


def main(argv: list[str] | None = None) -> None:
    """Streamlit's server on the app, or with ``--replicas N`` that many behind HAProxy."""
    given = sys.argv[1:] if argv is None else argv
    try:
        count = replica_count(given)
    except ReplicaError as error:
        sys.exit(f"error: {error}")
    given = without(given, "--replicas")
    args = server_args(given, Path.home(), Path.cwd())
    if f"--server.address={LOCAL_ADDRESS}" in args and f"--server.address={LOCAL_ADDRESS}" not in given:
        print("Local mode (no [auth] in the secrets): answering on this computer only.", file=sys.stderr)
    settings = [*app_settings(ROOT / ".streamlit" / "config.toml"), *args]
    if count > 1:
        try:
            sys.exit(serve_replicas(count, args, settings))
        except ReplicaError as error:
            sys.exit(f"error: {error}")
    _serve(settings)


def _serve(settings: list[str]) -> None:
    """One Streamlit server in this process. Streamlit is imported here, so the process that only
    watches replicas stays small (23 MB resident, 208 MB with Streamlit loaded)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from ui.assets import install_assets
    from ui.upload_guard import guard_uploads

    install_assets()
    guard_uploads()
    PagesManager.uses_pages_directory = False
    preload(ROOT)
    sys.argv = ["streamlit", "run", str(ROOT / "asgi.py"), *settings]
    cli.main()


if __name__ == "__main__":
    main()
