"""The README's commands install from the hashed locks: they must hold exactly the pins we chose."""

import re

import pytest

from geo.support.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(text: str) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(text)}


@pytest.mark.parametrize("name", ["requirements", "requirements-dev"])
def test_each_lock_holds_every_pin_of_its_requirements_file_with_hashes(name):
    lock_text = (ROOT / f"{name}.lock").read_text(encoding="utf-8")
    locked = pins(lock_text)
    wanted = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    wanted |= pins((ROOT / f"{name}.txt").read_text(encoding="utf-8"))
    assert {k: locked.get(k) for k in wanted} == wanted, "run bash scripts/lock after changing a pin"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock_text.split("\n", 2)[2])
    unhashed = [entry.split()[0] for entry in entries if "==" in entry and "--hash=sha256:" not in entry]
    assert unhashed == []
