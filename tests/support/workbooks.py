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
