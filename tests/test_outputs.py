"""Atomic writing: a failure leaves neither a partial file nor a temporary behind."""
import pytest

from numerics.outputs import text_writer, write_files_atomically


def test_all_or_nothing(tmp_path):
    def broken(path):
        path.write_text("half")
        raise RuntimeError("disk full")

    first, second = tmp_path / "a.json", tmp_path / "b.md"
    with pytest.raises(RuntimeError):
        write_files_atomically({first: text_writer("complete"), second: broken})
    assert list(tmp_path.iterdir()) == []


def test_replaces_existing_files(tmp_path):
    path = tmp_path / "report.json"
    path.write_text("old")
    write_files_atomically({path: text_writer("new")})
    assert path.read_text() == "new" and list(tmp_path.iterdir()) == [path]
