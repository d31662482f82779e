"""Work on an untrusted file in a forked child process whose memory is capped. A native reader that
cannot make an allocation aborts its whole process (calamine does: a 2 KB workbook naming two
far-apart cells asks for 550 GB); in a child, that ends the child and not the server every
newsroom user shares."""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import resource
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any


class ChildFailed(Exception):
    """The child gave no answer: ``reason`` says why (the signal that ended it, or the wait)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the reading process gave no answer: {reason}")
        self.reason = reason


@contextmanager
def isolated(work: Callable[..., Any], *args: Any, memory: int, seconds: float) -> Iterator[Callable[[], Any]]:
    """Start ``work(*args)`` in a child at once, its address space capped at ``memory`` bytes more
    than the parent's; yield a function that waits up to ``seconds`` for its result (what it
    raises, it raises here). The caller may work meanwhile; on leaving, a running child is killed."""
    # Forked: the child starts at once with everything the parent has imported (a fresh
    # interpreter would spend a second importing pandas before any work).
    forking = multiprocessing.get_context("fork")
    receiving, sending = forking.Pipe(duplex=False)
    child = forking.Process(target=_run, args=(sending, memory, work, args), daemon=True)
    child.start()
    sending.close()
    try:
        yield lambda: _answer(receiving, child, seconds)
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()


def _answer(receiving: Connection, child: multiprocessing.Process, seconds: float) -> Any:
    if not receiving.poll(seconds):
        raise ChildFailed(f"none within {seconds:g} s")
    try:
        done, value = receiving.recv()
    except EOFError:
        child.join()
        code = child.exitcode or 0
        raise ChildFailed(signal.Signals(-code).name if code < 0 else f"it exited with status {code}") from None
    if not done:
        raise value
    return value


def _run(sending: Connection, memory: int, work: Callable[..., Any], args: tuple) -> None:
    """In the child: cap memory, work, send the result or the exception back. An abort here is
    expected and the parent reports it, so no stack dump of the parent's threads follows it; and
    an interrupt or a stop ends the child at once, whatever the parent's handlers (a server's
    shutdown, a terminal's Ctrl-C) would have done with it."""
    faulthandler.disable()
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_DFL)
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    ceiling = pages * os.sysconf("SC_PAGE_SIZE") + memory
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))
    try:
        answer = (True, work(*args))
    except Exception as error:  # sent to the parent to raise there; a plain one if it cannot travel
        answer = (False, error if _travels(error) else RuntimeError(str(error).splitlines()[0] if str(error) else ""))
    sending.send(answer)
    sending.close()


def _travels(error: Exception) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return False
    return True
