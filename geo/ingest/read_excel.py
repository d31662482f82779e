"""Excel workbooks: refused before parsing when they would unpack too far; the first visible sheet
read once, as text, by calamine (a Rust reader about ten times faster than openpyxl) in a process of
its own, while this one counts the sheets' rows and refuses more than allowed."""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree
import pandas as pd
from pandas.api.types import infer_dtype
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from geo.ingest.raw import BLANK_WORDS, CHUNK, LoadError, RawTable, as_text, checked_header, numbered
from geo.support.isolated import ChildFailed, isolated
from geo.support.logs import APP_LOGGER

log = logging.getLogger(APP_LOGGER)

# Excel's own sheet limit: a sheet with more rows was not written by a spreadsheet.
EXCEL_MAX_ROWS = 1_048_576

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


@dataclass(frozen=True)
class SheetScan:
    """What one pass over the worksheets' XML found, before any parsing."""

    rows: int  # the most <row> elements in any worksheet
    formula_sheets: frozenset[str]  # zip members that may hold a formula (a <f> element)


def _rows_in(window: bytes) -> int:
    """``<row>`` elements in ``window``. Where no element carries a namespace prefix (Excel's sheets,
    and nearly every writer's) they are counted by bytes, a few times faster than the pattern:
    ``<row`` starts no other element of a worksheet but ``<rowBreaks``. Each search runs only when a
    rarer one says it may find something: every pass over a large sheet costs a tenth of a second."""
    if _has(window, b":row"):
        return len(_ROW_TAG.findall(window))
    rows = window.count(b"<row")
    return rows - window.count(b"<rowB") if b"<rowBreaks" in window else rows


def _has(window: bytes, prefixed: bytes) -> bool:
    """``prefixed`` (which starts with a colon) is in ``window``; a colon alone is rare in sheet data."""
    return b":" in window and prefixed in window


def scan_sheets(path: Path, stop_after: int) -> SheetScan:
    """Counted from the sheet XML itself (its declared dimension may be missing or lie); stops past
    ``stop_after`` rows. Run after ``refuse_bombs``."""
    most, formulas = 0, set()
    with zipfile.ZipFile(path) as archive:
        for item in archive.infolist():
            if not (item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml")):
                continue
            rows, tail = 0, b""
            with archive.open(item) as xml:
                for chunk in iter(lambda: xml.read(CHUNK), b""):
                    window = tail + chunk
                    rows += _rows_in(window) - _rows_in(tail)
                    # ``<f>``, or a prefixed ``<x:f>``: only then is the sheet parsed for formulas.
                    if item.filename not in formulas and (b"<f" in window or _has(window, b":f")):
                        formulas.add(item.filename)
                    tail = window[-64:]
                    if rows > stop_after:
                        break
            most = max(most, rows)
            if most > stop_after:
                break
    return SheetScan(most, frozenset(formulas))


def refuse_long_excel(path: Path, max_rows: int | None) -> SheetScan:
    """Excel's own row limit always; the caller's when it is lower. The scan goes on to the reader."""
    limit = min(max_rows if max_rows is not None else EXCEL_MAX_ROWS, EXCEL_MAX_ROWS)
    scan = scan_sheets(path, limit + 1)
    if scan.rows - 1 > EXCEL_MAX_ROWS:
        raise LoadError(
            f"{path.name}: a sheet has more than {EXCEL_MAX_ROWS:,} rows, more than Excel allows; "
            "the file is damaged or was not written by a spreadsheet (export it as CSV)"
        )
    if scan.rows - 1 > limit:
        raise LoadError(f"{path.name} has more than {limit:,} rows; the limit here is {limit:,}")
    return scan


# An xlsx is a zip: refuse it before parsing when it would unpack to more than this many times its
# size, or more than the ceiling (a "zip bomb" costs gigabytes of memory to open).
EXCEL_EXPANSION = 100
EXCEL_CEILING = 512 * 1024 * 1024


def refuse_bombs(path: Path) -> None:
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


def _uncached_formulas(path: Path, worksheet: str, scan: SheetScan) -> list[str]:
    """Cells of the sheet that hold a formula saved without its value (a file written by a program
    and never opened in a spreadsheet): read for their values they would be blank, and a blank
    ``public`` would publish the row. A sheet the scan found no formula in is not parsed for this."""
    if worksheet not in scan.formula_sheets:
        return []
    found = []
    with zipfile.ZipFile(path) as archive, archive.open(worksheet) as xml:
        for _, element in defusedxml.ElementTree.iterparse(xml):
            if element.tag == f"{SHEET_NS}c":
                value = element.find(f"{SHEET_NS}v")
                if element.find(f"{SHEET_NS}f") is not None and (value is None or not value.text):
                    found.append(element.get("r", "?"))
                element.clear()
    return found


def _worksheet_path(path: Path, sheet: str) -> str:
    """The zip member holding the named sheet, from the workbook's own index and relationships."""
    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as archive:
        book = defusedxml.ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = defusedxml.ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    ids = {element.get("name"): element.get(relationships) for element in book.iter(f"{SHEET_NS}sheet")}
    targets = {element.get("Id"): element.get("Target", "") for element in links}
    target = targets.get(ids.get(sheet), "")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _header_name(cell: object, position: int) -> str:
    """A header cell as pandas names it: its text, or 'Unnamed: N' when blank."""
    text = as_text(cell).strip()
    return text or f"Unnamed: {position}"


def _texts(cells: pd.Series) -> pd.Series:
    """``as_text`` of every cell. A column of text only (most are) is taken whole, a blank word
    blanked, without a Python step per cell: that step was a sixth of a large workbook's read. The
    column is pandas' own text type, as a CSV's is (object columns took 40% more memory)."""
    if infer_dtype(cells, skipna=False) == "string":
        text = cells.astype("str")
        blank = text.isin(BLANK_WORDS)
        return text.mask(blank, "") if blank.any() else text
    return pd.Series([as_text(cell) for cell in cells], index=cells.index, dtype="str")


# What the process reading a workbook may take beyond the server's own memory, and how long. A
# 250,000-row sheet takes about 0.7 GB and 5 s; the cap stops a sheet whose cells span far more
# than it holds, the wait one that never ends.
EXCEL_MEMORY = 6 * 1024**3
EXCEL_SECONDS = 300


def read_excel(path: Path, max_rows: int | None) -> RawTable:
    """The first visible sheet, every cell as the text a person sees; fully blank rows are not
    records. Calamine parses it in a child process (it aborts its process on an allocation it cannot
    make) while this one counts the sheet's rows: a sheet over the limit is refused and its parse
    stopped."""
    refuse_bombs(path)
    with isolated(_read_sheet, path, memory=EXCEL_MEMORY, seconds=EXCEL_SECONDS) as sheet:
        scan = refuse_long_excel(path, max_rows)
        try:
            name, others, table = sheet()
        except ChildFailed as failure:
            log.warning("%s: %s", path.name, failure)
            raise LoadError(
                f"{path.name}: cannot be read as Excel: it needs more memory or time than one sheet may use "
                "(a cell far beyond the data, or a damaged file, can cause this); export the sheet as CSV"
            ) from None
    try:
        uncached = _uncached_formulas(path, _worksheet_path(path, name), scan)
    except Exception as error:  # zipfile and the XML parser raise many types for a damaged workbook
        raise LoadError(f"{path.name}: cannot be read as Excel: {str(error).splitlines()[0]}") from None
    if uncached:
        raise LoadError(
            f"{path.name}: {len(uncached):,} cell(s) hold a formula saved without its value (first: {uncached[0]}); "
            "open the file in a spreadsheet and save it, or export it as CSV, so every value can be read"
        )
    warnings = [f"{path.name}: read the sheet '{name}'; {others} other sheet(s) left out"] if others else []
    table = numbered(table, range(1, len(table) + 1))
    return RawTable(table.reset_index(drop=True), warnings)


def _read_sheet(path: Path) -> tuple[str, int, pd.DataFrame]:
    """In the reading process: the first visible sheet's name, how many other sheets there are, and
    its records as text under the header's names."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [
            sheet
            for sheet in workbook.sheets_metadata
            if sheet.visible == SheetVisibleEnum.Visible and sheet.typ == SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise LoadError(f"{path.name}: the workbook has no visible sheet")
        name = sheets[0].name
        # Read once, header included (its own cells are checked as typed), straight from calamine:
        # through pandas' reader each cell is converted again in Python, which took 1.6 times as long.
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except LoadError:
        raise
    except Exception as error:  # calamine raises many types for a damaged workbook
        raise LoadError(f"{path.name}: cannot be read as Excel: {str(error).splitlines()[0]}") from None
    header = rows[0] if rows else []
    checked_header([as_text(cell).strip() for cell in header if as_text(cell).strip()], path.name)
    # Calamine gives an empty cell as '': a row of nothing else is blank, not a record.
    frame = pd.DataFrame([row for row in rows[1:] if row.count("") != len(row)], dtype=object)
    names = [_header_name(cell, position) for position, cell in enumerate(header)]
    table = pd.DataFrame(
        {name: _texts(frame[i]) if i in frame else pd.Series(dtype="str") for i, name in enumerate(names)}
    )
    return name, len(workbook.sheets_metadata) - 1, table
