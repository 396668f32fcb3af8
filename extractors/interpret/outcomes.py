"""Learning outcomes with their codes, and where the codes are cited (issue 16).

Recognised by what the text says, never by where it stands:

- a *declaration* is a line that opens with an outcome code and goes on with a statement
  ("РО1: анализировать …", "ОР 2 – Проектирование …", "LO3. Apply …"), in running text or in a
  cell of a table that is not the plan or the assessment; or a cell holding one code alone whose
  statement is the next cell of the row ("1 | РО1 | Формулировка …", blank in a template);
- a *citation* is a code in a cell of the thematic plan (its СӨЖ / СРО part too), of the
  assessment table, or of the exam questions; and, in an outcomes table, an outcome whose own
  assessment cell ("Оценивание / инструменты") says something is assessed there.

The code letters come from ``[outcome_code.*]`` in ``data/vocabulary.toml``: upper case only
(the pronoun "он" is not a code), Latin and Cyrillic look-alikes folded ("PO1" typed in Latin
is "РО1"). A code's scope is the programme's when its prefix is a programme's (ПРО, PLO) or
when the header or heading over it names the programme ("білім беру бағдарламасы",
"образовательной программы"); else it is the discipline's own.

Coverage: ``learning_outcomes`` becomes *read* when codes were declared; ``outcome_map`` is read
when codes are cited, *not read* when a plan or assessment column is headed with outcome words
but no code could be read under it, absent otherwise (the syllabus does not map its outcomes).
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from ..model import (
    CitationContext,
    LearningOutcome,
    OutcomeCitation,
    Outcomes,
    OutcomeScope,
    PartRead,
    ReadStatus,
    Source,
    Sourced,
    Syllabus,
)
from ..raw import RawDocument, RawTable
from ..text import CYRILLIC_TO_LATIN, LATIN_TO_CYRILLIC, clean
from ..vocabulary import Vocabulary
from .context import LogicalTable, Sources, cell_lines
from .fields import is_placeholder
from .headings import heading_of, is_heading_style

PLAN_KINDS = {"plan", "independent_work", "schedule"}
ASSESSMENT_KINDS = {"assessment"}
NOT_DECLARING = PLAN_KINDS | ASSESSMENT_KINDS | {"hours", "hours_transposed", "hours_tree", "scale"}

# Latin letters typed for their Cyrillic look-alikes (and the transliterated N of "ON5" for ОН5).
_TO_CYRILLIC = {**LATIN_TO_CYRILLIC, **str.maketrans("N", "Н")}
_SEPARATOR = r"[\s\-–—.:)]*"
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•·*▪●➢]\s*)+")
_CODE_LIST_GLUE = re.compile(r"^[\s,;/и&and+.–—-]*$")
_MAX_HEADING = 160


# Asked of every declared and cited code, and of its prefix: once per distinct text, bounded.
@lru_cache(maxsize=50_000)
def fold_code(text: str) -> str:
    """The code's matching key: upper case, Latin look-alikes as Cyrillic, no spaces or dots."""
    return "".join(ch for ch in text.upper() if not (ch.isspace() or ch in "-–—._:")).translate(_TO_CYRILLIC)


def _letter_class(ch: str) -> str:
    ch = ch.upper()
    latin = CYRILLIC_TO_LATIN.get(ord(ch))
    extra = {"Н": "HN"}.get(ch, chr(latin) if latin is not None else "")
    return "[" + re.escape(ch + extra) + "]" if extra else re.escape(ch)


@lru_cache(maxsize=8)
def _patterns(vocab: Vocabulary) -> tuple[re.Pattern, re.Pattern, dict[str, OutcomeScope]]:
    families = vocab.patterns.get("outcome_code", {})
    scope_of: dict[str, OutcomeScope] = {}
    for name, by_lang in families.items():
        scope = OutcomeScope.programme if name == "programme" else OutcomeScope.course
        for terms in by_lang.values():
            for term in terms:
                scope_of.setdefault(fold_code(term), scope)
    prefixes = sorted(scope_of, key=len, reverse=True)
    # Each prefix letter by its Cyrillic letter or Latin look-alike; words of a prefix ('РО ОП') by
    # any spacing. Not inside a word ('ПРО1' is not 'РО1'); the number not inside a longer one.
    alts = ["\\s*".join(_letter_class(c) for c in p) for p in prefixes]
    pattern = re.compile(
        r"(?<![\w])(?P<prefix>" + "|".join(alts) + r")\s*[-–]?\s*(?P<number>\d{1,2}(?:\.\d{1,2})?)(?![\d])"
    )
    # A prefix alone, as a column header writes it ('РО курса, РО ОП', 'Код ПН').
    bare = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])")
    return pattern, bare, scope_of


def codes_in(vocab: Vocabulary, text: str) -> list[re.Match]:
    return list(_codes_in(vocab, text))


# The outcome readers ask about every line and cell of the document, several times each (a
# declaration, a citation, the codes alone): once per distinct text, bounded, as a worker reads
# thousands of files. A match keeps its text, which the cache holds as its key anyway.
@lru_cache(maxsize=50_000)
def _codes_in(vocab: Vocabulary, text: str) -> tuple[re.Match, ...]:
    return tuple(_patterns(vocab)[0].finditer(text))


def _compact(m: re.Match) -> tuple[str, str, str]:
    return _compact_of(m.group("prefix"), m.group("number"))


@lru_cache(maxsize=50_000)  # the same few codes are declared and cited all over a document
def _compact_of(prefix: str, number: str) -> tuple[str, str, str]:
    prefix = re.sub(r"\s+", " ", prefix).strip()
    return prefix, number, f"{prefix.replace(' ', '')}{number}"


@lru_cache(maxsize=50_000)
def only_codes(vocab: Vocabulary, text: str) -> bool:
    """The text is codes and glue alone ('РО1, РО2', 'ОР 1 и ОР 2', 'РО1\\nРО3')."""
    matches = codes_in(vocab, text)
    if not matches:
        return False
    rest, pos = [], 0
    for m in matches:
        rest.append(text[pos:m.start()])
        pos = m.end()
    rest.append(text[pos:])
    return all(_CODE_LIST_GLUE.match(r) for r in rest)


@lru_cache(maxsize=50_000)  # see _codes_in; the answer is a tuple, read and never changed
def declaration(vocab: Vocabulary, line: str) -> tuple[re.Match, str] | None:
    """(the code, the statement) when the line opens with a code followed by a statement."""
    body = _LIST_MARKER.sub("", line)
    matches = codes_in(vocab, body)
    if not matches or matches[0].start() != 0:
        return None
    m = matches[0]
    statement = re.sub(r"^" + _SEPARATOR, "", body[m.end():]).strip()
    if not statement or only_codes(vocab, statement):
        return None
    if not any(c.isalpha() for c in statement):
        # "ОН 1. …;" in a template: the code is declared, its statement left blank
        return (m, "") if statement.strip(" .;,…_") == "" else None
    return m, statement


class _Reader:
    def __init__(self, vocab: Vocabulary, src: Sources):
        self.vocab = vocab
        self.src = src
        self.out = Outcomes()
        self._index: dict[str, int] = {}
        self.map_header: Source | None = None  # an outcome column of the plan / assessment seen
        self.map_filled = False  # something (not a code) is written under such a column

    # ---------------------------------------------------------------- declarations
    def declare(self, m: re.Match, statement: str | None, source: Source, scope: OutcomeScope | None) -> str:
        prefix, number, code = _compact(m)
        scope_of = _patterns(self.vocab)[2]
        key = fold_code(code)
        if scope is None:
            scope = scope_of.get(fold_code(prefix), OutcomeScope.course)
        text = None
        if statement and not is_placeholder(self.vocab, statement) and statement.strip(" .;…") != "":
            text = Sourced(value=statement, source=source.model_copy(update={"text": statement}))
        outcome = LearningOutcome(code=Sourced(value=code, source=source.model_copy(update={"text": code})),
                                  key=key, prefix=prefix, number=number, scope=scope, text=text)
        # The course's ОН5 and the programme's ON5 (БББ ОН) are two outcomes.
        slot = f"{scope.value}:{key}"
        at = self._index.get(slot)
        if at is None:
            self._index[slot] = len(self.out.declared)
            self.out.declared.append(outcome)
        elif self.out.declared[at].text is None and text is not None:
            self.out.declared[at] = outcome  # a later statement fills a code declared blank
        return slot

    def cite(self, text: str, source: Source, context: CitationContext) -> None:
        for m in _codes_in(self.vocab, text):
            _, _, code = _compact(m)
            self.out.cited.append(OutcomeCitation(code=Sourced(value=code, source=source.model_copy(update={"text": text})),
                                                  key=fold_code(code), context=context))

    def _scope_from(self, texts: list[str]) -> OutcomeScope | None:
        for text in texts:
            if text and len(text) <= _MAX_HEADING and self.vocab.has(text, "outcome_section.programme"):
                return OutcomeScope.programme
        return None

    # ---------------------------------------------------------------- running text
    def paragraphs(self, raw: RawDocument) -> None:
        exam = False
        heading_scope: OutcomeScope | None = None
        for block in raw.blocks:
            if isinstance(block, RawTable):
                if exam:
                    self._exam_table(block)
                continue
            for line in cell_lines(block.text):
                if len(line) <= _MAX_HEADING and self.vocab.has(line, "outcome_section.exam_questions") \
                        and not _codes_in(self.vocab, line):
                    exam = True
                    continue
                found = declaration(self.vocab, line)
                if exam and _codes_in(self.vocab, line):
                    self.cite(line, self._line_source(block, line), CitationContext.exam)
                    continue
                if found is not None:
                    self.declare(found[0], found[1], self._line_source(block, line), heading_scope)
                    continue
                if heading_of(self.vocab, line) is not None or is_heading_style(block.style):
                    exam = False
                    heading_scope = None
                    if self.vocab.has(line, "outcome_section.declared") or self.vocab.has(line, "heading.outcomes"):
                        heading_scope = self._scope_from([line])

    def _line_source(self, block, line: str) -> Source:
        # made for the lines that declare or cite only: every line of the document is read here
        return Source(file=self.src.file, page=block.page, paragraph=block.index, text=line)

    def _exam_table(self, table: RawTable) -> None:
        for r, row in enumerate(table.rows):
            for cell in row:
                if cell.is_covered or not cell.text:
                    continue
                text = clean(cell.text)
                if codes_in(self.vocab, text):
                    self.cite(text, Source(file=self.src.file, page=cell.page, table=table.index, row=r,
                                           column=cell.col, text=text), CitationContext.exam)

    # ---------------------------------------------------------------- tables
    def table(self, table: LogicalTable) -> None:
        if table.kind in PLAN_KINDS:
            self._citing(table, CitationContext.plan)
        elif table.kind in ASSESSMENT_KINDS:
            self._citing(table, CitationContext.assessment)
        elif table.kind not in NOT_DECLARING:
            self._declaring(table)

    def _citing(self, table: LogicalTable, context: CitationContext) -> None:
        header_cols: set[int] = set()
        for row in table.rows[:max(table.header_rows, 1)]:
            for c, text in row.non_empty():
                if self._outcome_header(text):
                    header_cols.add(c)
                    if self.map_header is None:
                        self.map_header = self.src.cell_source(row, c)
        vocab = self.vocab
        codes_of = partial(_codes_in, vocab)
        for row in table.rows[table.header_rows:]:
            if (not header_cols or self.map_filled) and not any(map(codes_of, row.texts())):
                continue  # nothing to cite, nothing left to learn of the map: the row's cells in one call
            for c, text in row.non_empty():
                if _codes_in(vocab, text):
                    self.cite(text, self.src.cell_source(row, c), context)
                elif not self.map_filled and c in header_cols and not is_placeholder(vocab, text):
                    self.map_filled = True  # once is enough: the placeholder test is not asked again

    def _outcome_header(self, text: str) -> bool:
        if len(text) > _MAX_HEADING:
            return False
        return (self.vocab.has(text, "outcome_section.declared") or self.vocab.has(text, "heading.outcomes")
                or bool(_patterns(self.vocab)[1].search(text)))

    def _declaring(self, table: LogicalTable) -> None:
        vocab = self.vocab
        codes_of = partial(_codes_in, vocab)
        if not any(any(map(codes_of, row.texts())) for row in table.rows):
            # No code, nothing declared: what the rows below would gather (the texts above each
            # column, the assessment columns) only serves a code further down. Most tables.
            return
        columns: dict[int, list[str]] = {}  # the texts above each column that hold no code
        assess_cols: set[int] = set()
        for row in table.rows:
            cells = row.non_empty()
            # The codes of each cell, asked once: most cells of most rows hold none, and a cell
            # without a code has no line that declares one (a line's code is in the cell's
            # cleaned text too), so only the cells with codes are read line by line.
            codes = {c: found for c, t in cells if (found := _codes_in(vocab, t))}
            code_only = [c for c in codes if len(codes[c]) == 1 and only_codes(vocab, row.text(c))]
            declared_here: list[str] = []
            if len(code_only) == 1:
                c = code_only[0]
                m = codes[c][0]
                statement = next((row.text(k) for k in range(c + 1, len(row.cells))
                                  if not row.cells[k].is_covered and k not in assess_cols), "")
                statement = "" if only_codes(vocab, statement) else statement
                scope = self._scope_from(columns.get(c, []) + columns.get(c + 1, []))
                declared_here.append(self.declare(m, statement, self.src.cell_source(row, c), scope))
            elif not code_only:
                for c in codes:
                    # A statement runs on over the cell's next lines up to the next code.
                    entries: list[list] = []
                    for line in cell_lines(row.cells[c].text):
                        found = declaration(vocab, line)
                        if found is not None:
                            entries.append([found[0], found[1], line])
                        elif entries and entries[-1][1] and not _codes_in(vocab, line):
                            entries[-1][1] += " " + line
                            entries[-1][2] += " " + line
                    if not entries:
                        continue
                    scope = self._scope_from(columns.get(c, []))
                    for m, statement, text in entries:
                        source = self.src.cell_source(row, c, text)
                        declared_here.append(self.declare(m, statement, source, scope))
            if declared_here:
                for c in assess_cols:
                    text = row.text(c)
                    if text and not is_placeholder(vocab, text):
                        for slot in declared_here:
                            outcome = self.out.declared[self._index[slot]]
                            self.out.cited.append(OutcomeCitation(
                                code=Sourced(value=outcome.code.value, source=self.src.cell_source(row, c)),
                                key=outcome.key, context=CitationContext.assessment))
                continue
            for c, text in cells:
                if c in codes:
                    continue
                columns.setdefault(c, []).append(text)
                if len(text) <= _MAX_HEADING and vocab.has(text, "outcome_section.assessment"):
                    assess_cols.add(c)


def read_outcomes(vocab: Vocabulary, src: Sources, raw: RawDocument, tables: list[LogicalTable],
                  syllabus: Syllabus) -> None:
    """Fill ``syllabus.outcomes`` and the coverage of ``learning_outcomes`` and ``outcome_map``."""
    reader = _Reader(vocab, src)
    for table in tables:
        reader.table(table)
    reader.paragraphs(raw)
    syllabus.outcomes = reader.out
    coverage = syllabus.coverage
    if reader.out.declared:
        current = coverage.get("learning_outcomes")
        if current is None or current.status != ReadStatus.read:
            coverage["learning_outcomes"] = PartRead(status=ReadStatus.read, where=reader.out.declared[0].code.source,
                                                     how="codes")
    if reader.out.cited:
        coverage["outcome_map"] = PartRead(status=ReadStatus.read, where=reader.out.cited[0].code.source, how="codes")
    elif reader.map_header is not None:
        # An outcome column with something but no code under it was not understood; an empty one
        # (a template's) is empty.
        status = ReadStatus.not_read if reader.map_filled else ReadStatus.empty
        coverage["outcome_map"] = PartRead(status=status, where=reader.map_header)
    else:
        coverage["outcome_map"] = PartRead(status=ReadStatus.absent)
