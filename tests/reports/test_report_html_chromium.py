"""The HTML report in a real headless Chromium (Debian's ``chromium`` package): it loads with no
console error and no request but the file itself, and the filter and sort controls work."""

from __future__ import annotations

import pytest
from report_factory import build_report

from reports.writers import html_writer

pytest.importorskip("websocket", reason="websocket-client (test extra) drives chromium over DevTools")
from chromium_cdp import Browser, find_chromium

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]

VISIBLE_ROWS = "Array.from(document.querySelectorAll('#findings-table tbody tr[data-row]')).filter(r => !r.hidden)"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="module", params=["kk", "ru", "en"])
def page(request, browser, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"html-{request.param}")
    path = html_writer.render(build_report(request.param), out)
    url = path.resolve().as_uri()
    browser.open(url)
    return browser, url


def test_loads_without_errors_or_network(page):
    browser, url = page
    assert browser.errors() == []
    assert browser.requested_urls() == [url]
    assert browser.eval("document.querySelectorAll('svg.chart').length") >= 5
    # the course title with a script tag is text, not a script: no alert ran, the text is shown
    assert browser.eval("document.scripts.length") == 1
    assert "<script>alert(1)</script>" in browser.eval("document.getElementById('findings-table').innerText")


def test_text_filter_hides_non_matching_rows(page):
    browser, _ = page
    total = browser.eval(f"{VISIBLE_ROWS}.length")
    assert total == 7
    browser.eval("document.getElementById('filter-text').focus()")
    browser.type_text("gmrk3301")  # case-insensitive
    shown = browser.eval(f"{VISIBLE_ROWS}.map(r => r.cells[0].textContent.trim())")
    assert sorted(shown) == ["NC-2025-0001", "NC-2025-0002"]
    assert browser.eval("document.getElementById('filter-shown').textContent") == "2"
    browser.type_text(" no such text")
    assert browser.eval(f"{VISIBLE_ROWS}.length") == 0
    assert browser.eval("document.getElementById('filter-empty').hidden") is False
    browser.eval("document.getElementById('filter-reset').click()")
    assert browser.eval(f"{VISIBLE_ROWS}.length") == total


def test_select_filters_and_kazakh_text(page):
    browser, _ = page
    browser.eval(
        "(() => { const s = document.getElementById('filter-severity'); s.value = 'major';"
        " s.dispatchEvent(new Event('change')); })()"
    )
    assert sorted(browser.eval(f"{VISIBLE_ROWS}.map(r => r.dataset.severity)")) == ["major"] * 3
    browser.eval(
        "(() => { const s = document.getElementById('filter-change'); s.value = 'recurred';"
        " s.dispatchEvent(new Event('change')); })()"
    )
    assert browser.eval(f"{VISIBLE_ROWS}.map(r => r.cells[0].textContent.trim())") == ["NC-2025-0003"]
    browser.eval("document.getElementById('filter-reset').click()")
    browser.eval("document.getElementById('filter-text').focus()")
    browser.type_text("Музыкатану")
    assert sorted(browser.eval(f"{VISIBLE_ROWS}.map(r => r.cells[0].textContent.trim())")) == [
        "NC-2025-0001",
        "NC-2025-0002",
    ]
    browser.eval("document.getElementById('filter-reset').click()")


def test_sorting_by_page_number(page):
    browser, _ = page
    col = browser.eval(
        "Array.from(document.querySelectorAll('#findings-table thead th')).findIndex(th => th.dataset.type === 'number')"
    )
    browser.eval(f"document.querySelectorAll('#findings-table thead th')[{col}].querySelector('button').click()")
    # the location column shows words and sorts by the page number it carries
    pages = browser.eval(f"{VISIBLE_ROWS}.map(r => r.cells[{col}].dataset.sort)")
    numbers = [int(p) for p in pages if p]
    assert numbers == sorted(numbers) and pages[-1] == ""  # blanks last
    browser.eval(f"document.querySelectorAll('#findings-table thead th')[{col}].querySelector('button').click()")
    pages = browser.eval(f"{VISIBLE_ROWS}.map(r => r.cells[{col}].dataset.sort)")
    numbers = [int(p) for p in pages if p]
    assert numbers == sorted(numbers, reverse=True)
    assert browser.errors() == []
