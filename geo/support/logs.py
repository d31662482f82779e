"""Logging for the app and the command line: every line says when, how serious, and who (the address
signed in, or the account that ran the command), so a line in a newsroom's log leads to a session."""

from __future__ import annotations

import contextvars
import logging
import os
import sys

# Who the current run is for: set once per app script run (each runs in a thread of its own) or
# once per command.
USER: contextvars.ContextVar[str] = contextvars.ContextVar("incident_atlas_user", default="-")
FORMAT = "%(asctime)s %(levelname)s [%(user)s] %(name)s: %(message)s"
# Set by ``serve --replicas`` for each of its app processes, whose lines then say which wrote them.
REPLICA = "INCIDENT_ATLAS_REPLICA"
APP_LOGGER = "incident_atlas"


class _WithUser(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.user = USER.get()
        return True


def replica_tag(number: int | str) -> str:
    return f"[replica {number}]"


def streamlit_format(number: int) -> str:
    """Streamlit's own log lines in a replica (its server's start, its warnings): its default
    format, tagged as the app's lines are. Given as ``STREAMLIT_LOGGER_MESSAGE_FORMAT``."""
    return f"%(asctime)s {replica_tag(number)} %(message)s"


def _handler(stream) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    replica = os.environ.get(REPLICA, "")
    tagged = FORMAT.replace("[%(user)s]", f"{replica_tag(replica)} [%(user)s]") if replica.isdigit() else FORMAT
    handler.setFormatter(logging.Formatter(tagged))
    handler.addFilter(_WithUser())
    return handler


def configure_command_line(level: int, stream=None) -> None:
    """Every logger of the command's process, at ``level``, in the one format (unless the process
    has configured its logging already, as a test runner has)."""
    logging.basicConfig(level=level, handlers=[_handler(stream)])


def configure_app(level: int = logging.INFO, stream=None) -> None:
    """The app's own logger in the one format, once per process (Streamlit keeps its own loggers)."""
    logger = logging.getLogger(APP_LOGGER)
    if not any(isinstance(found, _WithUser) for handler in logger.handlers for found in handler.filters):
        logger.addHandler(_handler(stream))
        logger.setLevel(level)
        logger.propagate = False
