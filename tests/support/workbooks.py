"""Excel workbooks written for tests: named sheets of rows, some hidden."""

from __future__ import annotations

from pathlib import Path


def workbook(path: Path, sheets: dict, hidden: tuple = ()) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def rewritten(source: Path, target: Path, change) -> Path:
    """A copy of the workbook ``source`` whose parts ``change`` has edited in place (a dict of zip
    member name to bytes): the crafted files a spreadsheet would never write."""
    import zipfile

    with zipfile.ZipFile(source) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def sheet_part(members: dict) -> str:
    """The zip member of the workbook's (only) worksheet."""
    return next(name for name in members if name.startswith("xl/worksheets/sheet"))
