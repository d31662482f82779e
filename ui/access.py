"""Sign-in: with ``[auth]`` in the secrets every page needs an OIDC login (Streamlit's ``st.login``)
and only the ``[staff] members`` list sees non-public rows and internal notes. Without it the app
runs in local mode: ``ui.serve`` binds it to this computer, and only when bound there does it show
non-public rows; the sidebar says which."""

from __future__ import annotations

import os

import streamlit as st

from geo.dataset.versions import account_author
from geo.support.access import StaffList, answers_only_here, reached_at
from geo.support.logs import USER
from ui.markdown import md
from ui.upload_guard import admit_uploads

STAFF_KEY = "_staff"
UPLOADS_KEY = "_uploads"


def auth_configured() -> bool:
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def _reached_at() -> str | None:
    return reached_at(st.get_option("server.address"), os.environ)


def staff_without_sign_in() -> bool | None:
    """Whether everyone is staff when no sign-in is configured: only if the server answers on this
    computer alone. None with sign-in, where it depends on who signs in."""
    return None if auth_configured() else answers_only_here(_reached_at())


def require_sign_in() -> bool:
    """Whether this person is staff; stops the page at a sign-in screen until they are signed in.
    Without sign-in, everything is shown only when the server answers on this computer alone,
    however it was started; otherwise the app shows what readers could see, and takes no uploads."""
    local = staff_without_sign_in()
    if local is not None:
        USER.set(account_author("local mode") if local else "reader, not signed in")
        st.session_state[STAFF_KEY] = st.session_state[UPLOADS_KEY] = local
        admit_uploads(local)
        if local:
            st.sidebar.caption(
                "Local mode: no sign-in is configured, so the app only answers on this computer and shows "
                "everything, internal notes included."
            )
        else:
            address = _reached_at()
            st.sidebar.warning(
                "No sign-in is configured and this app answers beyond this computer "
                f"({'on every network address' if not address else 'at ' + address}), so it shows public "
                "incidents only and takes no uploads. Configure sign-in, or start it with python -m ui.serve, "
                "to see everything.",
                icon=":material/public:",
            )
        return local
    if not st.user.is_logged_in:
        USER.set("not signed in yet")
        st.title("Incident Atlas")
        st.write("Sign in with your newsroom account to open the maps.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    USER.set(author())
    staff = StaffList.of(st.secrets.get("staff", {}).get("members", [])).includes(st.user.get("email"))
    st.session_state[STAFF_KEY] = staff
    st.session_state[UPLOADS_KEY] = True
    admit_uploads(True)
    with st.sidebar:
        role = "staff: every incident, internal notes included" if staff else "public incidents only"
        email = st.user.get("email") or "an account without an e-mail address"
        st.caption(md(f"Signed in as {email} ({role})."))
        st.button("Sign out", on_click=st.logout)
    return staff


def author() -> str:
    """Who this session's changes are recorded as: the signed-in address, else (local mode) the
    account running the app on this computer."""
    if auth_configured() and st.user.is_logged_in:
        return str(st.user.get("email") or st.user.get("sub") or "a signed-in account without an address")
    return account_author("local mode")


def is_staff() -> bool:
    """For pages: whether this run's person may see the newsroom's own rows and notes."""
    return bool(st.session_state.get(STAFF_KEY, False))


def may_upload() -> bool:
    """For pages: whether this session's uploads are stored (signed in, or local mode here)."""
    return bool(st.session_state.get(UPLOADS_KEY, False))
