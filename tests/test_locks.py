"""The README's commands install from the hashed requirements files: compiled from pyproject.toml's
pins, they must hold exactly those pins, each with its hashes."""

import re
import tomllib

import pytest

from geo.support.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def pins(lines: list[str]) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall("\n".join(lines))}


@pytest.mark.parametrize(("name", "extras"), [("requirements", []), ("requirements-dev", ["dev"])])
def test_each_requirements_file_holds_every_pin_of_the_project_with_hashes(name, extras):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra_pins = [pin for extra in extras for pin in project["optional-dependencies"][extra]]
    wanted = pins(project["dependencies"] + extra_pins)
    lock_text = (ROOT / f"{name}.txt").read_text(encoding="utf-8")
    locked = pins(lock_text.splitlines())
    assert {k: locked.get(k) for k in wanted} == wanted, "run bash scripts/lock after changing a pin"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock_text.split("\n", 2)[2])
    unhashed = [entry.split()[0] for entry in entries if "==" in entry and "--hash=sha256:" not in entry]
    assert unhashed == []
