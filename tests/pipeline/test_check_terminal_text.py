"""``check`` prints what it read about a file with a hostile name, in text and JSON, without a raw
escape sequence, bell or C1 control reaching the terminal (issue 11), and its JSON still parses
and gives the name back exactly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.discovery import name_text
from reports.safe_text import unshown

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "defects_ru.docx"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    name = os.fsdecode(b"\x1b]0;pwned\x07 \xe9t\xe9 \xc2\x9b2J \xe2\x80\xae.docx")  # ESC, BEL, Latin-1, C1 CSI, RLO
    target = folder / name
    shutil.copy(SAMPLE, target)
    return target


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_output_has_no_raw_controls(hostile, fmt):
    r = CliRunner().invoke(main, ["check", str(hostile), "--format", fmt, "--lang", "ru"])
    assert r.exit_code == 1, r.output  # defects_ru has real defects
    assert "Traceback" not in r.output
    assert not [c for c in RAW if c in r.output], r.output[:300]
    assert not any("\ud800" <= c <= "\udfff" for c in r.output)
    if fmt == "json":
        files = {f["evidence"]["file"] for f in json.loads(r.output)["findings"]}
        assert files == {name_text(hostile)}  # names are stored as the register keeps them
        assert {unshown(f) for f in files} == {str(hostile)}  # lossless: the exact name, undecodable byte and all
    else:
        assert "\\x1b]0;pwned\\x07" in r.output and "\\xe9t\\xe9" in r.output  # escaped, still findable
