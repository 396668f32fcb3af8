import pytest

from extractors.vocabulary import default_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return default_vocabulary()


@pytest.mark.parametrize("text, concept", [
    ("Дәрістер", "lectures"), ("Дәрістік сабақтар", "lectures"), ("Лекции", "lectures"), ("Lectures", "lectures"),
    ("Практикалық жұмыстар (сабақтар)", "practicals"), ("Практические (семинарские) занятия", "practicals"),
    ("Practical classes", "practicals"),
    ("Зертханалық жұмыстар", "labs"), ("Лабораторные занятия", "labs"), ("Laboratory classes", "labs"),
    ("СӨЖО", "siwt"), ("СРОП", "siwt"), ("СРСП", "siwt"), ("SIWT", "siwt"),
    ("Самостоятельная работа обучающегося под руководством преподавателя", "siwt"),
    ("СӨЖ", "siw"), ("СРО", "siw"), ("СРС", "siw"), ("SIW", "siw"),
    ("Самостоятельная работа обучающегося", "siw"),
    ("БАРЛЫҒЫ", "total"), ("Барлығы", "total"), ("ВСЕГО", "total"), ("Итого", "total"), ("Total", "total"),
    ("Қорытынды бақылауды жүргізу нысаны /", "final_control"), ("Форма итогового контроля", "final_control"),
])
def test_activities_in_three_languages_and_inflections(vocab, text, concept):
    assert vocab.best(text, "activity") == concept


@pytest.mark.parametrize("text, concept", [
    ("1-й аралық бақылау", "rating"), ("Рубежный контроль 1", "rating"), ("РК2", "rating"), ("Midterm 1", "rating"),
    ("Қорытынды бақылау", "exam"), ("Экзамен", "exam"), ("Final exam", "exam"),
])
def test_periods(vocab, text, concept):
    assert vocab.best(text, "period") == concept


def test_unrelated_text_matches_nothing(vocab):
    assert vocab.best("Қазақстанның минералды ресурстары", "activity") is None
    assert vocab.best("Геология", "heading") is None


def test_leading_only_ignores_later_mentions(vocab):
    assert vocab.best("Тақырып 3. Дәрістер туралы", "activity", leading=True) is None
    assert vocab.best("Тақырып 3. Дәрістер туралы", "activity") == "lectures"
