"""Uploads reach memory only for sessions that may upload, and only up to a budget per session.

Streamlit stores every file PUT to its upload endpoint by any open session, before the script could
say who is asking: with sign-in on, a client holding only the sign-in page could fill the server's
memory. The guard wraps the upload manager's ``add_file``: a session may store files once a run of
the app has let it in (signed in, or local mode on this computer), and never more than
``SESSION_BUDGET_MB`` at once.
"""

from __future__ import annotations

import functools
import threading

from starlette.exceptions import HTTPException
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from geo.ingest.pipeline import MAX_UPLOAD_MB

# The incident file, its attribution history and an earlier snapshot, each within the upload limit.
SESSION_BUDGET_MB = 2 * MAX_UPLOAD_MB
_admitted: set[str] = set()
_lock = threading.Lock()


def admit_uploads(allowed: bool) -> None:
    """Record, for this run's session, whether it may upload (called on every run, after sign-in)."""
    context = get_script_run_ctx(suppress_warning=True)
    if context is None:
        return
    with _lock:
        if allowed:
            _admitted.add(context.session_id)
        else:
            _admitted.discard(context.session_id)


def guard_uploads() -> None:
    """Wrap Streamlit's upload manager once per process (before the server starts when we can;
    else on the first run, which several sessions may make at once)."""
    manager = MemoryUploadedFileManager
    with _lock:
        if getattr(manager.add_file, "guarded", False):
            return
        manager.add_file = _guarded_add(manager.add_file)
        manager.remove_session_files = _forgetting(manager.remove_session_files)


def _guarded_add(add_file):
    @functools.wraps(add_file)
    def add(self, session_id, file):
        with _lock:
            admitted = session_id in _admitted
        if not admitted:
            raise HTTPException(status_code=403, detail="Sign in to upload files")
        # A file re-sent under its own id replaces itself: it is not counted twice.
        held = sum(len(f.data) for key, f in self.file_storage.get(session_id, {}).items() if key != file.file_id)
        if held + len(file.data) > SESSION_BUDGET_MB * 1024 * 1024:
            raise HTTPException(status_code=413, detail=f"This session already holds {held / 1e6:,.0f} MB of uploads")
        add_file(self, session_id, file)

    add.guarded = True
    return add


def _forgetting(remove_session_files):
    @functools.wraps(remove_session_files)
    def remove(self, session_id):
        with _lock:
            _admitted.discard(session_id)
        remove_session_files(self, session_id)

    return remove
