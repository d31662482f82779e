"""Read incident and count files into raw text tables: the I/O edge, before any validation.

Every format comes out the same way: a DataFrame of strings, one row per input record, a ``row``
column with the record's 1-based position, and, for spatial formats, ``_geom_lat``/``_geom_lon``
taken from point geometries so validation treats them like CSV coordinates.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from warnings import catch_warnings, simplefilter

import defusedxml.ElementTree
import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyarrow
import pyarrow.csv
import pyogrio
import pyogrio.errors
import shapely.errors

SPATIAL_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage"}
PARQUET_SUFFIXES = {".parquet", ".geoparquet"}
CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED = sorted(CSV_SUFFIXES | EXCEL_SUFFIXES | set(SPATIAL_SUFFIXES) | PARQUET_SUFFIXES)
GEOM_LAT, GEOM_LON, GEOM_ERROR = "_geom_lat", "_geom_lon", "_geom_error"
# Columns every raw table gets from the reader; a file's own column of that name is kept renamed.
RESERVED = ("row", GEOM_LAT, GEOM_LON, GEOM_ERROR)


def _numbered(frame: pd.DataFrame, numbers) -> pd.DataFrame:
    """The record numbers as column ``row``, first; the file's own ``row`` column kept as 'row (original)'."""
    frame = frame.rename(columns={c: f"{c} (original)" for c in RESERVED if c in frame.columns})
    frame.insert(0, "row", numbers)
    return frame


class LoadError(Exception):
    """The file cannot be read at all; the message is one line meant for the user."""


# Far more than any incident export has (our schema has about 20 fields); a header of a million
# columns would otherwise cost minutes before anything could be said about it.
MAX_COLUMNS = 2_000


def _checked_header(names: list[str], label: str) -> list[str]:
    if len(names) > MAX_COLUMNS:
        raise LoadError(f"{label}: has {len(names):,} columns; the most we read is {MAX_COLUMNS:,}")
    counts = Counter(names)
    duplicated = sorted(name for name, count in counts.items() if count > 1)
    if duplicated:
        raise LoadError(f"{label}: duplicate column names: {', '.join(duplicated)}")
    return names


@dataclass
class RawTable:
    frame: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    # Records the reader itself had to refuse (wrong field count): (row, reason).
    rejected: list[tuple[int, str]] = field(default_factory=list)


def read_table(path: str | Path, name: str | None = None, max_rows: int | None = None) -> RawTable:
    """Read by extension; ``name`` overrides the file name used to pick the format (uploads).
    ``max_rows`` is checked before parsing, from what the file declares, so memory is not spent on
    a file that will be refused."""
    # GDAL reports what it tolerated (an unclosed ring, a foreign file) as Python warnings: they
    # belong in the load report, not on the terminal.
    try:
        with catch_warnings(record=True) as caught:
            simplefilter("always")
            table = _read_any(Path(path), name, max_rows)
    except LoadError as error:
        raise LoadError(_without_folder(str(error), Path(path))) from None
    label = Path(name or path).name
    table.warnings += [f"{label}: {str(w.message).splitlines()[0]}" for w in caught if w.category is RuntimeWarning]
    table.warnings = [_without_folder(warning, Path(path)) for warning in table.warnings]
    return table


def _without_folder(message: str, path: Path) -> str:
    """Libraries name the file by its full path; the folder is the server's business (an upload's
    is a temporary one), the file's name is the user's."""
    for folder in {str(path.parent), str(path.resolve().parent)} - {"", "."}:
        message = message.replace(folder + os.sep, "")
    return message


def _read_any(path: Path, name: str | None, max_rows: int | None) -> RawTable:
    if not path.exists():
        raise LoadError(f"{path}: no such file")
    if path.is_dir():
        raise LoadError(f"{path}: is a folder, not a file")
    if path.stat().st_size == 0:
        raise LoadError(f"{path.name}: the file is empty")
    suffix = Path(name or path.name).suffix.lower()
    _refuse_long(path, suffix, max_rows)
    if suffix in CSV_SUFFIXES:
        return read_csv_strict(path.read_bytes(), path.name)
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in SPATIAL_SUFFIXES or suffix in PARQUET_SUFFIXES:
        return _read_spatial(path, suffix)
    raise LoadError(f"{path.name}: unsupported file type '{suffix or 'none'}' (use {', '.join(SUPPORTED)})")


# A line longer than this is no table's record (a field holds a description, not a book); a file of
# one 2 GB line would otherwise be read whole before anything could be said about it.
MAX_LINE_BYTES = 16 * 1024 * 1024
# Excel's own sheet limit: a sheet with more rows was not written by a spreadsheet.
EXCEL_MAX_ROWS = 1_048_576
_CHUNK = 1 << 20


def _line_ends(path: Path) -> int:
    """Line ends (LF, CRLF or a lone CR, as the CSV reader counts them) read in chunks; refuses a
    line over ``MAX_LINE_BYTES`` as soon as it is seen, before the file is held in memory."""
    ends, run, after_cr = 0, 0, False
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
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


def _csv_records_over(path: Path, limit: int) -> bool:
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


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _sheet_rows(path: Path, stop_after: int) -> int:
    """The most ``<row>`` elements in any worksheet, counted from the sheet XML itself (its declared
    dimension may be missing or lie); stops past ``stop_after``."""
    _refuse_bombs(path)
    most = 0
    with zipfile.ZipFile(path) as archive:
        for item in archive.infolist():
            if not (item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml")):
                continue
            rows, tail = 0, b""
            with archive.open(item) as xml:
                for chunk in iter(lambda: xml.read(_CHUNK), b""):
                    window = tail + chunk
                    rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                    tail = window[-64:]
                    if rows > stop_after:
                        break
            most = max(most, rows)
            if most > stop_after:
                break
    return most


def _refuse_long(path: Path, suffix: str, max_rows: int | None) -> None:
    """Records a file holds, counted cheaply and before any parsing: line ends (then the CSV
    reader's own count when they are over), a sheet's rows, or a layer's feature count."""
    if suffix in CSV_SUFFIXES:
        lines = _line_ends(path) - 1  # the header
        if max_rows is not None and lines > max_rows and _csv_records_over(path, max_rows):
            raise LoadError(f"{path.name} has about {lines:,} rows; the limit here is {max_rows:,}")
        return
    if suffix in EXCEL_SUFFIXES:
        limit = min(max_rows if max_rows is not None else EXCEL_MAX_ROWS, EXCEL_MAX_ROWS)
        rows = _sheet_rows(path, limit + 1)
        if rows - 1 > EXCEL_MAX_ROWS:
            raise LoadError(
                f"{path.name}: a sheet has more than {EXCEL_MAX_ROWS:,} rows, more than Excel allows; "
                "the file is damaged or was not written by a spreadsheet (export it as CSV)"
            )
        if rows - 1 > limit:
            raise LoadError(f"{path.name} has more than {limit:,} rows; the limit here is {limit:,}")
        return
    if max_rows is None:
        return
    try:
        if suffix in PARQUET_SUFFIXES:
            import pyarrow.parquet

            rows = pyarrow.parquet.ParquetFile(path).metadata.num_rows
        else:
            rows = int(pyogrio.read_info(path)["features"])
    except Exception:  # unreadable: the reader says why
        return
    if rows > max_rows:
        raise LoadError(f"{path.name} has about {rows:,} rows; the limit here is {max_rows:,}")


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
        for start in range(0, len(content), 16 * _CHUNK):
            decoder.decode(view[start : start + 16 * _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(content: bytes, label: str) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 by its BOM, UTF-8 with a few stray bytes (shown as \ufffd),
    else Windows-1252, whose curly quotes Latin-1 would turn into control characters, else Latin-1."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), [f"{label}: read as UTF-16"]
    if _is_utf8(content):
        return content.decode("utf-8-sig"), []
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
        text, warnings = decode_text(content, label)
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
    header = _checked_header([cell.strip() for cell in raw_header], label)
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
    frame = _numbered(pd.DataFrame(dict(zip(header, columns, strict=True)), index=range(len(numbers))), numbers)
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


# An xlsx is a zip: refuse it before parsing when it would unpack to more than this many times its
# size, or more than the ceiling (a "zip bomb" costs gigabytes of memory to open).
EXCEL_EXPANSION = 100
EXCEL_CEILING = 512 * 1024 * 1024


def _refuse_bombs(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        raise LoadError(f"{path.name}: cannot be read as Excel: not a valid .xlsx file") from None
    if unpacked > EXCEL_CEILING or unpacked > EXCEL_EXPANSION * max(path.stat().st_size, 1):
        raise LoadError(
            f"{path.name}: would unpack to {unpacked / 1e6:,.0f} MB from {path.stat().st_size / 1e6:,.1f} MB; "
            "refused (save the sheet as CSV)"
        )


SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _uncached_formulas(path: Path, worksheet: str) -> list[str]:
    """Cells of the sheet that hold a formula saved without its value (a file written by a program
    and never opened in a spreadsheet): read for their values they would be blank, and a blank
    ``public`` would publish the row. A sheet without formulas is not parsed for this."""
    with zipfile.ZipFile(path) as archive:
        with archive.open(worksheet) as xml:
            if not any(b"<f" in chunk or b":f" in chunk for chunk in iter(lambda: xml.read(1 << 20), b"")):
                return []
        found = []
        with archive.open(worksheet) as xml:
            for _, element in defusedxml.ElementTree.iterparse(xml):
                if element.tag == f"{SHEET_NS}c":
                    value = element.find(f"{SHEET_NS}v")
                    if element.find(f"{SHEET_NS}f") is not None and (value is None or not value.text):
                        found.append(element.get("r", "?"))
                    element.clear()
    return found


def _read_excel(path: Path) -> RawTable:
    """The first visible sheet, every cell as the text a person sees; fully blank rows are not records."""
    _refuse_bombs(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheets = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if not sheets:
            raise LoadError(f"{path.name}: the workbook has no visible sheet")
        sheet = sheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        frame = pd.read_excel(path, sheet_name=sheet.title, dtype=object, engine="openpyxl")
    except LoadError:
        raise
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise LoadError(f"{path.name}: cannot be read as Excel: {str(error).splitlines()[0]}") from None
    _checked_header([str(cell).strip() for cell in header if cell is not None and str(cell).strip()], path.name)
    uncached = _uncached_formulas(path, sheet._worksheet_path)
    if uncached:
        raise LoadError(
            f"{path.name}: {len(uncached):,} cell(s) hold a formula saved without its value (first: {uncached[0]}); "
            "open the file in a spreadsheet and save it, or export it as CSV, so every value can be read"
        )
    others = len(workbook.worksheets) - 1
    warnings = [f"{path.name}: read the sheet '{sheet.title}'; {others} other sheet(s) left out"] if others else []
    frame = frame.dropna(how="all")
    table = pd.DataFrame({str(column).strip(): frame[column].map(_as_text) for column in frame.columns})
    table = _numbered(table, range(1, len(table) + 1))
    return RawTable(table.reset_index(drop=True), warnings)


def _read_spatial(path: Path, suffix: str) -> RawTable:
    warnings: list[str] = []
    try:
        if suffix in PARQUET_SUFFIXES:
            frame = _read_parquet(path)
        else:
            # A GeoPackage may hold several layers: the first is read, and the others are named.
            layers = [str(name) for name, _ in pyogrio.list_layers(path)]
            if len(layers) > 1:
                warnings.append(f"{path.name}: read the layer '{layers[0]}'; left out: {', '.join(layers[1:])}")
            frame = gpd.read_file(path, engine="pyogrio", layer=layers[0] if layers else None)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        shapely.errors.GEOSException,
        ValueError,
        TypeError,
        KeyError,
        OSError,
        pyarrow.ArrowException,
    ) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        first_line = first_line.partition(".; It might help")[0]  # GDAL's advice on driver prefixes
        raise LoadError(f"{path.name}: cannot be read as {suffix[1:]}: {first_line}") from None
    lat, lon, geom_error = _point_coordinates(frame, warnings, path.name)
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    table = pd.DataFrame(
        {column: frame[column].map(_as_text) for column in frame.columns if column != geometry}, index=frame.index
    ).reset_index(drop=True)
    table = _numbered(table, range(1, len(table) + 1))
    table[GEOM_LAT], table[GEOM_LON], table[GEOM_ERROR] = lat, lon, geom_error
    if table.empty:
        warnings.append(f"{path.name}: the file has no features")
    return RawTable(table, warnings)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return gpd.read_parquet(path)
    except ValueError:
        # Plain Parquet without GeoParquet metadata: coordinates come from its columns.
        return pd.read_parquet(path)


def _point_coordinates(frame: pd.DataFrame, warnings: list[str], label: str) -> tuple[list, list, list]:
    """Coordinates of point geometries in WGS84; other geometry types are refused per row."""
    size = len(frame)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        return [None] * size, [None] * size, [""] * size
    geometry = frame.geometry
    if geometry.crs is not None and geometry.crs.is_projected and _all_within_degrees(geometry):
        # Reprojected as metres, degrees land every point within a few metres of (0, 0).
        raise LoadError(
            f"{label}: the file says its coordinates are in {geometry.crs.to_string()}, a projection in "
            f"{geometry.crs.axis_info[0].unit_name}s, but every point lies within 180 of (0, 0), as longitudes and "
            "latitudes would: correct the file's coordinate reference system (for degrees, EPSG:4326)"
        )
    if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
        warnings.append(f"coordinates reprojected from {geometry.crs.to_string()} to EPSG:4326")
        geometry = geometry.to_crs(4326)
    lat: list = []
    lon: list = []
    errors: list[str] = []
    for geom in geometry:
        if geom is None or geom.is_empty:
            lat.append(None), lon.append(None), errors.append("")
        elif geom.geom_type != "Point":
            lat.append(None), lon.append(None), errors.append(f"geometry is a {geom.geom_type}, not a point")
        else:
            lat.append(geom.y), lon.append(geom.x), errors.append("")
    return lat, lon, errors


def _all_within_degrees(geometry: gpd.GeoSeries) -> bool:
    present = geometry[geometry.notna() & ~geometry.is_empty]
    if present.empty:
        return False
    west, south, east, north = present.total_bounds
    return max(abs(west), abs(east)) <= 180 and max(abs(south), abs(north)) <= 90


def _as_text(value: object) -> str:
    """Cells as the text a person would have typed; missing values become blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "" if text in {"nan", "NaT", "<NA>", "None"} else text
