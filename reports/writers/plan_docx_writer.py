"""Appendix 1 of procedure 001, the corrective-action plan ("ЖОСПАР сәйкессіздіктерді жою және
түзету әрекеттері"), as one DOCX per department, pre-filled with that department's open records.

The layout follows the form: approval block top right, title, the unit line, the number/date
line, the six-column table with its numbered header row, and the two signature lines. Columns 3-6
are filled from the record's corrective actions when someone has assigned them and left blank to
be written in by hand otherwise. Landscape A4, ready to print.

Every text enters the document through ``_run`` (``reports.safe_text.shown``): XML 1.0 cannot hold
a control character from a PDF's text or an undecodable byte of a file name, and python-docx
raises on them. The file is written whole or not at all (``_atomic``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reports.labels import Labels
from reports.location import location_words
from reports.records import Nonconformity
from reports.run_report import RunReport
from reports.safe_text import shown
from reports.writers._atomic import atomic_path
from reports.writers.registry import register

FONT = "Times New Roman"
COLUMN_WIDTHS_MM = (12, 85, 55, 30, 42, 33)  # sums to the 257 mm between 20 mm margins
SIGNATURE_BLANK = "_" * 25
# a cell's lines: (text, run options: bold, italic, colour, size)
CellLines = list[tuple[str, dict[str, Any]]]


def file_stem(department: str | None, labels: Labels) -> str:
    name = department or labels("department.none")
    slug = re.sub(r"[^\w]+", "_", name, flags=re.UNICODE).strip("_")[:60]
    return f"plan_{slug or 'department'}"


def _date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def _repeat_as_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cant_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


LINE_BREAKS = re.compile(r"[\t\r\n]")


def _run(paragraph: Paragraph, text: str) -> Run:
    text = shown(text)
    if not text or LINE_BREAKS.search(text):
        return paragraph.add_run(text)
    # What add_run makes of text with no tab or line break (one <w:t>, xml:space="preserve" when it
    # starts or ends with a space), without its character-by-character appender: 139,000 calls, a
    # fifth of a night's plan.
    r = paragraph._p.add_r()
    r.add_t(text)
    return Run(r, paragraph)


def _para(container: DocxDocument | _Cell, text: str = "", *, bold: bool = False, italic: bool = False,
          size: float | None = None, align: WD_ALIGN_PARAGRAPH | None = None, indent_mm: float | None = None,
          space_after: float = 0, underline: bool = False, colour: str | None = None) -> Paragraph:
    p = container.add_paragraph()
    if text:
        run = _run(p, text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
    if align is not None:
        p.alignment = align
    if indent_mm is not None:
        p.paragraph_format.left_indent = Mm(indent_mm)
    p.paragraph_format.space_after = Pt(space_after)
    return p


# run options -> the <w:rPr> python-docx made for the first run with them, in one plan; and under
# NO_SPACE_AFTER the <w:pPr> its setter made for a cell's paragraph with no space after (a
# paragraph's space_after setter was another quarter of the plan's time, for the same element)
RunProperties = dict[tuple[tuple[str, Any], ...], Any]
NO_SPACE_AFTER = (("paragraph", "space_after=0"),)
CENTRED = (("paragraph", "space_after=0, centred"),)  # and the <w:pPr> of a centred one
PARAGRAPH = (("paragraph", "element"),)  # a cell's paragraph with no space after, whole


def _copied(element: Any) -> Any:
    """A copy of ``element`` with everything under it: what ``copy.deepcopy`` gives, lxml's
    ``__deepcopy__`` being its ``__copy__``, without the copy module's memo and dispatch, which
    were most of the time of a night's 24,800 copies."""
    return element.__copy__()


def _run_key(opts: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(opts.items()))


def _cell_text(cell: _Cell, lines: CellLines, made: RunProperties | None = None, fresh: bool = False,
               centred: bool = False) -> None:
    """Fill a cell with one paragraph per (text, run options); ``fresh``: the cell is a copy of the
    prototype row's, whose text is already set to "" (its one paragraph holds an empty run);
    ``centred``: its first paragraph centred.

    ``made``: the run properties already made in this plan, copied for the next run with the same
    options instead of made again (python-docx's setters were half the plan's time: a night's plan
    has some 3,700 runs and five kinds of them); the element is the one the setters make."""
    if (fresh and made is not None and NO_SPACE_AFTER in made and (CENTRED in made or not centred)
            and all(_run_key(o) in made for _, o in lines)):
        _fresh_cell_text(cell, lines, made, centred)
        return
    if not fresh:
        cell.paragraphs[0].text = ""
    first = True
    for text, opts in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if made is not None and p._p.pPr is None and NO_SPACE_AFTER in made:
            p._p.insert(0, _copied(made[NO_SPACE_AFTER]))  # <w:pPr> is a paragraph's first child
        else:
            had_properties = p._p.pPr is not None
            p.paragraph_format.space_after = Pt(0)
            if made is not None and not had_properties:
                made[NO_SPACE_AFTER] = _copied(p._p.pPr)
        run = _run(p, text)
        key = _run_key(opts)
        if made is not None and key in made:
            run._r.insert(0, _copied(made[key]))  # <w:rPr> is a run's first child
            continue
        run.bold = opts.get("bold", False)
        run.italic = opts.get("italic", False)
        if "colour" in opts:
            run.font.color.rgb = RGBColor.from_string(opts["colour"])
        if "size" in opts:
            run.font.size = Pt(opts["size"])
        if made is not None:
            made[key] = _copied(run._r.rPr)
    if centred:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if made is not None:
            made[CENTRED] = _copied(cell.paragraphs[0]._p.pPr)


def _fresh_cell_text(cell: _Cell, lines: CellLines, made: RunProperties, centred: bool = False) -> None:
    """``_cell_text`` of a prototype row's cell whose paragraph and run properties are all made:
    the same elements, copied whole (a paragraph with its properties, a run with its properties
    and an empty text) in lxml, without python-docx's child insertion, which looks up where each
    child goes (1,600 paragraphs and 3,700 runs a night)."""
    tc = cell._tc
    p = tc[-1]  # the prototype cell's one paragraph: <w:p><w:r/></w:p>
    p.insert(0, _copied(made[CENTRED if centred else NO_SPACE_AFTER]))  # <w:pPr> comes first
    for i, (text, opts) in enumerate(lines):
        if i:
            p = _copied(_element(made, PARAGRAPH, made[NO_SPACE_AFTER], "w:p"))
            tc.append(p)  # a cell's paragraphs follow its <w:tcPr>, as add_paragraph puts them
        text = shown(text)
        key = _run_key(opts)
        if not text or LINE_BREAKS.search(text):
            run = Paragraph(p, cell).add_run(text)  # tabs and breaks as python-docx writes them
            run._r.insert(0, _copied(made[key]))
            continue
        r = _copied(_element(made, (("run", key),), made[key], "w:r", "w:t"))
        t = r[-1]
        t.text = text
        if len(text.strip()) < len(text):  # as CT_R.add_t
            t.set(qn("xml:space"), "preserve")
        p.append(r)


def _element(made: RunProperties, key: tuple[tuple[str, Any], ...], properties: Any, tag: str, *then: str) -> Any:
    """The element ``tag`` holding a copy of ``properties`` then an empty ``then``, made once per
    plan (kept in ``made`` under ``key``): what a paragraph or a run of a cell starts as."""
    element = made.get(key)
    if element is None:
        element = made[key] = OxmlElement(tag)
        element.append(_copied(properties))
        for child in then:
            element.append(OxmlElement(child))
    return element


def _nonconformity_cell(record: Nonconformity, labels: Labels, lang: str) -> CellLines:
    ref = record.syllabus
    head = " · ".join(x for x in (record.id, labels.value("kind", record.kind), labels.value("severity", record.severity)) if x)
    course = " ".join(x for x in (ref.course_code, ref.course_title) if x) or ref.file
    lines: CellLines = [(head, {"bold": True}), (course, {"italic": True}),
                        (f"{record.rule}: {record.description.get(lang)}", {})]
    if record.recurrences > 0 or record.status.value == "reopened":
        # clause 17: it came back, the corrective action did not work
        earlier = record.corrective_actions[-1].action if record.corrective_actions else labels("register.no_earlier_action")
        lines.append((labels("register.recurred").format(n=max(record.recurrences, 1)), {"bold": True, "colour": "B03A2E"}))
        lines.append((f"{labels('register.earlier_action')}: {earlier}", {"italic": True}))
    if record.expected or record.actual:
        lines.append(
            (f"{labels.column('expected')}: {labels.value_text(record.expected) or '—'}; "
             f"{labels.column('actual')}: {labels.value_text(record.actual) or '—'}", {})
        )
    where = location_words(record.evidence or {}, labels)
    lines.append((f"{labels('plan.source')}: {ref.file}" + (f" — {where}" if where else ""), {"size": 9}))
    return lines


def grouped(report: RunReport, records: list[Nonconformity]) -> list[tuple[Nonconformity, list[Nonconformity]]]:
    """The plan's rows: each root cause with the open records that follow from it (one row, one
    corrective action); a follow-on whose root is not in the plan stands on its own row."""
    entries = {e.record.fingerprint: e for e in report.entries}
    mine = {r.fingerprint for r in records}
    rows: list[tuple[Nonconformity, list[Nonconformity]]] = []
    children: dict[str, list[Nonconformity]] = {}
    for r in records:
        entry = entries.get(r.fingerprint)
        root = report.root_of(entry, entries) if entry is not None else None
        if root is not None and root.record.fingerprint in mine:
            children.setdefault(root.record.fingerprint, []).append(r)
        else:
            rows.append((r, []))
    return [(r, children.get(r.fingerprint, [])) for r, _ in rows]


def prototype_row(table: Table) -> CT_Row:
    """A record's row as it is before its text, made once: as add_row makes it (an empty paragraph
    in each cell) with what every row then gets (cannot split, each cell's width, and the empty
    run setting a cell's text starts with). Not in the table: ``add_row_like`` adds its copies.

    add_row, then the cells' widths and the row's cantSplit set one by one, were two thirds of a
    night's plan (341 rows)."""
    tr: CT_Row = table.add_row()._tr  # type: ignore[no-untyped-call]  # python-docx leaves add_row untyped
    table._tbl.remove(tr)
    row = _Row(tr, table)
    _cant_split(row)
    for cell, width in zip(row.cells, COLUMN_WIDTHS_MM):
        cell.width = Mm(width)
        cell.paragraphs[0].text = ""
    return tr


def add_row_like(table: Table, prototype: CT_Row) -> list[_Cell]:
    """A copy of ``prototype`` added bottom-most to ``table``: its cells, to fill with
    ``_cell_text(..., fresh=True)``."""
    tr = _copied(prototype)
    table._tbl.append(tr)  # a table's rows are its last children, as add_row puts them
    return [_Cell(tc, table) for tc in tr.tc_lst]


def build_plan(report: RunReport, department: str | None, records: list[Nonconformity]) -> DocxDocument:
    labels = report.labels
    lang = report.language
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)

    # approval block, top right
    _para(doc, labels("plan.appendix"), italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)
    block = 175
    _para(doc, labels("plan.approve"), bold=True, indent_mm=block)
    _para(doc, labels("plan.approver_position"), indent_mm=block)
    _para(doc, "___________  ____________________", indent_mm=block, space_after=4)
    _para(doc, labels("plan.approval_date"), indent_mm=block, space_after=12)

    # the institution (a setting), title, unit, number
    if report.institution:
        _para(doc, report.institution, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(doc, labels("plan.title"), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, labels("plan.subtitle"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    _para(doc, department or labels("department.none"), underline=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, labels("plan.unit_caption"), italic=True, size=9, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    _para(doc, labels("plan.number_line"), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)

    # the six-column table
    headers = ["plan.col_no", "plan.col_nonconformity", "plan.col_actions", "plan.col_deadline",
               "plan.col_responsible", "plan.col_result"]
    table = doc.add_table(rows=2, cols=6)
    made: RunProperties = {}
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, key in enumerate(headers):
        _cell_text(table.rows[0].cells[i], [(labels(key), {"bold": True, "size": 11})], made)
        _cell_text(table.rows[1].cells[i], [(str(i + 1), {"bold": True})], made)
        for r in (0, 1):
            table.rows[r].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_as_header(table.rows[0])
    _repeat_as_header(table.rows[1])

    prototype = prototype_row(table)
    for n, (record, follow_ons) in enumerate(grouped(report, records), start=1):
        cells = add_row_like(table, prototype)
        actions = record.corrective_actions
        _cell_text(cells[0], [(str(n), {})], made, fresh=True, centred=True)
        lines = _nonconformity_cell(record, labels, lang)
        if follow_ons:
            lines.append((f"{labels('summary.follow_on_list')} ({len(follow_ons)}):", {"bold": True, "size": 10}))
            for f in follow_ons:
                lines.append((f"↳ {f.id} {f.rule}: {f.description.get(lang)}", {"size": 10}))
        _cell_text(cells[1], lines, made, fresh=True)
        _cell_text(cells[2], [(a.action, {}) for a in actions] or [("", {})], made, fresh=True)
        _cell_text(cells[3], [(_date(a.due), {}) for a in actions if a.due] or [("", {})], made, fresh=True)
        _cell_text(
            cells[4],
            [(a.responsible + (", " + ", ".join(a.co_executors) if a.co_executors else ""), {}) for a in actions]
            or [("", {})],
            made,
            fresh=True,
        )
        _cell_text(cells[5], [(a.result_mark, {}) for a in actions if a.result_mark] or [("", {})], made, fresh=True)
    for column, width in zip(table.columns, COLUMN_WIDTHS_MM):
        column.width = Mm(width)  # the grid, which LibreOffice reads
    for row in table.rows[:2]:  # the header rows; a record's row has its own from the prototype
        _cant_split(row)
        for cell, width in zip(row.cells, COLUMN_WIDTHS_MM):
            cell.width = Mm(width)

    # signature lines
    _para(doc, "", space_after=14)
    for key in ("plan.sign_head", "plan.sign_auditor"):
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(110), WD_TAB_ALIGNMENT.LEFT)
        p.paragraph_format.space_after = Pt(18)
        _run(p, f"{labels(key)}\t{SIGNATURE_BLANK}")

    footer = section.footer.paragraphs[0]
    run = _run(footer, f"{labels('plan.run_note')}: {report.run_id}, {report.run_date.strftime('%d.%m.%Y')}")
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor.from_string("808080")

    props = doc.core_properties
    props.title = f"{labels('plan.title')} {labels('plan.subtitle')}"
    props.subject = shown(department or labels("department.none"))
    props.language = lang
    props.comments = shown(f"run {report.run_id}")
    return doc


def render(report: RunReport, out_dir: Path) -> list[Path]:
    labels = report.labels
    written: list[Path] = []
    used: set[str] = set()
    for department, records in report.open_records_by_department().items():
        stem, n = file_stem(department, labels), 2
        while stem.lower() in used:
            stem, n = f"{file_stem(department, labels)}_{n}", n + 1
        used.add(stem.lower())
        path = Path(out_dir) / f"{stem}.{report.language}.docx"
        doc = build_plan(report, department, records)
        with atomic_path(path) as tmp:
            doc.save(str(tmp))  # python-docx types the path as str (it takes any zipfile path)
        written.append(path)
    return written


register("plan-docx", ".docx", render, "Appendix 1 corrective-action plan, one DOCX per department",
         weight=1.5)
