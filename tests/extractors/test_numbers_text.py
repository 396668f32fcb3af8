from datetime import date

import pytest

from extractors.numbers import last_year, parse_date, parse_int_list, parse_number, parse_plain_number, parse_range
from extractors.text import clean, detect_language, fold


@pytest.mark.parametrize("text, expected", [
    ("1,3,4,5,7,8,9", [1, 3, 4, 5, 7, 8, 9]),
    ("1-7", [1, 2, 3, 4, 5, 6, 7]),
    ("9-11", [9, 10, 11]),
    ("6,4", [6, 4]),
    ("2, 5–6", [2, 5, 6]),
    ("[1, 2]", [1, 2]),
    ("5-3", [5, 3]),  # a backwards "range" is a typo: keep both numbers, invent nothing
    ("", None),
    ("—", None),
])
def test_reference_lists(text, expected):
    assert parse_int_list(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("0,6", 0.6), ("15", 15.0), ("15 сағат", 15.0), ("4.0", 4.0), ("", None), ("емтихан", None),
])
def test_numbers(text, expected):
    assert parse_number(text) == expected


def test_plain_number_refuses_text_around_the_number():
    assert parse_plain_number(" 20 ") == 20.0
    assert parse_plain_number("20 балл") is None
    assert parse_plain_number("1-7") is None


@pytest.mark.parametrize("text, expected", [
    ("95-100", (95.0, 100.0)), ("0–24", (0.0, 24.0)), ("90 - 94", (90.0, 94.0)), ("95", None), ("A", None),
])
def test_ranges(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Күні 29.08.2022 ж. хаттама №1", date(2022, 8, 29)),
    ("«29» августа 2022 г.", date(2022, 8, 29)),
    ("29 тамыз 2022 ж.", date(2022, 8, 29)),
    ("August 29, 2022", date(2022, 8, 29)),
    ("2022-08-29", date(2022, 8, 29)),
    ("_____ 2022 ж.", None),
    ("31.02.2022", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_literature_year_is_the_last_plausible_year():
    assert last_year("Алматы, 2013.с. 5-16") == 2013
    assert last_year("Алматы: Ғылым, 1998.-304 с.") == 1998
    assert last_year("no year here, 128 б.") is None


def test_text_normalisation():
    assert clean("  Дәріс\u00adтер \n 15 ") == "Дәрістер 15"
    # Latin letters typed inside a Cyrillic word are folded, so labels still match
    assert fold("CӨЖO") == "сөжо"
    assert detect_language("Пәннің еңбек сыйымдылығы және тақырыптық жоспары") == "kk"
    assert detect_language("Трудоемкость дисциплины и тематический план") == "ru"
    assert detect_language("Course workload and thematic plan") == "en"
