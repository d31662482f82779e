"""Signing in through a real OIDC provider (oidc-provider-mock, started here): staff see the newsroom's
own rows and notes, everyone else the public ones, nobody anything before signing in."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from geo.style.basemaps import BASEMAPS
from geo.support.paths import SHIPPED_INCIDENTS
from tests.support.login import auth_secrets, sign_in
from ui.processes import free_port

pytestmark = pytest.mark.browser

PRIVATE_TITLE = "Private canary case"
STAFF = "editor@newsroom.example"


@pytest.fixture(scope="module")
def signed_app(start_app, provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    incidents = folder / "incidents.csv"
    with SHIPPED_INCIDENTS.open(encoding="utf-8") as source, incidents.open("w", newline="", encoding="utf-8") as out:
        rows = list(csv.DictReader(source))
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        private = {key: "" for key in rows[0]}
        private.update(
            id="private-canary",
            title=PRIVATE_TITLE,
            date="2024-05-02",
            city="Aurora",
            state="CO",
            location_precision="city",
            crime_type="theft",
            attribution="reported",
            attributed_by="residents",
            source_name="Newsroom tip line",
            public="false",
            internal_notes="Canary note for the newsroom",
        )
        writer.writerow(private)
    port = free_port()
    secrets = auth_secrets(folder, port, provider, [STAFF, "@desk.newsroom.example"])
    return start_app(
        {"INCIDENT_ATLAS_INCIDENTS": str(incidents)},
        args=("--secrets.files", str(secrets)),
        port=port,
    )


def state_cards(page, app, wait_for: str = "Aurora") -> str:
    """The Colorado page's text once ``wait_for`` is on it (the cards render after the caption)."""
    page.goto(f"{app.url}/state?state=CO")
    page.get_by_text(re.compile(r"Showing \d+ of \d+ incidents in Colorado")).wait_for(timeout=30_000)
    page.get_by_text(wait_for).first.wait_for(timeout=30_000)
    return page.inner_text("body")


def test_nothing_shows_before_signing_in(signed_app, offline_page):
    browser = offline_page()
    for path in ("", "/state?state=CO", "/data"):
        browser.page.goto(f"{signed_app.url}{path}")
        browser.page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
        text = browser.page.inner_text("body")
        assert "Showing" not in text and PRIVATE_TITLE not in text and "Aurora" not in text
    assert browser.outside == [], browser.outside


def test_staff_see_private_rows_and_notes_others_see_public_rows_only(signed_app, offline_page):
    staff = offline_page()
    sign_in(staff, signed_app, STAFF)
    assert PRIVATE_TITLE in state_cards(staff.page, signed_app, PRIVATE_TITLE)
    staff.page.goto(f"{signed_app.url}/data")
    staff.page.get_by_text("Internal notes are for the newsroom only").wait_for(timeout=30_000)
    assert staff.page.get_by_role("heading", name="Load report").count() == 1

    desk = offline_page()
    sign_in(desk, signed_app, "night@desk.newsroom.example")
    assert PRIVATE_TITLE in state_cards(desk.page, signed_app, PRIVATE_TITLE)

    reader = offline_page()
    sign_in(reader, signed_app, "someone@elsewhere.example")
    text = state_cards(reader.page, signed_app)
    assert "public incidents only" in reader.page.inner_text("section[data-testid='stSidebar']")
    assert PRIVATE_TITLE not in text and "Newsroom tip line" not in text
    reader.page.goto(f"{signed_app.url}/data")
    reader.page.get_by_role("heading", name="Data", exact=True).wait_for(timeout=30_000)
    reader.page.wait_for_timeout(1000)
    body = reader.page.inner_text("body")
    assert "Internal notes" not in body and "Load report" not in body and "Add a dataset" not in body
    # Map tiles may come from outside (they fail here); the mock provider's own sign-in page styles
    # itself from a CDN; the app fetches nothing else from outside.
    allowed = tuple(b.host for b in BASEMAPS.values() if b.host) + ("https://cdn.jsdelivr.net/npm/@picocss/",)
    for browser in (staff, desk, reader):
        assert [url for url in browser.outside if not url.startswith(allowed)] == [] and browser.dialogs == []


def _session_ids(page) -> list[str]:
    """Streamlit's session ids as the server sends them to this page, newest last."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    seen: list[str] = []

    def read(payload) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "new_session":
                seen.append(message.new_session.initialize.session_id)

    page.on("websocket", lambda socket: socket.on("framereceived", read))
    return seen


def _put(app, page, session_id: str, size_mb: float) -> tuple[int, str]:
    """A file PUT to Streamlit's upload endpoint with this page's cookies, as its uploader would."""
    import urllib.error
    import urllib.request
    import uuid

    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"x" * int(size_mb * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{app.url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": cookies.get("_streamlit_xsrf", ""),
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024


def test_nothing_uploaded_before_sign_in_is_kept_and_each_session_has_a_budget(signed_app, offline_page):
    anonymous = offline_page()
    sessions = _session_ids(anonymous.page)
    anonymous.page.goto(signed_app.url)
    anonymous.page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    assert sessions
    # The first body the server reads sizes its buffers; memory is compared from there.
    assert _put(signed_app, anonymous.page, sessions[-1], 50)[0] == 403
    before = _rss_mb(signed_app.process.pid)
    refused = [_put(signed_app, anonymous.page, sessions[-1], 50) for _ in range(20)]
    after = _rss_mb(signed_app.process.pid)
    assert refused == [(403, "Sign in to upload files")] * 20
    # Each body passes through the server's buffers before it is refused; the allocator may keep one or
    # two of them. Stored, the twenty would hold 1,000 MB.
    assert after - before < 3 * 50, (before, after)

    staff = offline_page()
    signed = _session_ids(staff.page)
    sign_in(staff, signed_app, STAFF)
    assert [_put(signed_app, staff.page, signed[-1], 99)[0] for _ in range(3)] == [204, 204, 413]


def test_behind_replicas_a_sign_in_and_its_uploads_hold_on_the_other_replica(
    start_app, provider, tmp_path, offline_page
):
    """``serve --replicas 2``: HAProxy keeps a browser on one replica, but if that one is gone the
    next serves it, and the sign-in and upload cookies it carries must hold there too."""
    from ui.replicas import COOKIE

    port = free_port()
    secrets = auth_secrets(tmp_path, port, provider, [STAFF])
    app = start_app({}, args=("--secrets.files", str(secrets), "--replicas", "2"), port=port, serve=True)
    staff = offline_page()
    sessions = _session_ids(staff.page)
    sign_in(staff, app, STAFF)
    first = next(c["value"] for c in staff.context.cookies() if c["name"] == COOKIE)

    other = {"r1": "r2", "r2": "r1"}[first]
    staff.context.add_cookies([{"name": COOKIE, "value": other, "url": app.url}])
    staff.page.reload()
    staff.page.get_by_text(re.compile("Signed in as")).wait_for(timeout=30_000)
    assert PRIVATE_TITLE not in state_cards(staff.page, app)  # the shipped data, seen as staff
    assert staff.page.get_by_text(re.compile("Signed in as")).count() == 1
    assert next(c["value"] for c in staff.context.cookies() if c["name"] == COOKIE) == other
    assert _put(app, staff.page, sessions[-1], 1)[0] == 204
