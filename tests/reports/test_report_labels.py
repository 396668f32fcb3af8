"""Every label exists, non-empty, in kk, ru and en; every value the reports show has a label."""

from __future__ import annotations

import re

import pytest

from checks.finding import Kind, Severity, Verdict
from reports.labels import LANGUAGES, Labels, catalogue
from reports.records import Status
from reports.run_report import RECORD_COLUMNS, Change, RunReport

KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)


def test_every_key_in_every_language():
    missing = [
        (key, lang)
        for key, texts in catalogue().items()
        for lang in LANGUAGES
        if not isinstance(texts.get(lang), str) or not texts[lang].strip()
    ]
    assert missing == []
    extra = [(key, lang) for key, texts in catalogue().items() for lang in texts if lang not in LANGUAGES]
    assert extra == []


@pytest.mark.parametrize(
    "table, values",
    [
        ("severity", list(Severity)),
        ("kind", list(Kind)),
        ("status", list(Status)),
        ("verdict", [*Verdict, None]),
        ("change", list(Change)),
        ("language", list(LANGUAGES)),
    ],
)
def test_every_enum_value_has_a_label(table, values):
    for value in values:
        key = f"{table}.{'none' if value is None else getattr(value, 'value', value)}"
        assert key in catalogue(), key


def test_every_column_has_a_header(report_kk: RunReport):
    names = set(RECORD_COLUMNS)
    for frame in report_kk.summary_frames(localised=False).values():
        names |= set(frame.columns)
    assert sorted(n for n in names if f"column.{n}" not in catalogue()) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headers_unique_within_each_frame(report_kk: RunReport, lang):
    report = report_kk.model_copy(update={"language": lang})
    for frame in [report.to_frame(), *report.summary_frames().values()]:
        assert len(set(frame.columns)) == len(frame.columns)


def test_real_kazakh_and_russian_terms():
    kk, ru, en = Labels("kk"), Labels("ru"), Labels("en")
    assert kk("kind.nonconformity") == "Сәйкессіздік"
    assert kk("kind.potential") == "Ықтимал сәйкессіздік"
    assert ru("kind.potential") == "Потенциальное несоответствие"
    assert kk("column.corrective_actions") == "Түзету әрекеттері"
    assert ru("column.corrective_actions") == "Корректирующие действия"
    assert kk("plan.col_deadline") == "Орындау мерзімі" and ru("plan.col_deadline") == "Срок исполнения"
    assert ru("plan.col_responsible").startswith("Ответственный исполнитель")
    assert kk("plan.approve") == "БЕКІТЕМІН" and ru("plan.approve") == "УТВЕРЖДАЮ" and en("plan.approve") == "APPROVED"
    # the Kazakh labels are Kazakh, not Russian copied over
    assert sum(bool(KAZAKH_LETTERS.search(t["kk"])) for t in catalogue().values()) > len(catalogue()) / 2


def test_unknown_language_and_key():
    with pytest.raises(ValueError):
        Labels("de")
    with pytest.raises(KeyError):
        Labels("kk")("column.no_such_column")
