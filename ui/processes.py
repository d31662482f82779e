"""The app's server processes from outside: their command lines, a free port, whether one answers,
and stopping one (the server itself, its replicas, the benchmark and the tests)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

LOCAL_ADDRESS = "127.0.0.1"


def option_values(argv: list[str], name: str) -> list[str]:
    """Every value given for an option, as ``--name=value`` or ``--name value``."""
    values = []
    for index, arg in enumerate(argv):
        if arg.startswith(f"{name}="):
            values.append(arg.partition("=")[2])
        elif arg == name and index + 1 < len(argv):
            values.append(argv[index + 1])
    return values


def without(argv: list[str], name: str) -> list[str]:
    """``argv`` with every ``--name=value`` and ``--name value`` taken out."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == name:
            skip = True
        elif not arg.startswith(f"{name}="):
            kept.append(arg)
    return kept


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCAL_ADDRESS, 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, seconds: float) -> bool:
    """Whether the app at ``url`` answered its health check within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def stop(process: subprocess.Popen) -> None:
    """Ask a started process to stop; kill it if it has not within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
