"""The educational programme's passport (ОП / білім беру бағдарламасы), read from CSV or XLSX.

One table, a header row then one row per fact (any column order, any case; extra columns are
ignored). The column ``kind`` says what the row is:

| kind | code | text | other columns |
|---|---|---|---|
| ``programme`` | the programme's code (6B07204) | its name | ``lang`` (kk, ru, en): one row per language the name is given in |
| ``outcome`` | a programme outcome's code (PO10, ПРО1) | its wording | ``lang`` as above |
| ``discipline`` | a discipline's code (GMRK3301) | its title | ``cycle`` (БД/ПД/КП...), ``component`` (ОК/ВК/ЖК...), ``credits`` |
| ``matrix`` | a programme outcome's code | | ``discipline``: the discipline that serves it |

Columns: ``kind, code, text`` always; ``lang, cycle, component, credits, discipline`` when rows
use them. Outcome codes are matched with Latin and Cyrillic look-alikes folded ("PO10" is
"РО10"), as the syllabus reader does. The template is ``data/passport.template.csv``; the
passport of the bundled samples is ``data/passport.sample.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.text import normalise_code

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("programme", "outcome", "discipline", "matrix")
REQUIRED = ("kind", "code", "text")
OPTIONAL = ("lang", "cycle", "component", "credits", "discipline")
LANGS = ("kk", "ru", "en")


class PassportError(ValueError):
    def __init__(self, file: str, problem: str):
        super().__init__(f"programme passport {file}: {problem}")


@dataclass(frozen=True)
class ProgrammeOutcome:
    code: str
    key: str  # look-alikes folded, as ``LearningOutcome.key``
    wording: dict[str, str]  # lang ('' when not given) -> wording
    row: int  # 1-based row in the file, header = 1
    rows: dict[str, int] = field(default_factory=dict)  # lang -> the row giving the wording in it


@dataclass(frozen=True)
class Discipline:
    code: str
    title: str
    cycle: str | None
    component: str | None
    credits: float | None
    row: int


@dataclass
class Passport:
    file: str
    code: str
    names: dict[str, str]  # lang ('' when not given) -> the programme's name
    code_row: int = 2  # the row of the first programme line
    name_rows: dict[str, int] = field(default_factory=dict)  # lang -> the row giving the name in it
    outcomes: dict[str, ProgrammeOutcome] = field(default_factory=dict)  # by key
    disciplines: dict[str, Discipline] = field(default_factory=dict)  # by normalised code
    matrix: dict[str, set[str]] = field(default_factory=dict)  # normalised discipline code -> outcome keys

    def discipline(self, code: str | None) -> Discipline | None:
        return self.disciplines.get(normalise_code(code)) if code else None

    def outcomes_of(self, discipline_code: str | None) -> set[str]:
        """The outcome keys the matrix gives the discipline (empty when it gives none)."""
        return set(self.matrix.get(normalise_code(discipline_code), set())) if discipline_code else set()


def _cell(rec: dict[str, Any], column: str) -> str:
    value = rec.get(column)
    return "" if value is None else str(value).strip()


def _credits(value: str, file: str, row: int) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise PassportError(file, f"row {row}, column credits: {value!r} is not a number") from None


def _read_table(path: Path) -> pd.DataFrame:
    import pandas as pd

    file = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas/openpyxl raise many types for a bad file
        raise PassportError(file, f"cannot be read ({type(exc).__name__}: {exc})") from None
    raise PassportError(file, f"unsupported file type {suffix or '(none)'}: give a .csv or .xlsx file")


def load_passport(path: str | Path) -> Passport:
    """The passport in ``path``; a ``PassportError`` naming the file, row and column otherwise."""
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise PassportError(file, "file not found")
    df = _read_table(path)
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise PassportError(file, f"missing column(s): {', '.join(missing)} (found: {', '.join(df.columns) or 'none'}; "
                                  f"need {', '.join(REQUIRED)}, and {', '.join(OPTIONAL)} as the rows use them)")
    return passport_from_records(df.to_dict("records"), file)


def passport_from_records(records: list[dict[str, Any]], file: str) -> Passport:
    """The passport of ``records`` (one dict a row, lower-case column names, the header being
    row 1): what ``load_passport`` builds from a file, and a test from rows written in code."""
    # here, not at import: the extractors' interpreter loads spaCy, which ``rules`` does not need
    from extractors.interpret.outcomes import fold_code

    programme_code = ""
    code_row = 2
    names: dict[str, str] = {}
    name_rows: dict[str, int] = {}
    outcomes: dict[str, dict[str, Any]] = {}
    disciplines: dict[str, Discipline] = {}
    matrix: dict[str, set[str]] = {}
    for row, rec in enumerate(records, start=2):
        kind = _cell(rec, "kind").lower()
        code, text, lang = _cell(rec, "code"), _cell(rec, "text"), _cell(rec, "lang").lower()
        if not kind and not code and not text:
            continue
        if kind not in KINDS:
            raise PassportError(file, f"row {row}, column kind: {kind or '(empty)'!r} is not one of {', '.join(KINDS)}")
        if lang and lang not in LANGS:
            raise PassportError(file, f"row {row}, column lang: {lang!r} is not one of {', '.join(LANGS)}")
        if not code:
            raise PassportError(file, f"row {row}, column code: a {kind} row needs a code")
        if kind == "programme":
            if programme_code and normalise_code(code) != normalise_code(programme_code):
                raise PassportError(file, f"row {row}: a second programme {code!r} (the file is {programme_code!r}'s)")
            if not programme_code:
                code_row = row
            programme_code = code
            if text:
                names[lang] = text
                name_rows[lang] = row
        elif kind == "outcome":
            entry = outcomes.setdefault(fold_code(code), {"code": code, "wording": {}, "row": row, "rows": {}})
            if text:
                entry["wording"][lang] = text
                entry["rows"][lang] = row
        elif kind == "discipline":
            disciplines[normalise_code(code)] = Discipline(
                code=code, title=text, cycle=_cell(rec, "cycle") or None, component=_cell(rec, "component") or None,
                credits=_credits(_cell(rec, "credits"), file, row), row=row)
        else:
            served_by = _cell(rec, "discipline")
            if not served_by:
                raise PassportError(file, f"row {row}, column discipline: a matrix row names the discipline that serves {code}")
            matrix.setdefault(normalise_code(served_by), set()).add(fold_code(code))
    if not programme_code:
        raise PassportError(file, "no programme row (kind = programme: the programme's code and name)")
    unknown = sorted({k for keys in matrix.values() for k in keys} - set(outcomes))
    if unknown:
        raise PassportError(file, f"the matrix names outcome(s) the passport does not list: {', '.join(unknown)}")
    return Passport(
        file=file, code=programme_code, names=names, code_row=code_row, name_rows=name_rows,
        outcomes={k: ProgrammeOutcome(code=v["code"], key=k, wording=v["wording"], row=v["row"], rows=v["rows"]) for k, v in outcomes.items()},
        disciplines=disciplines, matrix=matrix,
    )
