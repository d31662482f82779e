"""Sign-in: with ``[auth]`` in the secrets every page needs an OIDC login (Streamlit's ``st.login``)
and only the ``[staff] members`` list sees non-public rows and internal notes. Without it the app
runs in local mode: ``ui.serve`` binds it to this computer and the sidebar says so."""

from __future__ import annotations

import streamlit as st

from geo.access import StaffList
from ui.markdown import md

STAFF_KEY = "_staff"


def auth_configured() -> bool:
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def require_sign_in() -> bool:
    """Whether this person is staff; stops the page at a sign-in screen until they are signed in."""
    if not auth_configured():
        st.session_state[STAFF_KEY] = True
        st.sidebar.caption(
            "Local mode: no sign-in is configured, so the app only answers on this computer and shows "
            "everything, internal notes included."
        )
        return True
    if not st.user.is_logged_in:
        st.title("Incident Atlas")
        st.write("Sign in with your newsroom account to open the maps.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    staff = StaffList.of(st.secrets.get("staff", {}).get("members", [])).includes(st.user.get("email"))
    st.session_state[STAFF_KEY] = staff
    with st.sidebar:
        role = "staff: every incident, internal notes included" if staff else "public incidents only"
        email = st.user.get("email") or "an account without an e-mail address"
        st.caption(md(f"Signed in as {email} ({role})."))
        st.button("Sign out", on_click=st.logout)
    return staff


def is_staff() -> bool:
    """For pages: whether this run's person may see the newsroom's own rows and notes."""
    return bool(st.session_state.get(STAFF_KEY, False))
