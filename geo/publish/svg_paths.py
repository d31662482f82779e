"""Path data and the places of repeated shapes (``<use>``) in a picture's SVG, written as a
hand-made SVG would be: to a tenth of a point, and each line's points as steps from the one before
(``l``), which need three or four characters where matplotlib writes a command and two six-decimal
coordinates on a line of their own.

Moves and curves stay absolute, so a step never depends on where a closed ring ended. The points
are rounded first and the steps taken between rounded points, so no error adds up along a border.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

_PATH_DATA = re.compile(r'(?<=\sd=")[^"]*')
_PLACE = re.compile(r'(<use [^>]*?\s[xy]=")([^"]*)"(?:\s+([xy])="([^"]*)")?')
_COMMAND = re.compile(r"[MLQCZz]")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Numbers a command takes, as matplotlib writes them (absolute, upper case; z closes a ring).
_ARITY = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0, "z": 0}


@lru_cache(maxsize=4096)
def _number(tenths: int) -> str:
    """``tenths`` tenths, shortest: 12 -> "1.2", -5 -> "-.5", 30 -> "3"."""
    whole, tenth = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _after(text: str) -> str:
    """``text`` written after a number: a minus sign separates them as well as a space does."""
    return text if text[0] == "-" else " " + text


def _joined(numbers: list[str]) -> str:
    return numbers[0] + "".join(_after(number) for number in numbers[1:])


def compact_path(data: str) -> str:
    """One path's data (matplotlib's M, L, Q, C and z, absolute), compact and drawing the same."""
    commands = _COMMAND.findall(data)
    tenths = np.rint(np.array(_NUMBER.findall(data), dtype=float) * 10).astype(np.int64).tolist()
    parts: list[str] = []
    x = y = 0
    start = (0, 0)
    stepping = False  # the last thing written was a step, so the next needs no letter
    i = 0
    for command in commands:
        if command == "L":
            step = _number(tenths[i] - x) + _after(_number(tenths[i + 1] - y))
            parts.append(_after(step) if stepping else "l" + step)
            stepping = True
        elif command in "Zz":  # closing a ring goes back to where it started
            parts.append("z")
            x, y = start
            stepping = False
            continue
        else:
            parts.append(command + _joined([_number(n) for n in tenths[i : i + _ARITY[command]]]))
            stepping = False
        i += _ARITY[command]
        x, y = tenths[i - 2], tenths[i - 1]
        if command == "M":
            start = (x, y)
    return "".join(parts)


def _place(use: re.Match) -> str:
    opening, first, other, second = use.groups()
    place = f'{opening}{_number(round(float(first) * 10))}"'
    return place + (f' {other}="{_number(round(float(second) * 10))}"' if other else "")


def compact_paths(svg: str) -> str:
    """Every path's data and every repeated shape's place in ``svg`` compact; nothing else (text
    keeps every digit)."""
    return _PLACE.sub(_place, _PATH_DATA.sub(lambda data: compact_path(data[0]), svg))
