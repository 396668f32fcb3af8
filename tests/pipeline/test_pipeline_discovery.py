"""discover(): recursion, what is skipped, identical content counted once, clear errors."""

import os
from pathlib import Path

import pytest

from pipeline.discovery import DiscoveryError, discover


def _write(root: Path, rel: str, content: bytes = b"x") -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(content)
    return p


@pytest.fixture
def tree(tmp_path):
    _write(tmp_path, "a.docx", b"A")
    _write(tmp_path, "b/a.docx", b"A")  # same content as a.docx
    _write(tmp_path, "b/c/a copy.DOCX", b"A")  # and again, upper-case suffix
    _write(tmp_path, "b/c/d.PDF", b"D")
    _write(tmp_path, "e.odt", b"E")
    _write(tmp_path, "f.rtf", b"F")
    _write(tmp_path, "g.doc", b"G")
    _write(tmp_path, "~$a.docx", b"lock")  # Office lock file
    _write(tmp_path, ".hidden.docx", b"H")
    _write(tmp_path, ".git/x.pdf", b"X")  # hidden folder
    _write(tmp_path, "b/.tmp/y.pdf", b"Y")
    _write(tmp_path, "notes.txt", b"N")
    _write(tmp_path, "scan.jpg", b"J")
    return tmp_path


def test_finds_supported_files_recursively_and_skips_lock_hidden_and_others(tree):
    d = discover([tree])
    rel = sorted(str(f.path.relative_to(tree)) for f in d.files)
    assert rel == ["a.docx", "b/c/d.PDF", "e.odt", "f.rtf", "g.doc"]
    assert all(len(f.sha256) == 64 and f.size == 1 for f in d.files)


def test_identical_content_is_counted_once_and_said_so(tree):
    d = discover([tree])
    (sha,) = d.duplicates
    kept = d.by_sha()[sha]
    assert kept.path == tree / "a.docx"
    assert d.duplicates[sha] == [tree / "b/a.docx", tree / "b/c/a copy.DOCX"]
    (line,) = d.duplicate_lines()
    assert line.startswith("3 identical copies counted once: ")
    assert line.endswith(f"{tree / 'a.docx'} = {tree / 'b/a.docx'} = {tree / 'b/c/a copy.DOCX'}")


def test_order_is_stable_and_a_file_named_twice_is_one_file(tree):
    d1 = discover([tree, tree / "e.odt", tree / "b"])
    d2 = discover([tree / "b", tree])
    assert [f.path for f in d1.files] == [f.path for f in d2.files]
    assert not any(p == tree / "e.odt" for ps in d1.duplicates.values() for p in ps)


def test_symlink_loops_do_not_recurse_forever(tree):
    os.symlink(tree, tree / "b" / "loop")
    os.symlink(tree / "b", tree / "b" / "c" / "back")
    d = discover([tree])
    assert len(d.files) == 5


def test_links_that_loop_or_point_nowhere_are_unreadable_files(tmp_path):
    _write(tmp_path, "real.docx", b"R")
    (tmp_path / "self.pdf").symlink_to(tmp_path / "self.pdf")  # leads back to itself
    (tmp_path / "gone.docx").symlink_to(tmp_path / "moved away.docx")  # the target was moved
    (tmp_path / "notes.txt").symlink_to(tmp_path / "nowhere.txt")  # not a syllabus name: no record
    d = discover([tmp_path])
    reasons = {p.name: why for p, why in d.unreadable}
    assert set(reasons) == {"self.pdf", "gone.docx"}
    assert "loop" in reasons["self.pdf"] and "does not exist" in reasons["gone.docx"]
    assert [f.path.name for f in d.files if f.path.name == "real.docx"] == ["real.docx"]


def test_missing_path_is_a_clear_error_naming_it(tmp_path):
    missing = tmp_path / "no" / "such.docx"
    with pytest.raises(DiscoveryError) as e:
        discover([tmp_path, missing])
    assert str(missing) in str(e.value) and "no such file or folder" in str(e.value)


def test_a_file_given_directly_must_be_supported(tmp_path):
    _write(tmp_path, "notes.txt")
    with pytest.raises(DiscoveryError, match="not a supported file"):
        discover([tmp_path / "notes.txt"])


def test_large_file_hash_is_streamed_and_correct(tmp_path):
    import hashlib

    data = os.urandom(3 * (1 << 20) + 17)
    _write(tmp_path, "big.pdf", data)
    (f,) = discover([tmp_path]).files
    assert f.sha256 == hashlib.sha256(data).hexdigest() and f.size == len(data)


def test_the_copy_kept_is_the_one_named_as_the_readers_see_its_bytes(tmp_path):
    # bytes before "%PDF-" are a PDF to the PDF reader (extractors.sniff): discovery says the same,
    # so of two identical copies it keeps the .pdf one, and names what the other one really is
    content = b"\r\n junk before the header %PDF-1.4\n" + b"0" * 100
    _write(tmp_path, "a copy.docx", content)
    _write(tmp_path, "b real.pdf", content)
    d = discover([tmp_path])
    assert [f.path.name for f in d.files] == ["b real.pdf"]
    (line,) = d.duplicate_lines()
    assert line.endswith("a copy.docx (named .docx, but its content is that of a .pdf file)")
