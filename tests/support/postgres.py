"""A throwaway PostgreSQL cluster with PostGIS for the tests: Debian's server, started as the
``postgres`` user in a temporary folder on a free port of 127.0.0.1, stopped and removed at the end.

The cluster has the roles the README describes: ``atlas_owner`` owns the schema (and runs the
migrations), ``atlas_app`` may only read and write rows. Each test gets a database of its own,
copied from a migrated template in a tenth of a second.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

from geo.dataset.migrate import migrate

OWNER_PASSWORD = "owner-" + uuid.uuid4().hex[:12]
APP_PASSWORD = "app-" + uuid.uuid4().hex[:12]
TEMPLATE = "atlas_template"
# What a superuser runs once in a new team database, as the README says: PostGIS, a schema only the
# owner may change, and for the app the right to read and write the rows of every table the owner's
# migrations create, and no more.
DATABASE_SETUP = """
CREATE EXTENSION postgis;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO atlas_owner;
GRANT USAGE ON SCHEMA public TO atlas_app;
ALTER DEFAULT PRIVILEGES FOR ROLE atlas_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO atlas_app;
"""


def _bin_dir() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL's server is not installed: run bash scripts/test, which installs it")
    return versions[-1].parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    socket_dir: Path
    user: str

    def url(self, database: str, role: str = "atlas_app") -> str:
        password = APP_PASSWORD if role == "atlas_app" else OWNER_PASSWORD
        return f"postgresql://{role}:{password}@127.0.0.1:{self.port}/{database}"

    def superuser(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=self.user, dbname=database, autocommit=True
        )

    def new_database(self, migrated: bool = True) -> str:
        """An empty database of its own, set up as the README says (and migrated, unless not)."""
        name = f"atlas_{uuid.uuid4().hex[:10]}"
        with self.superuser() as connection:
            if migrated:
                connection.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER atlas_owner")
                return name
            connection.execute(f"CREATE DATABASE {name} OWNER atlas_owner")
        with self.superuser(name) as connection:
            connection.execute(DATABASE_SETUP)
        return name

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        self._start()

    def pause(self) -> None:
        """Stopped, its files kept: the database is unreachable until ``resume``."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._start()

    def _start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", log, "-w", "start")

    def _run(self, program: str, *args: str) -> None:
        command = [str(_bin_dir() / program), *args]
        if os.geteuid() == 0:
            # The server refuses to run as root: as the postgres user Debian's package creates.
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)


def start_cluster() -> Cluster:
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    folder = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    os.chmod(folder, 0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, user)
    cluster = Cluster(folder, free_port(), folder, user)
    cluster._run(
        "initdb",
        "-D",
        str(folder / "data"),
        "-U",
        user,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    cluster._start()
    with cluster.superuser() as connection:
        connection.execute(f"CREATE ROLE atlas_owner LOGIN PASSWORD '{OWNER_PASSWORD}'")
        connection.execute(f"CREATE ROLE atlas_app LOGIN PASSWORD '{APP_PASSWORD}'")
        connection.execute(f"CREATE DATABASE {TEMPLATE} OWNER atlas_owner")
    with cluster.superuser(TEMPLATE) as connection:
        connection.execute(DATABASE_SETUP)
    migrate(cluster.url(TEMPLATE, "atlas_owner"))
    return cluster
