"""A finding resting on a value OCR was unsure of is shown as "from a scan: check by hand", never
as a plain nonconformity (no Tesseract needed: the provenance is made by hand here)."""

from __future__ import annotations

import re

from checks.finding import Kind, Messages
from checks.policy import load_policy
from checks.registry import Rule, from_scan
from extractors.model import Source


class _Rule(Rule, register=False):
    code = "TST999"
    name = "test.ocr-marking"


def _finding(source: Source):
    msg = Messages(kk="мәтін", ru="текст", en="text")
    return _Rule().finding(None, location="hours/total", message=msg, source=source, expected=150, actual=155)


def test_evidence_says_the_value_came_from_a_scan():
    f = _finding(Source(file="a.pdf", page=3, table=1, row=2, column=3, text="155", ocr=True, confidence=91.5))
    assert f.evidence.ocr and f.evidence.ocr_confidence == 91.5


def test_below_the_policy_threshold_it_is_to_check_by_hand():
    policy = load_policy(overrides={"ocr": {"min_confidence": 80}})
    unsure = from_scan(_finding(Source(file="a.pdf", page=3, text="155", ocr=True, confidence=62.0)), policy)
    assert unsure.evidence.check_by_hand and unsure.kind == Kind.potential
    assert unsure.message.en.startswith("From a scan: check by hand")
    assert unsure.message.ru.startswith("Из скана: проверьте вручную")
    sure = from_scan(_finding(Source(file="a.pdf", page=3, text="155", ocr=True, confidence=93.0)), policy)
    assert not sure.evidence.check_by_hand and sure.kind == Kind.nonconformity
    typed = from_scan(_finding(Source(file="a.pdf", page=3, text="155")), policy)
    assert not typed.evidence.ocr and not typed.evidence.check_by_hand and typed.kind == Kind.nonconformity


def test_policy_keys_are_checked():
    import pytest

    from checks.policy import PolicyError

    with pytest.raises(PolicyError, match=re.escape("ocr.min_confidence")):
        load_policy(overrides={"ocr": {"min_confidence": 120}})
    assert load_policy().limits.extraction_limits().ocr_seconds_per_page == load_policy().ocr.seconds_per_page
