"""Start-up results kept as JSON between processes (extractors/kept.py), and the label catalogue
that uses them: a kept copy is a speed-up only, never trusted over the file it was built from."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from extractors import kept
from reports import labels

ROOT = Path(__file__).resolve().parents[2]


def _is_list_of_str(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def test_a_kept_value_is_read_back(tmp_path):
    file = kept.kept_file("thing", [b"v1", b"data"], tmp_path)
    kept.keep(file, ["a", "b"])
    assert kept.read(file, _is_list_of_str) == ["a", "b"]
    assert [p.name for p in tmp_path.iterdir()] == [file.name]  # no temporary file left


def test_a_change_of_any_part_names_another_file(tmp_path):
    first = kept.kept_file("thing", [b"v1", b"data"], tmp_path)
    assert kept.kept_file("thing", [b"v1", b"data"], tmp_path) == first
    assert kept.kept_file("thing", [b"v1", b"datA"], tmp_path) != first
    assert kept.kept_file("thing", [b"v2", b"data"], tmp_path) != first
    # the parts are hashed with their lengths: moving bytes across a boundary is another key
    assert kept.kept_file("thing", [b"v1d", b"ata"], tmp_path) != first
    assert first.name.startswith("thing-") and first.suffix == ".json"


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"a": 1}', b"\xff\xfe"])
def test_a_missing_damaged_or_foreign_file_reads_as_none(tmp_path, content):
    file = tmp_path / "thing-x.json"
    assert kept.read(file, _is_list_of_str) is None  # missing
    file.write_bytes(content)
    assert kept.read(file, _is_list_of_str) is None


def test_a_validator_that_trips_over_the_value_means_none(tmp_path):
    file = tmp_path / "thing-x.json"
    file.write_text(json.dumps({"stems": 1}), encoding="utf-8")
    assert kept.read(file, lambda v: v["phrases"] is not None) is None  # KeyError inside the check


def test_a_folder_that_cannot_be_written_only_costs_the_copy(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    file = kept.kept_file("thing", [b"x"], blocker)
    kept.keep(file, ["a"])  # no exception
    assert kept.read(file, _is_list_of_str) is None


def _expected_catalogue() -> dict[str, dict[str, str]]:
    raw = tomllib.loads((ROOT / "data" / "labels.toml").read_text(encoding="utf-8"))
    return {f"{table}.{key}": dict(texts) for table, entries in raw.items() for key, texts in entries.items()}


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    labels.catalogue.cache_clear()
    yield tmp_path / "syllabus-audit"
    labels.catalogue.cache_clear()


def test_the_label_catalogue_is_kept_and_read_back_the_same(own_cache):
    first = labels.catalogue()
    assert first == _expected_catalogue()
    copies = list(own_cache.glob("labels-*.json"))
    assert len(copies) == 1
    labels.catalogue.cache_clear()
    assert labels.catalogue() == first  # read from the kept copy this time


def test_a_tampered_kept_catalogue_is_not_believed(own_cache):
    labels.catalogue()
    (copy,) = own_cache.glob("labels-*.json")
    copy.write_text(json.dumps({"report.title": {"en": 1}}), encoding="utf-8")  # not a catalogue
    labels.catalogue.cache_clear()
    assert labels.catalogue() == _expected_catalogue()
    copy.write_text("{", encoding="utf-8")  # cut short
    labels.catalogue.cache_clear()
    assert labels.catalogue() == _expected_catalogue()
