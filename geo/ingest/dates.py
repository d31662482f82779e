"""Dates with a precision: each incident date stands for a period, and filters test overlap."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.reference.vocab import DATE_PRECISION

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


# Periods are held as timestamps, which end in 2262; years outside this range are typing errors.
FIRST_YEAR, LAST_YEAR = 1900, 2200


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
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(f"date '{text}' is outside the years {FIRST_YEAR}-{LAST_YEAR} the atlas maps")
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


_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_MONTH_NAME = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_DAY_MONTH_NAME = re.compile(r"^(?:(\d{1,2})\s+([A-Za-z]{3,9})\.?|([A-Za-z]{3,9})\.?\s+(\d{1,2})),?\s+(\d{4})$")
# Hours 0-23, minutes and seconds 0-59 (a leap second's 60 too): "T25:61" is not a time, so not a date.
_TIMESTAMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]([01]?\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
# Excel's day 0 is 1899-12-30 (it counts a 29 February 1900 that never was).
EXCEL_EPOCH = date(1899, 12, 30)


def _month_number(name: str) -> int | None:
    name = name.lower()
    for full, number in MONTHS.items():
        if full.startswith(name) and len(name) >= 3:
            return number
    return None


def parse_flexible(text: str, precision: str = "") -> tuple[Period, str | None]:
    """ISO first; then the forms newsroom files use. Returns the period and, when the text was not
    ISO, a note saying how it was read (for the load report)."""
    text = str(text).strip()
    if _ISO.match(text):
        return parse_period(text, precision), None
    iso, kind = _to_iso(text)
    if iso is None:
        raise DateError(
            f"date '{text}' is not a date we can read (ISO, M/D/YYYY, 'March 2024', '5 March 2024' or an Excel serial)"
        )
    return parse_period(iso, precision), f"date '{text}' read as {iso} ({kind})"


def _to_iso(text: str) -> tuple[str | None, str]:
    if match := _TIMESTAMP.match(text):
        return match[1], "timestamp"
    if match := _US.match(text):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        year = year + (2000 if year < 70 else 1900) if year < 100 else year
        try:
            return date(year, month, day).isoformat(), "U.S. month/day/year"
        except ValueError:
            return None, ""
    if match := _MONTH_NAME.match(text):
        month = _month_number(match[1])
        return (f"{int(match[2]):04d}-{month:02d}" if month else None), "month name"
    if match := _DAY_MONTH_NAME.match(text):
        day, name = (match[1], match[2]) if match[1] else (match[4], match[3])
        month = _month_number(name)
        if month:
            try:
                return date(int(match[5]), month, int(day)).isoformat(), "written date"
            except ValueError:
                return None, ""
    if _SERIAL.match(text):
        serial = float(text)
        if 20_000 <= serial <= 80_000:
            return (EXCEL_EPOCH + timedelta(days=int(serial))).isoformat(), "Excel serial date"
    return None, ""
