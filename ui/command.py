"""The ``incident-atlas`` command a package install gives: ``serve`` starts the app (``ui.serve``,
Streamlit's options after it); every other command is the data tools' (``python -m geo``)."""

from __future__ import annotations

import sys

from geo.__main__ import main as data_tools

SERVE_HELP = "serve [streamlit options]: start the app (for example --server.port 8502)"


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["serve"]:
        from ui.serve import main as serve  # Streamlit's server loads only for this command

        serve(given[1:])
        return 0
    return data_tools(given, prog="incident-atlas", epilog=SERVE_HELP)


if __name__ == "__main__":
    sys.exit(main())
