"""The team database when things go wrong: unreachable at start or mid-session, not migrated, or
reached with the app's own role, which may read and write rows and nothing more. Each says so
once, in words, and never shows the URL's password."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pandas as pd
import psycopg
import pytest

from geo.dataset.backend import Save
from geo.dataset.migrate import migrate
from geo.dataset.postgis_store import SCHEMA_REVISION, DatabaseUnavailable, PostgisStore
from geo.dataset.store import DATABASE_SETTING, import_file
from geo.support.paths import ROOT, SHIPPED_INCIDENTS
from tests.support.postgres import APP_PASSWORD, OWNER_PASSWORD, free_port

FIRST = Save("tests", "first version", "import", 16, 0, 0)


def _geo(*args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        env={**os.environ, DATABASE_SETTING: url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.process
def test_an_unreachable_database_is_one_clear_line_without_its_password():
    url = f"postgresql://atlas_app:{APP_PASSWORD}@127.0.0.1:{free_port()}/atlas"
    result = _geo("list", url=url)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: the database atlas at 127.0.0.1:") and "cannot be reached" in lines[0]
    assert APP_PASSWORD not in result.stderr + result.stdout and "Traceback" not in result.stderr


def test_a_wrong_password_is_refused_in_words_and_never_repeated(postgres, caplog):
    wrong = "wrong-" + APP_PASSWORD
    store = PostgisStore(postgres.url(postgres.new_database()).replace(APP_PASSWORD, wrong))
    try:
        with caplog.at_level(logging.DEBUG), pytest.raises(DatabaseUnavailable) as refused:
            store.listing()
    finally:
        store.close()
    assert "cannot be reached" in str(refused.value) and "password authentication failed" in str(refused.value)
    assert wrong not in str(refused.value) and wrong not in caplog.text


@pytest.mark.process
def test_only_the_owner_migrates_and_the_apps_role_cannot_change_the_schema(postgres):
    database = postgres.new_database(migrated=False)
    app, owner = postgres.url(database), postgres.url(database, "atlas_owner")
    unmigrated = _geo("list", url=app)
    assert unmigrated.returncode == 2 and "its owner runs 'python -m geo migrate' once" in unmigrated.stderr
    refused = _geo("migrate", url=app)
    assert (
        refused.returncode == 2
        and "the migration was refused: permission denied" in refused.stderr
        and APP_PASSWORD not in refused.stderr
    )
    migrated = _geo("migrate", url=owner)
    assert migrated.returncode == 0 and f"schema at revision {SCHEMA_REVISION}" in migrated.stdout
    assert OWNER_PASSWORD not in migrated.stdout + migrated.stderr
    listed = _geo("list", "--json", url=app)
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"
    for statement in ("CREATE TABLE intruder (id int)", "DROP TABLE incidents", "ALTER TABLE datasets ADD x int"):
        with psycopg.connect(app) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement)


def test_a_database_lost_mid_session_is_said_once_and_found_again(postgres):
    store = PostgisStore(postgres.url(postgres.new_database()), wait_seconds=1.0)
    try:
        import_file(SHIPPED_INCIDENTS, "before", store=store)
        postgres.pause()
        try:
            with pytest.raises(DatabaseUnavailable, match="cannot be reached") as lost:
                store.listing()
            assert APP_PASSWORD not in str(lost.value)
        finally:
            postgres.resume()
        assert [entry.name for entry in store.listing()] == ["before"]
    finally:
        store.close()


def test_the_app_expects_the_newest_migration():
    from geo.dataset.migrate import head

    assert head() == SCHEMA_REVISION


def test_a_dataset_saved_before_versions_were_kept_is_its_latest_version_after_the_upgrade(postgres):
    """A newsroom's database at the first schema, with a dataset saved twice, upgraded in place."""
    database = postgres.new_database(migrated=False)
    owner = postgres.url(database, "atlas_owner")
    migrate(owner, "0001")
    with psycopg.connect(owner) as connection:
        connection.execute(
            "INSERT INTO datasets (name, title, incidents, versions, version, columns, incidents_sha256)"
            " VALUES ('old', 'Old', 1, 2, 7, %s, 'abc')",
            (["row", "id", "lat", "lon", "public"],),
        )
        connection.execute(
            "INSERT INTO incidents (dataset, row, id, lat, lon, public) VALUES ('old', 2, 'a', 40, -90, true)"
        )
        connection.execute(
            "INSERT INTO dataset_documents (dataset, name, content, sha256) VALUES ('old', 'report.json', '{}', 'x')"
        )
    migrate(owner)
    store = PostgisStore(postgres.url(database))
    try:
        [line] = store.versions("old")
        assert (line.version, line.reason) == (2, "saved before versions were kept")
        stored = store.read("old")
        assert stored.incidents["id"].tolist() == ["a"] and stored.documents == {"report.json": b"{}"}
        assert store.public_ids("old") == {"a"}
    finally:
        store.close()


# The audit's trigger refuses a change; a right the role lacks refuses it first.
REFUSED = (psycopg.errors.RaiseException, psycopg.errors.InsufficientPrivilege)


def test_the_audit_is_only_ever_appended_to(postgres, shipped):
    """Whatever a role's rights on its table, an audit row cannot be changed or removed."""
    database = postgres.new_database()
    store = PostgisStore(postgres.url(database))
    try:
        incidents = shipped.incidents.drop(columns=["correction", "history"], errors="ignore")
        store.write("kept", incidents, {}, False, FIRST)
    finally:
        store.close()
    for role in ("atlas_app", "atlas_owner"):
        for statement in ("UPDATE audit SET reason = 'nothing'", "DELETE FROM audit", "TRUNCATE audit"):
            with (
                psycopg.connect(postgres.url(database, role)) as connection,
                pytest.raises(REFUSED),
            ):
                connection.execute(statement)
    with psycopg.connect(postgres.url(database)) as connection:
        assert connection.execute("SELECT author, reason FROM audit").fetchall() == [("tests", "first version")]


def test_incidents_come_back_in_row_order_however_the_table_holds_them(postgres, shipped):
    incidents = shipped.incidents.drop(columns=["correction", "history"], errors="ignore")
    store = PostgisStore(postgres.url(postgres.new_database()))
    try:
        store.write("backwards", incidents.iloc[::-1], {"report.json": b"{}"}, False, FIRST)
        back = store.read("backwards").incidents
    finally:
        store.close()
    pd.testing.assert_frame_equal(back, incidents.sort_values("row", ignore_index=True), check_dtype=False)
