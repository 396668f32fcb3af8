"""The register in a browser: a Flask application over one ``Register``.

Security, in one place:

- every page but the login page needs a logged-in user (else a redirect to ``/login``); the session
  is a cookie signed with a key kept in the register (HttpOnly, SameSite=Lax, Secure behind TLS),
  and carries the user's ``session_epoch``, so changing a password logs the old sessions out;
- every POST carries the session's CSRF token (``csrf_token`` field), checked before anything else;
- a department head sees and changes only their department's records: any other record answers
  403, by URL or by form; a viewer changes nothing; only the QA office closes and verifies;
- templates are autoescaped (everything from a syllabus is text, never markup) and the pages load
  nothing but this server's own stylesheet, under a Content-Security-Policy without inline scripts;
- a form carries the version of the record it was filled in against (``queries.version``); a POST
  against an older version is refused with the current state shown, never a lost update.

What a change does is the register's own code (``reports.register.human``), with its validation;
the history names the logged-in user.
"""

from __future__ import annotations

import functools
import hmac
import io
import re
import secrets
import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, send_file, session, url_for
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from pipeline.web import queries
from reports.assemble import build_run_report
from reports.labels import LANGUAGES, Labels
from reports.location import one_based, place_words
from reports.records import Status
from reports.register.accounts import TooManyAttempts
from reports.register.api import Record, RecordQuery
from reports.register.errors import ForbiddenTransition, InvalidInput, RegisterError, UnknownRecord, database_errors
from reports.register.human import history_text
from reports.register.store import Guard, Register
from reports.writers._svg import CHANGE_COLOURS, line_chart
from reports.writers.plan_docx_writer import build_plan, file_stem

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Conflict(Exception):
    """The record changed since the form was filled in."""

    def __init__(self, row: Record):
        last = row.history[-1] if row.history else None
        self.by = last.by if last else "?"
        self.at = last.at if last else None
        super().__init__(row.id)


def create_app(register: Register, *, departments: Mapping[str, Sequence[str]] | None = None,
               institution: str | None = None, secret_key: str | None = None, secure_cookies: bool = False,
               today: Callable[[], date] = date.today) -> Flask:
    """The application. ``departments``/``institution``: the settings file's (as the reports use them);
    ``secret_key``: signs the session cookies (default: a key made once and kept in the register);
    ``secure_cookies``: the cookie is only sent over HTTPS (behind a TLS proxy)."""
    app = Flask(__name__)
    if secret_key is None:
        secret_key = register.session_secret()
    app.config.update(
        SECRET_KEY=secret_key,
        SESSION_COOKIE_NAME="syllabus_audit_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=1 * 1024 * 1024,
    )
    app.extensions["register"] = register
    dept_table = dict(departments or {})

    # ----------------------------------------------------------------------- per request
    @app.before_request
    def load_user():
        g.user = None
        uid = session.get("uid")
        if uid is not None:
            user = register.user(uid)
            if user is not None and user.session_epoch == session.get("epoch"):
                g.user = user
            else:
                session.clear()
        lang = g.user.language if g.user else session.get("lang")
        g.lang = lang if lang in LANGUAGES else "kk"
        g.labels = Labels(g.lang)
        g.scope = queries.Scope(g.user, dept_table) if g.user else None
        if request.method not in SAFE_METHODS:
            sent = request.form.get("csrf_token", "")
            expected = session.get("csrf", "")
            if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
                abort(400, description="csrf")

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return session["csrf"]

    @app.context_processor
    def helpers():
        labels = g.labels

        def L(key: str, **kw) -> str:  # the templates' one label function
            text = labels(key)
            return text.format(**kw) if kw else text

        return {"L": L, "labels": labels, "lang": g.lang, "user": g.user, "csrf_token": csrf_token,
                "languages": LANGUAGES, "day": _day, "moment": _moment,
                "describe": lambda row: row.description(g.lang),
                "history_text": lambda comment: history_text(comment, labels)}

    # ----------------------------------------------------------------------- errors
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code in (301, 302, 303, 307, 308):
            return exc
        key = {400: "web.error_400", 403: "web.error_403", 404: "web.error_404", 405: "web.error_405",
               413: "web.error_413", 429: "web.error_429"}.get(exc.code, "web.error_other")
        if exc.code == 400 and exc.description == "csrf":
            key = "web.error_csrf"
        return error_page(key, exc.code)

    def database_error(exc: Exception):
        app.logger.error("register error: %s", exc)
        return error_page("web.error_database", 503)

    for error in database_errors():  # the database library's errors, named by the register package
        app.register_error_handler(error, database_error)

    def error_page(key: str, code: int):
        # the error may come before load_user finished (the register unreachable): defaults then
        g.lang = getattr(g, "lang", "kk")
        g.labels = getattr(g, "labels", None) or Labels(g.lang)
        g.user = getattr(g, "user", None)
        return render_template("error.html", message=g.labels(key), code=code), code

    # ----------------------------------------------------------------------- helpers
    def login_required(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if g.user is None:
                return redirect(url_for("login", next=request.full_path.rstrip("?")))
            return view(*args, **kwargs)

        return wrapper

    def may_change() -> None:
        if not g.user.can_change:
            abort(403)

    def qa_only() -> None:
        if not g.user.is_qa:
            abort(403)

    def in_scope(row: Record) -> Record:
        if not g.scope.mine(row.department):
            abort(403)  # a head asking for another department's record, by URL or by form
        return row

    def load_record(nc_id: str) -> Record:
        try:
            return in_scope(register.record(nc_id))
        except UnknownRecord:
            abort(404)

    # ----------------------------------------------------------------------- login
    @app.route("/login", methods=["GET", "POST"])
    def login():
        nxt = _local(request.values.get("next"))
        if request.method == "GET":
            if g.user is not None:
                return redirect(nxt or url_for("runs"))
            return render_template("login.html", next=nxt, error=None)
        username = request.form.get("username", "")
        password = request.form.get("password", "")
        ip = request.remote_addr or "?"
        try:
            user = register.authenticate(username, password, ip)
        except TooManyAttempts:
            return render_template("login.html", next=nxt, error=g.labels("web.login_locked"), username=username), 429
        if user is None:
            return render_template("login.html", next=nxt, error=g.labels("web.login_wrong"), username=username), 401
        session.clear()  # a fresh session (and CSRF token) on login: no session fixation
        session.permanent = True
        session.update(uid=user.id, epoch=user.session_epoch, csrf=secrets.token_urlsafe(32))
        return redirect(nxt or url_for("runs"))

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login"))

    @app.post("/language")
    def language():
        lang = request.form.get("lang", "")
        if lang not in LANGUAGES:
            abort(400)
        if g.user is not None:
            register.set_user_language(g.user.id, lang)
        session["lang"] = lang
        return redirect(_local(request.form.get("next")) or url_for("runs"))

    # ----------------------------------------------------------------------- runs
    @app.get("/")
    @login_required
    def home():
        return redirect(url_for("runs"))

    @app.get("/runs")
    @login_required
    def runs():
        all_runs = register.runs()
        labels = g.labels
        names = [("open", "column.open"), ("new", "column.new"), ("resolved", "column.resolved"),
                 ("recurred", "column.recurred")]
        values = {"open": [r.new + r.still_open + r.recurred + r.unaudited for r in all_runs],
                  "new": [r.new for r in all_runs], "resolved": [r.resolved for r in all_runs],
                  "recurred": [r.recurred for r in all_runs]}
        chart = line_chart(labels("section.trend"), [r.started.strftime("%d.%m") for r in all_runs],
                           [(labels(key), values[name], CHANGE_COLOURS[name]) for name, key in names],
                           labels("trend.empty"))
        return render_template("runs.html", runs=list(reversed(all_runs)), chart=Markup(chart))

    # ----------------------------------------------------------------------- records
    def filtered() -> tuple[queries.Filters, list[Record], str | None]:
        filters = queries.Filters.from_args(request.args)
        problem = None
        try:
            rows = queries.select_records(register, g.scope, filters, today())
        except queries.UnknownRunFilter as exc:
            rows, problem = [], g.labels("web.unknown_run").format(run=str(exc))
        return filters, rows, problem

    @app.get("/records")
    @login_required
    def records():
        filters, rows, problem = filtered()
        total = len(rows)
        pages = max(1, -(-total // queries.PAGE_SIZE))
        page = min(filters.page, pages)
        shown = rows[(page - 1) * queries.PAGE_SIZE: page * queries.PAGE_SIZE]
        now = today()
        items = [{"row": r, "overdue": r.overdue(now), "due": r.latest_due} for r in shown]
        context = {
            "filters": filters, "items": items, "total": total, "page": page, "pages": pages,
            "problem": problem, "departments": queries.departments(register.department_names(), g.scope),
            "rules": register.rules(), "all_runs": list(reversed(register.runs())),
            "statuses": [st.value for st in Status], "severities": ["major", "minor", "observation"],
        }
        return render_template("records.html", **context)

    @app.get("/records.xlsx")
    @login_required
    def records_xlsx():
        _filters, rows, problem = filtered()
        if problem:
            abort(404)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "register.xlsx"
            register.export_xlsx(path, statuses=[st.value for st in Status], ids=[r.id for r in rows], lang=g.lang)
            data = path.read_bytes()
        name = f"register-{today().isoformat()}.xlsx"
        return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)

    def record_context(row: Record) -> dict:
        root = None
        if row.root_cause_fingerprint:
            roots = register.records(RecordQuery(fingerprint=row.root_cause_fingerprint))
            root = roots[0] if roots and g.scope.mine(roots[0].department) else None
        follow_ons = [f for f in register.records(RecordQuery(root_cause_fingerprint=row.fingerprint))
                      if g.scope.mine(f.department)]
        return {
            "row": row, "root": root, "follow_ons": follow_ons, "version": row.version,
            "overdue": row.overdue(today()),
            "description": row.description(g.lang),
            "can_plan": g.user.can_change and row.may("assign"),
            "can_close": g.user.is_qa and row.may("close"),
            "can_verify": g.user.is_qa and row.may("verify"),
            "evidence": _evidence(row.evidence or {}, g.labels),
        }

    @app.get("/records/<nc_id>")
    @login_required
    def record(nc_id: str):
        row = load_record(nc_id)
        return render_template("record.html", form={}, error=None, conflict=None, done=request.args.get("done"),
                               **record_context(row))

    def change(nc_id: str, what: str, apply: Callable[[Guard, str, datetime], Record]) -> object:
        """``apply(guard, by, when)`` makes one change through the register, in one write transaction
        where ``guard`` checks, on the locked record, that the user may change it and that the form's
        version is the record's; a refusal or a conflict shows the record again with what the person typed."""
        form = request.form.to_dict()
        error = conflict = None
        status_code = 200

        def guard(row: Record) -> None:
            in_scope(row)
            if form.get("version") != row.version:
                raise Conflict(row)

        try:
            row = apply(guard, g.user.shown, datetime.now())
            return redirect(url_for("record", nc_id=row.id, done=what), code=303)
        except UnknownRecord:
            abort(404)
        except Conflict as exc:
            conflict, status_code = exc, 409
        except (InvalidInput, ForbiddenTransition, RegisterError) as exc:
            error, status_code = refusal_text(str(exc), g.labels), 409 if isinstance(exc, ForbiddenTransition) else 400
        context = record_context(load_record(nc_id))
        return render_template("record.html", form=form, error=error, conflict=conflict, done=None,
                               **context), status_code

    @app.post("/records/<nc_id>/plan")
    @login_required
    def plan(nc_id: str):
        may_change()
        f = request.form

        cause = (f.get("root_cause") or "").strip() or None
        asked = any((f.get(k) or "").strip() for k in ("action", "responsible", "due", "co_executors"))

        def apply(guard: Guard, by: str, when: datetime) -> Record:
            def plan_guard(row: Record) -> None:
                guard(row)
                if not asked and cause == row.root_cause:
                    raise InvalidInput(g.labels("web.nothing_to_save"))

            return register.plan(nc_id, by=by, when=when, action=f.get("action", "") if asked else None,
                                 responsible=f.get("responsible", ""), due=f.get("due", ""),
                                 co_executors=_people(f.get("co_executors", "")), root_cause=cause, guard=plan_guard)

        return change(nc_id, "plan", apply)

    @app.post("/records/<nc_id>/close")
    @login_required
    def close(nc_id: str):
        qa_only()
        return change(nc_id, "close", lambda guard, by, when: register.close_record(
            nc_id, comment=request.form.get("comment", ""), by=by, when=when, guard=guard))

    @app.post("/records/<nc_id>/verify")
    @login_required
    def verify(nc_id: str):
        qa_only()
        return change(nc_id, "verify", lambda guard, by, when: register.verify_record(
            nc_id, comment=request.form.get("comment", ""), by=by, when=when, guard=guard))

    # ----------------------------------------------------------------------- departments
    @app.get("/departments")
    @login_required
    def departments_page():
        known = register.department_names()
        names = queries.departments(known, g.scope)
        counts = {name: len(register.records(RecordQuery(departments=g.scope.spellings(known, name) or [],
                                                           statuses=Status.open_values())))
                  for name in names}
        return render_template("departments.html", names=names, counts=counts)

    def department_name() -> str:
        name = (request.args.get("name") or "").strip()
        if not name:
            abort(404)
        if not g.scope.mine(name):
            abort(403)
        return g.scope.canonical(name)

    @app.get("/department")
    @login_required
    def department():
        name = department_name()
        all_runs = register.runs()
        latest = all_runs[-1] if all_runs else None
        spellings = g.scope.spellings(register.department_names(), name) or [name]
        syllabi = register.syllabi_of_run(latest.id, departments=spellings) if latest is not None else []
        open_rows = register.records(RecordQuery(departments=spellings, statuses=Status.open_values()))
        now = today()
        items = [{"row": r, "overdue": r.overdue(now), "due": r.latest_due} for r in open_rows]
        cards = [{"row": r, "not_read": r.not_read()} for r in syllabi]
        return render_template("department.html", name=name, latest=latest, syllabi=cards, items=items)

    @app.get("/department/plan.docx")
    @login_required
    def department_plan():
        name = department_name()
        all_runs = register.runs()
        if not all_runs:
            abort(404)
        report = build_run_report(register, all_runs[-1].id, g.lang, institution=institution,
                                  departments=dept_table)
        records = [r for r in report.open_records_by_department().get(name, [])]
        if not records:
            # spellings the settings do not unite: the record's own department name
            records = [e.record for e in report.sorted_entries()
                       if e.record.status.is_open and g.scope.canonical(e.record.syllabus.department) == name]
        buffer = io.BytesIO()
        build_plan(report, name, records).save(buffer)
        buffer.seek(0)
        stem = file_stem(name, report.labels)
        return send_file(buffer, mimetype=DOCX, as_attachment=True, download_name=f"{stem}.{g.lang}.docx")

    return app


# --------------------------------------------------------------------------- small helpers


# The register's refusals (reports.register.human) are English sentences for the CLI; the pages say
# the known ones in the user's language and show any other as it is, so none is ever hidden.
REQUIRED = {"the corrective action": "web.action", "the responsible person": "column.responsible",
            "a comment (what was done)": "web.close_comment",
            "a comment (how effectiveness was checked)": "web.verify_comment"}
REFUSALS = (
    (re.compile(r"(?P<what>.+) is required"), "web_refusal.required"),
    (re.compile(r"due date (?P<due>\S+) is before (?P<id>\S+) was detected \((?P<detected>[^)]+)\)"), "web_refusal.due_before"),
    (re.compile(r"due date '(?P<text>.*)' is not a date.*"), "web_refusal.not_a_date"),
    (re.compile(r"(?P<id>\S+) is (?P<status>\w+): it cannot be .*"), "web_refusal.not_allowed"),
    (re.compile(r"(?P<id>\S+) was closed.* and no audit run has audited its syllabus since.*"), "web_refusal.verify_too_early"),
)


def refusal_text(message: str, labels: Labels) -> str:
    for pattern, key in REFUSALS:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        values = m.groupdict()
        if "what" in values:
            if values["what"] not in REQUIRED:
                break
            values["what"] = labels(REQUIRED[values["what"]])
        if "status" in values:
            values["status"] = labels.value("status", values["status"])
        if "due" in values:
            values["due"] = _day(date.fromisoformat(values["due"]))
            values["detected"] = _day(date.fromisoformat(values["detected"]))
        return labels(key).format(**values)
    return message


def _local(target: str | None) -> str | None:
    """A redirect target only if it is a path on this site (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _people(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def _day(d) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


def _moment(d) -> str:
    return d.strftime("%d.%m.%Y %H:%M") if d else "—"


PLACES = ("page", "paragraph", "table", "row", "column")


def _evidence(ev: dict, labels: Labels) -> list[tuple[str, str]]:
    """The evidence's fields that are set, as the reports show them: the place in words, page,
    table and row counted from 1, expected and actual values in the user's language, the quote."""
    out = []
    if ev.get("file"):
        out.append(("column.file", str(ev["file"])))
    words = place_words(ev.get("location") or "", labels)
    if words:
        out.append(("column.location", words))
    for key in PLACES:
        n = one_based(ev, key)
        if n is not None:
            out.append(("web.column_n" if key == "column" else f"column.{key}", str(n)))
    for key in ("expected", "actual"):
        if ev.get(key) not in (None, ""):
            out.append((f"column.{key}", labels.value_text(str(ev[key]))))
    if ev.get("quote"):
        out.append(("column.quote", str(ev["quote"])))
    return out
