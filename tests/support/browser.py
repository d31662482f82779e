"""What the browser tests share: headless Debian Chromium with no internet (Leaflet from a local npm
copy, tiles refused), the app started as a real server, a folder served as a CMS would, and how a
test finds the map inside a page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from geo.map.layers import LEAFLET_VERSION
from geo.support.paths import LEAFLET_DIST as ASSETS
from geo.support.paths import ROOT
from ui.processes import free_port, stop, wait_until_serving

LEAFLET_PREFIX = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/"
LOCAL_HOSTS = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "file://", "data:", "blob:")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


FIND_MAP = "(() => window[Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)])()"


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists() and not shutil.which(path):
        raise RuntimeError(f"Debian chromium not found at {path}; the README's test command installs it")
    return path


class OfflinePage:
    """A page whose requests never leave the machine; records what it tried to fetch outside."""

    def __init__(self, browser, width: int = 1280, height: int = 900, block_cdn: bool = False, scripts: bool = True):
        self.block_cdn = block_cdn
        self.context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=scripts)
        # Every frame records Content-Security-Policy violations, so a test can require none.
        self.context.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        self.cdn: list[str] = []
        self.outside: list[str] = []
        self.referrers: dict[str, str | None] = {}  # what each request sent outside named as its Referer
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(LEAFLET_PREFIX):
            self.cdn.append(url)
        if url.startswith(LEAFLET_PREFIX) and not self.block_cdn:
            route.fulfill(path=str(ASSETS / url[len(LEAFLET_PREFIX) :].split("?")[0]))
        elif url.startswith(LOCAL_HOSTS):
            route.continue_()
        else:
            self.outside.append(url)
            self.referrers[url] = route.request.headers.get("referer")
            route.abort("internetdisconnected")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


class AppServer:
    def __init__(self, env: dict[str, str], args: tuple[str, ...] = (), port: int | None = None, serve: bool = False):
        """``serve``: started as a newsroom starts it (``python -m ui.serve``), else by ``streamlit run``."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_path = Path(os.environ.get("INCIDENT_ATLAS_CACHE", "/tmp")) / f"streamlit-{self.port}.log"
        self.log = open(log_path, "w")  # noqa: SIM115 - open for the server's whole life, closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *(["ui.serve"] if serve else ["streamlit", "run", "app.py"]),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                *args,
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        serving = wait_until_serving(self.url, 60)
        if not serving or self.process.poll() is not None:
            # Exited: the port was taken after it was chosen (another test worker's server answers there).
            self.stop()
            raise RuntimeError(f"streamlit did not start on port {self.port}; see {log_path}")

    def stop(self) -> None:
        stop(self.process)
        self.log.close()


class StaticServer:
    """Serves a folder on 127.0.0.1, as a CMS would host a snapshot."""

    def __init__(self, folder: Path):
        import functools
        import http.server
        import threading

        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def map_frame(page, timeout=30_000):
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=timeout)
    for _ in range(100):
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        if frame:
            break
        page.wait_for_timeout(100)
    frame.wait_for_function("() => window.map && Object.keys(window.map._layers).length > 60", timeout=timeout)
    # Let any fit-to-selection animation finish before reading positions.
    frame.wait_for_function(
        "() => !window.map._animatingZoom && !(window.map._panAnim && window.map._panAnim._inProgress)"
    )
    page.wait_for_timeout(300)
    return frame
