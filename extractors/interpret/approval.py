"""The approval block: БЕКІТЕМІН / УТВЕРЖДАЮ / «УТВЕРЖДЕНО» / APPROVED, its approver and date.

The block is found by its heading wherever it stands: a paragraph, a cell (the whole block in one
cell, or spread over the cells below it), or one line of a PDF that runs two blocks side by side
("СОГЛАСОВАНО УТВЕРЖДЕНО Председатель … Заведующий … Мамазиева Э.А. … Токторбаев А.М." — the
approval is the second column, so its name and date are the second ones on each line).

The lines after the heading are read in order: a position, a name (initials "Бакаев А.А.", or a
full name on a signature line "Нүркен Абайұлы ____"), a date ("«10» July 2023", "30.08.2024",
"Протокол №1, 30.08.2024г."). A template's stand-in ('ФИО', 'ТАӘ', 'Name/Surname',
'{ dean_of_school_center }') is no name; a date whose day or month is a blank ('«___» ______2024',
'« » 2025') is a blank date (``date`` None, ``date_blank`` True). The date ends the block.

Without an approval heading, a programme head's signature line ("Руководитель программы: ____
Аттокурова А. А.") is the document's sign-off (OshSU templates have no other).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Approval, PartRead, ReadStatus, Source, Sourced
from ..numbers import parse_date
from ..raw import Block, RawParagraph, RawTable
from ..text import clean, fold
from ..vocabulary import Vocabulary
from .fields import Grid, find_fields, is_blank

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
_INITIAL = rf"[{_UP}][{_LOW}]?\."
_SURNAME = rf"[{_UP}][{_LOW}'’]+(?:-[{_UP}][{_LOW}]+)?"
# "Бакаев А.А.", "Аттокурова А. А.", "Asylkhanova Zh.A.", "Н.А. Абдирайимова", "M.Ye. Rakhymberdina"
_INITIALS_NAME = re.compile(
    rf"(?<![{_UP}{_LOW}\d.])(?:{_SURNAME}\s+{_INITIAL}(?:\s?{_INITIAL})?|{_INITIAL}\s?(?:{_INITIAL}\s?)?{_SURNAME})(?![\w])"
)
_WORD = rf"[{_UP}][{_LOW}'’]+(?:-[{_UP}][{_LOW}]+)?"
_FULL_NAME = re.compile(rf"(?<![{_UP}{_LOW}\d])({_WORD})\s+({_WORD})(?:\s+({_WORD}))?(?!\w)")
_PATRONYMIC = re.compile(r"(ұлы|улы|уулу|қызы|кызы|ович|евич|ьич|овна|евна|ична|оглы|гызы)$", re.I)
_SIGNATURE = re.compile(r"_{3,}")
_POSITION_WORDS = re.compile(
    r"^(декан\w*|директор\w*|ректор\w*|проректор\w*|заведующ\w*|зав\w*|председател\w*|руководител\w*|"
    r"меңгеруш\w*|басшы\w*|төраға\w*|dean|director|head|rector|chair\w*|vice|школ\w*|мектеп\w*|"
    r"кафедр\w*|факультет\w*|институт\w*|совет\w*|доцент|профессор|school|faculty|department)$",
    re.I,
)
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}[./]\d{1,2}[./]\d{4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_TEXT_DATE = re.compile(r"[«\"“]?\s*\d{1,2}\s*[»\"”]?\s+[^\W\d_]+\s+\d{4}|[A-Za-z]+\s+\d{1,2},?\s+\d{4}")
_BLANK_DAY = re.compile(r"«\s*_*\s*»|_{2,}\s*[./]\s*_{2,}|_{3,}")
_YEARISH = re.compile(r"\d{4}|20\d?_+|20\s*_|\b(?:г|ж|жыл|year|дата|date|күні)\b\.?", re.I)
_LEAD = re.compile(r"^[\s«\"“„'(]*")
_WINDOW = 7  # lines of a block after its heading
_MAX_HEAD_LINE = 200


@dataclass
class ApprovalRead:
    approval: Approval = field(default_factory=Approval)
    coverage: PartRead | None = None
    block: list[Source] = field(default_factory=list)  # the lines the block was read from


@dataclass
class _Line:
    text: str
    source: Source


def names_in(vocab: Vocabulary, text: str) -> list[str]:
    """The people named in a line, in order; template stand-ins are none."""
    text = clean(text)
    if not text or _has_placeholder(vocab, text):
        return []
    found = [(m.start(), m.group(0).strip()) for m in _INITIALS_NAME.finditer(text)]
    if not found and len(text) <= 80:
        for m in _FULL_NAME.finditer(text):
            words = [w for w in m.groups() if w]
            if any(_POSITION_WORDS.match(w) for w in words):
                continue
            signed = bool(_SIGNATURE.search(text))
            if signed or _PATRONYMIC.search(words[-1]) or (len(words) == 3 and _PATRONYMIC.search(words[-1])):
                rest = (text[: m.start()] + text[m.end():]).strip(" _:,.-–—\t")
                if len(rest) <= 25 and not vocab.best(m.group(0), "heading") and not vocab.best(m.group(0), "label"):
                    found.append((m.start(), m.group(0)))
    return [name for _, name in sorted(found)]


def _has_placeholder(vocab: Vocabulary, text: str) -> bool:
    if re.search(r"\{\s*[\w .-]+\s*\}", text):
        return True
    return any(m.concept.startswith("placeholder.") for m in vocab.matches(text))


def dates_in(text: str) -> list[tuple[dt.date, str]]:
    """Full dates in a line, in order: (date, as written). Underlined blanks around a filled
    month ('«31» __August____ 2023') are formatting, not blanks."""
    text = re.sub(r"_+", " ", clean(text))
    spans = sorted([m.span() for m in _NUMERIC_DATE.finditer(text)] + [m.span() for m in _TEXT_DATE.finditer(text)])
    out: list[tuple[dt.date, str]] = []
    last_end = -1
    for start, end in spans:
        if start < last_end:
            continue
        when = parse_date(text[start:end])
        if when is not None:
            out.append((when, text[start:end].strip()))
            last_end = end
    return out


_BLANK_SLOT = re.compile(r"(?:«\s*_*\s*»|_{2,})\s*(?:_+\s*)?(?:20\d{2}|20\d?_+)\s*(?:г\.?|ж\.?|жыл)?")


def date_slots(text: str) -> list[tuple[dt.date, str] | None]:
    """Dates and blank dates of a line, in order (None for a blank): the columns of side-by-side blocks."""
    text = clean(text)
    found = [(m.start(), None) for m in _BLANK_SLOT.finditer(text)]
    spaced = re.sub(r"_+", lambda m: " " * len(m.group(0)), text)  # keeps offsets
    for start, end in sorted([m.span() for m in _NUMERIC_DATE.finditer(spaced)] + [m.span() for m in _TEXT_DATE.finditer(spaced)]):
        when = parse_date(spaced[start:end])
        if when is not None and not any(s <= start < s + 1 for s, _ in found):
            found.append((start, (when, spaced[start:end].strip())))
    return [slot for _, slot in sorted(found, key=lambda f: f[0])]


def is_blank_date(text: str) -> bool:
    """'«___» ______2024', '« » 2025', '№ ___от «____» ____ 2026 г.', '__.__.2024': a date to fill."""
    text = clean(text)
    return bool(_BLANK_DAY.search(text) and _YEARISH.search(text)) and not dates_in(text)


@lru_cache(maxsize=50_000)  # asked of every line of the title page's paragraphs and cells
def _heads(vocab: Vocabulary, text: str) -> tuple[int, int, int] | None:
    """For a line that opens with sign-off headings: (index of the approval among them, how many,
    character offset after the last one). None when the line does not open with an approval."""
    text = clean(text)
    if not text or len(text) > _MAX_HEAD_LINE:
        return None
    lead = _LEAD.match(text).end()
    body = text[lead:]
    heads = [m for m in vocab.matches(body) if m.concept in ("heading.approval", "signoff.agreed")]
    if not heads or heads[0].start != 0:
        return None
    # Consecutive heads only ("СОГЛАСОВАНО УТВЕРЖДЕНО"): a later "утверждено" inside the block's
    # text is not a second column.
    run = [heads[0]]
    for m in heads[1:]:
        if m.start <= run[-1].end + 1 and m.start >= run[-1].end:
            run.append(m)
    kinds = [m.concept for m in run]
    if "heading.approval" not in kinds:
        return None
    doc = vocab.tokens(fold(body))  # same tokens as the matcher
    last = doc[run[-1].end - 1]
    return kinds.index("heading.approval"), len(run), lead + last.idx + len(last.text)


def read_approval(vocab: Vocabulary, file: str, blocks: list[Block]) -> ApprovalRead:
    blocks = list(blocks)
    for position, block in enumerate(blocks):
        if isinstance(block, RawParagraph):
            lines = [clean(x) for x in block.text.split("\n") if clean(x)]
            for i, line in enumerate(lines):
                heads = _heads(vocab, line)
                if heads is None:
                    continue
                head = _Line(line, Source(file=file, page=block.page, paragraph=block.index, text=line))
                follow = [_Line(x, head.source.model_copy(update={"text": x})) for x in lines[i + 1:]]
                follow += _paragraphs_after(file, blocks, position)
                return _parse(vocab, head, heads, follow)
        elif isinstance(block, RawTable):
            grid = Grid(block)
            for row in block.rows:
                for cell in row:
                    if cell.is_covered:
                        continue
                    lines = [clean(x) for x in cell.text.split("\n") if clean(x)]
                    for i, line in enumerate(lines):
                        heads = _heads(vocab, line)
                        if heads is None:
                            continue
                        head = _Line(line, grid.source(file, cell, line))
                        follow = [_Line(x, grid.source(file, cell, x)) for x in lines[i + 1:]]
                        if not follow and not rest_of(heads, line):
                            follow = _cell_beside(vocab, file, grid, cell)  # "УТВЕРЖДАЮ | Ректор … Иванов И.И."
                        follow += _cells_below(file, grid, cell)
                        return _parse(vocab, head, heads, follow)
    return _programme_head(vocab, file, blocks)


def _paragraphs_after(file: str, blocks: list[Block], position: int) -> list[_Line]:
    out: list[_Line] = []
    for block in blocks[position + 1:]:
        if not isinstance(block, RawParagraph) or len(out) >= _WINDOW:
            break
        for x in block.text.split("\n"):
            if clean(x):
                out.append(_Line(clean(x), Source(file=file, page=block.page, paragraph=block.index, text=clean(x))))
    return out


def rest_of(heads: tuple[int, int, int], line: str) -> str:
    return line[heads[2]:].strip(" :\t")


def _cell_beside(vocab: Vocabulary, file: str, grid: Grid, cell) -> list[_Line]:
    right = grid.right_of(cell)
    if right is None or right.row != cell.row:
        return []
    lines = [clean(x) for x in right.text.split("\n") if clean(x)]
    if not lines or _heads(vocab, lines[0]) or vocab.best(lines[0], "signoff", leading=True):
        return []  # the next block of a row of blocks ("УТВЕРЖДАЮ | СОГЛАСОВАНО")
    return [_Line(x, grid.source(file, right, x)) for x in lines]


def _cells_below(file: str, grid: Grid, cell) -> list[_Line]:
    """A block spread over the rows under its heading, in the heading's column."""
    out: list[_Line] = []
    r = grid.span(cell)[0] + 1
    while r < len(grid.rows) and len(out) < _WINDOW:
        other = grid.at(r, cell.col)
        if other is not None and other is not cell and other.row == r:
            for x in other.text.split("\n"):
                if clean(x):
                    out.append(_Line(clean(x), grid.source(file, other, clean(x))))
            r = grid.span(other)[0] + 1
        else:
            r += 1
    return out


def _pick(items: list, index: int, columns: int):
    if not items:
        return None
    if columns == 1:
        return items[0]
    return items[index] if len(items) == columns else None


def _ends_block(vocab: Vocabulary, text: str) -> bool:
    """A line of what follows the block: another section's heading or a field label."""
    if len(text) > 150:
        return True
    body = text[_LEAD.match(text).end():]
    concept = vocab.best(body, "heading", leading=True)
    if concept is not None and concept != "approval":
        return True
    if vocab.best(body, "signoff", leading=True) == "agreed" or _heads(vocab, body):
        return True  # the next sign-off block
    label = vocab.best(body, "label", leading=True)
    return label in ("course_code", "course_title", "course_code_title", "credits", "programme")


def _parse(vocab: Vocabulary, head: _Line, heads: tuple[int, int, int], follow: list[_Line]) -> ApprovalRead:
    index, columns, after = heads
    out = ApprovalRead(approval=Approval(present=True), block=[head.source])
    approval = out.approval
    out.coverage = PartRead(status=ReadStatus.read, where=head.source, how="side_by_side" if columns > 1 else "block")
    rest = head.text[after:].strip(" :\t")
    lines = ([_Line(rest, head.source)] if rest else []) + follow
    for line in lines[:_WINDOW]:
        text = line.text
        if _ends_block(vocab, text):
            break
        out.block.append(line.source)
        name = _pick(names_in(vocab, text), index, columns)
        dates = dates_in(text)
        if name and approval.approver is None:
            approval.approver = Sourced(value=name, source=line.source)
            before = text[: text.find(name)].strip(" :_\t,")
            if before and approval.position is None and columns == 1 and not is_blank(before):
                approval.position = Sourced(value=before, source=line.source)
        elif (approval.position is None and approval.approver is None and not dates and not is_blank_date(text)
              and not is_blank(text) and len(text) <= 120 and columns == 1):
            approval.position = Sourced(value=text.rstrip(":").strip(), source=line.source)
        elif (approval.approver is None and approval.position is not None and columns == 1 and len(text) <= 60
              and _has_placeholder(vocab, text) and not _has_placeholder(vocab, approval.position.value)):
            # The stand-in on the line under the post ("Декан Школы/Центра" / "ФИО") is where the
            # name should be: kept with the post, as the block shows it.
            joined = f"{approval.position.value} {text.strip(' _')}"
            approval.position = Sourced(value=joined, source=approval.position.source)
        when = _pick(dates, index, columns)
        if columns > 1 and when is None:
            slots = date_slots(text)
            if len(slots) == columns:  # "«__» ______ 2024 г. «30» августа 2024 г.": one blank, one date
                if slots[index] is None:
                    approval.date_blank = True
                    approval.date_text = Sourced(value=text, source=line.source)
                    break
                when = slots[index]
        if when is not None:
            approval.date = Sourced(value=when[0], source=line.source)
            approval.date_text = Sourced(value=text, source=line.source)
            approval.date_blank = False
            break
        if is_blank_date(text):
            approval.date_blank = True
            approval.date_text = Sourced(value=text, source=line.source)
            break
    return out


def _programme_head(vocab: Vocabulary, file: str, blocks: list[Block]) -> ApprovalRead:
    for found in find_fields(vocab, file, blocks, ("signoff.programme_head",)):
        value = found.value
        names = names_in(vocab, value)
        if not names and not _SIGNATURE.search(value) and not _has_placeholder(vocab, value):
            continue
        approval = Approval(present=True)
        if names:
            approval.approver = Sourced(value=names[0], source=found.source)
        approval.position = Sourced(value=found.label.text.partition(":")[0].strip(), source=found.label)
        dates = dates_in(value)
        if dates:
            approval.date = Sourced(value=dates[0][0], source=found.source)
            approval.date_text = Sourced(value=value, source=found.source)
        elif is_blank_date(value):
            approval.date_blank = True
            approval.date_text = Sourced(value=value, source=found.source)
        coverage = PartRead(status=ReadStatus.read, where=found.label, how="signature_line")
        return ApprovalRead(approval=approval, coverage=coverage, block=[found.label, found.source])
    return ApprovalRead()
