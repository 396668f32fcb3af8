"""The HTML report's shortcuts change no byte: a department's page made with the fragments of the
run's page (``html_writer.Shared``) is the page made on its own, and the fast path of ``finalize``
passes only text ``shown`` leaves as it is."""

from __future__ import annotations

import sys

import pytest
from markupsafe import Markup
from report_factory import build_report, build_root_cause_report
from test_hostile_text import CONTROL_TEXT, LATIN1_NAME, hostile_report

from reports.safe_text import _UNSAFE_RE, shown
from reports.writers import html_writer


def test_no_character_isprintable_passes_is_one_shown_escapes():
    printable = "".join(ch for n in range(sys.maxunicode + 1) if (ch := chr(n)).isprintable())
    assert _UNSAFE_RE.search(printable) is None
    # and the characters it escapes are all held back by isprintable
    assert not any(ch.isprintable() for ch in ("\x07", "\x85", "\u202e", "\u2028", "\ufffe", "\udce9", "\U0001fffe"))


@pytest.mark.parametrize("value", ["", "plain", "Сағаттар 14", CONTROL_TEXT, LATIN1_NAME, "tab\tand\nnewline",
                                   "\u00a0nbsp", 5, None, True])
def test_finalize_is_shown(value):
    assert html_writer.finalize(value) == shown(value)
    assert type(html_writer.finalize(value)) is type(shown(value))
    markup = Markup("<b>\x07</b>")
    assert html_writer.finalize(markup) is markup


@pytest.mark.parametrize("make", [build_report, build_root_cause_report, hostile_report])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_made_with_shared_fragments_are_the_pages_made_alone(tmp_path, make, lang):
    report = make(lang)
    written = html_writer.render_all(report, tmp_path)
    alone = [html_writer.render_html(report)]
    alone += [html_writer.render_html(report.for_department(d)) for d in report.department_names()]
    assert len(written) == len(alone) > 2
    for path, page in zip(written, alone):
        assert path.read_text(encoding="utf-8") == page


def test_each_page_links_its_rows_to_its_own_cards(tmp_path):
    report = build_report("en")
    for path in html_writer.render_all(report, tmp_path):
        html = path.read_text(encoding="utf-8")
        links = {part.split('"', 1)[0] for part in html.split('<a href="#syllabus-')[1:]}
        cards = {part.split('"', 1)[0] for part in html.split('<section class="syllabus" id="syllabus-')[1:]}
        assert links and links <= cards
        assert "\x00" not in html


def test_fragments_of_one_language_are_not_given_to_another():
    shared = html_writer.Shared("kk")
    kk, ru = build_report("kk"), build_report("ru")
    assert html_writer.render_html(kk, shared) == html_writer.render_html(kk)
    assert html_writer.render_html(ru, shared) == html_writer.render_html(ru)


def test_a_fragment_is_made_once_and_keyed_by_what_it_shows():
    calls = []

    class Macro:
        name = "row"

        def __call__(self, item, anchor):
            calls.append(item)
            return Markup(f'<a href="#{anchor}">{item["n"]!r}</a>')

    shared = html_writer.Shared("en")
    macro = Macro()
    assert shared(macro, {"n": 1, "anchor": "syllabus-1"}, "syllabus-1") == '<a href="#syllabus-1">1</a>'
    assert shared(macro, {"n": 1, "anchor": "syllabus-7"}, "syllabus-7") == '<a href="#syllabus-7">1</a>'
    assert len(calls) == 1  # the anchor is no part of the key
    # True prints otherwise than 1, "1" otherwise than both: three fragments
    assert shared(macro, {"n": True}, "a") == '<a href="#a">True</a>'
    assert shared(macro, {"n": "1"}, "a") == "<a href=\"#a\">'1'</a>"
    assert len(calls) == 3


def test_a_shared_fragment_reads_nothing_of_its_page():
    """A fragment is reused on another page of the night: its macro may read its arguments, the
    labels of the language and the macros they call, never a page's own values (its title, its
    department, its links), which a fragment made for another page would show."""
    from jinja2 import nodes

    from reports.writers._html_assets import TEMPLATE

    macros = {m.name: m for m in html_writer._env.parse(TEMPLATE).find_all(nodes.Macro)}
    shared = {call.args[0].name for call in html_writer._env.parse(TEMPLATE).find_all(nodes.Call)
              if isinstance(call.node, nodes.Name) and call.node.name == "shared"}
    assert shared == {"finding_row", "syllabus_section"}
    todo, seen = list(shared), set()
    while todo:
        macro = macros[todo.pop()]
        seen.add(macro.name)
        own = {a.name for a in macro.args} | {n.name for n in macro.find_all(nodes.Name) if n.ctx == "store"}
        read = {n.name for n in macro.find_all(nodes.Name) if n.ctx == "load"} - own
        called = read & set(macros)
        assert read - called <= {"L", "C", "V"}, (macro.name, read - called)
        todo += [m for m in called if m not in seen]


@pytest.mark.parametrize("make", [build_report, build_root_cause_report, hostile_report])
def test_a_cards_key_is_the_repr_of_what_it_shows(make):
    """A card's key is written out part by part (``Shared._repr`` makes a list's or a dict's once):
    it is the ``repr`` of the card without its anchor, then its rows' keys, as a kept fragment's key
    has always been."""
    report = make("ru")
    shared = html_writer.Shared("ru")
    cards = html_writer.context(report, shared)["syllabi"]
    assert any(card["rows"] for card in cards)
    for card in cards:
        rows = ",".join(repr({k: v for k, v in r.items() if k != "anchor"}) for r in card["rows"])
        plain = repr({k: v for k, v in card.items() if k not in ("anchor", "rows")}) + f"rows[{rows}]"
        assert shared._key(card) == plain
        assert shared._key(dict(card)) == plain  # a copy, keyed anew from the parts already made
