"""The HTML report's rows and cards kept from one night to the next (``_kept_fragments``) change no
byte of a page: a page made with the night before's fragments is the page made from nothing, a
fragment whose item changed is made again, and a kept file of other code, damaged or not written is
never a reason for a wrong page or a failed report."""

from __future__ import annotations

import json
import os

import pytest
from report_factory import build_report, build_root_cause_report
from test_hostile_text import hostile_report

from reports.records import Status
from reports.render import render_reports
from reports.run_report import RunReport, computed_once
from reports.writers import html_writer
from reports.writers._kept_fragments import KeptFragments


def _pages(report: RunReport, out, kept_in=None) -> list[str]:
    out.mkdir(parents=True)
    with computed_once():
        paths = html_writer.render_all(report, out, kept_in=kept_in)
    return [p.read_text(encoding="utf-8") for p in paths]


def _kept_files(folder) -> list:
    return sorted(folder.glob("html-fragments-*.json"))


def _counting_made(monkeypatch) -> list[str]:
    """The fragments rendered through the template (not taken from a kept file)."""
    made: list[str] = []
    real = KeptFragments.put

    def put(self, key, parts):
        made.append(key)
        real(self, key, parts)

    monkeypatch.setattr(KeptFragments, "put", put)
    return made


@pytest.mark.parametrize("make", [build_report, build_root_cause_report, hostile_report])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_night_with_kept_fragments_writes_the_pages_of_a_night_without(tmp_path, make, lang, monkeypatch):
    report = make(lang)
    alone = _pages(report, tmp_path / "alone")
    keep = tmp_path / "cache"
    first = _pages(report, tmp_path / "first", keep)
    assert len(_kept_files(keep)) == 1
    made = _counting_made(monkeypatch)
    second = _pages(report, tmp_path / "second", keep)
    assert first == second == alone
    assert made == []  # every row and card of the second night was the first night's


def test_a_changed_record_is_rendered_again_and_the_rest_is_kept(tmp_path, monkeypatch):
    keep = tmp_path / "cache"
    report = build_report("en")
    _pages(report, tmp_path / "first", keep)
    entry = report.entries[0]
    changed = entry.model_copy(update={"record": entry.record.model_copy(update={"status": Status.action_planned})})
    tonight = report.model_copy(update={"entries": [changed, *report.entries[1:]]})
    made = _counting_made(monkeypatch)
    assert _pages(tonight, tmp_path / "second", keep) == _pages(tonight, tmp_path / "alone")
    # its row, and its syllabus's card, which shows the row: nothing else
    assert sorted(key.split("\x00")[0] for key in made) == ["finding_row", "syllabus_section"]


def test_the_file_holds_tonights_fragments_only(tmp_path, monkeypatch):
    keep = tmp_path / "cache"
    report = build_report("en")
    _pages(report, tmp_path / "first", keep)
    before = json.loads(_kept_files(keep)[0].read_text(encoding="utf-8"))
    fewer = report.model_copy(update={"entries": report.entries[:1], "syllabi": report.syllabi[:1]})
    _pages(fewer, tmp_path / "second", keep)
    after = json.loads(_kept_files(keep)[0].read_text(encoding="utf-8"))
    assert 0 < len(after) < len(before)  # the fragments only the first night showed are gone
    made = _counting_made(monkeypatch)
    _pages(fewer, tmp_path / "third", keep)
    assert made == []
    assert json.loads(_kept_files(keep)[0].read_text(encoding="utf-8")) == after


def test_nothing_is_written_when_tonight_showed_what_the_night_before_did(tmp_path):
    keep = tmp_path / "cache"
    report = build_report("en")
    _pages(report, tmp_path / "first", keep)
    file = _kept_files(keep)[0]
    stamp = file.stat().st_mtime_ns - 10**9  # a second earlier: a file written again is seen
    os.utime(file, ns=(stamp, stamp))
    _pages(report, tmp_path / "second", keep)
    assert file.stat().st_mtime_ns == stamp


def test_fragments_of_other_code_are_not_read_and_their_file_goes(tmp_path, monkeypatch):
    keep = tmp_path / "cache"
    report = build_report("ru")
    _pages(report, tmp_path / "first", keep)
    [old] = _kept_files(keep)
    real = html_writer.fragment_sources
    monkeypatch.setattr(html_writer, "fragment_sources", lambda: [*real(), b"another template"])
    made = _counting_made(monkeypatch)
    assert _pages(report, tmp_path / "second", keep) == _pages(report, tmp_path / "alone")
    assert made  # rendered again: the fragments kept were made by other code
    [new] = _kept_files(keep)
    assert new != old and not old.exists()


def test_a_language_keeps_its_own_fragments(tmp_path):
    keep = tmp_path / "cache"
    for lang in ("kk", "ru", "en"):
        _pages(build_report(lang), tmp_path / lang, keep)
    assert [f.name.split("-")[2] for f in _kept_files(keep)] == ["en", "kk", "ru"]
    assert _pages(build_report("kk"), tmp_path / "again", keep) == _pages(build_report("kk"), tmp_path / "alone")


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b'{"a": "not a list"}', b'{"a": [1]}'])
def test_a_damaged_file_is_not_read_and_is_written_again(tmp_path, damage):
    keep = tmp_path / "cache"
    report = build_report("en")
    _pages(report, tmp_path / "first", keep)
    [file] = _kept_files(keep)
    file.write_bytes(damage)
    assert _pages(report, tmp_path / "second", keep) == _pages(report, tmp_path / "alone")
    assert json.loads(file.read_text(encoding="utf-8"))  # tonight's fragments, kept again


def test_a_kept_fragment_for_another_item_is_never_shown(tmp_path):
    """A fragment is found by its item's digest: one kept under another item's digest (a file
    edited by hand, say) is not looked up for this item."""
    keep = tmp_path / "cache"
    report = build_report("en")
    _pages(report, tmp_path / "first", keep)
    [file] = _kept_files(keep)
    kept = json.loads(file.read_text(encoding="utf-8"))
    file.write_text(json.dumps({KeptFragments.digest("finding_row\x00{}"): ["<p>planted</p>"], **kept}),
                    encoding="utf-8")
    assert "planted" not in "".join(_pages(report, tmp_path / "second", keep))


def test_a_folder_that_cannot_be_written_loses_only_the_speed_up(tmp_path):
    keep = tmp_path / "a file, not a folder"
    keep.write_text("x", encoding="utf-8")
    report = build_report("en")
    assert _pages(report, tmp_path / "out", keep) == _pages(report, tmp_path / "alone")


@pytest.mark.parametrize("processes", [1, 2])  # in this process, and a writer's own
def test_render_reports_keeps_fragments_only_where_it_is_told(tmp_path, processes):
    report = build_report("kk")
    render_reports(report, tmp_path / "without", ["html", "json"], processes=processes)
    assert not list(tmp_path.rglob("html-fragments-*"))
    keep = tmp_path / "cache"
    render_reports(report, tmp_path / "with", ["html", "json"], processes=processes, kept_in=keep)
    assert len(_kept_files(keep)) == 1 and not list((tmp_path / "with").rglob("html-fragments-*"))
