"""Two signed-in staff edit one public incident at once: the second save is refused with both
versions side by side and nothing typed lost, then saved knowingly; both changes end up in the
audit, the attribution history and the corrections log."""

from __future__ import annotations

import re

import pytest

from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file, load_saved
from geo.support.paths import SHIPPED_INCIDENTS
from tests.support.login import auth_secrets, sign_in
from tests.support.record import RETITLED
from ui.markdown import WORD_JOINER
from ui.processes import free_port

pytestmark = pytest.mark.browser

ANA, BEN = "ana@newsroom.example", "ben@newsroom.example"


@pytest.fixture(scope="module")
def shared(start_app, provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("edits")
    store = FileStore(folder / "datasets")
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="desk@newsroom.example")
    port = free_port()
    secrets = auth_secrets(folder, port, provider, [ANA, BEN])
    app = start_app(
        {"INCIDENT_ATLAS_DATASETS": str(folder / "datasets")}, args=("--secrets.files", str(secrets)), port=port
    )
    return app, store


def open_incident(browser, app) -> None:
    page = browser.page
    page.goto(f"{app.url}/edit?dataset=story")
    page.get_by_role("textbox", name="Find the incident").fill("contract killing")
    page.keyboard.press("Enter")
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').last.click()
    page.get_by_role("option", name=re.compile("Contract killing, Miami")).click()
    page.get_by_role("textbox", name="Title").wait_for(timeout=30_000)


def change(browser, title: str, level: str, reason: str) -> None:
    page = browser.page
    page.get_by_role("textbox", name="Title").fill(title)
    level_box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text("Attribution level", exact=True)
    )
    level_box.locator("input").click()
    page.keyboard.type(level)
    page.keyboard.press("Enter")
    page.get_by_role("textbox", name="Why this change").fill(reason)
    page.get_by_role("button", name="Save as a new version").click()


def test_two_staff_editing_one_incident(shared, offline_page):
    app, store = shared
    ana, ben = offline_page(), offline_page()
    sign_in(ana, app, ANA)
    sign_in(ben, app, BEN)
    open_incident(ana, app)
    open_incident(ben, app)

    change(ana, "Contract killing, Miami (Ana)", "Charged", "charges filed")
    ana.page.get_by_text("Saved as version 2").wait_for(timeout=30_000)

    change(ben, "Contract killing, Miami (Ben)", "Convicted", "verdict")
    refused = ben.page.get_by_text(re.compile("was changed by"))
    refused.wait_for(timeout=30_000)
    assert ANA in refused.inner_text().replace(WORD_JOINER, "")
    # The fields side by side arrive after the message, then the button below them: wait for that.
    ben.page.get_by_role("button", name="Keep what I typed, now on their version").wait_for(timeout=30_000)
    side_by_side = ben.page.inner_text('[data-testid="stMain"]')
    assert "Contract killing, Miami (Ana)" in side_by_side and "Contract killing, Miami (Ben)" in side_by_side
    # Nothing Ben typed is lost.
    assert ben.page.get_by_role("textbox", name="Title").input_value() == "Contract killing, Miami (Ben)"
    assert len(store.versions("story")) == 2

    ben.page.get_by_role("button", name="Keep what I typed, now on their version").click()
    ben.page.get_by_role("textbox", name="Why this change").fill("verdict")
    ben.page.get_by_role("button", name="Save as a new version").click()
    ben.page.get_by_text("Saved as version 3").wait_for(timeout=30_000)

    edits = [entry for entry in store.audit("story") if entry.action == "edit"]
    assert [(entry.by, entry.after["changed"][RETITLED]["title"]) for entry in edits] == [
        (ANA, "Contract killing, Miami (Ana)"),
        (BEN, "Contract killing, Miami (Ben)"),
    ]
    dataset = load_saved("story", store)
    steps = dataset.history[dataset.history["id"] == RETITLED]
    assert steps["attribution"].tolist() == ["law_enforcement", "charged", "convicted"]
    titles = dataset.corrections[
        (dataset.corrections["record"] == RETITLED) & (dataset.corrections["field"] == "title")
    ]
    assert titles["new_value"].tolist() == ["Contract killing, Miami (Ana)", "Contract killing, Miami (Ben)"]
