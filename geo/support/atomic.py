"""Files and folders that appear whole or not at all: written beside their target, then renamed.

Caches, imported datasets and snapshots all go through ``replacing``: a reader never sees half a
file, and a writer that fails or is killed leaves at most a hidden temporary behind.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target`` (unique to this writer) that replaces it when the block ends
    without error. Make it a file or a folder; a folder replaces an existing folder."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.partial")
    try:
        yield temporary
        if temporary.is_dir() and target.is_dir():
            retired = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.old")
            target.rename(retired)
            os.replace(temporary, target)
            _remove(retired)
        else:
            os.replace(temporary, target)
    finally:
        if temporary.exists():
            _remove(temporary)


def mid_replacement(target: str | Path) -> bool:
    """Whether a ``replacing`` of the folder ``target`` is under way: the folder it replaces, renamed
    aside, is still beside it. ``target``'s name may be a pattern (``*``: any folder there)."""
    target = Path(target)
    return any(target.parent.glob(f".{target.name}.*.old"))


def write_bytes(target: str | Path, content: bytes) -> Path:
    with replacing(target) as temporary:
        temporary.write_bytes(content)
    return Path(target)


def write_text(target: str | Path, text: str) -> Path:
    return write_bytes(target, text.encode("utf-8"))
