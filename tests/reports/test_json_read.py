"""``reports.json_read.loads`` reads every JSON text as ``json.loads`` does."""

from __future__ import annotations

import json
import math

import pytest

from reports.json_read import loads

TEXTS = [
    '{"a": 1, "b": [true, false, null], "c": "Сағаттар \\u00e9 \\n", "d": 0.1, "e": -1.5e-07}',
    '[{"page": 3, "quote": "2.1 Тақырыптық жоспар"}, {}]',
    '{"dup": 1, "dup": 2}',  # the last of a repeated key, in both
    '"plain"', "12", "1e400", "-0.0",
]
# what the standard library takes and orjson does not: read by the standard library
LENIENT = ['{"x": NaN}', "[Infinity, -Infinity]", '"\\udce9 lone surrogate"']
# integers orjson may read otherwise (over 64 bits), and the largest and smallest it reads as they are
LONG = ["123456789012345678901234567890", "[18446744073709551616]", "[-9223372036854775809]",
        "[9223372036854775807, -9223372036854775808]", '{"n": 99999999999999999999.5}']


@pytest.mark.parametrize("text", TEXTS + LENIENT + LONG)
def test_the_value_is_the_standard_librarys(text):
    for given in (text, text.encode("utf-8", "surrogatepass")):
        ours, theirs = loads(given), json.loads(given)
        assert repr(ours) == repr(theirs)  # repr: NaN equals nothing, and -0.0 equals 0.0
        assert type(ours) is type(theirs)


def test_nan_is_a_float_nan():
    assert math.isnan(loads('{"x": NaN}')["x"])


@pytest.mark.parametrize("text", ["", "{", '{"a": }', "[1, 2", "nope"])
def test_what_neither_reads_is_the_standard_librarys_error(text):
    with pytest.raises(json.JSONDecodeError):
        loads(text)
