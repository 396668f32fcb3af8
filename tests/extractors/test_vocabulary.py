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


@pytest.mark.parametrize("text, family, concept", [
    ("Косымша эдебиеттер", "heading", "literature_additional"),  # as Tesseract 5.5 read a 150-dpi scan
    ("Косымша әдебиеттер", "heading", "literature_additional"),  # one word misread, the other not
    ("Қосымша әдебиеттер", "heading", "literature_additional"),  # as typed
    ("Дәрістер", "activity", "lectures"), ("Дэрістер", "activity", "lectures"),
    ("Зертханалык жумыстар", "activity", "labs"),
])
def test_kazakh_words_match_as_ocr_reads_them_without_their_marks(vocab, text, family, concept):
    assert vocab.best(text, family) == concept


def test_a_heading_read_without_its_marks_passes_the_cheap_test_before_the_matcher(vocab):
    from extractors.interpret.headings import heading_of

    heading = heading_of(vocab, "5.2 Косымша эдебиеттер")
    assert heading is not None and heading.concept == "literature_additional"


def test_no_term_read_without_its_marks_is_another_concepts_term(vocab):
    """An OCR spelling that is also a typed term of another concept would make that concept's text
    match this one too: none is."""
    from extractors.text import KAZAKH_OCR_LOOKALIKES, fold

    typed = {fold(t).rstrip("*"): c for c, terms in vocab.concepts.items() for t in terms}
    clashes = [(t, c, typed[ocr]) for c, terms in vocab.concepts.items() for t in terms
               if (ocr := fold(t).rstrip("*").translate(KAZAKH_OCR_LOOKALIKES)) != fold(t).rstrip("*")
               and ocr in typed and typed[ocr].split(".")[0] == c.split(".")[0] and typed[ocr] != c]
    assert clashes == []
