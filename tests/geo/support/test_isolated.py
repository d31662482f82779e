"""Work in a child process: its answer, its errors, its end, its memory cap."""

import multiprocessing
import os
import signal
import time

import pytest

from geo.support.isolated import ChildFailed, isolated

MB = 1024 * 1024


def _pid_and(value):
    return os.getpid(), value


def _refuse(message):
    raise ValueError(message)


def _allocate(megabytes):
    return len(bytearray(megabytes * MB))


class _Unpicklable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.callback = lambda: None


def _refuse_oddly(message):
    raise _Unpicklable(message)


def _stopped_then_sleep(seconds):
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(seconds)
    return "went on"


def _sleep(seconds):
    time.sleep(seconds)


def test_the_answer_comes_from_another_process():
    with isolated(_pid_and, "text", memory=256 * MB, seconds=60) as answer:
        pid, value = answer()
    assert (pid != os.getpid(), value) == (True, "text")


def test_what_the_work_raises_is_raised_here():
    with (
        isolated(_refuse, "no such sheet", memory=256 * MB, seconds=60) as answer,
        pytest.raises(ValueError, match="no such sheet"),
    ):
        answer()


def test_an_error_that_cannot_travel_arrives_as_its_message():
    with (
        isolated(_refuse_oddly, "sheet two is damaged", memory=256 * MB, seconds=60) as answer,
        pytest.raises(RuntimeError, match="sheet two is damaged"),
    ):
        answer()


def test_an_abort_ends_the_child_only():
    with isolated(os.abort, memory=256 * MB, seconds=60) as answer, pytest.raises(ChildFailed) as failure:
        answer()
    assert failure.value.reason == "SIGABRT"


def test_memory_beyond_the_cap_is_refused_to_the_child_and_within_it_given():
    with isolated(_allocate, 512, memory=256 * MB, seconds=60) as answer, pytest.raises(MemoryError):
        answer()
    with isolated(_allocate, 64, memory=256 * MB, seconds=60) as answer:
        assert answer() == 64 * MB


def test_leaving_early_stops_the_child():
    started = time.perf_counter()
    with isolated(_sleep, 60, memory=256 * MB, seconds=60):
        pass
    assert multiprocessing.active_children() == []
    assert time.perf_counter() - started < 30


def test_a_child_that_gives_no_answer_in_time_is_given_up_on_and_stopped():
    with (
        isolated(_sleep, 60, memory=256 * MB, seconds=0.5) as answer,
        pytest.raises(ChildFailed, match="none within 0.5 s"),
    ):
        answer()
    assert multiprocessing.active_children() == []


def test_a_stop_ends_the_child_whatever_the_parent_does_with_one():
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with (
            isolated(_stopped_then_sleep, 1, memory=256 * MB, seconds=60) as answer,
            pytest.raises(ChildFailed) as failure,
        ):
            answer()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert failure.value.reason == "SIGTERM"
