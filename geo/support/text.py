"""Text from the data, made safe to compare and to show: two spellings that look alike are one value,
and nothing readers get can reorder or hide what it says.

Unicode lets a title look like one thing and be another: right-to-left overrides reorder what follows
them ("Trojan Source"), zero-width and other format characters make ``theft`` and ``the\u200bft``
two crime types, full-width letters make ``ｔｈｅｆｔ`` a third. Values are compared after NFKC with
those characters removed; reader outputs carry none of the controls.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pyarrow as pa
import pyarrow.compute

# Format characters (Unicode category Cf) and fillers that draw nothing: the bidirectional embeddings,
# overrides and isolates, zero-width spaces, the word joiner, the soft hyphen, the byte-order mark.
# Zero-width joiner and non-joiner stay in reader text: scripts such as Persian and emoji need them.
_CONTROLS = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad"
_READER_CONTROLS = re.compile(f"[{_CONTROLS}]")
_INVISIBLE = re.compile(f"[{_CONTROLS}\u200c\u200d\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f]")


def folded(value: str) -> str:
    """The value as compared: NFKC (full-width and other compatibility forms become plain ones),
    with invisible characters removed."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", value))


def for_readers(value: str) -> str:
    """Text as it may reach readers: without direction or format controls."""
    return _READER_CONTROLS.sub("", value)


def columns_for_readers(frame: pd.DataFrame) -> pd.DataFrame:
    """``for_readers`` on every text column, done by Arrow and only where a control occurs (a
    million clean titles pass untouched)."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if not (column.dtype == object or isinstance(column.dtype, pd.StringDtype)):
            continue
        try:
            cells = pa.array(column.array, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            continue  # not text (lists, numbers kept as objects)
        if not pa.types.is_string(cells.type) and not pa.types.is_large_string(cells.type):
            continue
        if pa.compute.any(pa.compute.match_substring_regex(cells, _READER_CONTROLS.pattern)).as_py():
            cleaned = pa.compute.replace_substring_regex(cells, _READER_CONTROLS.pattern, "")
            changed[name] = pd.Series(cleaned.to_pandas(), index=frame.index).astype(column.dtype)
    return frame.assign(**changed) if changed else frame


# Cells a spreadsheet would run as a formula (OWASP's list), unless the cell is just a number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """A leading quote before anything a spreadsheet would run as a formula, at the start of the cell
    and after every line break inside it (a bare carriage return starts a new row in some of them)."""
    if not isinstance(value, str) or _PLAIN_NUMBER.match(value):
        return value
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("'" + line if line.startswith(_FORMULA_START) else line for line in lines)
