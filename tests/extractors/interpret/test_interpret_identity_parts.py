"""Unit tests of the title page's small readers (extractors/interpret/identity.py): a title as
shown, two labelled fields a PDF ran into one line, and a person's name beside a signature line
(issue 12). tests/extractors/interpret/test_interpret_identity.py reads whole documents."""

from __future__ import annotations

import pytest

from extractors.interpret.context import Line
from extractors.interpret.identity import clean_title, name_in, split_run_together
from extractors.vocabulary import default_vocabulary

VOCAB = default_vocabulary()


@pytest.mark.parametrize("text, title", [
    ("по дисциплине «Философия»", "Философия"),  # the words around the quotes only say it is the title
    ("«Қазақстан тарихы» пәні бойынша", "Қазақстан тарихы"),
    ("«Гармония»", "Гармония"),
    ('"Harmony"', "Harmony"),
    ("Объектно- ориентированное программирование.", "Объектно-ориентированное программирование"),
    ("Music and\nharmony;", "Music and harmony"),  # the lines of a wrapped title joined
    ("Гармония (күрделі курс)", "Гармония (күрделі курс)"),  # brackets are part of the title
    ("«Гармония", "«Гармония"),  # an unclosed quote is kept, not guessed at
])
def test_a_title_as_shown(text, title):
    assert clean_title(text) == title


@pytest.mark.parametrize("text, lines", [
    ("Пәннің коды: GMRK3301 Пәннің атауы: Гармония", ["Пәннің коды: GMRK3301", "Пәннің атауы: Гармония"]),
    ("Course code: MUS101 Course title: Harmony", ["Course code: MUS101", "Course title: Harmony"]),
    ("Білім беру бағдарламасы: 6B07204 Музыкатану Пәннің коды: GMRK3301",
     ["Білім беру бағдарламасы: 6B07204 Музыкатану", "Пәннің коды: GMRK3301"]),
])
def test_two_labelled_fields_run_together_are_split_at_the_second_label(text, lines):
    assert [line.text for line in split_run_together(VOCAB, [Line(text, None)])] == lines


@pytest.mark.parametrize("text", ["Время: 10:30 - 12:00", "Код дисциплины: GMRK3301"])
def test_a_line_with_one_label_stays_whole_and_the_same_object(text):
    line = Line(text, None)
    assert split_run_together(VOCAB, [line]) == [line]
    assert split_run_together(VOCAB, [line])[0] is line


@pytest.mark.parametrize("text, name", [
    ("Иванов И.И.", "Иванов И.И."),
    ("И.И. Иванов", "И.И. Иванов"),
    ("Жұмабекова А.Қ.", "Жұмабекова А.Қ."),
    ("Smith J.", "Smith J."),
    ("____ Иванов И.И. ____", "Иванов И.И."),  # the signature line's underscores are not the name
    ("доцент", None),
])
def test_a_name_with_initials(text, name):
    assert name_in(text) == name
