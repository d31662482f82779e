"""The app's server processes from outside: their command lines, a free port, whether one answers,
and stopping one (the server itself, its replicas, the benchmark and the tests)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

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


def descendants(pid: int) -> dict[int, list[str]]:
    """Every process ``pid`` started, and theirs, with its command line (Linux's /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue  # gone while read
    tree, grown = {pid}, True
    while grown:
        found = {child for child, parent in parents.items() if parent in tree} - tree
        tree, grown = tree | found, bool(found)
    commands = {}
    for child in tree - {pid}:
        try:
            commands[child] = Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
    return commands
