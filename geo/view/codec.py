"""One name per filter and map setting everywhere: the ``Filters`` or ``MapSettings`` field is the URL
parameter, the sidebar widget's key, the command line's option (``--crime``, its argparse ``dest``
``crime``) and the manifest's key.
This module is the only place that turns filters into any of those forms or back; the command line's
older spellings (``--crime-type``, ``--colour-by``, ``--as-known-on``, ``--changes-since``) are aliases.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date

from geo.reference.states import normalize_state
from geo.reference.vocab import ATTRIBUTION_ORDER, FIRMEST_MEASURE
from geo.style.basemaps import BASEMAPS
from geo.style.palette import COLOUR_BY
from geo.view.filters import Filters
from geo.view.settings import MapSettings


@dataclass(frozen=True)
class Field:
    """How one filter is written: ``kind`` is many (repeatable), day, flag, choice or text."""

    name: str
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # older command-line spellings

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


FIELDS = (
    Field("crime", "many", "crime type key; repeat for several", aliases=("--crime-type",)),
    Field("attribution", "many", "attribution level; repeat for several", tuple(ATTRIBUTION_ORDER)),
    Field("state", "many", "USPS code or name; repeat for several"),
    Field("since", "day", "first day (YYYY-MM-DD)"),
    Field("until", "day", "last day (YYYY-MM-DD)"),
    Field("dated_only", "flag", "with a date range: only incidents whose whole known period lies inside it"),
    Field("known", "day", "every incident as known on this day (YYYY-MM-DD)", aliases=("--as-known-on",)),
    Field(
        "changed_since",
        "day",
        "only what changed since this day (YYYY-MM-DD): links firmer, weaker or newly made",
        aliases=("--changes-since",),
    ),
    Field(
        "measure", "text", "state measure to shade (default: the firmest link, or incident counts where none is rated)"
    ),
    Field("basemap", "choice", "map tiles under the state outlines", tuple(BASEMAPS)),
    Field("colour", "choice", "what the marks' colour says", tuple(COLOUR_BY), aliases=("--colour-by",)),
)
SETTINGS = {f.name for f in fields(MapSettings)}
assert {f.name for f in FIELDS} == {f.name for f in fields(Filters)} | SETTINGS, "every filter has one entry here"


def _split(values: dict[str, object]) -> tuple[Filters, MapSettings]:
    return (
        Filters(**{k: v for k, v in values.items() if k not in SETTINGS}),
        MapSettings(**{k: v for k, v in values.items() if k in SETTINGS}),
    )


def _value(filters: Filters, settings: MapSettings, name: str) -> object:
    return getattr(settings if name in SETTINGS else filters, name)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _text(value: object) -> list[str] | str | bool | None:
    """A value as the manifest writes it (JSON): lists, ISO days, flags, words."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_params(filters: Filters, settings: MapSettings) -> dict[str, list[str]]:
    """URL parameters: only what differs from the default, so a plain link stays plain."""
    params: dict[str, list[str]] = {}
    for field in FIELDS:
        value = _value(filters, settings, field.name)
        if value == _value(Filters(), MapSettings(), field.name):
            continue
        written = _text(value)
        params[field.name] = written if isinstance(written, list) else ["true" if written is True else str(written)]
    return params


def from_params(params: Mapping[str, Sequence[str] | str]) -> tuple[Filters, MapSettings]:
    """Tolerant: a hand-edited or stale link gives the nearest valid view, never an error."""
    values: dict[str, object] = {}
    for field in FIELDS:
        given = params.get(field.name, [])
        given = [given] if isinstance(given, str) else given
        chosen = tuple(dict.fromkeys(v for v in given if v))
        last = chosen[-1] if chosen else ""
        if field.kind == "many":
            values[field.name] = tuple(s.upper() for s in chosen) if field.name == "state" else chosen
        elif field.kind == "day":
            values[field.name] = _day(last)
        elif field.kind == "flag":
            values[field.name] = last.lower() in ("true", "1", "yes")
        elif field.kind == "choice":
            values[field.name] = last if last in field.choices else getattr(MapSettings(), field.name)
        else:
            values[field.name] = last or FIRMEST_MEASURE
    return _split(values)


def to_manifest(filters: Filters, settings: MapSettings) -> dict[str, object]:
    """Every filter and setting under its own name, as the snapshot's manifest records it."""
    return {field.name: _text(_value(filters, settings, field.name)) for field in FIELDS}


def _iso_day(text: str) -> date:
    day = _day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)")
    return day


def add_options(parser: argparse.ArgumentParser) -> None:
    """The filters as command-line options, each stored under its own name."""
    defaults = {"basemap": MapSettings().basemap, "colour": MapSettings().colour}
    for field in FIELDS:
        names = (field.option, *field.aliases)
        if field.kind == "many":
            parser.add_argument(
                *names, dest=field.name, action="append", choices=field.choices or None, help=field.help
            )
        elif field.kind == "day":
            parser.add_argument(*names, dest=field.name, type=_iso_day, help=field.help)
        elif field.kind == "flag":
            parser.add_argument(*names, dest=field.name, action="store_true", help=field.help)
        elif field.kind == "choice":
            parser.add_argument(
                *names, dest=field.name, choices=field.choices, default=defaults[field.name], help=field.help
            )
        else:
            parser.add_argument(*names, dest=field.name, help=field.help)


def from_options(args: argparse.Namespace, default_measure: str) -> tuple[Filters, MapSettings]:
    """The filters the options name; states may be written as names or codes."""
    values = {field.name: getattr(args, field.name) for field in FIELDS}
    for field in FIELDS:
        if field.kind == "many":
            values[field.name] = tuple(values[field.name] or ())
    values["state"] = tuple(normalize_state(s) or s.upper() for s in values["state"])
    values["measure"] = values["measure"] or default_measure
    return _split(values)
