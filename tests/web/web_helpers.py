"""What the web tests share: the register's contents (two departments, hostile text from a
syllabus), the users, and helpers to log in and read forms. A module of its own, not conftest:
``from conftest import`` finds whichever conftest.py came first on sys.path."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "register"))

import register_fixtures  # noqa: F401  (the register tests' fixtures, which conftest.py reuses)
from register_helpers import finding, night, ref

MATH = "Математика кафедрасы"
PHYS = "Физика кафедрасы"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PASSWORD = "correct horse battery"
USERS = {
    "qa1": ("qa", None, "Айгерім Сапарова"),
    "qa2": ("qa", None, "Данияр Қасымов"),
    "head_math": ("head", MATH, "Математика меңгерушісі"),
    "viewer": ("viewer", None, None),
}

MATH_REF = dict(code="GMRK3301", file="syllabi/GMRK3301.docx", sha="a" * 64, title=f"Геометрия {HOSTILE}",
                department=MATH)
PHYS_REF = dict(code="PHYS1101", file="syllabi/PHYS1101.docx", sha="b" * 64, title="Физика", department=PHYS)


def syllabus_row(r: dict, verdict: str, findings: int, coverage=None) -> dict:
    return dict(file=r["file"], file_sha256=r["sha"], course_code=r["code"], course_title=r["title"],
                programme="6B07204", department=r["department"], language="kk", verdict=verdict,
                findings=findings, major=findings, minor=0, observation=0, coverage=coverage)


def seed(reg) -> None:
    """Run night-1: two math records (HRS001 with hostile evidence, HRS002) and one physics record."""
    math, phys = ref(**MATH_REF), ref(**PHYS_REF)
    hostile = finding("HRS001", "hours/total", "GMRK3301", page=3, actual=HOSTILE)
    reg.record_run(
        "night-1",
        [(hostile, math), (finding("HRS002", "hours/split", "GMRK3301"), math),
         (finding("HRS001", "hours/total", "PHYS1101", file=PHYS_REF["file"]), phys)],
        [math, phys], night(2),
        syllabi=[syllabus_row(MATH_REF, "to_revise", 2,
                              {"hours": {"status": "read"}, "plan": {"status": "not_read", "quote": "Жоспар"}}),
                 syllabus_row(PHYS_REF, "to_revise", 1, {"hours": {"status": "read"}})],
    )

def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)

def version_of(html: str, form: str = "plan") -> str:
    m = re.search(rf'action="/records/[^"]+/{form}".*?name="version" value="([^"]+)"', html, re.S)
    assert m, f"no {form} form with a version in the page"
    return m.group(1)

def login(client, username: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})

def page(client, path: str) -> tuple[str, str]:
    """The page's HTML and the CSRF token in it."""
    resp = client.get(path)
    assert resp.status_code == 200, (path, resp.status_code)
    html = resp.get_data(as_text=True)
    return html, csrf_of(html)

def record_id(register, code: str, rule: str) -> str:
    return next(r.id for r in register.list() if r.syllabus.course_code == code and r.rule == rule)
