"""The package as a newsroom installs it: the wheel built from this checkout, installed into an
empty virtual environment whose dependencies come from this one (a ``.pth`` file), so no package
index is needed and the project's own files come only from the wheel; and ``incident-atlas`` run
from an empty folder, with a home of its own and none of the tests' settings."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path

from geo.support.paths import ROOT


def virtual_env(folder: Path) -> Path:
    """A virtual environment whose only packages beyond the standard library are this one's."""
    venv.create(folder, with_pip=False)
    site = next((folder / "lib").glob("python3*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return folder / "bin"


def pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q", *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def build_wheel(out: Path) -> Path:
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT))
    return next(out.glob("incident_atlas-*.whl"))


def install(wheel: Path, folder: Path) -> Path:
    """The environment's bin folder, with the wheel installed."""
    bin_dir = virtual_env(folder)
    pip("--python", str(bin_dir / "python"), "install", "--no-deps", str(wheel))
    return bin_dir


@dataclass
class Installed:
    """``incident-atlas`` of an installed wheel, run from ``work`` with ``home`` as its home."""

    program: str
    work: Path
    home: Path

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("INCIDENT_ATLAS_", "PYTHON"))}
        return env | {
            "HOME": str(self.home),
            "XDG_DATA_HOME": "",
            "XDG_CACHE_HOME": "",
            "INCIDENT_ATLAS_DATABASE_URL": "",
        }

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([self.program, *args], cwd=self.work, env=self.env, capture_output=True, text=True)
        assert not check or done.returncode == 0, done.stderr
        return done


def installed_command(bin_dir: Path, folder: Path) -> Installed:
    (folder / "work").mkdir()
    return Installed(str(bin_dir / "incident-atlas"), folder / "work", folder / "home")
