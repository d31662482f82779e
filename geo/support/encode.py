"""Text encodings for what reaches the browser: compact, and safe where it is embedded.

Points (incidents, cells, state outlines) travel as Google's encoded polyline (deltas of
fixed-precision integers, five bits a character) in a spatially sorted order, so neighbours differ
by little and cost few characters; styles travel as two characters per incident.
``geo/map/static/atlas.js`` decodes both.

Escaping policy: data reaches a page only as JSON made here. ``<``, ``>`` and ``&`` are escaped so
no ``</script>`` or ``<!--`` can close or open markup, nor can raw line separators end a script
line; in map scripts ``_`` is escaped too (streamlit-folium rewrites ``_xyz`` names in them) and
so are Jinja openers (branca re-renders every element's output as a template).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

_MARKUP_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPES = {**_MARKUP_ESCAPES, "_": "\\u005f"}
# A JSON '{' followed by '{', '%' or '#' can only be inside a string: escape the brace.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def markup_safe_json(value: object, depth: int = 0, sort_keys: bool = False) -> str:
    """JSON that stays inert inside HTML or a script block. Files people read (manifests) are
    indented down to ``depth`` levels, each deeper value on one line: indenting every level made
    json use its Python encoder, a tenth of a 10,000-incident snapshot's time."""
    separators = (",", ":") if depth == 0 else (", ", ": ")
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, sort_keys=sort_keys, separators=separators)
    return _escaped(_layered(value, depth, encoder, ""), _MARKUP_ESCAPES)


def _layered(value: object, depth: int, encoder: json.JSONEncoder, margin: str) -> str:
    if depth == 0 or not isinstance(value, dict | list) or not value:
        return encoder.encode(value)
    inner = margin + "  "
    if isinstance(value, list):
        lines = [inner + _layered(item, depth - 1, encoder, inner) for item in value]
        return "[\n" + ",\n".join(lines) + f"\n{margin}]"
    items = sorted(value.items()) if encoder.sort_keys else value.items()
    lines = [f"{inner}{encoder.encode(_key(key))}: {_layered(item, depth - 1, encoder, inner)}" for key, item in items]
    return "{\n" + ",\n".join(lines) + f"\n{margin}}}"


def _key(key: object) -> str:
    """A key as JSON names it: ``1`` and ``None`` become "1" and "null"."""
    return key if isinstance(key, str) else json.dumps(key)


def _escaped(text: str, escapes: dict[str, str]) -> str:
    """One ``replace`` per character that occurs: five times faster than ``str.translate`` on a
    map's megabytes of JSON, where these characters are rare."""
    for character, escape in escapes.items():
        if character in text:
            text = text.replace(character, escape)
    return text


def script_json(value: object) -> str:
    """Compact JSON for the map's scripts: markup-safe, no ``_``-names, no Jinja delimiters."""
    text = _escaped(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False), _SCRIPT_ESCAPES)
    return _JINJA_OPENER.sub(r"\\u007b", text)


def per_value(values: pd.Series, lookup: Callable[[object], int], missing: int = 0) -> np.ndarray:
    """``lookup`` of every value, called once per distinct value (``Series.map`` on Arrow strings
    calls back row by row: 7 ms for 61,000 rows); ``missing`` for empty values."""
    codes, uniques = pd.factorize(values)
    table = np.array([lookup(value) for value in uniques] + [missing], dtype=np.int64)
    return table[codes]


# 64 characters that need no escaping in JSON or HTML (no '_', which the map script escapes).
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
MAX_CODE = len(CODE_ALPHABET)


def encode_integers(values: np.ndarray) -> str:
    """The polyline algorithm, vectorised: each signed integer becomes 1 to 7 characters."""
    v = np.asarray(values, dtype=np.int64)
    v = np.where(v < 0, ~(v << 1), v << 1)
    chunks = np.ones(len(v), dtype=np.int64)
    rest = v >> 5
    while (rest > 0).any():
        chunks += rest > 0
        rest >>= 5
    out = np.empty(int(chunks.sum()), dtype=np.uint8)
    offsets = np.concatenate(([0], np.cumsum(chunks)[:-1]))
    for k in range(int(chunks.max(initial=0))):
        present = chunks > k
        bits = (v[present] >> (5 * k)) & 0x1F
        more = (chunks[present] > k + 1) * 0x20
        out[offsets[present] + k] = (bits | more) + 63
    return out.tobytes().decode("ascii")


def encode_points(lat: np.ndarray, lon: np.ndarray, precision: int = 5) -> str:
    """Interleaved lat/lon deltas, as Leaflet plugins and our states layer read them."""
    factor = 10**precision
    coords = np.empty(2 * len(lat), dtype=np.int64)
    coords[0::2] = np.round(np.asarray(lat, dtype=float) * factor)
    coords[1::2] = np.round(np.asarray(lon, dtype=float) * factor)
    deltas = np.empty_like(coords)
    deltas[:2] = coords[:2]
    deltas[2:] = coords[2:] - coords[:-2]
    return encode_integers(deltas) if len(coords) else ""


def spatial_order(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Quarter-degree latitude bands, west to east within each: consecutive points are near."""
    return np.lexsort((np.asarray(lon, dtype=float), np.floor(np.asarray(lat, dtype=float) * 4)))


def encode_codes(*columns: np.ndarray) -> str:
    """One character per value per column, interleaved: row i is characters [i*k, i*k+k)."""
    stacked = np.stack([np.clip(np.asarray(c, dtype=np.int64), 0, MAX_CODE - 1) for c in columns], axis=1).ravel()
    alphabet = np.frombuffer(CODE_ALPHABET.encode("ascii"), dtype=np.uint8)
    return alphabet[stacked].tobytes().decode("ascii")


def encode_index(values: np.ndarray, width: int) -> str:
    """Each non-negative integer below 64**width as ``width`` characters (most significant first)."""
    v = np.asarray(values, dtype=np.int64)
    digits = np.stack([(v >> (6 * (width - 1 - k))) & 63 for k in range(width)], axis=1).ravel()
    alphabet = np.frombuffer(CODE_ALPHABET.encode("ascii"), dtype=np.uint8)
    return alphabet[digits].tobytes().decode("ascii")


def index_width(count: int) -> int:
    """Characters per value for ``encode_index`` of indices into a table of ``count`` entries."""
    return max(1, math.ceil(math.log(max(count, 2), MAX_CODE)))


def encode_splits(matrix: np.ndarray) -> str:
    """A counts matrix (one row per cell, one column per category), sparse: each row as a letter
    per non-zero column ("a" for the first) followed by its count, rows separated by commas
    ("a12c3,b1"). Every row must have a non-zero entry (a cell holds at least one incident)."""
    rows, cols = np.nonzero(matrix)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))[cols]
    tokens = np.char.add(letters, matrix[rows, cols].astype(str))
    starts = np.flatnonzero(np.diff(rows, prepend=rows[:1])) if len(rows) else np.array([], dtype=int)
    tokens[starts] = np.char.add(",", tokens[starts])
    return "".join(tokens.tolist())


def decode_splits(text: str, width: int) -> np.ndarray:
    """The inverse of ``encode_splits``, for checks and tests."""
    rows = text.split(",")
    matrix = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        for letter, count in re.findall(r"([a-z])(\d+)", row):
            matrix[i, ord(letter) - ord("a")] = int(count)
    return matrix


def decode_points(text: str, precision: int = 5) -> list[tuple[float, float]]:
    """The inverse of ``encode_points`` (as the browser decodes it), for checks and tests."""
    values, value, shift = [], 0, 0
    for char in text:
        chunk = ord(char) - 63
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    coords = np.cumsum(np.array(values, dtype=np.int64).reshape(-1, 2), axis=0) / 10**precision
    return [(float(lat), float(lon)) for lat, lon in coords]
