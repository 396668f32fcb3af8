"""The thematic plan: topics per activity with hours, references and the stated total rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Activity, PlanSection, Sourced, Topic
from ..numbers import parse_int_list, parse_number, parse_plain_number
from ..vocabulary import Vocabulary
from .context import LogicalTable, Row, Sources
from .tables import PLAN_ACTIVITIES, column_concepts

# A numbered section heading in capitals ("5. ОЦЕНОЧНЫЕ МАТЕРИАЛЫ", "6. LITERATURE")
_NEXT_SECTION = re.compile(r"^\d+(?:\.\d+)*\.?\s+[^a-zа-яёәғқңөұүһі]{8,}$")
_HEADER_HOURS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:ч|час\w*|сағ\w*|h|hours?)?\.?\s*$", re.I)
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


_COLUMN_ACTIVITIES = ("lectures", "practicals", "labs", "siwt", "siw")


@dataclass
class ActivityColumns:
    """The plan's hours columns per activity, its real header height, and the hours its header
    cells state ('Лекция\n20': the course has 20 hours of lectures)."""

    by_column: dict[int, Activity] = field(default_factory=dict)
    header_rows: int = 1
    stated: dict[int, tuple[Row, float]] = field(default_factory=dict)


def activity_columns(vocab: Vocabulary, table: LogicalTable, cols: dict[str, int]) -> ActivityColumns:
    """Hours columns per activity ("Лекция | Практический", "Л | ПЗ | СРОП | СРО") from the
    header rows, stacked ones included, and how many rows the header really has."""
    result = ActivityColumns()
    found = result.by_column
    header_rows = max(table.header_rows, 1)
    skip = {cols.get("topic"), cols.get("number")}
    for r, row in enumerate(table.rows[: header_rows + 2]):
        if r >= header_rows and (parse_plain_number(row.text(cols["number"])) is not None or row.text(cols.get("topic"))):
            break  # a topic row: the header ended
        named = {}
        for col, text in row.non_empty():
            activity = vocab.best(text, "activity", leading=True)
            if col not in skip and activity in _COLUMN_ACTIVITIES and len(text) <= 40:
                named[col] = Activity(activity)
                stated = _HEADER_HOURS.search(text)
                if stated:
                    result.stated[col] = (row, float(stated.group(1).replace(",", ".")))
        if named:
            found.update(named)
            header_rows = max(header_rows, r + 1)
    result.header_rows = header_rows
    return result


def read_plan(vocab: Vocabulary, src: Sources, table: LogicalTable,
              sections: list[PlanSection]) -> dict[Activity, Sourced[float]]:
    """Append this table's topics to ``sections`` (one section per activity, in document order).
    Returns the hours per activity that the plan's header states ('Лекция 20')."""
    cols = plan_columns(vocab, table)
    columns = activity_columns(vocab, table, cols)
    if columns.by_column:
        return _read_columns_plan(vocab, src, table, sections, cols, columns)
    current: PlanSection | None = None
    default = _activity_from(vocab, table.preceding) or Activity.lectures

    def section_for(activity: Activity, heading=None) -> PlanSection:
        existing = next((s for s in sections if s.activity == activity), None)
        if existing is not None:
            return existing
        section = PlanSection(activity=activity, heading=heading)
        sections.append(section)
        return section

    attestation = False  # rows under an attestation heading ('2. Промежуточная аттестация') are no topics
    for row in table.rows[table.header_rows:]:
        cells = row.non_empty()
        if not cells:
            continue
        first_col, first = cells[0]
        if len(cells) == 1 and _NEXT_SECTION.match(first):
            break  # "5. ОЦЕНОЧНЫЕ МАТЕРИАЛЫ": the plan has ended inside the same table
        if len(cells) == 1 and len(first) <= 120 and parse_plain_number(first) is None:
            heading_is_attestation = vocab.has(first, "workload.attestation") or vocab.best(first, "period") == "exam"
            if heading_is_attestation or attestation:
                attestation = heading_is_attestation
                continue
        if attestation:
            continue
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
        if number is not None and not float(number).is_integer():
            number = None  # "1.3": a section.topic code, not the topic's number
        marked = title_activity(vocab, title)
        refs = parse_int_list(refs_text) if refs_text else None  # once, not once to test and once to keep
        (section_for(marked) if marked is not None else current).topics.append(
            Topic(
                number=src.cell(row, cols["number"], int(number)) if number is not None else None,
                title=src.cell(row, cols["topic"], title),
                hours=_number(src, row, cols.get("hours")),
                references=src.cell(row, cols["references"], refs) if refs else None,
            )
        )
    return {}


_MARKER = re.compile(r"\(([^()\d]{1,12})\)")


def title_activity(vocab: Vocabulary, title: str) -> Activity | None:
    """The kind of class a topic's title marks in brackets ("… заданий (Пр).", "(Ср)", "(Лек)")."""
    for m in _MARKER.finditer(title):
        activity = vocab.best(m.group(1).strip(" ."), "activity", leading=True)
        if activity in _COLUMN_ACTIVITIES:
            return Activity(activity)
    return None


def _number(src: Sources, row: Row, col: int | None):
    text = row.text(col)
    value = parse_number(text) if text else None
    # hours are never negative: "УК-7" in an hours cell is a code, not minus seven
    return src.cell(row, col, value) if value is not None and value >= 0 else None


def _last_number(row: Row) -> float | None:
    numbers = [parse_plain_number(t) for t in row.texts() if t]
    numbers = [n for n in numbers if n is not None]
    return numbers[-1] if numbers else None


def _activity_from(vocab: Vocabulary, texts: list[str]) -> Activity | None:
    """The activity the heading before a plan table names ("План консультаций СРСП" → СРОП)."""
    for text in reversed(texts):
        activity = vocab.best(text, "activity")
        if activity in PLAN_ACTIVITIES + ("siwt",):
            return Activity(activity)
    return None


def is_guided_work_plan(vocab: Vocabulary, table: LogicalTable) -> bool:
    """A task table under a heading that names СРОП ("План консультаций СРСП") is the СРОП part
    of the plan: its hours are the СРОП plan sum."""
    return bool(table.preceding) and vocab.best(table.preceding[-1], "activity") == "siwt"


def is_independent_work_plan(vocab: Vocabulary, table: LogicalTable) -> bool:
    """A topic-and-hours table under a heading that names independent work ("План организации
    СРС") lists the СРО tasks, not plan topics."""
    return bool(table.preceding) and vocab.best(table.preceding[-1], "activity") == "siw"


def _read_columns_plan(vocab: Vocabulary, src: Sources, table: LogicalTable, sections: list[PlanSection],
                       cols: dict[str, int], columns: ActivityColumns) -> dict[Activity, Sourced[float]]:
    """A plan whose hours stand in one column per activity: each topic row gives a topic to every
    activity whose cell has hours ("2час 1,42балл" → 2), and the total row a stated total each.
    Total rows per module ('Всего 10 | 14' after each module) add up to the plan's total."""
    by_column, header_rows = columns.by_column, columns.header_rows
    own: dict[Activity, PlanSection] = {}
    totals: dict[Activity, list[Sourced[float]]] = {}

    def section(activity: Activity) -> PlanSection:
        if activity not in own:
            existing = next((s for s in sections if s.activity == activity), None)
            if existing is None:
                existing = PlanSection(activity=activity)
                sections.append(existing)
            own[activity] = existing
        return own[activity]

    for row in table.rows[header_rows:]:
        cells = row.non_empty()
        if not cells:
            continue
        number_text = row.text(cols["number"])
        is_total = any(vocab.best(t, "activity", leading=True) == "total" for c, t in cells if c not in by_column)
        if is_total and parse_plain_number(number_text) is None:
            for col, activity in by_column.items():
                value = parse_number(row.text(col))
                if value is not None:
                    totals.setdefault(activity, []).append(src.cell(row, col, value))
            continue
        title = row.text(cols["topic"])
        if not title:
            continue
        number = parse_plain_number(number_text.rstrip("."))
        refs_text = row.text(cols.get("references"))
        refs = parse_int_list(refs_text) if refs_text else None
        for col, activity in by_column.items():
            hours = _number(src, row, col)
            if hours is None or hours.value <= 0:
                continue
            section(activity).topics.append(
                Topic(
                    number=src.cell(row, cols["number"], int(number)) if number is not None else None,
                    title=src.cell(row, cols["topic"], title),
                    hours=hours,
                    references=src.cell(row, cols["references"], refs) if refs else None,
                )
            )
    for activity, stated in totals.items():
        first = stated[0]
        if len(stated) == 1:
            section(activity).stated_total = first
        else:
            text = " + ".join(t.source.text for t in stated)
            section(activity).stated_total = Sourced(
                value=sum(t.value for t in stated), source=first.source.model_copy(update={"text": text}))
    return {by_column[col]: src.cell(row, col, value) for col, (row, value) in columns.stated.items()}
