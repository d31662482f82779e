import pytest

from geo.support.atomic import replacing, write_bytes


def test_a_file_appears_whole_and_replaces_the_old_one(tmp_path):
    target = tmp_path / "a.bin"
    write_bytes(target, b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_failed_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.bin"
    write_bytes(target, b"old")
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk gone")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_folder_replaces_a_folder_whole(tmp_path):
    target = tmp_path / "snap"
    target.mkdir()
    (target / "stale.txt").write_text("x")
    with replacing(target) as staging:
        staging.mkdir()
        (staging / "index.html").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap"]
