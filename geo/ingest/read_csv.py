"""CSV and text files: records counted while streaming, before the file is read whole, then read
strictly (a malformed file is an error, never fewer rows)."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.csv

from geo.ingest.raw import CHUNK, LoadError, RawTable, checked_header, numbered

# A line longer than this is no table's record (a field holds a description, not a book); a file of
# one 2 GB line would otherwise be read whole before anything could be said about it.
MAX_LINE_BYTES = 16 * 1024 * 1024


def line_ends(path: Path) -> int:
    """Line ends (LF, CRLF or a lone CR, as the CSV reader counts them) read in chunks; refuses a
    line over ``MAX_LINE_BYTES`` as soon as it is seen, before the file is held in memory."""
    ends, run, after_cr = 0, 0, False
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            if after_cr and chunk.startswith(b"\n"):
                ends -= 1  # a CRLF split between two chunks is one line end
            line = ends + 1  # the line this chunk starts in
            ends += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            after_cr = chunk.endswith(b"\r")
            unified = chunk.replace(b"\r", b"\n")
            first = unified.find(b"\n")
            run += len(unified) if first < 0 else first
            if run > MAX_LINE_BYTES:
                raise LoadError(
                    f"{path.name}: line {line:,} is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB; "
                    "a file of records has one per line"
                )
            if first >= 0:
                run = len(unified) - unified.rfind(b"\n") - 1
    return ends


def csv_records_over(path: Path, limit: int) -> bool:
    """Whether the file holds more than ``limit`` records after its header, counted by the CSV
    reader while streaming (quoted line breaks are not records) and stopping once it knows."""
    with path.open("rb") as raw:
        encoding = "utf-16" if raw.read(2) in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as text:
        records = 0
        try:
            for record in csv.reader(text, strict=True):
                records += bool(record)
                if records > limit + 1:
                    return True
        except csv.Error:
            return True  # malformed: the line count stands, and the strict reader would refuse it anyway
    return False


def refuse_long_csv(path: Path, max_rows: int | None) -> None:
    """Line ends counted cheaply; over the limit, the CSV reader's own count confirms it."""
    lines = line_ends(path) - 1  # the header
    if max_rows is not None and lines > max_rows and csv_records_over(path, max_rows):
        raise LoadError(f"{path.name} has about {lines:,} rows; the limit here is {max_rows:,}")


# A UTF-8 file may carry a few stray bytes (a paste from elsewhere); more than this, and no real
# UTF-8 characters besides, means another encoding.
STRAY_BYTES = 5


def _is_utf8(content: bytes) -> bool:
    """Checked in slices, so a large file is not also held as text."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(content)
    try:
        for start in range(0, len(content), 16 * CHUNK):
            decoder.decode(view[start : start + 16 * CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode_other(content: bytes, label: str) -> tuple[str, list[str]]:
    """What is not valid UTF-8: UTF-16 by its BOM, UTF-8 with a few stray bytes (shown as \ufffd),
    else Windows-1252, whose curly quotes Latin-1 would turn into control characters, else Latin-1."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), [f"{label}: read as UTF-16"]
    lenient = content.decode("utf-8-sig", errors="replace")
    stray = lenient.count("\ufffd")
    if stray <= STRAY_BYTES and any(ord(char) > 0x7F and char != "\ufffd" for char in lenient):
        rows = sorted({number for number, line in enumerate(lenient.splitlines()) if "\ufffd" in line})
        return lenient, [f"{label}: {stray} byte(s) were not valid UTF-8 (shown as \ufffd, in rows {rows})"]
    try:
        return content.decode("cp1252"), [f"{label}: not valid UTF-8; read as Windows-1252 (a superset of Latin-1)"]
    except UnicodeDecodeError:
        return content.decode("latin-1"), [f"{label}: not valid UTF-8; read as Latin-1"]


def read_csv_strict(content: bytes, label: str = "file") -> RawTable:
    """A malformed CSV is an error, never fewer rows: unclosed quotes stop the read, and a
    record with the wrong number of fields is refused by row number, not merged or padded."""
    # Both passes stream UTF-8 bytes: a whole file held as Python text costs up to four bytes a
    # character, and StringIO four more (a 200 MB file took 2.2 GB). UTF-8 is read as it is.
    if _is_utf8(content):
        data, warnings = content, []
    else:
        text, warnings = _decode_other(content, label)
        data = text.encode("utf-8")
        del text
    if b"\x00" in data:
        raise LoadError(f"{label}: contains NUL bytes; not a text CSV file")
    reader = _csv_records(data)
    try:
        raw_header = next(reader, None)
    except csv.Error as error:
        raise LoadError(f"{label}: malformed CSV near line {reader.line_num}: {error}") from None
    if not raw_header or not any(cell.strip() for cell in raw_header):
        raise LoadError(f"{label}: no header row")
    header = checked_header([cell.strip() for cell in raw_header], label)
    # The strict reader checks the quoting of every record (Arrow would read an unclosed quote as one
    # long field, swallowing the records after it) and counts them; Arrow then builds the columns.
    try:
        records = sum(1 for record in reader if record)
    except csv.Error as error:
        raise LoadError(f"{label}: malformed CSV near line {reader.line_num}: {error}") from None
    try:
        columns, numbers, rejected = _records_arrow(data, raw_header)
    except (pyarrow.ArrowInvalid, _NoRowNumbers):
        columns, numbers, rejected = [], [], []
    if len(numbers) + len(rejected) != records:
        columns, numbers, rejected = _records_python(data, len(header))
    frame = numbered(pd.DataFrame(dict(zip(header, columns, strict=True)), index=range(len(numbers))), numbers)
    if not len(numbers) and not rejected:
        warnings.append(f"{label}: the file has a header but no rows")
    return RawTable(frame, warnings, rejected)


class _NoRowNumbers(Exception):
    """Arrow could not say which record it refused."""


_ARROW_STR = pd.StringDtype(storage="pyarrow", na_value=np.nan)


def _csv_records(data: bytes):
    return csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""), strict=True)


def _records_arrow(data: bytes, raw_header: list[str]) -> tuple[list[pd.Series], list[int], list[tuple[int, str]]]:
    """The columnar path: every value as an Arrow string (a third of the memory of Python strings),
    a record with the wrong number of fields refused by number as the strict reader would."""
    refused: list[tuple[int, str]] = []

    def refuse(row) -> str:
        if row.number is None:
            raise _NoRowNumbers
        refused.append((row.number - 1, f"has {row.actual_columns} fields; the header has {row.expected_columns}"))
        return "skip"

    table = pyarrow.csv.read_csv(
        io.BytesIO(data),
        read_options=pyarrow.csv.ReadOptions(use_threads=False),
        parse_options=pyarrow.csv.ParseOptions(newlines_in_values=True, invalid_row_handler=refuse),
        convert_options=pyarrow.csv.ConvertOptions(
            column_types=dict.fromkeys(raw_header, pyarrow.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    numbers = np.arange(1, table.num_rows + len(refused) + 1)
    if refused:
        numbers = np.setdiff1d(numbers, [n for n, _ in refused])
    columns = [pd.Series(column.to_pandas(types_mapper={pyarrow.string(): _ARROW_STR}.get)) for column in table.columns]
    return columns, numbers.tolist(), refused


def _records_python(data: bytes, width: int) -> tuple[list[pd.Series], list[int], list[tuple[int, str]]]:
    """The row-by-row path, for what Arrow reads differently from the strict reader."""
    records = [record for record in _csv_records(data) if record][1:]
    rejected: list[tuple[int, str]] = []
    good: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records, start=1):
        if len(record) != width:
            rejected.append((number, f"has {len(record)} fields; the header has {width}"))
            continue
        good.append(record)
        numbers.append(number)
    return [pd.Series([record[i] for record in good], dtype="str") for i in range(width)], numbers, rejected
