"""Read incident and count files into raw text tables: the I/O edge, before any validation.

One entry, ``read_table``, picks the reader by extension (``read_csv``, ``read_excel``,
``read_spatial``); each checks its own limits before the work, and every one returns a ``RawTable``.
"""

from __future__ import annotations

import os
from pathlib import Path
from warnings import catch_warnings, simplefilter

from geo.ingest.raw import LoadError, RawTable
from geo.ingest.read_csv import read_csv_strict, refuse_long_csv
from geo.ingest.read_excel import read_excel
from geo.ingest.read_spatial import PARQUET_SUFFIXES, SPATIAL_SUFFIXES, read_spatial

CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED = sorted(CSV_SUFFIXES | EXCEL_SUFFIXES | set(SPATIAL_SUFFIXES) | PARQUET_SUFFIXES)


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
    if suffix in CSV_SUFFIXES:
        refuse_long_csv(path, max_rows)
        return read_csv_strict(path.read_bytes(), path.name)
    if suffix in EXCEL_SUFFIXES:
        return read_excel(path, max_rows)
    if suffix in SPATIAL_SUFFIXES or suffix in PARQUET_SUFFIXES:
        return read_spatial(path, suffix, max_rows)
    raise LoadError(f"{path.name}: unsupported file type '{suffix or 'none'}' (use {', '.join(SUPPORTED)})")
