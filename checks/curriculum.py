"""The programme's curriculum (working study plan) as a list of courses, read from CSV or XLSX.

Columns (header row, any case/order): ``code, title, semester, credits, hours`` always; and,
when the file has them (a fuller working curriculum, РУП), ``year`` (the year of study),
``department`` (the department that teaches the course), the hours by activity ``lectures,
practicals, labs, siwt, siw`` (СРСП/ОЖСӨЖ is ``siwt``, СРС/СӨЖ ``siw``), and ``prerequisites``
(the courses this one builds on, by code or title, separated by ``;``). A file without these
columns reads as before. Other columns are ignored. The template is
``data/curriculum.template.csv``; the curriculum of the bundled samples is
``data/curriculum.sample.csv``. Courses are looked up by code (exact after normalisation) or by title (fuzzy,
tolerant of case, inflection and numbering; see ``checks.text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.text import codes_in, normalise, normalise_code, similarity

COLUMNS = ("code", "title", "semester", "credits", "hours")
ACTIVITIES = ("lectures", "practicals", "labs", "siwt", "siw")  # as ``HoursTable``'s fields
OPTIONAL = ("year", "department", *ACTIVITIES, "prerequisites")


class CurriculumError(ValueError):
    def __init__(self, file: str, problem: str):
        super().__init__(f"curriculum {file}: {problem}")


@dataclass(frozen=True)
class Course:
    code: str
    title: str
    semester: int | None
    credits: float | None
    hours: float | None
    row: int  # 1-based row in the file, header = 1
    year: int | None = None
    department: str | None = None
    activity_hours: tuple[tuple[str, float], ...] = ()  # (activity, hours) as the file gives them
    prerequisites: tuple[str, ...] | None = None  # None: the file has no prerequisites column

    def hours_of(self, activity: str) -> float | None:
        return dict(self.activity_hours).get(activity)

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass
class Curriculum:
    file: str
    courses: list[Course]

    def by_code(self, code: str | None) -> Course | None:
        c = normalise_code(code)
        if not c:
            return None
        return next((x for x in self.courses if normalise_code(x.code) == c), None)

    def by_title(self, title: str | None, threshold: float = 85.0) -> Course | None:
        if not normalise(title):
            return None
        scored = [(similarity(title, x.title), x) for x in self.courses if x.title]
        if not scored:
            return None
        score, best = max(scored, key=lambda s: s[0])
        return best if score >= threshold else None

    def find(self, text: str | None, threshold: float = 85.0) -> Course | None:
        """A course named in free text: a course code inside it wins, else the title."""
        for code in codes_in(text):
            hit = self.by_code(code)
            if hit is not None:
                return hit
        return self.by_title(text, threshold)


def _number(value: Any, file: str, row: int, column: str, integer: bool = False) -> Any:
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    try:
        x = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise CurriculumError(file, f"row {row}, column {column}: {value!r} is not a number") from None
    if integer:
        if x != int(x):
            raise CurriculumError(file, f"row {row}, column {column}: {value!r} is not a whole number")
        return int(x)
    return x


def load_curriculum(path: str | Path) -> Curriculum:
    import pandas as pd

    path = Path(path)
    file = str(path)
    if not path.exists():
        raise CurriculumError(file, "file not found")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            df = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            raise CurriculumError(file, f"unsupported file type {suffix or '(none)'}: give a .csv or .xlsx file")
    except CurriculumError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many types for a bad file
        raise CurriculumError(file, f"cannot be read ({type(exc).__name__}: {exc})") from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise CurriculumError(
            file, f"missing column(s): {', '.join(missing)} (found: {', '.join(df.columns) or 'none'}; need {', '.join(COLUMNS)})"
        )
    courses = []
    present = [c for c in OPTIONAL if c in df.columns]
    for i, rec in enumerate(df[list(COLUMNS) + present].to_dict("records"), start=2):
        code, title = str(rec["code"]).strip(), str(rec["title"]).strip()
        if not code and not title:
            continue
        courses.append(
            Course(
                code=code,
                title=title,
                semester=_number(rec["semester"], file, i, "semester", integer=True),
                credits=_number(rec["credits"], file, i, "credits"),
                hours=_number(rec["hours"], file, i, "hours"),
                row=i,
                year=_number(rec.get("year"), file, i, "year", integer=True),
                department=str(rec.get("department") or "").strip() or None,
                activity_hours=tuple(
                    (a, h) for a in ACTIVITIES if a in present
                    for h in [_number(rec[a], file, i, a)] if h is not None
                ),
                prerequisites=(
                    tuple(p.strip() for p in str(rec["prerequisites"]).split(";") if p.strip())
                    if "prerequisites" in present else None
                ),
            )
        )
    if not courses:
        raise CurriculumError(file, "no courses in the file")
    return Curriculum(file=file, courses=courses)
