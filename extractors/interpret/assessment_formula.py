"""The final-grade formula: its weights, from wherever the document writes it.

A formula line is any line of a paragraph or of a table cell (Word equations arrive as linear text
from the DOCX reader) with '=' in it. Its right-hand side is split into terms at the top-level '+';
each term is a weight and a symbol ('Рейтинг×0,6', '0,4·Э', 'ОПА × 0,4', '0,6·(P1 + P2)/2'). The
exam term is the one whose symbol is an exam symbol of the vocabulary or that the document itself
defines as the exam ('Оценка промежуточной аттестации (ОПА)', 'Э – оценка за финальный экзамен',
a glossary row 'ПА | Промежуточная аттестация'); every other weighted term is current work.

An averaging formula without weights ('ИЭ=(М1+М2+Э)/2') gives weights only when every component's
maximum is stated and they agree: the modules' and exam's maxima (50, 50, 100) over the divisor,
against the course total when one is stated (-> 0.5 / 0.5).

Without a formula, weights stated in words ('Емтиханда алынған нәтиженің 40%') or in a weights
table ('Текущий контроль | 60', 'Промежуточная аттестация (экзамен) | 40') are used.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..model import AssessmentPeriod, FinalFormula, PeriodKind, Source, Sourced
from ..raw import RawDocument, RawParagraph, RawTable
from ..text import clean, fold
from ..vocabulary import Vocabulary
from .assessment_common import mark, starts_with
from .context import cell_lines

_WEIGHT = re.compile(r"(?<![\d,.])(0[.,]\d+|1[.,]0+)(?![\d])")
_TERM_PERCENT = re.compile(r"(?<![\d,.])(\d{1,3})\s*%")
_PERCENT = re.compile(r"(\d{1,3})\s*%")
_EQUATION_NUMBER = re.compile(r"(?<=[^\s/÷])\s+\(\d{1,2}\)\s*[.;]?\s*$")  # 'И = … + 0,4·Э (1)', not '…/(2)'
_TIMES_LETTER = re.compile(r"(?<=[\w)])\s*[xXхХ]\s*(?=\d)|(?<=\d)\s*[xXхХ]\s*(?=[\w(])")
_RATING_SYMBOL = re.compile(r"^(?:[рpмmr]|рк|аб|rk)\d")  # 'Р1', 'P1P22', 'М1', 'РК1', 'АБ1'
_DOUBLE_PARENS = re.compile(r"\(\(([^()]*)\)\)")
_AVERAGE = re.compile(r"^\(\s*(?P<inner>[^()]+?)\s*\)\s*/\s*\(?\s*(?P<n>\d+)\s*\)?\s*$")
_ABBREVIATION_HINT = re.compile(r"\(\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
_ABBREVIATION = re.compile(r"([^()]{3,160}?)\(\s*([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-ZА-ЯЁӘҒҚҢӨҰҮҺІa-zа-яё0-9]{0,7})\s*\)")
_DEFINITION = re.compile(r"^\s*(?:где|мұндағы|here|where)?[\s,:]*([^\s,:;–—-]{1,8})\s*[–—-]\s*(\S.{3,})$", re.I)
_SYMBOL_JUNK = re.compile(r"[\s().,{}\[\]·×*⋅∙/]+")


class DocLine(NamedTuple):
    """One line of a paragraph or a table cell, and where it stands (a Source is made on demand)."""

    text: str
    page: int | None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def source(self, file: str) -> Source:
        return Source(file=file, page=self.page, paragraph=self.paragraph, table=self.table, row=self.row,
                      column=self.column, text=self.text)


def document_lines(raw: RawDocument) -> list[DocLine]:
    """Every line of every paragraph and table cell (nested tables too), in document order."""
    out: list[DocLine] = []
    # The fields by position (text, page, paragraph, table, row, column), the tuple made as
    # NamedTuple's own ``_make`` makes it (``tuple.__new__``, less its length check on six fields
    # always given): called with keywords it cost three times as much, and a document has a
    # thousand lines or more. ``covered_by`` rather than the ``is_covered`` property: a call less.
    append, new = out.append, tuple.__new__
    for block in raw.blocks:
        if isinstance(block, RawParagraph):
            page, index = block.page, block.index
            for text in cell_lines(block.text):
                append(new(DocLine, (text, page, index, None, None, None)))
        elif isinstance(block, RawTable):
            table = block.index
            for r, row in enumerate(block.rows):
                for cell in row:
                    if cell.covered_by is not None or not cell.text:
                        continue
                    for text in cell_lines(cell.text):
                        append(new(DocLine, (text, cell.page, None, table, r, cell.col)))
    return out


def _sourced(value, source: Source, text: str | None = None) -> Sourced:
    return Sourced(value=value, source=source.model_copy(update={"text": text}) if text is not None else source)


def _symbol(text: str) -> str:
    return _SYMBOL_JUNK.sub("", fold(text)).lower()


def abbreviations(raw: RawDocument, lines: list[DocLine]) -> dict[str, str]:
    """Symbols the document defines: 'Оценка промежуточной аттестации (ОПА)', 'Э – оценка за
    экзамен', glossary rows 'ПА | Промежуточная аттестация'. Folded symbol -> its phrase."""
    found: dict[str, str] = {}
    for line in lines:
        for symbol, phrase in _line_abbreviations(line.text):
            found.setdefault(symbol, phrase)
    for block in raw.tables:
        if block.n_cols != 2:
            continue
        for row in block.rows:
            cells = [clean(c.text) for c in row if not c.is_covered and clean(c.text)]
            if len(cells) == 2 and 1 <= len(cells[0]) <= 8 and cells[0][:1].isupper() and len(cells[1]) > len(cells[0]):
                found.setdefault(_symbol(cells[0]), cells[1])
    return found


@lru_cache(maxsize=50_000)  # every line of the document is asked, and boilerplate recurs
def _line_abbreviations(text: str) -> tuple[tuple[str, str], ...]:
    """The (folded symbol, phrase) pairs one line defines, in the order they stand."""
    out: list[tuple[str, str]] = []
    if _ABBREVIATION_HINT.search(text):
        for m in _ABBREVIATION.finditer(text):
            abbr = m.group(2)
            if len(abbr) <= 8:
                out.append((_symbol(abbr), " ".join(m.group(1).split()[-5:])))
    d = _DEFINITION.match(text) if len(text) < 300 else None
    if d and len(d.group(1)) <= 8:
        out.append((_symbol(d.group(1)), d.group(2)))
    return tuple(out)


class _Symbols:
    def __init__(self, vocab: Vocabulary, defined: dict[str, str]):
        self.vocab = vocab
        self.exam = {_symbol(t) for t in vocab.concepts.get("assessment.exam_symbol", [])}
        self.current = {_symbol(t) for t in vocab.concepts.get("assessment.current_symbol", [])}
        self.defined = defined

    def is_current(self, symbol: str) -> bool:
        """'Рейтинг', 'ОРД', '(P1 + P2)/2', 'М1': a symbol of current work (ratings, modules)."""
        key = _symbol(symbol)
        if not key:
            return False
        if key in self.current or _RATING_SYMBOL.match(key):
            return True
        for text in (self.defined.get(key), symbol):
            if text and (self.vocab.has(text, "period.rating") or self.vocab.has(text, "assessment.current")):
                return True
        return False

    def is_exam(self, symbol: str) -> bool:
        key = _symbol(symbol)
        if not key:
            return False
        if key in self.exam:
            return True
        phrase = self.defined.get(key)
        for text in (phrase, symbol):
            if (text and starts_with(self.vocab, text, "period.exam")) or (
                text and self.vocab.best(text, "period") == "exam" and not self.vocab.has(text, "assessment.current")
            ):
                return True
        return False


def _split_terms(rhs: str) -> list[str]:
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(rhs):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "+" and depth == 0:
            terms.append(rhs[start:i])
            start = i + 1
    terms.append(rhs[start:])
    return [t.strip() for t in terms if t.strip()]


def _prepare(text: str) -> tuple[str, str] | None:
    if "=" not in text or len(text) > 200:
        return None
    text = _EQUATION_NUMBER.sub("", text.replace("{", "").replace("}", ""))
    text = _TIMES_LETTER.sub("×", text)
    while _DOUBLE_PARENS.search(text):  # an equation's fraction arrives as '((М1+М2+Э))/(2)'
        text = _DOUBLE_PARENS.sub(r"(\1)", text)
    lhs, _, rhs = text.partition("=")
    rhs = rhs.split("=")[0].strip()
    return lhs.strip(), rhs


def _weighted(symbols: _Symbols, rhs: str, source: Source, line: str) -> FinalFormula | None:
    """'Рейтинг×0,6 + Э×0,4', '0,6·(P1 + P2)/2 + 0,4·Э': one exam term and a weight on it."""
    terms = _split_terms(rhs)
    if len(terms) < 2:
        return None
    exam = current = None
    weighted = 0
    unknown: list[tuple[float, str]] = []
    known: list[tuple[float, str]] = []
    for term in terms:
        m = _WEIGHT.search(term) or _TERM_PERCENT.search(term)
        if not m:
            continue
        weighted += 1
        value = float(m.group(1).replace(",", "."))
        if m.re is _TERM_PERCENT:
            value /= 100
        rest = term[: m.start()] + term[m.end():]
        if symbols.is_exam(rest):
            if exam is not None:
                return None
            exam = (value, m.group(0))
        else:
            (known if symbols.is_current(rest) else unknown).append((value, m.group(0)))
            current = ((round(current[0] + value, 6), current[1] + " + " + m.group(0)) if current
                       else (value, m.group(0)))
    if exam is None and len(known) == 1 and len(unknown) == 1:
        exam, current = unknown[0], known[0]  # 'ИО = 0,6·ОРД + 0,4·ОИА': beside the current term, the exam
    if exam is None or weighted < 2:
        return None
    return FinalFormula(
        current_weight=_sourced(current[0], source, current[1]) if current else None,
        exam_weight=_sourced(exam[0], source, exam[1]),
        text=_sourced(line, source),
    )


def _period_max(period: AssessmentPeriod) -> float | None:
    """A period's maximum when the document states it consistently; None if unknown or conflicting."""
    items = [i.max_points.value for i in period.items if i.max_points is not None]
    summed = round(sum(items), 4) if items and len(items) == len(period.items) else None
    stated = mark(period.stated_total.value) if period.stated_total is not None else None
    values = {v for v in (summed, stated, period.stated_max.value if period.stated_max else None) if v is not None}
    return values.pop() if len(values) == 1 else None


def _averaged(symbols: _Symbols, rhs: str, source: Source, line: str, periods: list[AssessmentPeriod],
              course_total: float | None) -> FinalFormula | None:
    """'(М1+М2+Э)/2' with every component's maximum stated: weights are the maxima's shares."""
    m = _AVERAGE.match(rhs)
    inner, divisor = (m.group("inner"), int(m.group("n"))) if m else (rhs, 1)
    parts = [p.strip() for p in inner.split("+") if p.strip()]
    if len(parts) < 2 or divisor < 1 or any(_WEIGHT.search(p) for p in parts):
        return None
    current = [p for p in periods if p.kind != PeriodKind.exam]
    exam = [p for p in periods if p.kind == PeriodKind.exam]
    exam_max = current_max = 0.0
    seen_exam = False
    used: set[int] = set()
    for part in parts:
        if symbols.is_exam(part):
            if seen_exam or not exam:
                return None
            seen_exam = True
            value = _period_max(exam[0])
            if value is None:
                return None
            exam_max += value
            continue
        digits = re.findall(r"\d+", part)
        index = int(digits[0]) - 1 if digits else None
        if index is None or not 0 <= index < len(current) or index in used:
            return None
        used.add(index)
        value = _period_max(current[index])
        if value is None:
            return None
        current_max += value
    if not seen_exam or len(used) != len(current):
        return None
    total = (exam_max + current_max) / divisor
    if total <= 0 or (course_total is not None and abs(total - course_total) > 0.01):
        return None
    return FinalFormula(
        current_weight=_sourced(round(current_max / divisor / total, 4), source),
        exam_weight=_sourced(round(exam_max / divisor / total, 4), source),
        text=_sourced(line, source),
    )


def read_formula(vocab: Vocabulary, raw: RawDocument, periods: list[AssessmentPeriod],
                 course_total: float | None, lines: list[DocLine] | None = None) -> FinalFormula | None:
    """The final-grade formula's weights (see the module's docstring for where they come from)."""
    lines = document_lines(raw) if lines is None else lines
    candidates = [(line, _prepare(line.text)) for line in lines if "=" in line.text]
    candidates = [(line, p) for line, p in candidates if p is not None]
    if candidates:
        symbols = _Symbols(vocab, abbreviations(raw, lines))
        for line, (_, rhs) in candidates:
            formula = _weighted(symbols, rhs, line.source(raw.path), line.text)
            if formula is not None:
                return formula
        for line, (_, rhs) in candidates:
            formula = _averaged(symbols, rhs, line.source(raw.path), line.text, periods, course_total)
            if formula is not None:
                return formula
    return _stated_in_words(vocab, raw, lines)


def _stated_in_words(vocab: Vocabulary, raw: RawDocument, lines: list[DocLine]) -> FinalFormula | None:
    """'40% of the exam result' / 'Ағымдағы үлгерімнің 60%', or a weights table's rows."""
    formula = FinalFormula()
    for line in lines:
        text = line.text
        if line.table is not None or "%" not in text or len(text) > 150:
            continue  # table rows are read below, label and weight in their own cells
        m = _PERCENT.search(text)
        if not m:
            continue
        value = int(m.group(1)) / 100
        source = line.source(raw.path)
        if vocab.best(text, "period") == "exam" and formula.exam_weight is None:
            formula.exam_weight = _sourced(value, source)
        elif formula.current_weight is None and (vocab.has(text, "assessment.current")
                                                 or vocab.has(text, "period.rating")):
            formula.current_weight = _sourced(value, source)
    if formula.exam_weight and formula.current_weight:
        return formula
    table_formula = _weights_table(vocab, raw)
    if table_formula is not None:
        return table_formula
    return formula if formula.exam_weight or formula.current_weight else None


def _weights_table(vocab: Vocabulary, raw: RawDocument) -> FinalFormula | None:
    """A table headed by a weight ('Удельный вес, %') whose rows are current work and the exam."""
    for block in raw.tables:
        if not block.rows:
            continue
        header = [clean(c.text) for c in block.rows[0]]
        weight_col = next((i for i, t in enumerate(header) if t and vocab.has(t, "assessment.weight_column")), None)
        if weight_col is None:
            continue
        formula = FinalFormula()
        for r, row in enumerate(block.rows[1:], start=1):
            if weight_col >= len(row) or row[0].is_covered:
                continue
            label = clean(row[0].text)
            value = mark(clean(row[weight_col].text))
            if not label or value is None:
                continue
            weight = value / 100 if value > 1 else value
            cell = row[weight_col]
            source = Source(file=raw.path, page=cell.page, table=block.index, row=r, column=weight_col,
                            text=clean(cell.text))
            if starts_with(vocab, label, "period.exam") and formula.exam_weight is None:
                formula.exam_weight = Sourced(value=weight, source=source)
            elif starts_with(vocab, label, "assessment.current") and formula.current_weight is None:
                formula.current_weight = Sourced(value=weight, source=source)
            elif not (starts_with(vocab, label, "activity.total")
                      or starts_with(vocab, label, "assessment.course_total")):
                formula = FinalFormula()  # an item of a points table: this is not a weights table
                break
        if formula.exam_weight and formula.current_weight:
            return formula
    return None
