"""A catalogue of hostile and malformed input files, written on demand (the large ones are generated,
not stored): ``python -m tests.support.catalogue OUT`` writes them all.

Each case is a file a newsroom could receive or an attacker could send. The promise for every one,
through ``geo check``, ``geo import`` and the upload page: rows = mapped + rejected, or one clear error
naming the file, within 20 s and 800 MB, and never a traceback (tests/geo/ingest/test_catalogue.py).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import sqlite3
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
from shapely import wkb
from shapely.geometry import LineString, Point, Polygon

from tests.support.hostile import HOSTILE, HOSTILE_URL

HEADER = ["id", "title", "date", "city", "state", "lat", "lon", "crime_type", "attribution", "attributed_by"]
GOOD = ["a1", "Theft", "2024-06-01", "Denver", "CO", "39.74", "-104.99", "theft", "reported", "residents"]


# Seven spellings of one crime type that a reader cannot tell apart from "theft".
LOOK_ALIKES = ("ｔｈｅｆｔ", "the\u200bft", "\ufefftheft", "th\u00adeft", "the\u2060ft", "THEFT")


def _rows(*changes: dict[str, str], base: list[str] = GOOD) -> list[list[str]]:
    """A good row, then one row per change (field -> value) with a fresh id."""
    rows = [list(base)]
    for number, change in enumerate(changes, 2):
        row = dict(zip(HEADER, base, strict=True)) | {"id": f"a{number}"} | change
        rows.append([row[c] for c in HEADER])
    return rows


def _csv_text(rows: list[list[str]], header: list[str] = HEADER, newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _write(path: Path, content: str | bytes, encoding: str = "utf-8") -> None:
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))


def _field_cases() -> dict[str, list[list[str]]]:
    """CSV files that parse but whose values are wrong, odd or hostile."""
    return {
        "date_9999_12_31.csv": _rows({"date": "9999-12-31"}),
        "date_9999_12.csv": _rows({"date": "9999-12"}),
        "date_year_zero.csv": _rows({"date": "0000-01-01"}, {"date": "0"}),
        "date_negative.csv": _rows({"date": "-2024-01-01"}),
        "date_feb_30.csv": _rows({"date": "2024-02-30"}),
        "date_1800.csv": _rows({"date": "1800-01-01"}),
        "date_excel_serial_huge.csv": _rows({"date": "99999999"}, {"date": "45000.5"}),
        "date_garbage.csv": _rows({"date": "yesterday"}, {"date": "2024-13-45"}, {"date": "🙂"}),
        "date_nan_inf.csv": _rows({"date": "NaN"}, {"date": "inf"}, {"date": "NaT"}),
        "lat_out_of_range.csv": _rows({"lat": "91"}, {"lat": "-1000"}),
        "lon_out_of_range.csv": _rows({"lon": "181"}, {"lon": "-540"}),
        "latlon_swapped.csv": _rows({"lat": "-104.99", "lon": "39.74"}),
        "coords_nan_inf.csv": _rows({"lat": "nan", "lon": "inf"}, {"lat": "-inf"}, {"lon": "NaN"}),
        "coords_underscore.csv": _rows({"lat": "3_9.74"}, {"lon": "-10_4.99"}),
        "coords_hex.csv": _rows({"lat": "0x27"}, {"lon": "0x1p6"}),
        "coords_huge_exponent.csv": _rows({"lat": "1e400"}, {"lon": "-1e-400"}),
        "coords_comma_decimal.csv": _rows({"lat": "39,74", "lon": "-104,99"}),
        "coords_text.csv": _rows({"lat": "north", "lon": "west"}),
        "coords_one_missing.csv": _rows({"lat": ""}, {"lon": ""}),
        "coords_outside_us.csv": _rows({"lat": "48.85", "lon": "2.35", "state": ""}, {"lat": "0", "lon": "0"}),
        "state_unknown.csv": _rows({"state": "ZZ"}, {"state": "Atlantis"}, {"state": "99"}),
        "attribution_unknown.csv": _rows({"attribution": "definitely"}, {"attribution": ""}),
        "required_empty.csv": _rows({"id": "", "title": "", "date": "", "crime_type": ""}),
        "text_bidi_overrides.csv": _rows({"title": "\u202eevil", "city": "Den\u2066ver"}, {"state": "C\u200bO"}),
        "crime_type_look_alikes.csv": _rows(*({"crime_type": t} for t in LOOK_ALIKES)),
        "ids_duplicate.csv": _rows({"id": "a1"}, {"id": "a1"}),
        "ids_hostile.csv": _rows({"id": "=cmd|' /C calc'!A0"}, {"id": "a\nb"}, {"id": "../../etc/passwd"}),
        "formula_cells.csv": _rows(
            {"title": "=1+1"}, {"title": "+SUM(A1)"}, {"title": "@x"}, {"title": "-2+3"}, {"title": "x\r=1+1"}
        ),
        "html_payloads.csv": [
            [f"h{n}", text, "2024-06-01", text, "CO", "39.7", "-105", "theft", "reported", text]
            for n, text in enumerate(HOSTILE)
        ],
        "url_payloads.csv": _rows({"title": HOSTILE_URL}, {"city": "[x](javascript:alert(1))"}),
        "markdown_payloads.csv": _rows(
            {"title": "![beacon](http://evil.example/b.png)"},
            {"crime_type": "[click](http://evil.example)"},
            {"attributed_by": "<http://evil.example>"},
        ),
        "bidi_controls.csv": _rows({"title": "\u202egnp.exe"}, {"city": "Den\u200bver"}, {"title": "\u2066x\u2069"}),
        "control_chars.csv": _rows({"title": "bell\x07 esc\x1b[31m del\x7f"}, {"city": "\x01\x02"}),
        "emoji_astral.csv": _rows({"title": "🚨💥𝔘𝔫𝔦𝔠𝔬𝔡𝔢"}, {"city": "Dénvér"}),
        "long_text_fields.csv": [[*GOOD[:1], "x" * 200_000, *GOOD[2:]]]
        + [[f"l{n}", "y" * 50_000, *GOOD[2:]] for n in range(50)],
        "many_crime_types.csv": [
            [f"t{n}", "x", "2024-06-01", "Denver", "CO", "39.7", "-105", f"type_{n}", "reported", ""]
            for n in range(5_000)
        ],
    }


def _structure_cases(folder: Path) -> None:
    """CSV files whose structure or encoding is wrong."""
    good = _csv_text(_rows({}, {}))
    _write(folder / "empty.csv", b"")
    _write(folder / "header_only.csv", ",".join(HEADER) + "\n")
    _write(folder / "whitespace_only.csv", "   \n\n \t\n")
    _write(folder / "bom_only.csv", b"\xef\xbb\xbf")
    _write(folder / "numbers_only.csv", "1,2,3\n4,5,6\n")
    _write(folder / "unclosed_quote.csv", good + 'a9,"never closed,2024-06-01\n')
    _write(folder / "more_fields.csv", good + "a9,x,2024-06-01,Denver,CO,39,-105,theft,reported,residents,extra,more\n")
    _write(folder / "fewer_fields.csv", good + "a9,x\n")
    _write(folder / "duplicate_headers.csv", _csv_text([GOOD + ["x"]], HEADER + ["title"]))
    _write(folder / "blank_header.csv", _csv_text([GOOD + ["x"]], HEADER + [""]))
    _write(folder / "nul_bytes.csv", good.encode() + b"a9,\x00\x00,2024\n")
    _write(folder / "binary_garbage.csv", random.Random(1).randbytes(200_000))
    _write(folder / "gzip_as_csv.csv", gzip.compress(good.encode()))
    _write(folder / "zip_as_csv.csv", _zip({"incidents.csv": good.encode()}))
    _write(folder / "png_as_csv.csv", b"\x89PNG\r\n\x1a\n" + bytes(100))
    _write(folder / "utf16_le_bom.csv", good, "utf-16")
    _write(folder / "utf16_be_bom.csv", b"\xfe\xff" + good.encode("utf-16-be"))
    _write(folder / "utf16_no_bom.csv", good.encode("utf-16-le"))
    _write(folder / "cp1252_quotes.csv", _csv_text(_rows({"title": "\u201cquoted\u201d \u2013 caf\u00e9"})), "cp1252")
    _write(folder / "latin1.csv", _csv_text(_rows({"city": "Se\u00f1ora"})), "latin-1")
    _write(folder / "stray_byte_utf8.csv", _csv_text(_rows({"city": "Bogot\u00e1"})).encode() + b"a9,\xff,2024\n")
    _write(folder / "utf8_bom.csv", b"\xef\xbb\xbf" + good.encode())
    _write(folder / "cr_only.csv", _csv_text(_rows({}), newline="\r"))
    _write(folder / "mixed_line_endings.csv", good.replace("\n", "\r\n", 1) + "a9,x,2024-06-01,,CO,,,theft,reported,\r")
    _write(folder / "semicolon_delimited.csv", good.replace(",", ";"))
    _write(folder / "tab_delimited.txt", good.replace(",", "\t"))
    _write(folder / "long_line_no_newline.csv", "x" * 5_000_000)
    _write(folder / "huge_single_cell.csv", ",".join(HEADER) + '\n"' + "z" * 8_000_000 + '",' + ",".join(GOOD[1:]))
    _write(folder / "csv_named_geojson.geojson", good)
    _write(folder / "unsupported_extension.exe", good)
    _write(folder / "no_extension", good)


def _large_cases(folder: Path) -> None:
    """Big on purpose: each must be refused or read within the time and memory budget."""
    columns = 1_000_000
    _write(folder / "million_columns_unique.csv", ",".join(f"c{n}" for n in range(columns)) + "\n1\n")
    _write(folder / "million_columns_duplicate.csv", ",".join(["c"] * columns) + "\n1\n")
    with (folder / "state_centres_300k.csv").open("w", encoding="utf-8") as out:
        out.write("id,title,date,state,crime_type,attribution\n")
        states = ["CO", "TX", "NY", "FL", "IL", "CA", "GA", "OH"]
        out.writelines(f"s{n},Case {n},2024-{n % 12 + 1:02d},{states[n % 8]},theft,reported\n" for n in range(300_000))
    with (folder / "five_million_rows.csv").open("w", encoding="utf-8") as out:
        out.write("id,state\n")
        out.writelines(f"{n},CO\n" for n in range(5_000_000))
    with (folder / "all_rows_rejected_100k.csv").open("w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        out.writelines(f"r{n},x,not a date,,ZZ,999,999,,never,\n" for n in range(100_000))


def _limit_cases(folder: Path) -> None:
    """Each must be refused by a limit before the work it would cost: the row limits for every line
    ending, Excel's own row limit whatever the sheet declares, a line no table has."""
    with (folder / "cr_only_2_2m_rows.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("id,state\r")
        out.writelines(f"{n},CO\r" for n in range(2_200_000))
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 1_100_001))
    for name, dimension in (
        ("xlsx_no_dimension_1_1m.xlsx", b""),
        ("xlsx_lying_dimension_1_1m.xlsx", b'<dimension ref="A1:A2"/>'),
    ):
        _workbook(folder / name, [("Data", [["id"], ["1"]], "visible")])
        with zipfile.ZipFile(folder / name) as source:
            members = {item.filename: source.read(item) for item in source.infolist()}
        members["xl/worksheets/sheet1.xml"] = (
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + dimension
            + b"<sheetData>"
            + rows
            + b"</sheetData></worksheet>"
        )
        _write(folder / name, _zip(members, level=1))
    with (folder / "one_line_2gib.csv").open("wb") as out:
        out.write(b"id,title,")
        block = b"x" * (64 << 20)
        for _ in range(32):
            out.write(block)
    with (folder / "crime_types_100k.csv").open("w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        out.writelines(f"c{n},x,2024-06-01,Denver,CO,39.7,-105,type {n},reported,\n" for n in range(100_000))


def _zip(members: dict[str, bytes], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _workbook(path: Path, sheets: list[tuple[str, list[list[object]], str]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.save(path)


def _excel_cases(folder: Path) -> None:
    good = [HEADER, GOOD]
    _workbook(folder / "xlsx_good_with_formulas.xlsx", [("Data", [*good, ["f1", "=1+1", "=TODAY()"]], "visible")])
    _workbook(
        folder / "xlsx_hidden_first_sheet.xlsx", [("Old", [["junk"], ["x"]], "hidden"), ("Data", good, "visible")]
    )
    # openpyxl will not write a workbook without a visible sheet; others' tools do.
    hidden = folder / "xlsx_all_sheets_hidden.xlsx"
    _workbook(hidden, [("A", good, "hidden"), ("B", good, "visible")])
    with zipfile.ZipFile(hidden) as source:
        members = {item.filename: source.read(item) for item in source.infolist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    _write(hidden, _zip(members))
    _workbook(folder / "xlsx_duplicate_headers.xlsx", [("Data", [HEADER + ["title"], GOOD + ["x"]], "visible")])
    _workbook(folder / "xlsx_empty.xlsx", [("Data", [], "visible")])
    _workbook(folder / "xlsx_many_sheets.xlsx", [(f"S{n}", good, "visible") for n in range(30)])
    _workbook(folder / "xlsx_serial_dates.xlsx", [("Data", [HEADER, [*GOOD[:2], 45000, *GOOD[3:]]], "visible")])
    real = (folder / "xlsx_good_with_formulas.xlsx").read_bytes()
    _write(folder / "xlsx_truncated.xlsx", real[: len(real) // 2])
    _write(folder / "xlsx_not_a_zip.xlsx", _csv_text([GOOD]))
    _write(folder / "xlsm_random_bytes.xlsm", random.Random(2).randbytes(50_000))
    # A sheet that unpacks to 300 MB from a few hundred kB.
    with zipfile.ZipFile(folder / "xlsx_bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with zipfile.ZipFile(folder / "xlsx_good_with_formulas.xlsx") as source:
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    archive.writestr(item, source.read(item))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
            for _ in range(300_000_000 // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    # XML entity expansion ("billion laughs") inside the sheet: defusedxml refuses it.
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode() for n in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    with (
        zipfile.ZipFile(folder / "xlsx_billion_laughs.xlsx", "w", zipfile.ZIP_DEFLATED) as archive,
        zipfile.ZipFile(folder / "xlsx_good_with_formulas.xlsx") as source,
    ):
        for item in source.infolist():
            data = laughs if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            archive.writestr(item.filename, data)


def _privacy_cases(folder: Path) -> None:
    """Ways a newsroom's own file says a row is private that our names do not: each must stop the
    import or reject the row, never publish it."""
    for name, column in (
        ("private_is_public_column.csv", "Is public"),
        ("private_published_question.csv", "Published?"),
        ("private_embargo_column.csv", "Embargo until"),
        ("private_confidential_column.csv", "CONFIDENTIAL"),
    ):
        _write(folder / name, _csv_text([GOOD + ["false"]], HEADER + [column]))
    _write(
        folder / "private_blank_public.csv", _csv_text([GOOD + ["false"], ["a2", *GOOD[1:], ""]], HEADER + ["public"])
    )
    # A formula saved without its value (openpyxl writes none): read for values alone it is blank.
    _workbook(
        folder / "xlsx_public_formula_uncached.xlsx", [("Data", [HEADER + ["public"], GOOD + ["=1=2"]], "visible")]
    )


def _frame(geometries: list, extra: dict | None = None) -> gpd.GeoDataFrame:
    size = len(geometries)
    columns = {
        "id": [f"g{n}" for n in range(size)],
        "title": ["Case"] * size,
        "date": ["2024-06-01"] * size,
        "state": ["CO"] * size,
        "crime_type": ["theft"] * size,
        "attribution": ["reported"] * size,
    }
    return gpd.GeoDataFrame(columns | (extra or {}), geometry=geometries, crs="EPSG:4326")


SQUARE = Polygon([(-105, 39), (-104, 39), (-104, 40), (-105, 40)])


def _spatial_cases(folder: Path) -> None:
    points = [Point(-104.99, 39.74), Point(-105.1, 39.6)]
    _write(folder / "geojson_invalid_json.geojson", '{"type": "FeatureCollection", "features": [')
    _write(folder / "geojson_plain_array.geojson", json.dumps([1, 2, 3]))
    _write(folder / "geojson_empty_features.geojson", json.dumps({"type": "FeatureCollection", "features": []}))
    _frame([SQUARE, SQUARE]).to_file(folder / "geojson_polygons_only.geojson", driver="GeoJSON")
    _frame([None, None]).to_file(folder / "geojson_null_geometries.geojson", driver="GeoJSON")
    _frame([points[0], SQUARE, LineString([(0, 0), (1, 1)]), None]).to_file(
        folder / "geojson_mixed_geometries.geojson", driver="GeoJSON"
    )
    feature = {"type": "Feature", "properties": {"id": "u1", "title": "x", "date": "2024-06-01"}}
    unclosed = {"type": "Polygon", "coordinates": [[[-105, 39], [-104, 39], [-104, 40]]]}
    _write(
        folder / "geojson_unclosed_ring.geojson",
        json.dumps({"type": "FeatureCollection", "features": [feature | {"geometry": unclosed}]}),
    )
    far = {"type": "Point", "coordinates": [500, -300]}
    _write(
        folder / "geojson_coords_out_of_range.geojson",
        json.dumps({"type": "FeatureCollection", "features": [feature | {"geometry": far}]}),
    )
    _write(
        folder / "geojson_deep_nesting.geojson",
        '{"type": "FeatureCollection", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    )
    big = {"summary": ["w" * 1_000_000] * 2}
    _frame(points, big).to_file(folder / "geojson_huge_properties.geojson", driver="GeoJSON")
    _frame(points).to_crs(3857).to_file(folder / "geojson_web_mercator.json", driver="GeoJSON")
    _frame(points, {"title": HOSTILE[:2]}).to_file(folder / "geojson_hostile_text.geojson", driver="GeoJSON")

    layers = folder / "gpkg_multi_layer.gpkg"
    _frame(points).to_file(layers, layer="incidents", driver="GPKG")
    _frame(points[:1]).to_file(layers, layer="other", driver="GPKG")
    _frame([SQUARE]).to_file(folder / "gpkg_polygons_only.gpkg", layer="incidents", driver="GPKG")
    _frame(points[:0]).to_file(folder / "gpkg_empty_layer.gpkg", layer="incidents", driver="GPKG")
    real = (folder / "gpkg_polygons_only.gpkg").read_bytes()
    _write(folder / "gpkg_truncated.gpkg", real[: len(real) // 3])
    with sqlite3.connect(folder / "gpkg_plain_sqlite.gpkg") as db:
        db.execute("create table t (a text)")
    _write(folder / "gpkg_text.gpkg", "not a database")

    plain = pd.DataFrame(_frame(points).drop(columns="geometry")).assign(lat=[39.74, 39.6], lon=[-104.99, -105.1])
    plain.to_parquet(folder / "parquet_plain.parquet")
    _frame(points).to_parquet(folder / "geoparquet_good.parquet")
    real = (folder / "geoparquet_good.parquet").read_bytes()
    _write(folder / "parquet_truncated.parquet", real[: len(real) // 2])
    _write(folder / "parquet_text.parquet", "PAR1 not really")
    _frame([SQUARE, SQUARE]).to_parquet(folder / "geoparquet_polygons.parquet")
    _frame([None, points[0]]).to_parquet(folder / "geoparquet_null_geometry.parquet")
    bad = _frame(points).to_wkb()
    bad["geometry"] = [b"\x01\x01\x00\x00", wkb.dumps(points[1])]
    pd.DataFrame(bad).to_parquet(folder / "parquet_bad_wkb_column.parquet")
    _frame(points).to_parquet(folder / "geoparquet_bad_wkb.parquet")
    _corrupt_wkb(folder / "geoparquet_bad_wkb.parquet")
    nested = plain.assign(tags=[["a", "b"], []], extra=[{"k": 1}, {"k": 2}])
    nested.to_parquet(folder / "parquet_nested_columns.parquet")
    # Degrees under a projected CRS: reprojected as metres, every point would land at (0, 0).
    _frame(points).set_crs(3857, allow_override=True).to_parquet(folder / "geoparquet_crs_lies.parquet")
    _geometry_of_integers(folder / "geoparquet_geometry_of_integers.parquet")


def _geometry_of_integers(path: Path) -> None:
    """GeoParquet metadata over a geometry column that holds numbers, not WKB."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}},
    }
    table = pa.table({"id": ["g1"], "geometry": [1]}).replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    pq.write_table(table, path)


def _corrupt_wkb(path: Path) -> None:
    """Rewrite a GeoParquet file keeping its geo metadata but with broken WKB in the first row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    column = table.column("geometry").to_pylist()
    column[0] = b"\x01\x01\x00\x00\x00\xff"
    table = table.set_column(table.schema.get_field_index("geometry"), "geometry", pa.array(column, pa.binary()))
    pq.write_table(table, path)


def write_catalogue(folder: Path) -> list[Path]:
    """Write every case into ``folder``; returns the files, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in _field_cases().items():
        _write(folder / name, _csv_text(rows))
    builders: list[Callable[[Path], None]] = [
        _structure_cases,
        _large_cases,
        _excel_cases,
        _spatial_cases,
        _privacy_cases,
        _limit_cases,
    ]
    for build in builders:
        build(folder)
    return sorted(p for p in folder.iterdir() if p.is_file())


if __name__ == "__main__":
    written = write_catalogue(Path(sys.argv[1]))
    print(f"{len(written)} files in {sys.argv[1]}")
