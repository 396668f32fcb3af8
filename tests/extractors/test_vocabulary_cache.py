"""The vocabulary's built phrases kept on disk: a kept file gives the same matcher as a build, and
a missing, damaged, foreign or unwritable one is never trusted and never an error."""

import json
import os

import pytest
import spacy

from extractors.vocabulary import VOCABULARY_PATH, Vocabulary

TEXTS = [
    "Дәрістер", "Практикалық жұмыстар (сабақтар)", "Самостоятельная работа обучающегося под руководством преподавателя",
    "СӨЖО", "1-й аралық бақылау", "Final exam", "Тақырып 3. Дәрістер туралы", "Қазақстанның минералды ресурстары",
    "Форма итогового контроля: экзамен", "Барлығы", "Лабораторные занятия, лекции и СРСП",
]


def _state(vocab: Vocabulary):
    return ({t: vocab._matches(t) for t in TEXTS}, vocab._stems, vocab._first_norms)


@pytest.fixture(scope="module")
def built():
    return _state(Vocabulary(use_cache=False))


def _kept_files(folder):
    return sorted(folder.glob("vocabulary-*.json"))


def test_kept_phrases_give_the_same_matcher_as_a_build(tmp_path, built):
    first = Vocabulary(cache_dir=tmp_path)
    (kept,) = _kept_files(tmp_path)
    assert _state(first) == built
    written = kept.read_bytes()
    second = Vocabulary(cache_dir=tmp_path)  # read from the file, not built
    assert _state(second) == built
    assert kept.read_bytes() == written
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_kept_file_is_read_not_rebuilt(tmp_path, monkeypatch):
    Vocabulary(cache_dir=tmp_path)
    monkeypatch.setattr(Vocabulary, "_build", lambda self: pytest.fail("built although a kept file exists"))
    Vocabulary(cache_dir=tmp_path)


def test_default_folder_is_the_user_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    Vocabulary()
    assert len(_kept_files(tmp_path / "syllabus-audit")) == 1


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"stems": [], "phrases": {}}', b'{"stems": [1], "phrases": {}}',
    b"\xff\xfe", "truncated",
])
def test_a_damaged_kept_file_is_rebuilt(tmp_path, built, damage):
    Vocabulary(cache_dir=tmp_path)
    (kept,) = _kept_files(tmp_path)
    kept.write_bytes(kept.read_bytes()[:1000] if damage == "truncated" else damage)
    assert _state(Vocabulary(cache_dir=tmp_path)) == built
    json.loads(kept.read_bytes())  # and written again whole


def test_kept_phrases_of_other_concepts_are_not_used(tmp_path, built):
    Vocabulary(cache_dir=tmp_path)
    (kept,) = _kept_files(tmp_path)
    data = json.loads(kept.read_bytes())
    data["phrases"].pop(next(iter(data["phrases"])))
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert _state(Vocabulary(cache_dir=tmp_path)) == built


def test_a_changed_vocabulary_or_spacy_is_kept_apart(tmp_path, monkeypatch):
    Vocabulary(cache_dir=tmp_path)
    changed = tmp_path / "vocabulary.toml"
    changed.write_bytes(VOCABULARY_PATH.read_bytes() + b'\n[activity.new_thing]\nen = ["new thing*"]\n')
    vocab = Vocabulary(changed, cache_dir=tmp_path)
    assert vocab.best("New things", "activity") == "new_thing"
    assert len(_kept_files(tmp_path)) == 2
    monkeypatch.setattr(spacy, "__version__", "0.0.0-other")
    Vocabulary(cache_dir=tmp_path)
    assert len(_kept_files(tmp_path)) == 3


def test_a_failed_write_only_means_building_and_leaves_nothing(tmp_path, built, monkeypatch):
    def refuse(*_args):
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "replace", refuse)
    assert _state(Vocabulary(cache_dir=tmp_path)) == built
    assert not list(tmp_path.iterdir())  # no half-written file left behind


def test_a_cache_folder_that_is_a_file_only_means_building(tmp_path, built):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _state(Vocabulary(cache_dir=blocked)) == built


def test_use_cache_false_touches_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    Vocabulary(use_cache=False)
    assert not list(tmp_path.iterdir())


def test_the_tokenizer_is_spacys_blank_multi_language_one():
    vocab = Vocabulary(use_cache=False)
    blank = spacy.blank("xx")
    assert vocab._nlp.tokenizer.to_bytes(exclude=["vocab"]) == blank.tokenizer.to_bytes(exclude=["vocab"])
    for text in TEXTS + ["e-mail: a.b@c.kz, http://x.kz/a?b=1 (5 кредит/ECTS) 2-3-4 ж."]:
        assert [t.text for t in vocab.tokens(text)] == [t.text for t in blank.make_doc(text)]
