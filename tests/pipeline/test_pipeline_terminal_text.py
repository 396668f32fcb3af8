"""File names and document text never reach the terminal or the log raw: an escape sequence in a
file name (``\\x1b[2J`` clears the screen, ``\\x1b]0;…\\x07`` retitles the window) is shown as
text, letters of every script stay as they are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.terminal_text import shown

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
HOSTILE = "\x1b[2J\x1b]0;pwned\x07.docx"
RAW = (b"\x1b", b"\x07", b"\xc2\x9b")  # ESC, BEL, and CSI (U+009B) as UTF-8 would write it


@pytest.mark.parametrize("raw, expected", [
    (HOSTILE, "\\x1b[2J\\x1b]0;pwned\\x07.docx"),
    ("copy\x9b2J.docx", "copy\\u009b2J.docx"),  # C1 CSI: an escape sequence on its own for some terminals
    ("two\nlines\r.pdf", "two\\x0alines\\x0d.pdf"),  # a newline would forge a log line
    ("\u202efdp.exe", "\\u202efdp.exe"),  # right-to-left override: shows the name reversed
    (os.fsdecode(b"\xe9t\xe9.docx"), "\\xe9t\\xe9.docx"),  # a Latin-1 name: its bytes
    ("Силлабус Қазақ тілі ғ ү ұ і ң ө һ.docx", "Силлабус Қазақ тілі ғ ү ұ і ң ө һ.docx"),
    ("tab\there", "tab\\x09here"),
])
def test_shown_escapes_controls_and_keeps_letters(raw, expected):
    assert shown(raw) == expected
    assert shown(shown(raw)) == shown(raw)  # escaping twice (logged, then echoed) changes nothing


def test_shown_keeps_the_lines_of_a_traceback():
    assert shown("line 1\n\tline 2\x1b[0m", keep_newlines=True) == "line 1\n\tline 2\\x1b[0m"


def _audit(folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", "--no-progress", str(folder), "--register",
                                       f"sqlite:///{tmp_path / 'r.sqlite3'}", "--out", str(out), "--workers", "1",
                                       "--lang", "en"])
    logs = [p.read_bytes() for p in out.glob("*/audit.log")]
    assert len(logs) == 1, result.output
    return result, logs[0]


def _no_raw_control(*texts: bytes) -> None:
    for text in texts:
        for byte in RAW:
            assert byte not in text, (byte, text.decode("utf-8", "replace")[-3000:])


def test_audit_shows_hostile_file_names_escaped(tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(SAMPLES / "clean_en.docx", folder / HOSTILE)  # read as a syllabus
    shutil.copy(SAMPLES / "defects_ru.docx", folder / "Силлабус.docx")
    # identical copies: one is read, the other named in the summary on stdout
    shutil.copy(SAMPLES / "seed_kk.docx", folder / "copy\x9b2J.docx")
    shutil.copy(SAMPLES / "seed_kk.docx", folder / "\x1b]8;;evil\x1b\\link.docx")  # a hyperlink
    (folder / "bad\x1b[31m.pdf").write_bytes(b"not a pdf at all")  # unreadable: named in a warning

    result, log = _audit(folder, tmp_path)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    _no_raw_control(result.stdout_bytes, result.stderr_bytes, log)
    for text in (result.stderr, log.decode("utf-8")):
        assert "\\x1b[2J\\x1b]0;pwned\\x07.docx" in text
        assert "bad\\x1b[31m.pdf" in text
        assert "Силлабус.docx" in text  # Cyrillic stays Cyrillic
    copies = next(line for line in result.stdout.splitlines() if line.startswith("identical copies"))
    assert "copy\\u009b2J.docx" in copies or "\\x1b]8;;evil\\x1b\\link.docx" in copies, copies


def test_a_name_that_is_not_utf8_is_shown_by_its_bytes(tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(SAMPLES / "clean_en.docx", folder / "ok.docx")
    with open(os.path.join(os.fsencode(folder), b"\xe9t\xe9\x1b[2J.docx"), "wb") as f:
        f.write((SAMPLES / "clean_ru.docx").read_bytes())

    result, log = _audit(folder, tmp_path)
    # whatever the run makes of the file, what it says about it is printable and names it
    assert "Traceback" not in result.output
    _no_raw_control(result.stdout_bytes, result.stderr_bytes, log)
    for text in (result.stderr_bytes, log):
        assert b"\xe9t\xe9" not in text  # not the raw Latin-1 bytes (invalid UTF-8)...
        assert b"\\xe9t\\xe9\\x1b[2J.docx" in text  # ...but the name, escaped


def test_an_error_naming_a_hostile_path_is_escaped(tmp_path):
    result = CliRunner().invoke(main, ["audit", "--no-progress", str(tmp_path / HOSTILE), "--register",
                                       f"sqlite:///{tmp_path / 'r.sqlite3'}", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "\\x1b[2J" in result.stderr
    _no_raw_control(result.stdout_bytes, result.stderr_bytes,
                    *(p.read_bytes() for p in (tmp_path / "out").glob("*/audit.log")))
