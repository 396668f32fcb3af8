"""render_reports keeps what is alive out of the collector's passes while the writers run, and
leaves the collector as it found it (reports.render._alive_left_out)."""

from __future__ import annotations

import gc

import pytest

from reports.writers import registry


@pytest.fixture
def spy(monkeypatch, tmp_path):
    """A writer of format "spy" that notes the collector's state while it runs."""
    seen: dict[str, object] = {}

    def render(report, out_dir):
        seen["frozen"] = gc.get_freeze_count()
        seen["enabled"] = gc.isenabled()
        cycle: list = []
        cycle.append(cycle)  # the writers' own garbage: still collected while they run
        del cycle
        seen["collected"] = gc.collect()
        path = out_dir / "spy.txt"
        path.write_text("spy")
        return path

    monkeypatch.setitem(registry._RENDERERS, "spy", {"name": "spy", "extension": ".txt", "description": "",
                                                      "render": render})
    return seen


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


def test_alive_objects_frozen_while_writing_then_given_back(spy, report_kk, tmp_path, collector_state):
    from reports.render import render_reports

    gc.enable()
    assert gc.get_freeze_count() == 0
    paths = render_reports(report_kk, tmp_path, ["spy"])
    assert [p.name for p in paths] == ["spy.txt"]
    assert spy["frozen"] > 0 and spy["enabled"] is True
    assert spy["collected"] >= 1
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_nothing_frozen_when_the_caller_paused_the_collector(spy, report_kk, tmp_path, collector_state):
    from reports.render import render_reports

    gc.disable()
    render_reports(report_kk, tmp_path, ["spy"])
    assert spy["frozen"] == 0 and spy["enabled"] is False
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_a_freeze_already_held_is_left_to_its_owner(spy, report_kk, tmp_path, collector_state):
    from reports.render import render_reports

    gc.enable()
    gc.freeze()
    before = gc.get_freeze_count()
    render_reports(report_kk, tmp_path, ["spy"])
    assert before > 0 and gc.get_freeze_count() > 0  # not unfrozen by the renderer


def test_collector_given_back_when_a_writer_fails(monkeypatch, report_kk, tmp_path, collector_state):
    from reports.render import render_reports

    def broken(report, out_dir):
        raise OSError("disk full")

    monkeypatch.setitem(registry._RENDERERS, "broken", {"name": "broken", "extension": ".txt", "description": "",
                                                         "render": broken})
    gc.enable()
    with pytest.raises(OSError):
        render_reports(report_kk, tmp_path, ["broken"])
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_writers_imported_while_frozen_and_an_unknown_format_gives_it_back(monkeypatch, report_kk, tmp_path,
                                                                          collector_state):
    """The writers' own imports (openpyxl, python-docx) run inside the freeze too; a refused format
    name leaves the collector as it was."""
    from reports import render

    seen = []
    real = render.renderer

    def spying(name):
        seen.append(gc.get_freeze_count())
        return real(name)

    monkeypatch.setattr(render, "renderer", spying)
    gc.enable()
    with pytest.raises(ValueError, match="unknown report format"):
        render.render_reports(report_kk, tmp_path, ["json", "no-such-format"])
    assert seen and all(n > 0 for n in seen)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
