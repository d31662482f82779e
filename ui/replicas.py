"""``serve --replicas N``: the app as N processes behind one address.

One Python process runs every session's script on one core at a time, so on a machine with more
cores a burst of sessions asking for views nobody has asked for yet queues on it (``bench/README.md``,
the 61,000 load). Here each replica is the app on a port of this computer, and HAProxy (Debian's
``haproxy``) answers on the app's address and port. It sends each new browser to the replica with
the fewest connections and keeps it there with a cookie: a session's websocket, its uploads and its
downloads live in that replica's memory. The replicas share one cookie secret, as Streamlit asks of
replicas (with sign-in, the secrets' ``[auth]`` secret signs the login for all of them), and one
store, whose caches follow its version stamp. A replica
that stops is started again, and HAProxy sends no one to it until it answers its health check;
HAProxy itself is started again too.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from geo.support.access import FRONT_ADDRESS
from geo.support.logs import REPLICA, configure_app, streamlit_format
from ui.processes import LOCAL_ADDRESS, free_port, option_values, stop, wait_until_serving, without

COOKIE = "atlas-replica"
# HAProxy's binary, where it is not on the PATH or in the system folders Debian installs it in.
HAPROXY_SETTING = "INCIDENT_ATLAS_HAPROXY"
# Streamlit's format for its own log lines, as its environment variable.
STREAMLIT_LOG_FORMAT = "STREAMLIT_LOGGER_MESSAGE_FORMAT"
START_S = 120.0
FRONT_START_S = 10.0
# A replica that stops within this long of starting is started again only after a pause, doubling up
# to a minute, so one that cannot start does not spin.
STEADY_S = 30.0
log = logging.getLogger("incident_atlas")


class ReplicaError(Exception):
    """``--replicas`` cannot be honoured: its value or the front's options, HAProxy missing, the port
    taken, or a process that never answers."""


@dataclass(frozen=True)
class Front:
    """Where readers reach the app: the address HAProxy binds (empty: every interface) and its port,
    and Streamlit's base path, under which the health check answers."""

    address: str
    port: int
    base_path: str = ""

    @property
    def bind(self) -> str:
        host = self.address.strip("[]")
        return f"ipv6@{host}:{self.port}" if ":" in host else f"{host}:{self.port}"

    @property
    def base(self) -> str:
        """The base path as a URL's start: empty, or ``/news/atlas``."""
        base = self.base_path.strip("/")
        return f"/{base}" if base else ""

    @property
    def probe(self) -> str:
        """Where this computer reaches the front (every interface includes this computer's)."""
        host = self.address.strip("[]") or LOCAL_ADDRESS
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}{self.base}"

    @property
    def url(self) -> str:
        host = self.address.strip("[]") or "0.0.0.0"
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}{self.base}/"


def replica_count(argv: list[str], cores: int | None = None) -> int:
    """How many replicas ``--replicas`` asks for (1 without it): a whole number, or ``auto`` for
    one per core."""
    given = option_values(argv, "--replicas")
    if not given:
        return 1
    if given[-1] == "auto":
        return max(1, cores or os.cpu_count() or 1)
    try:
        count = int(given[-1])
    except ValueError:
        count = 0
    if not 1 <= count <= 64:
        raise ReplicaError(f"--replicas takes a whole number from 1 to 64, or auto; got {given[-1]!r}")
    return count


def front_of(settings: list[str]) -> Front:
    """The front from the options Streamlit would be started with (the app's settings, then the
    command line's: the last value wins, as in Streamlit)."""
    ports = option_values(settings, "--server.port")
    addresses = option_values(settings, "--server.address")
    base = option_values(settings, "--server.baseUrlPath")
    try:
        port = int(ports[-1]) if ports else 8501
    except ValueError:
        raise ReplicaError(f"--server.port takes a port number; got {ports[-1]!r}") from None
    front = Front(addresses[-1] if addresses else "", port, base[-1] if base else "")
    if any(char.isspace() for char in front.address + front.base_path):
        raise ReplicaError("--server.address and --server.baseUrlPath cannot contain spaces")
    return front


def balancer_config(front: Front, ports: list[int]) -> str:
    """HAProxy's configuration: the front, and one server line per replica, each health-checked."""
    servers = "".join(
        f"    server r{number} {LOCAL_ADDRESS}:{port} cookie r{number}\n" for number, port in enumerate(ports, 1)
    )
    # HAProxy in the foreground says on stderr when a replica goes down or comes back; no line per request.
    return f"""global
    # A second server started on the same port is refused, not handed half the browsers.
    noreuseport

defaults
    mode http
    timeout connect 5s
    timeout http-request 30s
    timeout client 60s
    # Uploads of up to the app's limit and the snapshots it builds for download.
    timeout server 10m
    # An open session: its websocket, kept alive by Streamlit's pings.
    timeout tunnel 1h
    timeout client-fin 30s

frontend atlas
    bind {front.bind}
    default_backend replicas

backend replicas
    balance leastconn
    cookie {COOKIE} insert indirect nocache httponly attr SameSite=Lax
    option httpchk GET {front.base}/_stcore/health
    http-check expect status 200
    # A replica gone (killed, restarting): the request goes to another, even on a kept-alive
    # connection that turns out dead.
    option redispatch
    retries 2
    retry-on conn-failure empty-response junk-response
    default-server check inter 2s fall 2 rise 1
{servers}"""


def haproxy_command(environ: dict[str, str], system: tuple[str, ...] = ("/usr/sbin", "/usr/local/sbin")) -> str:
    """HAProxy's binary: the one the setting names, else on the PATH or in ``/usr/sbin`` (Debian's
    place, not on an ordinary account's PATH)."""
    if HAPROXY_SETTING in environ:
        named = environ[HAPROXY_SETTING]
        if not os.access(named, os.X_OK) or Path(named).is_dir():
            raise ReplicaError(f"{HAPROXY_SETTING} names {named}, which is not a program this account can run")
        return named
    found = shutil.which("haproxy", path=os.pathsep.join([environ.get("PATH", ""), *system]))
    if found is None:
        raise ReplicaError("--replicas needs HAProxy in front of the replicas (Debian: apt-get install haproxy)")
    return found


def refuse_taken_port(front: Front) -> None:
    """Stop before starting anything if the front's port is taken, as Streamlit alone would."""
    host = front.address.strip("[]") or "0.0.0.0"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        # As servers bind: connections of a server just stopped, waiting out their close, do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, front.port))
        except OSError as error:
            raise ReplicaError(f"port {front.port} on {host} is not free ({error.strerror})") from None


def replica_args(argv: list[str], port: int) -> list[str]:
    """A replica's command line: the given options, but its own port on this computer."""
    rest = without(without(without(argv, "--replicas"), "--server.port"), "--server.address")
    return [*rest, f"--server.port={port}", f"--server.address={LOCAL_ADDRESS}"]


def replica_environment(front: Front, environ: dict[str, str]) -> dict[str, str]:
    """The replicas' environment: the front's address, and one cookie secret for all of them
    (unless one is configured already: ``--server.cookieSecret`` on the command line wins)."""
    shared = {FRONT_ADDRESS: front.address}
    if "STREAMLIT_SERVER_COOKIE_SECRET" not in environ:
        shared["STREAMLIT_SERVER_COOKIE_SECRET"] = secrets.token_hex(32)
    return {**environ, **shared}


class _Watched:
    """A process of the arrangement, started again whenever it stops."""

    def __init__(
        self,
        label: str,
        command: list[str],
        environment: dict[str, str] | None = None,
        quiet: bool = False,
        port: int = 0,
    ):
        self.label, self.command, self.environment, self.quiet, self.port = label, command, environment, quiet, port
        self.pause = 1.0
        self.start()

    def start(self) -> None:
        # In this folder, as the app alone would be: Streamlit reads ./.streamlit/secrets.toml.
        # A replica's banner names its own port (``quiet``); every log (stderr) stays.
        self.process = subprocess.Popen(
            self.command, env=self.environment, stdout=subprocess.DEVNULL if self.quiet else None
        )
        self.started = time.monotonic()

    def restart_if_stopped(self) -> None:
        code = self.process.poll()
        if code is None:
            if time.monotonic() - self.started > STEADY_S:
                self.pause = 1.0
            return
        log.warning("%s stopped with code %s; starting it again", self.label, code)
        if time.monotonic() - self.started < STEADY_S:
            time.sleep(self.pause)
            self.pause = min(60.0, self.pause * 2)
        self.start()


def _replica(number: int, argv: list[str], environment: dict[str, str]) -> _Watched:
    port = free_port()
    command = [sys.executable, "-m", "ui.serve", *replica_args(argv, port)]
    # A format set for Streamlit's lines already (the environment) is kept; the command line's wins anyway.
    own = {STREAMLIT_LOG_FORMAT: streamlit_format(number), **environment, REPLICA: str(number)}
    return _Watched(f"replica {number} (port {port})", command, own, quiet=True, port=port)


def serve_replicas(count: int, argv: list[str], settings: list[str]) -> int:
    """Start ``count`` replicas and HAProxy in front, and start again any that stops, until this
    process is stopped (Ctrl-C, SIGTERM). ``settings`` are the options the app would start with alone."""
    configure_app()
    haproxy = haproxy_command(dict(os.environ))
    front = front_of(settings)
    refuse_taken_port(front)
    environment = replica_environment(front, dict(os.environ))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    watched: list[_Watched] = []
    try:
        replicas = [_replica(number, argv, environment) for number in range(1, count + 1)]
        watched += replicas
        for number, replica in enumerate(replicas, 1):
            if not wait_until_serving(f"http://{LOCAL_ADDRESS}:{replica.port}{front.base}", START_S):
                raise ReplicaError(f"replica {number} did not answer within {START_S:.0f} s (see its log)")
        with tempfile.TemporaryDirectory(prefix="incident-atlas-") as folder:
            config = Path(folder) / "haproxy.cfg"
            config.write_text(balancer_config(front, [replica.port for replica in replicas]), encoding="utf-8")
            balancer = _Watched("HAProxy", [haproxy, "-f", str(config), "-db"])
            watched.append(balancer)
            if not wait_until_serving(front.probe, FRONT_START_S):
                raise ReplicaError(f"HAProxy did not answer at {front.url} (see its message above)")
            print(f"Serving {count} replicas behind HAProxy at {front.url}", file=sys.stderr)
            while True:
                time.sleep(1)
                for process in watched:
                    process.restart_if_stopped()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in reversed(watched):  # HAProxy first: no browser is sent to a stopping replica
            if process.process.poll() is None:
                stop(process.process)
