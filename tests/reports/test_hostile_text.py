"""Every writer accepts anything the register can hold (issue 11): control characters from a PDF's
text, a file name that was not UTF-8, U+FFFE; shown as one visible escape (``reports.safe_text``),
never a traceback. A report appears whole or not at all: a disk that fills up mid-write leaves no
truncated file and keeps the earlier report. The syllabi sheet tells "not a syllabus" from
"unreadable" and lists a syllabus's copies."""

from __future__ import annotations

import builtins
import errno
import gc
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from report_factory import build_report

from checks.finding import Verdict
from reports.labels import Labels
from reports.run_report import RunReport, SyllabusSummary
from reports.safe_text import shown, text_cell, unshown
from reports.writers.registry import renderers

# a Latin-1 name from an old share, as os.listdir gives it (surrogateescape), with a bell in it
LATIN1_NAME = b"\xe9t\xe9\x07.pdf".decode("utf-8", "surrogateescape")
CONTROL_TEXT = "Сағат\x00\x01\x08\x0b\x0c\x0d\x0e\x1b[2J\x1f\x7f\x85\ufffe\uffff\ud800\u202eгдп.exe"
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def test_shown_is_visible_reversible_and_idempotent():
    assert shown(LATIN1_NAME) == "\\xe9t\\xe9\\x07.pdf"  # the bytes as `ls -b` shows them
    assert shown("\x85") == "\\u0085"  # a C1 character is never taken for a byte
    for text in (LATIN1_NAME, CONTROL_TEXT, "tab\tand\nnewline stay", "Қазақша, русский"):
        out = shown(text)
        assert not XML_ILLEGAL.search(out) and not re.search("[\x7f-\x9f\u202e]", out)
        out.encode("utf-8")  # UTF-8 can hold it
        assert unshown(out) == text
        assert shown(out) == out  # escaping twice changes nothing
    assert shown("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
    assert shown(5) == 5 and shown(None) is None


def hostile_report(lang: str = "kk") -> RunReport:
    """The factory's run, with one syllabus whose file name, title, quote and evidence hold
    everything a register can hold (its department too), and that has copies."""
    report = build_report(lang)
    entry = report.entries[0]
    ref = entry.record.syllabus.model_copy(update={"file": LATIN1_NAME, "course_title": CONTROL_TEXT,
                                                    "department": "Кафедра\x07" + LATIN1_NAME})
    record = entry.record.model_copy(update={
        "syllabus": ref,
        "evidence": {**entry.record.evidence, "file": LATIN1_NAME, "quote": CONTROL_TEXT},
        "actual": "14\x0012",
        "description": entry.record.description.model_copy(update={lang: "Сағаттар\x1b[31m " + CONTROL_TEXT}),
    })
    summary = SyllabusSummary(file=LATIN1_NAME, course_code=ref.course_code, course_title=CONTROL_TEXT,
                              department=ref.department, verdict=Verdict.to_revise, findings=1, major=1,
                              copies=[LATIN1_NAME, "копия\x01.docx"])
    return report.model_copy(update={
        "entries": [entry.model_copy(update={"record": record}), *report.entries[1:]],
        "syllabi": [summary, *report.syllabi],
        "institution": "Консерватория\x0c",
    })


def _render(fmt: str, report: RunReport, out: Path) -> list[Path]:
    result = renderers()[fmt]["render"](report, out)
    return [result] if isinstance(result, Path) else list(result)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_writer_accepts_hostile_text_and_shows_it_escaped(tmp_path, lang):
    report = hostile_report(lang)
    out = tmp_path / "run-1"
    out.mkdir()
    files: dict[str, list[Path]] = {fmt: _render(fmt, report, out) for fmt in renderers()}
    assert set(files) >= {"xlsx", "plan-docx", "html", "csv", "json", "index"}
    name, text = shown(LATIN1_NAME), shown(CONTROL_TEXT)
    assert name == "\\xe9t\\xe9\\x07.pdf" and "\\x1b[2J" in text and "\\ud800" in text

    cells = [c for ws in load_workbook(files["xlsx"][0]).worksheets for row in ws.iter_rows() for c in row]
    values = {c.value for c in cells}
    assert name in values and text in values
    assert not [c.coordinate for c in cells if c.data_type == "f"]

    plans = [Document(p) for p in files["plan-docx"]]
    plan_text = "\n".join(p.text for d in plans for t in d.tables for row in t.rows for cell in row.cells
                          for p in cell.paragraphs)
    assert name in plan_text and text in plan_text

    for fmt in ("html", "csv", "index"):
        for path in files[fmt]:
            raw = path.read_bytes().decode("utf-8")  # valid UTF-8: no surrogate got through
            assert not XML_ILLEGAL.search(raw.replace("\r\n", "\n")), (fmt, path.name)
            assert "\x1b" not in raw and "\u202e" not in raw
    html = files["html"][0].read_text(encoding="utf-8")
    assert name in html and "\\x1b[2J" in html
    csv_text = files["csv"][0].read_text(encoding="utf-8-sig")
    assert name in csv_text and "\\x1b[2J" in csv_text

    # machines get the exact text back
    payload = json.loads(files["json"][0].read_text(encoding="utf-8"))
    assert RunReport.model_validate(payload["report"]).syllabi[0].file == LATIN1_NAME
    assert any(r["quote"] == CONTROL_TEXT and r["file"] == LATIN1_NAME for r in payload["records"])


def test_text_cell_keeps_formula_text_as_text():
    from openpyxl import Workbook

    ws = Workbook().active
    for i, value in enumerate(["=1+1", "+1", "-x", "@SUM(1)", "\t=1", "\r=1", "plain", 5], start=1):
        text_cell(ws.cell(row=i, column=1), value)
    kinds = [ws.cell(row=i, column=1).data_type for i in range(1, 9)]
    assert kinds == ["s"] * 7 + ["n"]
    assert ws["A1"].quotePrefix and not ws["A7"].quotePrefix
    assert ws["A6"].value == "\\x0d=1"


# ----------------------------------------------------------------------------- a full disk

class _FullDisk:
    """A file that takes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, fh, room: int):
        self._fh, self._room = fh, room

    def write(self, data):
        if len(data) > self._room:
            self._fh.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


@pytest.fixture
def full_disk(monkeypatch):
    """Make every file opened for writing under ``folder`` fail after ``room`` bytes."""
    real = io.open

    def install(folder: Path, room: int):
        def fake_open(file, mode="r", *args, **kwargs):
            fh = real(file, mode, *args, **kwargs)
            if isinstance(file, (str, Path)) and Path(file).parent == folder and any(m in mode for m in "wxa+"):
                return _FullDisk(fh, room)
            return fh

        monkeypatch.setattr(io, "open", fake_open)
        monkeypatch.setattr(builtins, "open", fake_open)

    return install


# the zip libraries leave their half-written archive to the garbage collector, which complains
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("fmt", ["xlsx", "plan-docx", "html", "csv", "json"])
def test_a_full_disk_leaves_no_truncated_report_and_keeps_the_earlier_one(tmp_path, full_disk, fmt):
    out = tmp_path / "run-1"
    out.mkdir()
    report = build_report("ru")
    earlier = {p: p.read_bytes() for p in _render(fmt, report, out)}
    assert earlier

    full_disk(out, room=1000)
    with pytest.raises(OSError) as failure:
        _render(fmt, report, out)
    assert failure.value.errno == errno.ENOSPC
    assert {p: p.read_bytes() for p in earlier} == earlier  # last complete report untouched
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in earlier)  # no temporary file
    gc.collect()  # the half-written archive's complaint, here where it is expected


# the zip libraries leave their half-written archive to the garbage collector, which complains
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("fmt", ["xlsx", "plan-docx", "html", "csv", "json"])
def test_a_full_disk_on_a_first_report_leaves_nothing(tmp_path, full_disk, fmt):
    out = tmp_path / "run-1"
    out.mkdir()
    full_disk(out, room=1000)
    with pytest.raises(OSError):
        _render(fmt, build_report("kk"), out)
    assert list(out.iterdir()) == []
    gc.collect()


# ----------------------------------------------------------------------------- the syllabi sheet

@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_syllabi_sheet_tells_not_a_syllabus_from_unreadable_and_lists_copies(tmp_path, lang):
    report = build_report(lang)
    extra = [
        SyllabusSummary(file="letter.docx", error="letter.docx: The document does not look like a syllabus"),
        SyllabusSummary(file="broken.pdf", error="broken.pdf: The file is damaged or truncated: EOF marker not found"),
        SyllabusSummary(file="scan.pdf", error="scan.pdf: The syllabus's tables could not be found"),
        SyllabusSummary(file="ГМРК.docx", course_code="GMRK1", verdict=Verdict.accepted,
                        copies=["ГМРК.docx", "ГМРК.pdf", "ГМРК.doc"]),
    ]
    report = report.model_copy(update={"syllabi": [*report.syllabi, *extra]})
    assert [s.status for s in extra] == ["not_a_syllabus", "unreadable", "tables_not_found", "accepted"]
    labels = Labels(lang)
    path = _render("xlsx", report, tmp_path)[0]
    ws = load_workbook(path)[labels("sheet.by_syllabus")[:31]]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    verdict, copies = labels.column("verdict"), labels.column("copies")
    assert rows["letter.docx"][verdict] == labels("syllabus_status.not_a_syllabus")
    assert rows["broken.pdf"][verdict] == labels("syllabus_status.unreadable")
    assert rows["scan.pdf"][verdict] == labels("syllabus_status.tables_not_found")
    assert len({rows[f][verdict] for f in ("letter.docx", "broken.pdf", "scan.pdf")}) == 3
    assert rows["ГМРК.docx"][verdict] == labels.value("verdict", "accepted")
    assert rows["ГМРК.docx"][copies].split("\n") == ["ГМРК.docx", "ГМРК.pdf", "ГМРК.doc"]
    assert rows["letter.docx"][copies] in (None, "")
