from datetime import date

import pytest

from geo.ingest.dates import DateError, parse_flexible, parse_period


@pytest.mark.parametrize(
    "text,precision,start,end,label",
    [
        ("2024-08-18", "", date(2024, 8, 18), date(2024, 8, 19), "18 Aug 2024"),
        ("2024-12", "", date(2024, 12, 1), date(2025, 1, 1), "December 2024"),
        ("2024-07-04", "season", date(2024, 6, 1), date(2024, 9, 1), "Summer 2024"),
        ("2025-01", "season", date(2024, 12, 1), date(2025, 3, 1), "Winter 2024\u201325"),
        ("2024", "", date(2024, 1, 1), date(2025, 1, 1), "2024"),
        ("2025-03", "reported_by", date(1900, 1, 1), date(2025, 4, 1), "Date not given; reported by March 2025"),
    ],
)
def test_a_date_stands_for_its_whole_period(text, precision, start, end, label):
    period = parse_period(text, precision)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text,precision,message",
    [
        ("2024", "month", "less precise"),
        ("2024-02-30", "", "does not exist"),
        ("30/01/2024", "", "not an ISO date"),
        ("2024-01-01", "fortnight", "not one of"),
    ],
)
def test_bad_dates_say_why(text, precision, message):
    with pytest.raises(DateError, match=message):
        parse_period(text, precision)


@pytest.mark.parametrize("text", ["2024-05-01T25:61", "2024-05-01T24:00", "2024-05-01 12:60", "2024-05-01T10:00:61"])
def test_an_impossible_time_makes_the_date_unreadable(text):
    with pytest.raises(DateError):
        parse_flexible(text)


def test_a_real_time_of_day_still_reads_as_its_day():
    assert parse_flexible("2024-05-01T23:59:60Z")[0].stated.isoformat() == "2024-05-01"
