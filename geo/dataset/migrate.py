"""The team store's schema, by versioned Alembic migrations (``python -m geo migrate``): run once
per release by the database's owner, so the app itself runs with no right to change the schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from geo.ingest.raw import LoadError

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The schema this code needs."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def migrate(url: str, revision: str = "head") -> str:
    """Bring the database at ``url`` to the schema this code needs (or to an earlier ``revision``,
    as a newsroom's database stands before an upgrade); returns the revision it is at."""
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DBAPIError as error:
        # The server's own words (a refused connection, a missing right); never the URL.
        reason = (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]
        raise LoadError(f"the migration was refused: {reason}") from None
    finally:
        engine.dispose()
    return head() if revision == "head" else revision
