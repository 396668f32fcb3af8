"""The register's work in a browser: filters in the URL and their export, the record's evidence and
history, plan → close → verify with the CLI's validation and the user's name in the history, a
conflict instead of a lost update, the department's page and plan, the language per user."""

from __future__ import annotations

import io
import re
from datetime import datetime

import docx
import openpyxl
from register_helpers import finding, night, ref
from web_helpers import MATH, MATH_REF, PHYS, csrf_of, login, page, record_id, syllabus_row, version_of

from reports.records import Status


def rows_shown(html: str) -> set[str]:
    return set(re.findall(r'<a href="/records/(NC-\d{4}-\d{4})">', html))


def test_runs_page_lists_runs_latest_first_with_the_trend(as_user, register):
    math = ref(**MATH_REF)
    register.record_run("night-2", [(finding("HRS002", "hours/split", "GMRK3301"), math)], [math], night(3))
    html, _ = page(as_user("viewer"), "/runs")
    assert html.index("night-2") < html.index("night-1")
    assert '<svg class="chart"' in html and "<polyline" in html
    assert "/records?since=night-1" in html


def test_filters_live_in_the_url_and_the_export_holds_the_filtered_view(as_user, register):
    client = as_user("qa1")
    everything = rows_shown(page(client, "/records")[0])
    assert len(everything) == 3
    math = rows_shown(page(client, f"/records?department={MATH}")[0])
    assert len(math) == 2
    hrs1 = rows_shown(page(client, "/records?rule=HRS001")[0])
    assert {register.get(i).rule for i in hrs1} == {"HRS001"} and len(hrs1) == 2
    both = rows_shown(page(client, f"/records?rule=HRS001&department={MATH}")[0])
    assert both == math & hrs1 and len(both) == 1
    assert rows_shown(page(client, "/records?course=phys")[0]) == everything - math
    assert rows_shown(page(client, "/records?status=closed")[0]) == set()
    assert rows_shown(page(client, "/records?status=open-all&severity=major")[0]) == everything
    # detected in March 2026, no action, review deadline long past: all overdue
    assert rows_shown(page(client, "/records?overdue=1")[0]) == everything
    assert rows_shown(page(client, "/records?since=night-1")[0]) == set()
    unknown = client.get("/records?since=no-such-run").get_data(as_text=True)
    assert "no-such-run" in unknown and rows_shown(unknown) == set()
    # the form keeps the filters, and the export link carries them
    html = page(client, f"/records?rule=HRS001&department={MATH}")[0]
    assert 'value="HRS001" selected' in html
    resp = client.get(f"/records.xlsx?rule=HRS001&department={MATH}")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(resp.data)).worksheets[0]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert ids == sorted(both)


def test_one_record_shows_its_evidence_and_follow_ons(as_user, register):
    math = ref(**MATH_REF)
    root = finding("HRS001", "hours/total", "GMRK3301", page=3)
    follow = finding("HRS003", "hours/credits", "GMRK3301", root_cause="hours/total")
    register.record_run("night-2", [(root, math), (follow, math)], [math], night(3))
    nc, child = record_id(register, "GMRK3301", "HRS001"), record_id(register, "GMRK3301", "HRS003")
    client = as_user("qa1")
    html, _ = page(client, f"/records/{nc}")
    for text in ("GMRK3301", "syllabi/GMRK3301.docx", "HRS001", MATH, "night-1", "night-2"):
        assert text in html, text
    assert "<th>Бет</th><td>3</td>" in html  # the page, in the user's language (Kazakh)
    assert "<th>Күтілген мән</th><td>150</td>" in html
    assert f'<a href="/records/{child}">{child}</a>' in html  # its follow-on
    html, _ = page(client, f"/records/{child}")
    assert f'<a href="/records/{nc}">{nc}</a>' in html  # and the follow-on names its root cause


def test_plan_close_verify_names_the_user_in_the_history(app, as_user, register):
    nc = record_id(register, "GMRK3301", "HRS002")
    qa = as_user("qa1")
    html, token = page(qa, f"/records/{nc}")
    resp = qa.post(f"/records/{nc}/plan", data={
        "action": "Revise the hours table", "responsible": "Head of mathematics", "co_executors": "A. B.; C. D.",
        "due": "2026-04-30", "root_cause": "the faculty template had no split", "csrf_token": token,
        "version": version_of(html)})
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/records/{nc}?done=plan")
    record = register.get(nc)
    assert record.status == Status.action_planned
    assert record.corrective_actions[0].co_executors == ["A. B.", "C. D."]
    assert record.root_cause == "the faculty template had no split"

    html, token = page(qa, f"/records/{nc}?done=plan")
    resp = qa.post(f"/records/{nc}/close", data={"comment": "the table was corrected", "csrf_token": token,
                                                "version": version_of(html, "close")})
    assert resp.status_code == 303 and register.get(nc).status == Status.closed

    # verify is refused until a run has audited the syllabus since: the register's own rule
    html, token = page(qa, f"/records/{nc}")
    resp = qa.post(f"/records/{nc}/verify", data={"comment": "checked", "csrf_token": token,
                                                 "version": version_of(html, "verify")})
    assert resp.status_code == 409 and "силлабусы әлі тексерілмеді" in resp.get_data(as_text=True)  # in Kazakh
    math = ref(**MATH_REF)
    register.record_run("night-2", [(finding("HRS001", "hours/total", "GMRK3301", page=3), math)], [math], datetime.now(),
                        syllabi=[syllabus_row(MATH_REF, "to_revise", 1)])
    html, token = page(qa, f"/records/{nc}")
    resp = qa.post(f"/records/{nc}/verify", data={"comment": "night-2 no longer finds it", "csrf_token": token,
                                                 "version": version_of(html, "verify")})
    assert resp.status_code == 303
    record = register.get(nc)
    assert record.status == Status.verified
    by_person = [h for h in record.history if not h.by.startswith("run:")]
    assert [h.to_status for h in by_person] == [Status.action_planned, Status.action_planned, Status.closed,
                                                Status.verified]
    assert {h.by for h in by_person} == {"Айгерім Сапарова (qa1)"}
    html, _ = page(qa, f"/records/{nc}")
    assert html.count("Айгерім Сапарова (qa1)") >= 4 and "night-2 no longer finds it" in html
    assert "түзету әрекеті: Revise the hours table" in html  # the register's own words, in Kazakh


def test_the_forms_have_the_clis_validation(as_user, register):
    nc = record_id(register, "GMRK3301", "HRS002")
    qa = as_user("qa1")
    html, token = page(qa, f"/records/{nc}")
    version = version_of(html)
    resp = qa.post(f"/records/{nc}/plan", data={"action": "Fix", "responsible": "Head", "due": "2026-01-01",
                                               "csrf_token": token, "version": version})
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "анықталған күннен (02.03.2026) бұрын" in text and "01.01.2026" in text
    assert 'value="Head"' in text  # what was typed is kept
    resp = qa.post(f"/records/{nc}/plan", data={"action": "Fix", "responsible": "", "due": "2026-05-01",
                                               "csrf_token": token, "version": version})
    assert resp.status_code == 400 and "толтырылмаған: Жауапты орындаушы" in resp.get_data(as_text=True)
    resp = qa.post(f"/records/{nc}/plan", data={"action": "Fix", "responsible": "Head", "due": "31/04/2026",
                                               "csrf_token": token, "version": version})
    assert resp.status_code == 400 and "«31/04/2026» күн емес" in resp.get_data(as_text=True)
    resp = qa.post(f"/records/{nc}/close", data={"comment": " ", "csrf_token": token,
                                                "version": version_of(html, "close")})
    assert resp.status_code == 400 and "толтырылмаған: Не істелді" in resp.get_data(as_text=True)
    record = register.get(nc)
    assert record.status == Status.open and record.corrective_actions == []


def test_a_refusal_the_pages_do_not_know_is_shown_as_the_register_words_it():
    from pipeline.web.app import refusal_text
    from reports.labels import Labels

    assert refusal_text("NC-2026-0002 is verified: it cannot be closed (only when open, reopened)",
                        Labels("ru")) == "Статус NC-2026-0002 — «Результативность подтверждена»: это действие сейчас не допускается"
    assert refusal_text("something new the register says", Labels("kk")) == "something new the register says"


def test_two_people_changing_one_record_get_a_conflict_not_a_lost_update(as_user, register):
    nc = record_id(register, "GMRK3301", "HRS002")
    first, second = as_user("qa1"), as_user("qa2")
    html1, token1 = page(first, f"/records/{nc}")
    html2, token2 = page(second, f"/records/{nc}")
    assert version_of(html1) == version_of(html2)
    resp = first.post(f"/records/{nc}/plan", data={"action": "Action of the first", "responsible": "One",
                                                  "due": "2026-04-30", "csrf_token": token1,
                                                  "version": version_of(html1)})
    assert resp.status_code == 303
    resp = second.post(f"/records/{nc}/close", data={"comment": "Closing as the second", "csrf_token": token2,
                                                    "version": version_of(html2, "close")})
    text = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Айгерім Сапарова (qa1)" in text and "Action of the first" in text  # who changed it, and the state now
    assert "Closing as the second" in text  # what the second typed is still in the form
    record = register.get(nc)
    assert record.status == Status.action_planned
    assert [a.action for a in record.corrective_actions] == ["Action of the first"]
    # with the new version the second person's change goes through
    resp = second.post(f"/records/{nc}/close", data={"comment": "Closing as the second", "csrf_token": token2,
                                                    "version": version_of(text, "close")})
    assert resp.status_code == 303 and register.get(nc).status == Status.closed


def test_department_page_and_its_plan(as_user, register):
    head = as_user("head_math")
    html, _ = page(head, f"/department?name={MATH}")
    assert "GMRK3301" in html and "PHYS1101" not in html
    assert "Пысықтауға жіберілді" in html  # the verdict, in Kazakh
    assert "Тақырыптық жоспар" in html or "plan" in html  # the part not read
    assert len(rows_shown(html)) == 2
    resp = head.get(f"/department/plan.docx?name={MATH}")
    assert resp.status_code == 200 and resp.mimetype.endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(resp.data))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for nc in rows_shown(html):
        assert nc in text
    assert record_id(register, "PHYS1101", "HRS001") not in text
    listing, _ = page(as_user("qa1"), "/departments")
    assert MATH in listing and PHYS in listing


def test_the_language_is_remembered_per_user(app, register):
    client = app.test_client()
    assert login(client, "qa1").status_code == 302
    html, token = page(client, "/runs")
    assert "Тексерулер" in html  # Kazakh by default
    resp = client.post("/language", data={"lang": "ru", "csrf_token": token, "next": "/records"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/records"
    assert "Записи" in page(client, "/records")[0]
    token = csrf_of(page(client, "/runs")[0])
    client.post("/logout", data={"csrf_token": token})
    other = app.test_client()
    assert login(other, "qa1").status_code == 302
    assert "Запуски" in page(other, "/runs")[0]  # remembered in the register, not in the browser
    other2 = app.test_client()
    assert login(other2, "qa2").status_code == 302
    assert "Тексерулер" in page(other2, "/runs")[0]


def test_two_posts_at_the_same_moment_one_is_saved_the_other_gets_the_conflict(as_user, register):
    """Both forms carry the same version; the register's write lock (BEGIN IMMEDIATE on SQLite,
    FOR UPDATE on PostgreSQL) serialises the two, and the second sees the first's change."""
    import threading

    nc = record_id(register, "GMRK3301", "HRS002")
    clients = [as_user("qa1"), as_user("qa2")]
    forms = []
    for i, client in enumerate(clients):
        html, token = page(client, f"/records/{nc}")
        forms.append({"action": f"Action {i}", "responsible": f"Person {i}", "due": "2026-04-30",
                      "csrf_token": token, "version": version_of(html)})
    barrier, codes = threading.Barrier(2), {}

    def post(i):
        barrier.wait()
        codes[i] = clients[i].post(f"/records/{nc}/plan", data=forms[i]).status_code

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes.values()) == [303, 409]
    winner = next(i for i, c in codes.items() if c == 303)
    assert [a.action for a in register.get(nc).corrective_actions] == [f"Action {winner}"]
