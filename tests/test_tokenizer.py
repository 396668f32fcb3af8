"""The spaCy-free tokenizer and phrase matching cut and match exactly as spaCy does.

The vocabulary used spaCy's blank ``xx`` tokenizer and ``PhraseMatcher``; ``extractors.tokenizer``
runs the same algorithm on the same rules without importing spaCy. spaCy stays the reference:
these tests compare against it on every line of the sample and corpus documents and on
generated text full of the characters its prefix, suffix, infix and special-case rules act on.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from extractors import tokenizer as ours  # noqa: E402
from extractors import tokenizer_xx  # noqa: E402
from extractors.api import read_raw  # noqa: E402
from extractors.raw import RawParagraph, RawTable  # noqa: E402
from extractors.text import fold  # noqa: E402
from extractors.vocabulary import default_vocabulary  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "data" / "samples", ROOT / "tests" / "corpus", ROOT.parent / "shared" / "real-syllabi" / "docs")


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("xx")


@pytest.fixture(scope="module")
def tok():
    return ours.xx_tokenizer()


def spacy_tokens(nlp, text):
    return [(t.text, t.idx, bool(t.whitespace_)) for t in nlp.make_doc(text)]


def our_tokens(tok, text):
    return [(t.text, t.idx, t.space) for t in tok(text)]


def corpus_texts() -> list[str]:
    texts: set[str] = set()
    for folder in FOLDERS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.docx")):
            if path.stat().st_size > 1_000_000:
                continue  # the 70-programme bundle: its lines are the other files' kind
            for block in read_raw(path).blocks:
                if isinstance(block, RawParagraph):
                    texts.add(block.text)
                elif isinstance(block, RawTable):
                    texts.update(cell.text for row in block.rows for cell in row)
    return sorted(t for t in texts if t)


@pytest.fixture(scope="module")
def texts():
    found = corpus_texts()
    assert len(found) > 1000  # the samples and the corpus are there
    return found


def test_the_kept_rules_are_spacys():
    kept = {name: getattr(tokenizer_xx, name) for name in ("PREFIX", "SUFFIX", "INFIX", "URL", "RULES")}
    now = ours.spacy_rules()
    assert kept == {k: now[k] for k in kept}, (
        f"spaCy {now['SPACY_VERSION']}'s xx tokenizer rules changed since {tokenizer_xx.SPACY_VERSION}: "
        "run python -m extractors.tokenizer --write and check the models stay the same")


def test_corpus_lines_are_cut_as_spacy_cuts_them(nlp, tok, texts):
    for text in texts:
        for variant in (text, fold(text)):
            assert our_tokens(tok, variant) == spacy_tokens(nlp, variant), variant


def test_generated_punctuation_and_whitespace_are_cut_as_spacy_cuts_them(nlp, tok):
    alphabet = list(" .,:;!?()[]{}<>\"'«»-–—/\\|*_+=%$€₸#@&^~`0123456789aAbzЖжқҚәі\n\t\xa0…°·•№")
    alphabet += ["  ", "\r\n", "\u2003", "\u200b", "http://", "www.", ".kz", ":)", "(-:", "e.g.", "a.m.", "''", "'s", "km", "10%", "С.Ж."]
    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        assert our_tokens(tok, text) == spacy_tokens(nlp, text), repr(text)


def test_special_cases_are_merged_back_like_spacys(nlp, tok):
    for text in ("hello:)", "x:) :-( y", "(:", "''quoted''", ":) :)", "a\xa0b", "end.:)", "8-)", "<3<3"):
        assert our_tokens(tok, text) == spacy_tokens(nlp, text), repr(text)


def test_matches_are_the_phrase_matchers(nlp, texts):
    """The vocabulary's matches equal spaCy's PhraseMatcher on NORM over the same phrases."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    vocab = default_vocabulary()
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    by_concept: dict[str, list] = {}
    for words, concepts in vocab._phrases.items():
        for concept in concepts:
            doc = Doc(nlp.vocab, words=list(words))
            for t in doc:
                t.norm_ = t.text
            by_concept.setdefault(concept, []).append(doc)
    for concept, docs in by_concept.items():
        matcher.add(concept, docs)
    strings = nlp.vocab.strings
    checked = 0
    for text in texts[:3000]:
        doc = nlp.make_doc(fold(text))
        for t in doc:
            t.norm_ = vocab._norm(t.lower_)
        expected = sorted({(strings[m], s, e) for m, s, e in matcher(doc)}, key=lambda m: (m[1], m[1] - m[2], m[0]))
        got = [(m.concept, m.start, m.end) for m in vocab.matches(text)]
        assert got == expected, text
        checked += bool(got)
    assert checked > 300  # the comparison saw matches, not only texts without any


def test_reading_a_docx_imports_no_spacy(tmp_path):
    code = ("import sys\n"
            "from extractors.api import extract_file\n"
            f"extract_file({str(ROOT / 'data' / 'samples' / 'seed_kk.docx')!r})\n"
            "print(sorted(m for m in ('spacy', 'thinc', 'cv2', 'numpy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
