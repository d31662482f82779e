"""One entry for every format: missing, empty and unsupported files, and the row limit."""

import pytest

from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from tests.support.workbooks import workbook


def test_missing_empty_and_unsupported_files_are_one_line_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    other = tmp_path / "data.xyz"
    other.write_text("x")
    for path, message in ((tmp_path / "missing.csv", "no such file"), (empty, "empty"), (other, "unsupported")):
        with pytest.raises(LoadError, match=message) as error:
            read_table(path)
        assert "\n" not in str(error.value)


def test_a_row_limit_is_enforced_before_parsing(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,date\n" + "".join(f"{i},2024-01-01\n" for i in range(50)), encoding="utf-8")
    with pytest.raises(LoadError, match="about 50 rows; the limit here is 10"):
        read_table(path, max_rows=10)
    assert len(read_table(path, max_rows=50).frame) == 50
    book = workbook(tmp_path / "long.xlsx", {"Sheet": [["id"], *[[str(i)] for i in range(30)]]})
    with pytest.raises(LoadError, match="limit here is 10"):
        read_table(book, max_rows=10)
