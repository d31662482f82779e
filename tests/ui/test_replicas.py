"""``serve --replicas N``: the options each replica and HAProxy get, checked by HAProxy itself, and
the whole arrangement run: browsers spread and kept, a replica killed and started again, nothing
left behind when it stops."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo.support.access import FRONT_ADDRESS
from geo.support.logs import REPLICA
from geo.support.paths import ROOT
from ui.processes import descendants, free_port, stop, wait_until_serving
from ui.replicas import (
    COOKIE,
    HAPROXY_SETTING,
    Front,
    ReplicaError,
    balancer_config,
    front_of,
    haproxy_command,
    refuse_taken_port,
    replica_args,
    replica_count,
    replica_environment,
)


def test_the_count_is_a_whole_number_or_one_per_core():
    assert replica_count(["--server.port", "8501"]) == 1
    assert replica_count(["--replicas", "3"]) == 3
    assert replica_count(["--replicas=2", "--replicas=4"]) == 4  # the last wins, as Streamlit's options do
    assert replica_count(["--replicas", "auto"], cores=6) == 6
    for wrong in ("0", "-1", "two", "65", "1.5"):
        with pytest.raises(ReplicaError, match="whole number"):
            replica_count(["--replicas", wrong])


def test_each_replica_answers_on_its_own_port_of_this_computer_with_every_other_option():
    given = ["--replicas", "2", "--server.port", "8501", "--server.address=0.0.0.0", "--theme.base", "dark"]
    assert replica_args(given, 40001) == [
        "--theme.base",
        "dark",
        "--server.port=40001",
        "--server.address=127.0.0.1",
    ]


def test_the_front_is_where_streamlit_alone_would_answer():
    shipped = ["--server.port=8501", "--server.headless=true"]
    assert front_of(shipped) == Front("", 8501)
    assert front_of([*shipped, "--server.port", "9000", "--server.address=127.0.0.1"]) == Front("127.0.0.1", 9000)
    assert front_of(["--server.baseUrlPath=/news/atlas/"]).base == "/news/atlas"
    assert Front("::1", 8600).bind == "ipv6@::1:8600" and Front("", 8600).bind == ":8600"
    with pytest.raises(ReplicaError, match="port number; got 'eighty'"):
        front_of(["--server.port", "eighty"])
    with pytest.raises(ReplicaError, match="spaces"):
        front_of(["--server.address", "127.0.0.1\n    bind :80"])


def test_every_replica_shares_one_cookie_secret_unless_one_is_set():
    environment = replica_environment(Front("0.0.0.0", 8501), {"PATH": "/usr/bin"})
    assert len(environment["STREAMLIT_SERVER_COOKIE_SECRET"]) == 64 and environment[FRONT_ADDRESS] == "0.0.0.0"
    assert replica_environment(Front("", 8501), {"PATH": "/usr/bin"}) != environment  # a new one per start
    given = replica_environment(Front("", 8501), {"STREAMLIT_SERVER_COOKIE_SECRET": "ours"})
    assert given["STREAMLIT_SERVER_COOKIE_SECRET"] == "ours"


@pytest.mark.parametrize(
    "front", [Front("", 8501), Front("127.0.0.1", 8600), Front("::1", 8600), Front("", 8501, "/news/atlas")]
)
def test_haproxy_accepts_the_configuration(tmp_path, front):
    config = tmp_path / "haproxy.cfg"
    config.write_text(balancer_config(front, [40001, 40002, 40003]), encoding="utf-8")
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr
    text = config.read_text()
    assert [line.split()[2] for line in text.splitlines() if line.strip().startswith("server ")] == [
        "127.0.0.1:40001",
        "127.0.0.1:40002",
        "127.0.0.1:40003",
    ]
    assert f"GET {front.base}/_stcore/health" in text


def test_a_taken_port_is_refused_before_anything_starts():
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers (uvicorn, HAProxy) bind
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ReplicaError, match=f"port {port} on 127.0.0.1 is not free"):
            refuse_taken_port(Front("127.0.0.1", port))
        # A server stopped after answering a browser leaves its side of the connection waiting out
        # its close: the port is free for the next server all the same.
        browser = socket.create_connection(("127.0.0.1", port))
        answered, _ = taken.accept()
        answered.close()
        browser.close()
    refuse_taken_port(Front("127.0.0.1", port))
    refuse_taken_port(Front("127.0.0.1", free_port()))


@pytest.mark.process
def test_a_second_haproxy_on_the_same_port_is_refused(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(balancer_config(Front("127.0.0.1", free_port()), [free_port()]), encoding="utf-8")
    first = subprocess.Popen(["haproxy", "-f", str(config), "-db"], stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1)
        assert first.poll() is None
        second = subprocess.run(["haproxy", "-f", str(config), "-db"], capture_output=True, text=True, timeout=30)
        assert second.returncode != 0 and "cannot bind socket" in second.stderr
    finally:
        stop(first)


def _children(supervisor: subprocess.Popen, program: str) -> list[int]:
    """The supervisor's processes running ``program`` (a word of their command line)."""
    return [pid for pid, command in descendants(supervisor.pid).items() if any(program in arg for arg in command)]


def _replicas(supervisor: subprocess.Popen) -> dict[int, int]:
    """The supervisor's replicas now running: port -> process id."""
    found = {}
    for pid, command in descendants(supervisor.pid).items():
        ports = [arg.partition("=")[2] for arg in command if arg.startswith("--server.port=")]
        if ports and "ui.serve" in command:
            found[int(ports[-1])] = pid
    return found


def _replica_cookie(url: str) -> str:
    """Which replica HAProxy sends a new browser (no cookie yet) to."""
    with urllib.request.urlopen(url, timeout=10) as response:
        cookie = response.headers["Set-Cookie"]
    return cookie.split(";")[0].partition("=")[2]


@pytest.mark.process
def test_replicas_behind_haproxy_spread_browsers_and_a_killed_replica_or_haproxy_is_started_again(tmp_path):
    port = free_port()
    supervisor = subprocess.Popen(
        # Streamlit logs its server's start only at debug level.
        [sys.executable, "-m", "ui.serve", "--replicas", "2", "--server.port", str(port), "--logger.level=debug"],
        cwd=ROOT,
        env={**os.environ, "INCIDENT_ATLAS_DATASETS": str(tmp_path / "datasets")},
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_serving(url, 120), (tmp_path / "serve.log").read_text()
        replicas = _replicas(supervisor)
        assert len(replicas) == 2 and port not in replicas
        # Each replica's log lines say which replica wrote them (``geo.support.logs``).
        tags = {
            line
            for pid in replicas.values()
            for line in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            if line.startswith(REPLICA.encode())
        }
        assert tags == {f"{REPLICA}=1".encode(), f"{REPLICA}=2".encode()}
        # Streamlit's own lines say so too: its server's start, once per replica.
        started = [line for line in (tmp_path / "serve.log").read_text().splitlines() if "uvicorn runner on" in line]
        assert sorted(re.search(r"\[replica \d\]", line).group() for line in started) == ["[replica 1]", "[replica 2]"]
        # New browsers are spread over both; a browser with its cookie is not given another.
        assert {_replica_cookie(f"{url}/") for _ in range(4)} == {"r1", "r2"}
        kept = urllib.request.Request(f"{url}/", headers={"Cookie": f"{COOKIE}=r2"})
        with urllib.request.urlopen(kept, timeout=10) as response:
            assert response.status == 200 and response.headers["Set-Cookie"] is None

        killed_port, killed = sorted(replicas.items())[0]
        os.kill(killed, signal.SIGKILL)
        # At once, before HAProxy's health check has noticed: every request is answered by the other.
        for _ in range(10):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
                assert response.status == 200
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _replicas(supervisor).get(killed_port) in (None, killed):
            time.sleep(0.5)
        assert _replicas(supervisor).get(killed_port) not in (None, killed), "the replica was not started again"
        assert wait_until_serving(f"http://127.0.0.1:{killed_port}", 90)
        assert f"(port {killed_port}) stopped with code -9; starting it again" in (tmp_path / "serve.log").read_text()

        # HAProxy killed: started again, and the app answers at its address once more.
        balancer = _children(supervisor, "haproxy")
        assert len(balancer) == 1
        os.kill(balancer[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _children(supervisor, "haproxy") in ([], balancer):
            time.sleep(0.5)
        assert wait_until_serving(url, 30)
        assert "HAProxy stopped with code -9; starting it again" in (tmp_path / "serve.log").read_text()

        running = _replicas(supervisor)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=30) == 0
        for pid in running.values():
            assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        assert not wait_until_serving(url, 2)
    finally:
        if supervisor.poll() is None:
            stop(supervisor)
    log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in log


def test_haproxy_is_found_where_debian_puts_it_or_where_the_setting_says(tmp_path):
    assert haproxy_command({"PATH": str(tmp_path)}) == shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    with pytest.raises(ReplicaError, match="apt-get install haproxy"):
        haproxy_command({"PATH": str(tmp_path)}, system=())
    with pytest.raises(ReplicaError, match="not a program"):
        haproxy_command({HAPROXY_SETTING: str(tmp_path)})
    own = tmp_path / "haproxy"
    own.write_text("#!/bin/sh\n")
    own.chmod(0o755)
    assert haproxy_command({HAPROXY_SETTING: str(own)}) == str(own)


@pytest.mark.process
def test_without_haproxy_replicas_is_a_clear_error(tmp_path):
    ran = subprocess.run(
        [sys.executable, "-m", "ui.serve", "--replicas", "2"],
        cwd=ROOT,
        env={**os.environ, HAPROXY_SETTING: str(tmp_path / "haproxy")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 1
    assert f"error: {HAPROXY_SETTING} names {tmp_path / 'haproxy'}" in ran.stderr and "Traceback" not in ran.stderr
