"""Every log line of the app and the command line says when, how serious and for whom."""

import io
import logging
import os
import re
import subprocess
import sys

import pytest

from geo.__main__ import main
from geo.support.logs import REPLICA, USER, configure_app
from geo.support.paths import ROOT

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) \[(?P<user>[^\]]*)\] (?P<name>[\w.]+): ")


@pytest.fixture
def app_logger():
    """The app's logger without handlers (a page test in this process may have configured it
    already), as it was again afterwards."""
    logger = logging.getLogger("incident_atlas")
    before = (list(logger.handlers), logger.level, logger.propagate)
    logger.handlers.clear()
    yield logger
    logger.handlers[:], logger.level, logger.propagate = before[0], before[1], before[2]


def test_an_app_line_names_its_time_level_and_the_person_signed_in(app_logger):
    stream = io.StringIO()
    configure_app(stream=stream)
    configure_app(stream=stream)  # once per process: a second call adds nothing
    token = USER.set("ana@newsroom.example")
    app_logger.warning("dataset store unavailable")
    USER.reset(token)
    [line] = [found for found in stream.getvalue().splitlines() if "dataset store unavailable" in found]
    found = LINE.match(line)
    assert found and found["level"] == "WARNING" and found["user"] == "ana@newsroom.example"
    assert line.endswith("incident_atlas: dataset store unavailable")


@pytest.mark.parametrize(("replica", "tag"), [("2", "[replica 2] "), ("", ""), ("%(message)s", "")])
def test_each_replicas_lines_say_which_replica_wrote_them(monkeypatch, app_logger, replica, tag):
    monkeypatch.setenv(REPLICA, replica)
    stream = io.StringIO()
    configure_app(stream=stream)
    app_logger.warning("could not load dataset")
    # Only this test's line: a thread another test left running may log to the same logger.
    [line] = [found for found in stream.getvalue().splitlines() if "could not load dataset" in found]
    assert f" WARNING {tag}[-] incident_atlas: could not load dataset" in line


def test_a_command_run_in_process_names_who_ran_it_on_its_own_lines_only(app_logger, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path))
    monkeypatch.delenv("INCIDENT_ATLAS_DATABASE_URL", raising=False)
    stream = io.StringIO()
    configure_app(stream=stream)

    assert main(["delete", "nothing-here", "--reason", "test", "--by", "ed@example.org"]) == 2
    app_logger.warning("after the command")

    [line] = [found for found in stream.getvalue().splitlines() if "after the command" in found]
    assert LINE.match(line)["user"] == "-"
    assert "nothing-here" in capsys.readouterr().err


@pytest.mark.process
def test_a_command_s_debug_lines_name_who_ran_it(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "delete",
            "nothing-here",
            "--reason",
            "test",
            "--by",
            "ed@example.org",
            "--debug",
        ],
        cwd=ROOT,
        env={**os.environ, "INCIDENT_ATLAS_DATASETS": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and "error: no dataset named 'nothing-here'" in done.stderr
    logged = [LINE.match(line) for line in lines if LINE.match(line)]
    assert logged and {found["user"] for found in logged} == {"ed@example.org"}
