"""U.S. states and territories by USPS code, name or FIPS, read from the Census boundary file."""

from __future__ import annotations

import re
from functools import cache

import pyogrio

from geo.support.paths import CENSUS_STATES


@cache
def state_table() -> dict[str, tuple[str, str]]:
    """USPS code -> (name, two-digit FIPS), for the 50 states, DC and the territories."""
    frame = pyogrio.read_dataframe(CENSUS_STATES, read_geometry=False, columns=["STUSPS", "NAME", "STATEFP"])
    return {row.STUSPS: (row.NAME, row.STATEFP) for row in frame.sort_values("STUSPS").itertuples(index=False)}


@cache
def _lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, (name, fips) in state_table().items():
        lookup[code.lower()] = code
        lookup[_fold(name)] = code
        lookup[fips] = code
        lookup[str(int(fips))] = code
    lookup["washington dc"] = lookup["washington d c"] = "DC"
    return lookup


def _fold(text: str) -> str:
    return re.sub(r"[\s.]+", " ", text.replace(".", " ")).strip().lower()


def normalize_state(value: object) -> str | None:
    """A USPS code for any of code, name or FIPS (any case, FIPS as text or number); else None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.lower() == "nan":
        return None
    if re.fullmatch(r"\d+(\.0+)?", text):
        text = str(int(float(text)))
        return _lookup().get(text)
    return _lookup().get(_fold(text))


def state_name(code: str) -> str:
    return state_table().get(code, (code, ""))[0]


def is_state(code: str) -> bool:
    """One of the 50 states: not DC (FIPS 11) and not a territory (FIPS above 56)."""
    fips = state_table().get(code, ("", ""))[1]
    return fips.isdigit() and int(fips) <= 56 and fips != "11"


def places_phrase(codes: list[str]) -> str:
    """'6 states', '50 states and DC', '48 states, DC and Puerto Rico', 'DC': DC and the territories
    are not counted as states."""
    named = sorted("DC" if code == "DC" else state_name(code) for code in codes if not is_state(code))
    states = sum(1 for code in codes if is_state(code))
    parts = ([f"{states} state{'s' if states != 1 else ''}"] if states or not named else []) + named
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def selection_name(codes: tuple[str, ...]) -> str:
    """'Colorado', 'Colorado and Texas', 'Colorado, Florida and Texas', or '5 states'."""
    names = [state_name(code) for code in codes]
    if len(names) > 3:
        return f"{len(names)} states"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
