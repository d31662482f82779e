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


def far_cell(members):
    """The last cell of Excel's grid, next to the data: calamine would lay out every cell between."""
    sheet = sheet_part(members)
    members[sheet] = members[sheet].replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>'
    )


def huge_string_table(members):
    """A table of shared strings that says it holds four billion: calamine reserves room for them."""
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    members["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'
    )
