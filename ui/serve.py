"""Start the app: ``python -m ui.serve [streamlit options]``.

Streamlit still looks for a legacy ``pages/`` folder next to the entry point until the first run
calls ``st.navigation``. On a fresh server that makes a deep link such as ``/state?state=CO`` show
"Page not found" before recovering. Telling it up front that navigation is explicit avoids that.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from geo.paths import ROOT
from ui.assets import install_leaflet


def main() -> None:
    install_leaflet()
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
