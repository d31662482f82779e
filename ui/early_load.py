"""Reading a page's dataset while the browser starts the page.

A first visit spends about 0.6 s loading Streamlit's own page before its session opens and the
app's script asks for the dataset; reading a million incidents takes about as long. The page's
own request names the dataset (``?dataset=``), so this middleware starts reading it then, into the
cache the session will use (``ui.dataset_cache``). One read at a time, of a dataset the store
lists; and only for an app without sign-in, where every visitor may open any dataset anyway.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from ui.access import staff_without_sign_in

THREAD = "early-load"
# Streamlit's warning that a cached call has no session to show its spinner in: this thread never has one.
_NO_SESSION = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _NotForThisThread(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not threading.current_thread().name.startswith(THREAD)


class EarlyLoad:
    """ASGI middleware: a page's request that names a dataset starts reading it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD)
        self._reading: Future | None = None
        logging.getLogger(_NO_SESSION).addFilter(_NotForThisThread())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        page = scope["type"] == "http" and scope["method"] == "GET" and scope.get("query_string")
        if page and (self._reading is None or self._reading.done()):
            self._reading = self._reader.submit(_read_ahead, scope["query_string"].decode("latin-1"))
        await self.app(scope, receive, send)


def _read_ahead(query: str) -> None:
    # Imported here, once the server's runtime is up: caches made before it would not be the runtime's.
    from ui.dataset_cache import DATASET_KEY, load_early

    names = parse_qs(query).get(DATASET_KEY)
    staff = staff_without_sign_in()
    if names and staff is not None:
        load_early(names[0], staff)
