"""The JSON report's encoder (orjson where it writes the same text) against ``json.dumps``."""

from __future__ import annotations

import json
import random

import pytest

from reports.safe_text import json_safe
from reports.writers.json_writer import _orjson_same, dumps


def reference(payload: object) -> str:
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2))


EDGES = [
    {}, [], {"a": [], "b": {}}, [1, [2, []], {}],
    {"z": 1, "a": 2, "m": {"y": None, "b": True, "c": False}},  # key order kept, not sorted
    {"s": "".join(chr(i) for i in range(0x00, 0x100))},  # every control character, DEL, Latin-1
    {"s": "\u2028\u2029\ufeff \"quoted\" back\\slash қазақша русский"},
    {"f": [0.0, -0.0, 1.5, 0.1, 1e-4, 0.00012345, 1e15, 9999999999999998.0, -123456.789]},
    {"i": [0, -1, 2**63 - 1, -(2**63)]},
]
FALLBACKS = [
    {"f": float("nan")}, {"f": float("inf")}, {"f": 1e16}, {"f": 1e-05}, {"f": 5e-324},
    {1: "int key"}, {"s": "name\udce9.docx"}, {"i": 2**64}, {"t": (1, 2)},
]


@pytest.mark.parametrize("payload", EDGES + FALLBACKS, ids=repr)
def test_same_text_as_the_standard_library(payload):
    assert dumps(payload) == reference(payload)


@pytest.mark.parametrize("payload", FALLBACKS[:6] + FALLBACKS[8:], ids=repr)
def test_what_orjson_would_write_otherwise_goes_to_the_standard_library(payload):
    assert not _orjson_same(payload)


def test_random_text_and_floats():
    rng = random.Random(13)
    for _ in range(300):
        text = "".join(chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0xD7FF), rng.randint(0xE000, 0x10FFFF)]))
                       for _ in range(40))
        number = rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-12, 14)
        payload = {"text": text, "rows": [{"n": number, "t": text[:5]}]}
        assert dumps(payload) == reference(payload)


def test_the_report_itself(tmp_path):
    from reports.writers.json_writer import render
    from tests.reports.report_factory import build_report

    path = render(build_report(), tmp_path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8") == reference(payload)
