"""Signing in through the OIDC mock in the browser tests: the app's secrets naming the provider and
the staff, and a sign-in as any address."""

from __future__ import annotations

import re
from pathlib import Path

from ui.markdown import WORD_JOINER


def auth_secrets(folder: Path, port: int, provider: str, staff: list[str]) -> Path:
    """A secrets file signing in through ``provider`` for an app on ``port``, with ``staff`` as its members."""
    secrets = folder / "secrets.toml"
    members = ", ".join(f'"{member}"' for member in staff)
    secrets.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-secret-that-is-long-enough-to-sign-cookies"
client_id = "incident-atlas"
client_secret = "incident-atlas-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[staff]
members = [{members}]
""",
        encoding="utf-8",
    )
    return secrets


def sign_in(browser, app, email: str) -> None:
    page = browser.page
    page.goto(app.url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/oauth2/authorize.*"), timeout=30_000)
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize").click()
    signed = page.get_by_text(re.compile("Signed in as"))
    signed.wait_for(timeout=30_000)
    # Addresses in messages carry an invisible word joiner so that Markdown does not link them.
    assert email in signed.inner_text().replace(WORD_JOINER, "")
