"""The thematic plan: topics per activity with hours, references and the stated total rows."""

from __future__ import annotations

import re

from ..model import Activity, PlanSection, Topic
from ..numbers import parse_int_list, parse_number, parse_plain_number
from ..vocabulary import Vocabulary
from .context import LogicalTable, Row, Sources
from .tables import PLAN_ACTIVITIES, column_concepts

_NUMBER_HEADER = re.compile(r"^(№|n[o°]?\.?|#|р/с|п/п|№ п/п|р/с №)$", re.IGNORECASE)


def plan_columns(vocab: Vocabulary, table: LogicalTable) -> dict[str, int]:
    cols: dict[str, int] = {}
    for row in table.rows[: max(table.header_rows, 1)]:
        texts = row.texts()
        for concept, col in column_concepts(vocab, texts).items():
            cols.setdefault(concept, col)
        for col, text in enumerate(texts):
            if text and _NUMBER_HEADER.match(text.replace(" ", "")) and "number" not in cols:
                cols["number"] = col
    cols.setdefault("number", 0)
    cols.setdefault("topic", 1)
    return cols


def read_plan(vocab: Vocabulary, src: Sources, table: LogicalTable, sections: list[PlanSection]) -> None:
    """Append this table's topics to ``sections`` (one section per activity, in document order)."""
    cols = plan_columns(vocab, table)
    current: PlanSection | None = None
    default = _activity_from(vocab, table.preceding) or Activity.lectures

    def section_for(activity: Activity, heading=None) -> PlanSection:
        existing = next((s for s in sections if s.activity == activity), None)
        if existing is not None:
            return existing
        section = PlanSection(activity=activity, heading=heading)
        sections.append(section)
        return section

    for row in table.rows[table.header_rows:]:
        cells = row.non_empty()
        if not cells:
            continue
        first_col, first = cells[0]
        hours_text = row.text(cols.get("hours"))
        number_text = row.text(cols["number"])
        if vocab.best(first, "activity", leading=True) == "total" and not parse_plain_number(number_text):
            target = current or section_for(default)
            value = parse_number(hours_text) if hours_text else _last_number(row)
            if value is not None:
                target.stated_total = src.cell(row, cols.get("hours"), value, hours_text or None)
            continue
        activity = vocab.best(first, "activity", leading=True)
        if len(cells) == 1 and activity in PLAN_ACTIVITIES and not parse_plain_number(first):
            current = section_for(Activity(activity), src.cell(row, first_col, first))
            continue
        title = row.text(cols["topic"])
        number = parse_plain_number(number_text)
        refs_text = row.text(cols.get("references"))
        if current is None:
            current = section_for(default)
        if number is None and not hours_text and not refs_text and title and current.topics:
            # A row split over a page break: the tail of the previous topic's title.
            last = current.topics[-1]
            joined = f"{last.title.value} {title}"
            last.title = src.cell(row, cols["topic"], joined, joined)
            continue
        if not title and number is None:
            continue
        current.topics.append(
            Topic(
                number=src.cell(row, cols["number"], int(number)) if number is not None else None,
                title=src.cell(row, cols["topic"], title),
                hours=_number(src, row, cols.get("hours")),
                references=(
                    src.cell(row, cols["references"], parse_int_list(refs_text))
                    if refs_text and parse_int_list(refs_text) else None
                ),
            )
        )


def _number(src: Sources, row: Row, col: int | None):
    text = row.text(col)
    value = parse_number(text) if text else None
    return src.cell(row, col, value) if value is not None else None


def _last_number(row: Row) -> float | None:
    numbers = [parse_plain_number(t) for t in row.texts() if t]
    numbers = [n for n in numbers if n is not None]
    return numbers[-1] if numbers else None


def _activity_from(vocab: Vocabulary, texts: list[str]) -> Activity | None:
    for text in reversed(texts):
        activity = vocab.best(text, "activity")
        if activity in PLAN_ACTIVITIES:
            return Activity(activity)
    return None
