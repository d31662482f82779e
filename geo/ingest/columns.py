"""What every validation reads a raw table's cells with: text columns, vocabulary keys, reasons for
rejected rows, look-alike spellings, dates and their periods, required columns, and the progress hook."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute

from geo.ingest.dates import DateError, parse_flexible
from geo.ingest.distinct import each_distinct
from geo.ingest.raw import RawTable
from geo.ingest.report import RowLedger
from geo.reference.vocab import (
    ATTRIBUTED,
    LIST_SEPARATOR,
)
from geo.support.text import folded

TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}
Progress = Callable[[float, str], None]


def no_progress(fraction: float, text: str) -> None:
    """The default progress hook: nobody is watching."""


def text_column(frame: pd.DataFrame, column: str, default: str | None) -> pd.Series:
    """A column as stripped Arrow strings ("" when empty, or ``default``)."""
    if column in frame:
        values = frame[column].fillna("").astype("str")
        # Clean columns are used as read (no copy); only one with padding is stripped.
        if padded(values):
            values = values.str.strip()
        return values.where(values != "", default) if default else values
    return pd.Series(default or "", index=frame.index, dtype="str")


def padded(values: pd.Series) -> bool:
    """Whether any value starts or ends with white space, by Arrow's kernels on first and last
    characters (0.07 s for a million values; pandas' regular expression took 1.3 s)."""
    column = pa.array(values.array)
    first = pyarrow.compute.utf8_slice_codeunits(column, 0, 1)
    last = pyarrow.compute.utf8_slice_codeunits(column, -1, 2**31 - 1)
    spaced = pyarrow.compute.or_(pyarrow.compute.utf8_is_space(first), pyarrow.compute.utf8_is_space(last))
    return bool(pyarrow.compute.any(spaced).as_py())


def reasons(values: pd.Series, mask: pd.Series, message: Callable[[str], str]) -> pd.Series:
    """The message for each rejected row only, once per distinct value: valid rows cost nothing."""
    return each_distinct(values[mask], message)


SEPARATORS = re.compile(r"[\s\-]+")


def key_of(values: pd.Series) -> pd.Series:
    """'Law Enforcement' and 'law-enforcement' both mean the vocabulary key 'law_enforcement', and so
    do its full-width and zero-width look-alikes (``geo.support.text.folded``)."""
    return each_distinct(values, lambda value: SEPARATORS.sub("_", folded(str(value)).lower()))


def named_types(values: pd.Series, vocabulary: dict) -> pd.Series:
    """Each row's crime type: the vocabulary's key where the value names one, else the source's own
    name as most of its rows write it, so acronyms and full names stay as written ("ATF/LE", not
    "Atf/le") while "theft", "Theft" and "the\u200bft" remain one type. Worked out per distinct
    value: a million rows hold a few dozen."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    spellings = pd.DataFrame(
        {
            "key": key_of(pd.Series(distinct, dtype=object)).to_numpy(),
            "written": [" ".join(folded(str(value)).split()) for value in distinct],
            "rows": np.bincount(codes, minlength=len(distinct)),
        }
    )
    # Each key's most written spelling (stable on ties: the first seen), or the vocabulary's key.
    most = spellings.sort_values("rows", ascending=False, kind="stable").drop_duplicates("key")
    name = dict(zip(most["key"], most["written"], strict=True))
    named = [key if key in vocabulary else name[key] for key in spellings["key"]]
    return pd.Series(np.asarray(named, dtype=object)[codes], index=values.index)


def look_alikes(values: pd.Series, keys: pd.Series, what: str, shown: int = 20) -> list[str]:
    """A warning naming the spellings read as plain ones because they hold invisible or full-width
    characters (``ｔｈｅｆｔ`` and ``the\u200bft`` are ``theft``): look-alikes are one value, said once."""
    distinct = pd.DataFrame({"written": values.astype(str), "key": keys}).drop_duplicates("written")
    altered = distinct[[folded(written) != written for written in distinct["written"]]]
    if altered.empty:
        return []
    named = "; ".join(f"{ascii(w)} as {k}" for w, k in zip(altered["written"][:shown], altered["key"], strict=False))
    more = f" and {len(altered) - shown:,} more" if len(altered) > shown else ""
    return [f"{what} written with invisible or full-width characters were read as plain ones: {named}{more}"]


def row_dates(texts: pd.Series, precisions: pd.Series, rows: RowLedger) -> tuple[np.ndarray, list]:
    """Each distinct (date, precision) pair is read once; its outcome applies to every row holding
    it. Returns each row's pair code and each pair's period (None: no date, or rejected)."""
    text_codes, text_values = pd.factorize(texts, use_na_sentinel=False)
    precision_codes, precision_values = pd.factorize(precisions, use_na_sentinel=False)
    width = max(len(precision_values), 1)
    codes, pairs = pd.factorize(text_codes * width + precision_codes)
    periods: list = [None] * len(pairs)
    errors, notes = {}, {}
    for n, pair in enumerate(pairs):
        text, precision = text_values[pair // width], precision_values[pair % width]
        if not text:
            continue
        try:
            periods[n], note = parse_flexible(text, precision)
        except DateError as error:
            errors[n] = str(error)
            continue
        if note:
            notes[n] = note
    # Rows are told apart only for the pairs that were refused or read from another format.
    if errors:
        held = np.isin(codes, list(errors))
        messages = pd.Series(pd.Series(errors).reindex(codes[held]).to_numpy(), index=texts.index[held])
        rows.reject(pd.Series(held, index=texts.index), messages)
    if notes:
        held = np.isin(codes, list(notes))
        messages = pd.Series(pd.Series(notes).reindex(codes[held]).to_numpy(), index=texts.index[held])
        rows.change_many(messages, "dates read from other formats")
    return codes, periods


def period_columns(periods: list, period_of: np.ndarray, index: pd.Index) -> tuple[Callable, Callable]:
    """Makers of columns describing each row's date (text, and days), each worked out once per
    distinct (date, precision) pair (a year of incidents has a few hundred) and taken for every row
    by its code (``_dates``): no Python object per row."""

    def text(describe: Callable, missing: object = "") -> pd.Series:
        described = np.array([missing if p is None else describe(p) for p in periods], dtype=object)
        return pd.Series(described[period_of], index=index, dtype="str")

    def days(describe: Callable) -> pd.Series:
        stamps = pd.to_datetime(pd.Series([None if p is None else describe(p) for p in periods], dtype=object))
        return pd.Series(stamps.to_numpy()[period_of], index=index, dtype="datetime64[ns]")

    return text, days


def attributed_keys(cell: str) -> str:
    """'Police; Federal agency' -> 'police;federal_agency'; unknown parts keep their text."""
    parts = [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    keys = [re.sub(r"[\s\-]+", "_", part.lower()) for part in parts]
    return LIST_SEPARATOR.join(key if key in ATTRIBUTED else part for key, part in zip(keys, parts, strict=True))


def checked_columns(
    raw: RawTable, schema: dict[str, str | None], extras_note: str
) -> tuple[pd.DataFrame, RowLedger, list[str], dict[str, pd.Series]]:
    """The first steps of checking a table against a schema: columns outside it noted, every cell as
    text, and rows missing a required value rejected (a missing required column said once)."""
    frame = raw.frame
    rows = RowLedger()
    warnings = list(raw.warnings)
    extras = [c for c in frame.columns if c not in schema and c != "row"]
    if extras:
        warnings.append(f"{extras_note}: {', '.join(extras)}")
    values = {column: text_column(frame, column, default) for column, default in schema.items()}
    for column, default in schema.items():
        if default is None:
            if column not in frame:
                warnings.append(f"required column '{column}' is missing: every row is rejected for it")
            rows.reject(values[column] == "", f"missing {column}")
    return frame, rows, warnings, values
