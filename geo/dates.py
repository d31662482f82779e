"""Dates with a precision: each incident date stands for a period, and filters test overlap."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.vocab import DATE_PRECISION

# The open start of a 'reported_by' period: earlier than any incident we will map.
OPEN_START = date(1900, 1, 1)
SEASONS = {
    12: "Winter",
    1: "Winter",
    2: "Winter",
    3: "Spring",
    4: "Spring",
    5: "Spring",
    6: "Summer",
    7: "Summer",
    8: "Summer",
    9: "Autumn",
    10: "Autumn",
    11: "Autumn",
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """[start, end) in days; ``precision`` is a key of ``vocab.DATE_PRECISION``."""

    start: date
    end: date
    precision: str
    stated: date
    granularity: str

    @property
    def label(self) -> str:
        return period_label(self.stated, self.precision, self.granularity)


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def parse_period(text: str, precision: str = "") -> Period:
    """Read an ISO date ('2024', '2024-12' or '2024-12-17') at the given or implied precision."""
    match = _ISO.match(str(text).strip())
    if not match:
        raise DateError(f"date '{text}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(part) if part else None for part in match.groups())
    granularity = "day" if day else "month" if month else "year"
    try:
        stated = date(year, month or 1, day or 1)
    except ValueError as error:
        raise DateError(f"date '{text}' does not exist ({error})") from None
    precision = (precision or granularity).strip().lower()
    if precision not in DATE_PRECISION:
        raise DateError(f"date_precision '{precision}' is not one of {', '.join(DATE_PRECISION)}")
    if precision == "reported_by":
        step = {"day": timedelta(days=1)}.get(granularity)
        end = stated + step if step else _add_months(stated, 1 if granularity == "month" else 12)
        return Period(OPEN_START, end, precision, stated, granularity)
    order = ["day", "month", "season", "year"]
    if order.index(precision) < order.index(granularity):
        raise DateError(f"date '{text}' is less precise than its date_precision '{precision}'")
    if precision == "day":
        return Period(stated, stated + timedelta(days=1), precision, stated, granularity)
    if precision == "month":
        start = stated.replace(day=1)
    elif precision == "season":
        # Meteorological seasons; winter belongs to the year its December falls in.
        first = {12: 12, 1: 12, 2: 12}.get(stated.month, (stated.month - 3) // 3 * 3 + 3)
        start = date(stated.year - (1 if stated.month < 3 else 0), first, 1)
    else:
        start = date(stated.year, 1, 1)
    months = DATE_PRECISION[precision].months
    return Period(start, _add_months(start, months), precision, start, granularity)


def period_label(stated: date, precision: str, granularity: str = "day") -> str:
    """How a reader sees the date: never more precise than what we know."""
    if precision == "reported_by":
        shown = period_label(stated, granularity)
        return f"Date not given; reported by {shown}"
    if precision == "day":
        return f"{stated.day} {stated:%b %Y}"
    if precision == "month":
        return f"{stated:%B %Y}"
    if precision == "season":
        if stated.month == 12:
            return f"Winter {stated.year}\u2013{(stated.year + 1) % 100:02d}"
        return f"{SEASONS[stated.month]} {stated.year}"
    return str(stated.year)
