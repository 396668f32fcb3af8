"""The register in a real headless Chromium (Debian's ``chromium``, driven over DevTools by
``tests/reports/chromium_cdp.py``) against a live waitress server: log in, filter, open a record,
plan an action, close, verify, see the history; as a department head, be refused another
department's record. No console error (a CSP violation is one), no request to another host."""

from __future__ import annotations

import json
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))
pytest.importorskip("websocket", reason="websocket-client (test extra) drives chromium over DevTools")
waitress = pytest.importorskip("waitress")

from chromium_cdp import Browser, find_chromium  # noqa: E402
from register_helpers import finding, ref  # noqa: E402
from web_helpers import MATH_REF, PASSWORD, record_id, syllabus_row  # noqa: E402

from reports.records import Status  # noqa: E402

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def server(app):
    srv = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path):
    b = Browser(CHROMIUM, tmp_path / "profile")
    yield b
    b.close()


def submit(b: Browser, script: str) -> None:
    """Run ``script`` (which submits a form) and wait for the page it leads to."""
    b.events.clear()
    b.eval(script)
    b.wait_for("Page.loadEventFired")
    b.settle(0.3)


def fill(selector: str, value: str) -> str:
    return f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)};"


def click(selector: str) -> str:
    return f"document.querySelector({json.dumps(selector)}).click();"


def text(b: Browser, selector: str) -> str:
    return b.eval(f"document.querySelector({json.dumps(selector)})?.textContent || ''")


def log_in(b: Browser, base: str, username: str) -> None:
    b.open(f"{base}/login")
    submit(b, fill("[name=username]", username) + fill("[name=password]", PASSWORD) + click("section.login form button[type=submit]"))


def assert_clean(b: Browser, base: str) -> None:
    assert b.errors() == []
    # data: URLs are chromium's own (the date picker's icon), not a request to anywhere
    assert all(u.startswith((base, "data:")) for u in b.requested_urls()), b.requested_urls()


def test_the_qa_officer_works_a_record_through_to_verified(server, browser, register):
    base, b = server, browser
    log_in(b, base, "qa1")
    assert b.eval("location.pathname") == "/runs"
    assert b.eval("getComputedStyle(document.querySelector('header.top')).backgroundColor") == "rgb(31, 58, 95)"
    assert_clean(b, base)

    # filter with the form: the filters land in the URL
    b.open(f"{base}/records")
    submit(b, fill("select[name=rule]", "HRS002") + click("form.filters button[type=submit]"))
    assert "rule=HRS002" in b.eval("location.search")
    assert b.eval("document.querySelectorAll('table.records tbody tr').length") == 1
    nc = record_id(register, "GMRK3301", "HRS002")

    # open the record, plan an action with a root cause
    submit(b, click(f'a[href="/records/{nc}"]'))
    assert b.eval("location.pathname") == f"/records/{nc}"
    submit(b, fill("form.plan [name=action]", "Revise the hours table")
           + fill("form.plan [name=responsible]", "Head of mathematics")
           + fill("form.plan [name=due]", "2026-04-30")
           + fill("form.plan [name=root_cause]", "the template had no split")
           + click("form.plan button[type=submit]"))
    assert "done=plan" in b.eval("location.search")
    assert register.get(nc).status == Status.action_planned

    submit(b, fill("form.close [name=comment]", "the table was corrected") + click("form.close button[type=submit]"))
    assert register.get(nc).status == Status.closed

    # the next night audits the corrected syllabus; then effectiveness can be verified
    math = ref(**MATH_REF)
    register.record_run("night-2", [(finding("HRS001", "hours/total", "GMRK3301", page=3), math)], [math],
                        datetime.now(), syllabi=[syllabus_row(MATH_REF, "to_revise", 1)])
    b.open(f"{base}/records/{nc}")
    submit(b, fill("form.verify [name=comment]", "night-2 no longer finds it") + click("form.verify button[type=submit]"))
    assert register.get(nc).status == Status.verified
    history = b.eval("Array.from(document.querySelectorAll('table.history tbody tr')).map(r => r.textContent)")
    mine = [row for row in history if "Айгерім Сапарова (qa1)" in row]
    assert len(mine) == 4 and any("night-2 no longer finds it" in row for row in mine)
    assert_clean(b, base)


def test_a_department_head_is_refused_another_departments_record(server, browser, register):
    base, b = server, browser
    log_in(b, base, "head_math")
    theirs = record_id(register, "PHYS1101", "HRS001")
    b.open(f"{base}/records/{theirs}")
    assert text(b, "h1") == "403"
    assert "PHYS1101" not in b.eval("document.body.textContent")
    b.open(f"{base}/records")
    assert theirs not in b.eval("document.body.innerHTML")
    assert b.eval("document.querySelectorAll('table.records tbody tr').length") == 2
    # the hostile course title is text on the page, not markup: no script ran, no image was asked for
    assert b.eval("document.querySelectorAll('main script, main img').length") == 0
    assert 'alert("x")' in b.eval("document.querySelector('table.records').textContent")
    assert_clean(b, base)
