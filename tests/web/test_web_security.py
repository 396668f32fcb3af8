"""Security of the register in a browser, over HTTP: logins, CSRF, rate limiting, departments kept
apart by URL and by form, hostile syllabus text escaped, the Content-Security-Policy."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select
from web_helpers import HOSTILE, MATH, PASSWORD, PHYS, csrf_of, login, page, record_id, version_of

from pipeline.web import accounts
from pipeline.web.app import create_app
from reports.register.schema import LoginFailureRow, NonconformityRow


@pytest.mark.parametrize("path", ["/", "/runs", "/records", "/records.xlsx", "/records/NC-2026-0001",
                                  "/departments", f"/department?name={MATH}", f"/department/plan.docx?name={MATH}"])
def test_unauthenticated_requests_are_sent_to_the_login_page(app, path):
    resp = app.test_client().get(path)
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/login?next=")


def test_login_page_offers_the_form_and_a_strict_policy(app):
    resp = app.test_client().get("/login")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and 'name="password"' in html and 'name="csrf_token"' in html
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and resp.headers["X-Frame-Options"] == "DENY"
    assert "<script" not in html and "http://" not in html and "https://" not in html  # nothing fetched elsewhere


def test_a_post_without_the_csrf_token_is_refused(app, as_user, register):
    anonymous = app.test_client()
    anonymous.get("/login")
    resp = anonymous.post("/login", data={"username": "qa1", "password": PASSWORD})
    assert resp.status_code == 400
    assert anonymous.get("/runs").status_code == 302  # not logged in

    client = as_user("qa1")
    nc = record_id(register, "GMRK3301", "HRS002")
    html, token = page(client, f"/records/{nc}")
    form = {"action": "Revise the hours table", "responsible": "A. Head", "due": "2026-04-30",
            "version": version_of(html)}
    assert client.post(f"/records/{nc}/plan", data=form).status_code == 400
    assert client.post(f"/records/{nc}/plan", data={**form, "csrf_token": token[::-1]}).status_code == 400
    assert register.get(nc).corrective_actions == []
    assert client.post(f"/records/{nc}/plan", data={**form, "csrf_token": token}).status_code == 303
    assert len(register.get(nc).corrective_actions) == 1


def test_a_wrong_password_is_counted_and_logins_are_then_refused(app, register):
    client = app.test_client()
    resp = login(client, "qa1", "wrong password!")
    assert resp.status_code == 401 and "qa1" in resp.get_data(as_text=True)  # the name stays in the form
    with register.read() as s:
        assert accounts.failures(s, "qa1", "127.0.0.1") == 1
    for _ in range(accounts.MAX_FAILURES - 1):
        assert login(client, "qa1", "still wrong!!").status_code == 401
    resp = login(client, "qa1", PASSWORD)  # the right password, too late
    assert resp.status_code == 429
    assert client.get("/runs").status_code == 302
    # another user from the same address is not locked out by qa1's failures
    assert login(app.test_client(), "qa2").status_code == 302
    with register.read() as s:
        assert s.scalar(select(func.count()).select_from(LoginFailureRow)) == accounts.MAX_FAILURES


def test_a_successful_login_clears_the_count(app, register):
    client = app.test_client()
    assert login(client, "qa1", "nope nope nope").status_code == 401
    assert login(client, "qa1").status_code == 302
    with register.read() as s:
        assert accounts.failures(s, "qa1", "127.0.0.1") == 0


def test_an_unknown_user_is_refused_like_a_wrong_password(app):
    resp = login(app.test_client(), "nobody", PASSWORD)
    assert resp.status_code == 401


def test_a_head_is_refused_another_departments_record_by_url_and_by_form(as_user, register):
    head = as_user("head_math")
    mine, theirs = record_id(register, "GMRK3301", "HRS002"), record_id(register, "PHYS1101", "HRS001")
    html, token = page(head, f"/records/{mine}")
    assert head.get(f"/records/{theirs}").status_code == 403
    before = register.get(theirs)
    form = {"action": "Sneaky", "responsible": "Me", "due": "2026-04-30", "csrf_token": token,
            "version": version_of(html), "comment": "done"}
    for action in ("plan", "close", "verify"):
        assert head.post(f"/records/{theirs}/{action}", data=form).status_code == 403
    assert register.get(theirs) == before
    # nor through the list, the filters, the department page or the plan
    listing = head.get("/records").get_data(as_text=True)
    assert mine in listing and theirs not in listing
    assert theirs not in head.get(f"/records?department={PHYS}").get_data(as_text=True)
    assert head.get(f"/department?name={PHYS}").status_code == 403
    assert head.get(f"/department/plan.docx?name={PHYS}").status_code == 403
    assert head.get(f"/department?name={MATH}").status_code == 200


def test_a_head_plans_but_only_the_qa_office_closes_and_a_viewer_changes_nothing(as_user, register):
    nc = record_id(register, "GMRK3301", "HRS002")
    head = as_user("head_math")
    html, token = page(head, f"/records/{nc}")
    assert f'/records/{nc}/plan"' in html and f'/records/{nc}/close"' not in html
    resp = head.post(f"/records/{nc}/plan", data={"action": "Fix the split", "responsible": "Head", "due": "2026-05-01",
                                                 "csrf_token": token, "version": version_of(html)})
    assert resp.status_code == 303
    assert head.post(f"/records/{nc}/close", data={"comment": "x", "csrf_token": token}).status_code == 403

    viewer = as_user("viewer")
    html, token = page(viewer, f"/records/{nc}")
    assert "<form method=\"post\" action=\"/records/" not in html
    assert viewer.post(f"/records/{nc}/plan", data={"action": "x", "responsible": "y", "due": "2026-05-01",
                                                   "csrf_token": token}).status_code == 403
    assert len(register.get(nc).corrective_actions) == 1


def test_hostile_syllabus_text_is_shown_escaped(as_user, register):
    client = as_user("qa1")
    nc = record_id(register, "GMRK3301", "HRS001")
    for path in (f"/records/{nc}", "/records", f"/department?name={MATH}"):
        resp = client.get(path)
        html = resp.get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(" in html, path
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "<script" not in client.get(f"/records/{nc}").get_data(as_text=True)
    assert HOSTILE not in client.get(f"/records/{nc}").get_data(as_text=True)


def test_a_changed_password_ends_the_old_sessions(as_user, register):
    client = as_user("qa1")
    assert client.get("/runs").status_code == 200
    with register.write() as s:
        accounts.set_password(s, "qa1", "a brand new password")
    assert client.get("/runs").status_code == 302


def test_login_redirects_only_to_this_site(app):
    client = app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    resp = client.post("/login", data={"username": "qa1", "password": PASSWORD, "csrf_token": token,
                                       "next": "//evil.example/x"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/runs"


def test_the_record_id_in_the_url_is_the_only_way_in(as_user, register):
    client = as_user("qa1")
    assert client.get("/records/NC-1999-9999").status_code == 404
    with register.read() as s:
        assert s.scalar(select(func.count()).select_from(NonconformityRow)) == 3


def test_a_heads_department_is_matched_through_the_settings_table(register):
    with register.write() as s:
        accounts.add_user(s, "head_en", PASSWORD, "head", department="Department of Mathematics")
    app = create_app(register, secret_key="k" * 32,
                     departments={"Department of Mathematics": [MATH, "Математика"]})
    client = app.test_client()
    assert login(client, "head_en").status_code == 302
    mine, theirs = record_id(register, "GMRK3301", "HRS002"), record_id(register, "PHYS1101", "HRS001")
    assert client.get(f"/records/{mine}").status_code == 200
    assert client.get(f"/records/{theirs}").status_code == 403
    html = client.get("/departments").get_data(as_text=True)
    assert "Department of Mathematics" in html and PHYS not in html
    assert client.get("/department?name=Department of Mathematics").status_code == 200
    resp = client.get("/department/plan.docx?name=Department of Mathematics")
    assert resp.status_code == 200 and mine.encode() in zipfile.ZipFile(io.BytesIO(resp.data)).read("word/document.xml")


def test_an_unreachable_register_is_a_page_not_a_traceback(app, as_user, register, monkeypatch):
    from sqlalchemy.exc import OperationalError

    client = as_user("qa1")

    def broken(*_a, **_k):
        raise OperationalError("SELECT 1", {}, Exception("could not connect to server"))

    monkeypatch.setattr(register, "read", broken)
    resp = client.get("/records")
    assert resp.status_code == 503 and "Тізілім қолжетімсіз" in resp.get_data(as_text=True)
    assert "Traceback" not in resp.get_data(as_text=True) and "could not connect" not in resp.get_data(as_text=True)
