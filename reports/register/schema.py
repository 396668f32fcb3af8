"""The register's tables, as SQLAlchemy 2 typed ORM classes. This module describes the *head*
schema; the alembic revisions in ``migrations/versions`` build it step by step, and a test checks
that the two agree.

Tables:

- ``runs``: one row per audit run that was recorded (a run is one transaction: a run that crashed
  leaves no row and no other trace).
- ``nonconformities``: one row per distinct defect (unique ``fingerprint``), kept for ever. Its id
  ``NC-YYYY-NNNN`` comes from ``id_counters`` and is never reused, even if rows were deleted.
- ``corrective_actions``: Appendix 1 columns 3-6 (action, deadline, responsible and co-executors,
  mark on the result), several per nonconformity.
- ``status_history``: every status change, append-only: who (a person, or ``run:<id>``), when,
  from, to, comment.
- ``id_counters``: the last number handed out per year.
- ``users``, ``login_failures``, ``web_settings`` (revision 0006): the register in a browser, its
  accounts, wrong passwords counted for rate limiting, and its cookie-signing key.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _NulEscaped(TypeDecorator[str]):
    """Text that may hold what a syllabus or a file name holds, NUL included: PostgreSQL's text
    refuses a NUL byte (SQLite keeps it), so it is stored as the reports show it, ``\\x00``
    (``reports.safe_text``: every writer shows it the same way, ``unshown`` gives it back). One
    spelling on both back ends, so a register moved between them compares equal."""

    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return value.replace("\x00", "\\x00") if isinstance(value, str) and "\x00" in value else value


class SafeText(_NulEscaped):
    impl = Text
    cache_ok = True  # SQLAlchemy reads it from each class itself


class SafeString(_NulEscaped):
    impl = String
    cache_ok = True


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    status: Mapped[str] = mapped_column(SafeString(16), default="completed")
    tool_version: Mapped[str | None] = mapped_column(SafeString(64))
    policy_version: Mapped[str | None] = mapped_column(SafeString(64))
    syllabi_audited: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    still_open: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    recurred: Mapped[int] = mapped_column(Integer, default=0)
    unaudited: Mapped[int] = mapped_column(Integer, default=0)
    # revision 0005: different syllabi that claimed one course identity, and their keys
    collisions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class NonconformityRow(Base):
    __tablename__ = "nonconformities"
    __table_args__ = (
        Index("ix_nonconformities_status", "status"),
        Index("ix_nonconformities_course_key", "course_key"),
        Index("ix_nonconformities_department", "department"),
    )

    id: Mapped[str] = mapped_column(SafeString(32), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(SafeString(64), unique=True)
    # the syllabus, as the QA office names it
    course_key: Mapped[str] = mapped_column(SafeString(512), doc="records.course_identity(): code, else title")
    course_code: Mapped[str | None] = mapped_column(SafeString(64))
    course_title: Mapped[str | None] = mapped_column(SafeText)
    programme: Mapped[str | None] = mapped_column(SafeText)
    department: Mapped[str | None] = mapped_column(SafeText)
    file: Mapped[str] = mapped_column(SafeText)
    file_sha256: Mapped[str | None] = mapped_column(SafeString(64))
    # the rule and the defect
    rule: Mapped[str] = mapped_column(SafeString(32))
    rule_name: Mapped[str] = mapped_column(SafeString(128))
    severity: Mapped[str] = mapped_column(SafeString(16))
    kind: Mapped[str] = mapped_column(SafeString(16))
    requirement: Mapped[str] = mapped_column(SafeText)
    description_kk: Mapped[str] = mapped_column(SafeText)
    description_ru: Mapped[str] = mapped_column(SafeText)
    description_en: Mapped[str] = mapped_column(SafeText)
    expected: Mapped[str | None] = mapped_column(SafeText)
    actual: Mapped[str | None] = mapped_column(SafeText)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    root_cause_fingerprint: Mapped[str | None] = mapped_column(SafeString(64))
    # detection and procedure deadlines (clauses 38, 39)
    detected_on: Mapped[date] = mapped_column(Date)
    first_run: Mapped[str] = mapped_column(SafeString(64))
    last_seen_run: Mapped[str] = mapped_column(SafeString(64))
    unaudited_since_run: Mapped[str | None] = mapped_column(
        SafeString(64), doc="set while the syllabus is not audited (missing or unreadable); the record is kept as it was"
    )
    review_deadline: Mapped[date] = mapped_column(Date)
    cause_analysis_deadline: Mapped[date] = mapped_column(Date)
    # human work
    correction: Mapped[str | None] = mapped_column(SafeText)
    root_cause: Mapped[str | None] = mapped_column(SafeText)
    status: Mapped[str] = mapped_column(SafeString(16))
    recurrences: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # revision 0002
    # revision 0005: the last run that audited the syllabus (whatever it found): verify needs one after closing
    last_audited_run: Mapped[str | None] = mapped_column(SafeString(64))
    last_audited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))

    actions: Mapped[list[CorrectiveActionRow]] = relationship(
        back_populates="nonconformity", order_by="CorrectiveActionRow.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[StatusHistoryRow]] = relationship(
        back_populates="nonconformity", order_by="StatusHistoryRow.id", cascade="all, delete-orphan"
    )


class CorrectiveActionRow(Base):
    __tablename__ = "corrective_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    nonconformity_id: Mapped[str] = mapped_column(ForeignKey("nonconformities.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(SafeText)
    responsible: Mapped[str] = mapped_column(SafeText)
    co_executors: Mapped[list[str]] = mapped_column(JSON, default=list)
    due: Mapped[date | None] = mapped_column(Date)
    result_mark: Mapped[str | None] = mapped_column(SafeText)  # revision 0002: Appendix 1, column 6
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    created_by: Mapped[str] = mapped_column(SafeString(128))

    nonconformity: Mapped[NonconformityRow] = relationship(back_populates="actions")


class StatusHistoryRow(Base):
    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    nonconformity_id: Mapped[str] = mapped_column(ForeignKey("nonconformities.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    by: Mapped[str] = mapped_column(SafeString(128))
    from_status: Mapped[str | None] = mapped_column(SafeString(16))
    to_status: Mapped[str] = mapped_column(SafeString(16))
    comment: Mapped[str] = mapped_column(SafeText, default="")

    nonconformity: Mapped[NonconformityRow] = relationship(back_populates="history")


class IdCounterRow(Base):
    __tablename__ = "id_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


class RunSyllabusRow(Base):
    """What one run made of each syllabus it read (revision 0003), so a past run's reports can be
    rendered again from the register alone: the file, the course, the verdict and its counts, and
    (revision 0004) the read coverage per part as ``checks.coverage.PartCoverage`` records."""

    __tablename__ = "run_syllabi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(SafeText)
    file_sha256: Mapped[str | None] = mapped_column(SafeString(64))
    course_code: Mapped[str | None] = mapped_column(SafeString(64))
    course_title: Mapped[str | None] = mapped_column(SafeText)
    programme: Mapped[str | None] = mapped_column(SafeText)
    department: Mapped[str | None] = mapped_column(SafeText)
    language: Mapped[str | None] = mapped_column(SafeString(8))
    verdict: Mapped[str | None] = mapped_column(SafeString(32))
    findings: Mapped[int] = mapped_column(Integer, default=0)
    major: Mapped[int] = mapped_column(Integer, default=0)
    minor: Mapped[int] = mapped_column(Integer, default=0)
    observation: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(SafeText)
    coverage: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # revision 0004; None: not recorded
    copies: Mapped[list[str] | None] = mapped_column(JSON)  # revision 0005: the syllabus's files, when more than one


class UserRow(Base):
    """A person who may use the register in a browser (revision 0006, ``syllabus-audit users``).
    ``role``: ``qa`` (QA officer: everything), ``head`` (department head: their ``department`` only),
    ``viewer`` (read only). ``password_hash``: argon2, never the password. ``session_epoch`` goes up
    when the password is changed, so every session signed before it stops working."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(SafeString(64), unique=True)
    full_name: Mapped[str | None] = mapped_column(SafeText)
    password_hash: Mapped[str] = mapped_column(SafeText)
    role: Mapped[str] = mapped_column(SafeString(16))
    department: Mapped[str | None] = mapped_column(SafeText)
    language: Mapped[str] = mapped_column(SafeString(8), default="kk", server_default="kk")
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class LoginFailureRow(Base):
    """A wrong password (or unknown user), per user name and address: login is refused for a while
    after too many (revision 0006). Kept in the database so every server process counts the same."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_ip", "username", "ip"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(SafeString(64))
    ip: Mapped[str] = mapped_column(SafeString(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class WebSettingRow(Base):
    """Settings of the web application kept with the register (revision 0006): the key that signs
    session cookies, so sessions survive a restart and every server process shares them."""

    __tablename__ = "web_settings"

    key: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    value: Mapped[str] = mapped_column(SafeText)
