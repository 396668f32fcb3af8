"""The teachers and their contacts as the title page states them.

"ПРЕПОДАВАТЕЛЬ: Иванов И.И., доцент" or a label line followed by its value ("ОҚЫТУШЫ:" then
"ТАӘ, лауазымы"), "КОНТАКТЫ ПРЕПОДАВАТЕЛЯ: Эл.почта/ телефон: x.xxxxx@almau.edu.kz". The values
are kept as written: a template's "ФИО, должность" is what a placeholder check must see.
"""

from __future__ import annotations

from ..model import Identity
from ..vocabulary import Vocabulary
from .context import Line, Sources

_MAX_LABEL = 40


def _is_label(vocab: Vocabulary, text: str, concept: str) -> bool:
    label, sep, _ = text.partition(":")
    return bool(sep) and len(label) <= _MAX_LABEL and vocab.best(label, "label", leading=True) == concept


def _label_value(vocab: Vocabulary, lines: list[Line], i: int, concept: str) -> Line | None:
    """The value of a 'Label:' line of ``concept``: the text after the colon, else the next line
    of the same cell or paragraph unless that is a label of its own; None for other lines."""
    line = lines[i]
    if not _is_label(vocab, line.text, concept):
        return None
    rest = line.text.partition(":")[2].strip()
    if rest:
        return Line(rest, line.source)
    if i + 1 < len(lines):
        nxt = lines[i + 1]
        here, there = line.source, nxt.source
        same_place = (here.table, here.row, here.column, here.paragraph) == (there.table, there.row, there.column, there.paragraph)
        if same_place and not _is_label(vocab, nxt.text, concept):
            return nxt
    return None


def read_people(vocab: Vocabulary, src: Sources, lines: list[Line], identity: Identity) -> None:
    for i in range(len(lines)):
        if ":" not in lines[i].text:
            continue  # not a label line (_is_label wants the colon): most lines, two calls less each
        for concept, target in (("instructor", identity.instructors), ("contact", identity.contacts)):
            value = _label_value(vocab, lines, i, concept)
            if value is not None and not any(v.value == value.text for v in target):
                target.append(src.line(value, value.text))
