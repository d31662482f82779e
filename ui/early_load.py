"""Reading a page's dataset while the browser starts the page.

A first visit spends about 0.6 s loading Streamlit's own page before its session opens and the
app's script asks for the dataset; reading a million incidents takes about as long. The page's
own request names the dataset (``?dataset=``), so this middleware starts reading it then, into the
cache the session will use (``ui.dataset_cache``). One read at a time, of a dataset the store
lists, and only a few names waiting; and only for an app without sign-in, where every visitor may
open any dataset anyway.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from ui.access import staff_without_sign_in

THREAD = "early-load"
WAITING = 8  # names asked for and not yet read: a flood of made-up names queues no more
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
        self._waiting: set[str] = set()
        self._lock = threading.Lock()
        logging.getLogger(_NO_SESSION).addFilter(_NotForThisThread())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope.get("query_string"):
            # Imported once requests come, when the server's runtime is up: the module's caches
            # made before it would not be the runtime's.
            from ui.dataset_cache import DATASET_KEY

            names = parse_qs(scope["query_string"].decode("latin-1")).get(DATASET_KEY)
            if names:
                self._ask(names[0])
        await self.app(scope, receive, send)

    def _ask(self, name: str) -> None:
        with self._lock:
            if name in self._waiting or len(self._waiting) >= WAITING:
                return
            self._waiting.add(name)
        self._reader.submit(self._read, name)

    def _read(self, name: str) -> None:
        from ui.dataset_cache import load_early

        try:
            staff = staff_without_sign_in()
            if staff is not None:
                load_early(name, staff)
        finally:
            with self._lock:
                self._waiting.discard(name)
