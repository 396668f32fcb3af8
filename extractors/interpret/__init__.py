"""RawDocument → Syllabus: recognise each part of the syllabus by what it says."""

from __future__ import annotations

from functools import partial

from ..model import DocumentFacts, Language, PartRead, ReadStatus, Source, Syllabus
from ..raw import RawDocument, RawParagraph, RawTable
from ..text import detect_language, unsupported_language
from ..vocabulary import Vocabulary, default_vocabulary
from .assessment import read_assessment
from .assessment_formula import document_lines
from .bundle import find_programmes, first_programme
from .context import Line, LogicalTable, Sources, cell_lines
from .coverage import read_coverage
from .hours import read_hours
from .identity import read_identity
from .independent import read_independent_work, read_schedule
from .outcomes import read_outcomes
from .people import read_people
from .plan import is_guided_work_plan, is_independent_work_plan, read_plan
from .sections import read_text_sections
from .tables import logical_tables
from .workload import merge_hours, read_workload

DATA_TABLES = {"hours", "hours_transposed", "hours_tree", "plan", "assessment", "scale", "independent_work", "schedule"}


def interpret(raw: RawDocument, vocab: Vocabulary | None = None) -> Syllabus:
    vocab = vocab or default_vocabulary()
    programmes = find_programmes(vocab, raw)
    whole, raw = raw, first_programme(raw, programmes)
    src = Sources(raw.path)
    tables = logical_tables(vocab, raw)
    syllabus = Syllabus(
        file=raw.path,
        document=DocumentFacts(
            format=raw.format,
            converted_from=raw.converted_from,
            sha256=raw.sha256,
            pages=raw.pages,
            has_text_layer=raw.has_text_layer,
            has_tracked_changes=raw.has_tracked_changes,
            unreadable_glyphs=raw.unreadable_glyphs,
            header_texts=list(raw.header_texts),
            warnings=list(raw.warnings),
        ),
    )
    found: set[str] = set()
    plan_hours: dict = {}  # hours per activity stated in plan headers ('Лекция 20')
    for table in tables:
        if table.kind in ("hours", "hours_transposed", "hours_tree") and syllabus.hours is None:
            syllabus.hours = read_hours(vocab, src, table)
            found.add("hours")
        elif table.kind in ("plan", "independent_work") and is_guided_work_plan(vocab, table):
            plan_hours.update(read_plan(vocab, src, table, syllabus.plan))
            found.add("plan")
        elif table.kind == "plan" and is_independent_work_plan(vocab, table):
            syllabus.independent_work.extend(read_independent_work(vocab, src, table))
            found.add("independent_work")
        elif table.kind == "plan":
            plan_hours.update(read_plan(vocab, src, table, syllabus.plan))
            found.add("plan")
        elif table.kind == "independent_work":
            syllabus.independent_work.extend(read_independent_work(vocab, src, table))
            found.add("independent_work")
        elif table.kind == "schedule":
            syllabus.schedule.extend(read_schedule(src, table))
            found.add("schedule")
        elif table.kind == "outcomes":
            syllabus.learning_outcomes.extend(_outcomes(src, table))
            found.add("outcomes")
    # Every line of the document, made once: the assessment readers and the coverage both walk them.
    doc_lines = document_lines(raw)
    syllabus.assessment, assessment_found = read_assessment(vocab, src, raw, tables, doc_lines)
    found |= assessment_found
    text_sections = read_text_sections(vocab, src, raw.blocks)
    syllabus.prerequisites = text_sections.prerequisites
    syllabus.postrequisites = text_sections.postrequisites
    syllabus.literature = text_sections.literature
    found |= text_sections.found
    title_lines = _lines(raw, tables)
    syllabus.identity = read_identity(vocab, src, title_lines, raw.blocks, text_sections.coverage)
    read_people(vocab, src, title_lines, syllabus.identity)
    if syllabus.identity.approval.present:
        found.add("approval")
    relations = _workload(vocab, raw, tables, syllabus, found, plan_hours)
    syllabus.document.sections_found = sorted(found)
    if len(programmes) > 1:
        syllabus.document.syllabi_in_file = len(programmes)
        syllabus.document.bundle_titles = [p.title for p in programmes if p.title]
    sample = _sample(whole)
    syllabus.document.unsupported_language = unsupported_language(sample)
    language = None if syllabus.document.unsupported_language else detect_language(sample)
    syllabus.language = Language(language) if language else None
    syllabus.coverage = read_coverage(vocab, raw, syllabus, known=text_sections.coverage, relations=relations,
                                      lines=doc_lines)
    read_outcomes(vocab, src, raw, tables, syllabus)
    if syllabus.document.unsupported_language:
        # The vocabulary has no words of this language: a part not found is not absent, it was
        # not read.
        for part, read in syllabus.coverage.items():
            if read.status == ReadStatus.absent:
                syllabus.coverage[part] = PartRead(status=ReadStatus.not_read, how="unsupported_language")
    return syllabus


def _workload(vocab: Vocabulary, raw: RawDocument, tables: list[LogicalTable], syllabus: Syllabus,
              found: set[str], plan_hours: dict) -> dict[str, str]:
    """Credits and hours stated as label-value text, or in the plan's column headers, complete
    what the hours table and the title page gave. Returns how each was paired with its label."""
    data_tables = {p.index for t in tables if t.kind in DATA_TABLES for p in t.parts}
    stated = read_workload(vocab, raw, skip_tables=data_tables)
    for activity, hours in plan_hours.items():
        if getattr(stated.hours, activity.value) is None:
            setattr(stated.hours, activity.value, hours)
    relations: dict[str, str] = {}
    credits = syllabus.identity.credits
    if credits.ects is None and credits.national is None:
        syllabus.identity.credits = stated.credits
        relations["credits"] = stated.credits_how
    elif credits.ects is not None or credits.national is not None:
        relations["credits"] = "label"
    if syllabus.hours is not None and not syllabus.hours.is_empty():
        relations["hours"] = "table"
    elif not stated.hours.is_empty():
        relations["hours"] = stated.hours_how or "plan_header"
    syllabus.hours = merge_hours(syllabus.hours, stated.hours)
    if syllabus.hours is not None and not syllabus.hours.is_empty():
        found.add("hours")
    return relations


def recognised_data_tables(syllabus: Syllabus) -> set[str]:
    return set(syllabus.document.sections_found) & {"hours", "plan", "assessment", "scale", "independent_work"}


def _outcomes(src: Sources, table: LogicalTable):
    result = []
    for row in table.rows[table.header_rows:]:
        last = len(row.cells) - 1
        text = row.text(last)
        if text:
            result.append(src.cell(row, last, text))
    return result


def _lines(raw: RawDocument, tables: list[LogicalTable]) -> list[Line]:
    """Running text for the title pages: paragraphs, and the cells of tables that hold no data
    (title pages are often laid out in borderless tables)."""
    data_tables = {p.index for t in tables if t.kind in DATA_TABLES | {"outcomes"} for p in t.parts}
    lines: list[Line] = []
    for block in raw.blocks:
        if isinstance(block, RawParagraph):
            for text in cell_lines(block.text):
                # the Source when a reader takes a value from the line: few lines give one
                lines.append(Line(text, make=partial(Source, file=raw.path, page=block.page,
                                                     paragraph=block.index, text=text)))
        elif isinstance(block, RawTable) and block.index not in data_tables:
            for r, row in enumerate(block.rows):
                for cell in row:
                    if cell.covered_by is not None:  # is_covered without the property's call
                        continue
                    for text in cell_lines(cell.text):
                        lines.append(Line(text, make=partial(Source, file=raw.path, page=cell.page, table=block.index,
                                                             row=r, column=cell.col, text=text)))
    return lines


def _sample(raw: RawDocument, limit: int = 20000) -> str:
    parts: list[str] = []
    size = 0
    for block in raw.blocks:
        text = block.text if isinstance(block, RawParagraph) else " ".join(c.text for r in block.rows for c in r)
        parts.append(text)
        size += len(text)
        if size > limit:
            break
    return " ".join(parts)
