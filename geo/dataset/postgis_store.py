"""The team store: datasets in PostgreSQL with PostGIS, shared by every app replica.

Incidents are rows of ``incidents`` with a ``geometry(Point, 4326)`` (spatially indexed) beside
lat and lon; a dataset's documents (metadata, state figures, attribution history, corrections, row
report) are rows of ``dataset_documents``. Every save is a new version beside the earlier ones
(``dataset_versions`` says who made it and why); the audit is a table whose rows no one can change.
Bulk reads and writes go through ``COPY`` in CSV,
streamed in blocks, so a million incidents never sit in memory twice. Every write is one
transaction: a killed import leaves nothing, and a second import of a name waits for the first,
then is refused or replaces it whole. The schema comes from ``geo.dataset.migrate``; the app needs
no right to change it.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from geo.dataset.backend import AuditEntry, Listing, MissingDataset, Save, Stored, Superseded, Version
from geo.dataset.dataset import META_FILE, parse_metadata
from geo.ingest.raw import LoadError
from geo.reference.vocab import INCIDENT_COLUMNS

# The incidents' own columns (the schema's, and those the checks add to them in
# ``geo.ingest.rules``), each with its Arrow type. Any other column of a dataset is kept as text in
# ``extra``; ``datasets.columns`` keeps every column's name in the order it was saved.
TYPES = {
    "row": pa.int64(),
    "date_start": pa.timestamp("ns"),
    "date_end": pa.timestamp("ns"),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "public": pa.bool_(),
}
COLUMNS: dict[str, pa.DataType] = {
    name: TYPES.get(name, pa.string()) for name in ("row", *INCIDENT_COLUMNS, "date_start", "date_end", "date_label")
}
# The newest migration's revision: the schema this code reads and writes (a test holds it to
# ``geo.dataset.migrate.head()``; Alembic itself is not loaded by the app).
SCHEMA_REVISION = "0002"
BLOCK_ROWS = 100_000  # incidents per block of a COPY: bounds the memory a write needs
WAIT_SECONDS = 5.0  # how long a page waits for a connection before saying the database is unreachable


class DatabaseUnavailable(LoadError):
    """The database cannot be reached, or has not been migrated: said once, in words."""


def describe(url: str) -> str:
    """Where the database is, for messages and logs: host, port, database and user, never the password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the database (its URL cannot be read)"
    place = parts.get("host") or "localhost"
    return f"the database {parts.get('dbname', '')} at {place}:{parts.get('port', 5432)} as {parts.get('user', '')}"


class PostgisStore:
    def __init__(self, url: str, max_connections: int = 8, wait_seconds: float = WAIT_SECONDS) -> None:
        self.where = describe(url)
        self._url = url
        self._password = str(conninfo_to_dict(url).get("password") or "")
        self._max_connections = max_connections
        self._wait_seconds = wait_seconds
        # Opened on first use: a page that needs no data never waits for the database.
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()
        self._checked = False

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def _opened_pool(self) -> ConnectionPool:
        """The pool, opened once one connection made directly shows the database is there: until it
        is, every call fails at once, in the server's words, instead of waiting for the pool."""
        with self._lock:
            if self._pool is None:
                psycopg.connect(self._url, connect_timeout=5).close()
                self._pool = ConnectionPool(
                    self._url,
                    open=True,
                    min_size=1,
                    max_size=self._max_connections,
                    timeout=self._wait_seconds,
                    kwargs={"connect_timeout": 5},
                    check=ConnectionPool.check_connection,
                )
            return self._pool

    def _let_go(self, pool: ConnectionPool) -> None:
        """A pool that could not give a connection is closed; the next call starts afresh."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.close(timeout=0)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection to a migrated database, in a transaction that commits when the block
        ends without error; or one clear error naming where the database is."""
        pool = None
        try:
            pool = self._opened_pool()
            with pool.connection() as connection:
                if not self._checked:
                    self._check_schema(connection)
                yield connection
        except PoolTimeout:
            reason = self._why_not()
            self._let_go(pool)
            raise DatabaseUnavailable(f"{self.where} cannot be reached ({reason})") from None
        except psycopg.OperationalError as error:
            raise DatabaseUnavailable(f"{self.where} cannot be reached ({self._redacted(error)})") from None

    def _why_not(self) -> str:
        """Why the pool has no connection to give: one connection tried directly says it in the server's words."""
        try:
            psycopg.connect(self._url, connect_timeout=5).close()
        except psycopg.Error as error:
            return self._redacted(error)
        return f"all {self._max_connections} of this server's connections are busy"

    def _redacted(self, error: Exception) -> str:
        text = (str(error).strip().splitlines() or [type(error).__name__])[0].replace("FATAL:  ", "")
        return text.replace(self._password, "***") if self._password else text

    def _check_schema(self, connection: psycopg.Connection) -> None:
        found = connection.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone() if found else None
        if not revision or revision[0] != SCHEMA_REVISION:
            raise DatabaseUnavailable(
                f"{self.where} does not have this version's tables: its owner runs "
                "'python -m geo migrate' once (see the README)"
            )
        self._checked = True

    def stamp(self) -> str:
        with self._connection() as connection:
            return str(connection.execute("SELECT stamp FROM atlas_state").fetchone()[0])

    def listing(self) -> list[Listing]:
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT name, title, incidents, versions, updated, version FROM datasets ORDER BY name"
            ).fetchall()
        return [
            Listing(name, title or name, incidents, versions, updated.isoformat(timespec="seconds"), str(version))
            for name, title, incidents, versions, updated, version in rows
        ]

    def read(self, name: str, version: int | None = None) -> Stored:
        with self._connection() as connection:
            number = self._version(connection, name, version)
            columns, incidents_digest = connection.execute(
                "SELECT columns, incidents_sha256 FROM dataset_versions WHERE dataset = %s AND version = %s",
                (name, number),
            ).fetchone()
            incidents = _read_incidents(connection, name, number, columns)
            documents = connection.execute(
                "SELECT name, content FROM dataset_documents WHERE dataset = %s AND version = %s ORDER BY name",
                (name, number),
            ).fetchall()
        contents = {file: bytes(content) for file, content in documents}
        return Stored(incidents, contents, ("incidents (team database)", incidents_digest), number)

    def _version(self, connection: psycopg.Connection, name: str, version: int | None) -> int:
        """``version`` when the dataset has it, else its latest when none is asked for."""
        found = connection.execute("SELECT versions FROM datasets WHERE name = %s", (name,)).fetchone()
        if found is None:
            raise MissingDataset(name, self.where)
        if version is None:
            return found[0]
        kept = connection.execute(
            "SELECT 1 FROM dataset_versions WHERE dataset = %s AND version = %s", (name, version)
        ).fetchone()
        if kept is None:
            raise LoadError(f"dataset '{name}' has no version {version}")
        return version

    def versions(self, name: str) -> list[Version]:
        with self._connection() as connection:
            self._version(connection, name, None)
            rows = connection.execute(
                "SELECT version, at, author, reason, action, added, changed, removed FROM dataset_versions"
                " WHERE dataset = %s ORDER BY version",
                (name,),
            ).fetchall()
        return [Version(number, at.isoformat(timespec="seconds"), *rest) for number, at, *rest in rows]

    def public_ids(self, name: str) -> set[str]:
        with self._connection() as connection:
            self._version(connection, name, None)
            rows = connection.execute(
                "SELECT DISTINCT id FROM incidents WHERE dataset = %s AND public", (name,)
            ).fetchall()
        return {row[0] for row in rows}

    def write(self, name: str, incidents: pd.DataFrame, documents: dict[str, bytes], replace: bool, save: Save) -> int:
        columns = [column for column in incidents.columns if column != "geometry"]
        extras = [column for column in columns if column not in COLUMNS]
        title = parse_metadata(documents.get(META_FILE, b"").decode("utf-8")).given_title
        with self._connection() as connection:
            # The loser of a race waits here, then sees the winner's row below.
            _take_turns(connection, name)
            before = connection.execute("SELECT versions FROM datasets WHERE name = %s", (name,)).fetchone()
            if before and not replace:
                raise LoadError(f"a dataset named '{name}' exists already (replace it explicitly)")
            latest = before[0] if before else 0
            if replace and latest != save.base:
                raise Superseded(name, save.base, latest)
            number = latest + 1
            if before:
                connection.execute(
                    "UPDATE datasets SET title = %s, incidents = %s, versions = %s, columns = %s WHERE name = %s",
                    (title, len(incidents), number, columns, name),
                )
            else:
                connection.execute(
                    "INSERT INTO datasets (name, title, incidents, versions, version, columns, incidents_sha256)"
                    " VALUES (%s, %s, %s, %s, 0, %s, '')",
                    (name, title, len(incidents), number, columns),
                )
            digest = _write_incidents(connection, name, number, incidents, extras)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO dataset_documents (dataset, version, name, content, sha256)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    [
                        (name, number, file, content, hashlib.sha256(content).hexdigest())
                        for file, content in documents.items()
                    ],
                )
            at = connection.execute("SELECT now()").fetchone()[0]
            line = save.version(number, at)
            connection.execute(
                "INSERT INTO dataset_versions (dataset, version, at, author, reason, action, added, changed, removed,"
                " incidents, columns, incidents_sha256) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (name, *astuple(line), len(incidents), columns, digest),
            )
            _append(connection, save.entry(name, number, at))
            stamp = connection.execute("UPDATE atlas_state SET stamp = stamp + 1 RETURNING stamp").fetchone()[0]
            connection.execute(
                "UPDATE datasets SET version = %s, incidents_sha256 = %s, updated = %s WHERE name = %s",
                (stamp, digest, at, name),
            )
        return number

    def delete(self, name: str, by: str, reason: str) -> None:
        with self._connection() as connection:
            _take_turns(connection, name)
            gone = connection.execute("DELETE FROM datasets WHERE name = %s RETURNING name", (name,)).fetchone()
            if gone is None:
                raise MissingDataset(name, self.where)
            connection.execute("DELETE FROM incidents WHERE dataset = %s", (name,))
            at = connection.execute("SELECT now()").fetchone()[0]
            _append(connection, AuditEntry(at, by, "delete", name, None, (), {}, {}, reason))
            connection.execute("UPDATE atlas_state SET stamp = stamp + 1")

    def audit(self, dataset: str | None = None) -> list[AuditEntry]:
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT at, author, action, dataset, version, records, before, after, reason FROM audit"
                " WHERE %(dataset)s::text IS NULL OR dataset = %(dataset)s ORDER BY at",
                {"dataset": dataset},
            ).fetchall()
        return [
            AuditEntry(at.isoformat(timespec="seconds"), by, action, name, version, tuple(records), *rest)
            for at, by, action, name, version, records, *rest in rows
        ]

    def log(self, entry: AuditEntry) -> None:
        with self._connection() as connection:
            _append(connection, entry)


def _append(connection: psycopg.Connection, entry: AuditEntry) -> None:
    """One audit row; its time is the transaction's, unless the entry brings its own."""
    connection.execute(
        "INSERT INTO audit (at, author, action, dataset, version, records, before, after, reason)"
        " VALUES (coalesce(%s::timestamptz, clock_timestamp()), %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            entry.at or None,
            entry.by,
            entry.action,
            entry.dataset,
            entry.version,
            list(entry.records),
            Jsonb(entry.before),
            Jsonb(entry.after),
            entry.reason,
        ),
    )


def _take_turns(connection: psycopg.Connection, name: str) -> None:
    """Writers of one name take turns, until their transaction ends."""
    connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"dataset:{name}",))


def _write_incidents(
    connection: psycopg.Connection, name: str, version: int, incidents: pd.DataFrame, extras: list[str]
) -> str:
    """COPY the incidents in blocks of CSV; returns the SHA-256 of all that was sent."""
    columns = ["dataset", "version", *COLUMNS, "extra"]
    statement = sql.SQL("COPY incidents ({}) FROM STDIN (FORMAT csv)").format(
        sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    digest = hashlib.sha256()
    schema = pa.schema([("dataset", pa.string()), ("version", pa.int32()), *COLUMNS.items(), ("extra", pa.string())])
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for start in range(0, len(incidents), BLOCK_ROWS):
            block = incidents.iloc[start : start + BLOCK_ROWS]
            extra = (
                block[extras].astype("str").where(block[extras].notna()).to_json(orient="records", lines=True)
                if extras
                else ""
            )
            table = pa.table(
                {
                    "dataset": pa.array([name] * len(block), pa.string()),
                    "version": pa.array(np.full(len(block), version, dtype="int32")),
                    **{column: pa.array(block[column], kind, from_pandas=True) for column, kind in COLUMNS.items()},
                    "extra": pa.array(extra.splitlines() if extras else [None] * len(block), pa.string()),
                },
                schema=schema,
            )
            buffer = io.BytesIO()
            pyarrow.csv.write_csv(table, buffer, pyarrow.csv.WriteOptions(include_header=False))
            data = buffer.getvalue()
            digest.update(data)
            copy.write(data)
    return digest.hexdigest()


class _CopyReader(io.RawIOBase):
    """A COPY TO STDOUT as a file Arrow's CSV reader can read, block by block."""

    def __init__(self, copy: psycopg.Copy) -> None:
        self._copy = copy
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            block = self._copy.read()
            if not block:
                return 0
            self._pending = memoryview(block)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _read_incidents(connection: psycopg.Connection, name: str, version: int, columns: list[str]) -> pd.DataFrame:
    """The dataset's incidents, every column in the order it was saved and the rows by row number,
    through one COPY parsed by Arrow. The rows come as the table holds them and are put in order
    here: ordering them in the database, by its index, took a third of the time."""
    selected = [
        sql.Identifier(column) if column in COLUMNS else sql.SQL("extra ->> {}").format(sql.Literal(column))
        for column in columns
    ]
    statement = sql.SQL("COPY (SELECT {} FROM incidents WHERE dataset = %s AND version = %s) TO STDOUT (FORMAT csv)")
    # Arrow reads the columns by position: names of its own, as a saved name may be anything.
    names = [f"c{position}" for position in range(len(columns))]
    types = {key: COLUMNS.get(column, pa.string()) for key, column in zip(names, columns, strict=True)}
    with (
        connection.cursor() as cursor,
        cursor.copy(statement.format(sql.SQL(", ").join(selected)), (name, version)) as copy,
    ):
        table = pyarrow.csv.read_csv(
            io.BufferedReader(_CopyReader(copy), buffer_size=1 << 20),
            read_options=pyarrow.csv.ReadOptions(column_names=names, block_size=64 << 20),
            parse_options=pyarrow.csv.ParseOptions(newlines_in_values=True),
            convert_options=pyarrow.csv.ConvertOptions(
                column_types=types,
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
                true_values=["t"],
                false_values=["f"],
            ),
        )
    rows = table.column(columns.index("row")).to_numpy()
    order = None if (rows[1:] > rows[:-1]).all() else np.argsort(rows, kind="stable")
    # Column by column, each in one piece (as a GeoParquet column reads: string operations on a column
    # of many small chunks were a fifth slower), each freed from the table once converted.
    pool = pa.default_memory_pool()
    frame = {}
    for label in columns:
        column = table.column(0).combine_chunks() if order is None else table.column(0).take(order).combine_chunks()
        table = table.remove_column(0)
        frame[label] = column.to_pandas()
        del column
        pool.release_unused()
    frame = pd.DataFrame(frame)
    # What the parse's threads freed is handed back only now (40-50 MB at a million rows).
    pool.release_unused()
    return frame
