"""``python -m bench --reading``: an Excel workbook of 250,000 rows read by the importer's reader,
against the same rows as CSV, in one run; each read in a fresh process so its peak memory is its own.
The workbook is read in both forms a sheet's text takes: in its cells (as openpyxl writes it) and
in a shared-string table (as Excel and LibreOffice save it)."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from bench.memory import peak_memory_mb, reset_peak_memory
from bench.synthetic import synthetic_incidents

ROWS = 250_000


def reading_run(path: str) -> dict[str, float]:
    """One read (``read_table``, limits checked first) and the whole check (``prepare_file``)."""
    from geo.ingest.pipeline import prepare_file
    from geo.ingest.read import read_table

    reset_peak_memory()
    started = time.perf_counter()
    raw = read_table(Path(path))
    read = time.perf_counter() - started
    started = time.perf_counter()
    prepared = prepare_file(Path(path))
    return {
        "read_s": read,
        "rows": len(raw.frame),
        "prepare_s": time.perf_counter() - started,
        "mapped": prepared.report.mapped,
        "peak_mb": peak_memory_mb(),
        # A workbook is parsed in a child process: its own peak, counting the pages it shares with
        # this one (so the two added overstate the total a little).
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _workbook(frame, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("incidents")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if isinstance(value, float) and value != value else value for value in row])
    book.save(path)


INLINE_CELL = re.compile(r'<c([^>]*?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', re.S)
SHARED_STRINGS = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_STRINGS_LINK = (
    b'<Relationship Id="rIdSharedStrings" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/>'
)


def _shared_strings(source: Path, path: Path) -> None:
    """``source`` (one sheet, text in its cells) as Excel saves it: each text once in
    ``xl/sharedStrings.xml``, and each text cell its index there."""
    strings: dict[str, int] = {}

    def indexed(cell: re.Match) -> str:
        return f'<c{cell.group(1)} t="s"><v>{strings.setdefault(unescape(cell.group(2)), len(strings))}</v></c>'

    with zipfile.ZipFile(source) as given, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as saved:
        for item in given.infolist():
            data = given.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, cells = INLINE_CELL.subn(indexed, data.decode("utf-8"))
                data = data.encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SHARED_STRINGS_LINK + b"</Relationships>")
            saved.writestr(item, data)
        table = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
        saved.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{cells}" uniqueCount="{len(strings)}">{table}</sst>',
        )


def run_reading() -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        frame = synthetic_incidents(ROWS)
        frame.to_csv(folder / "incidents.csv", index=False)
        _workbook(frame, folder / "incidents.xlsx")
        _shared_strings(folder / "incidents.xlsx", folder / "shared.xlsx")
        found = {}
        for kind, name in (("csv", "incidents.csv"), ("xlsx", "incidents.xlsx"), ("xlsx_shared", "shared.xlsx")):
            command = [sys.executable, "-m", "bench", "--reading-run", str(folder / name)]
            done = subprocess.run(command, env=os.environ, capture_output=True, text=True, check=True)
            found[kind] = json.loads(done.stdout.splitlines()[-1])
        for kind in ("xlsx", "xlsx_shared"):
            found[f"{kind}_to_csv_read"] = found[kind]["read_s"] / found["csv"]["read_s"]
        return found
