"""Accounts of the register in a browser: who may log in, with which role, and how many wrong
passwords they may try. Kept with the register (its ``users``, ``login_failures`` and
``web_settings`` tables, revision 0006); the pages reach them through ``store.Register``
(``user``, ``authenticate``, ``set_user_language``, ``session_secret``), the ``users`` command
through ``pipeline.web.accounts``.

Roles: ``qa`` (QA officer: everything), ``head`` (department head: their department's records only;
read them, plan corrective actions and record root causes), ``viewer`` (read everything, change
nothing). Passwords are stored as argon2 hashes (argon2-cffi's defaults, re-hashed when those
change). Failed logins are rows in ``login_failures`` so that every server process counts them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reports.labels import LANGUAGES
from reports.register.errors import InvalidInput
from reports.register.schema import LoginFailureRow, UserRow, WebSettingRow

ROLES = ("qa", "head", "viewer")
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 10
SECRET_KEY = "session_secret"

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    """The logged-in person, detached from any database session."""

    id: int
    username: str
    full_name: str | None
    role: str
    department: str | None
    language: str
    session_epoch: int

    @property
    def can_change(self) -> bool:
        return self.role in ("qa", "head")

    @property
    def is_qa(self) -> bool:
        return self.role == "qa"

    @property
    def shown(self) -> str:
        """How the history names the user: their name and login, so it is unambiguous."""
        return f"{self.full_name} ({self.username})" if self.full_name else self.username


def _user(row: UserRow) -> User:
    return User(row.id, row.username, row.full_name, row.role, row.department, row.language, row.session_epoch)


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")
    return password


def _validate(username: str, role: str, department: str | None) -> tuple[str, str | None]:
    username = (username or "").strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise InvalidInput(f"user name {username!r}: 1 to 64 characters, no spaces")
    if role not in ROLES:
        raise InvalidInput(f"role {role!r}: expected one of {', '.join(ROLES)}")
    department = (department or "").strip() or None
    if role == "head" and not department:
        raise InvalidInput("a department head needs --department (the department as the syllabi write it)")
    if role != "head" and department:
        raise InvalidInput(f"only a department head has a department (role {role!r} sees every department)")
    return username, department


def find(session: Session, username: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.username == (username or "").strip())).first()


def add_user(session: Session, username: str, password: str, role: str, *, department: str | None = None,
             full_name: str | None = None, language: str = "kk") -> User:
    username, department = _validate(username, role, department)
    if language not in LANGUAGES:
        raise InvalidInput(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
    if find(session, username) is not None:
        raise InvalidInput(f"user {username!r} already exists (change the password with 'users passwd')")
    row = UserRow(username=username, full_name=(full_name or "").strip() or None,
                  password_hash=_hasher.hash(check_password(password)), role=role, department=department,
                  language=language, session_epoch=0, created_at=datetime.now())
    session.add(row)
    session.flush()
    return _user(row)


def set_password(session: Session, username: str, password: str) -> None:
    row = find(session, username)
    if row is None:
        raise InvalidInput(f"no user {username!r}")
    row.password_hash = _hasher.hash(check_password(password))
    row.session_epoch += 1  # whoever was logged in with the old password is logged out


def remove_user(session: Session, username: str) -> None:
    row = find(session, username)
    if row is None:
        raise InvalidInput(f"no user {username!r}")
    session.delete(row)


def list_users(session: Session) -> list[User]:
    return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return _user(row) if row is not None else None


def set_language(session: Session, user_id: int, language: str) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
    row = session.get(UserRow, user_id)
    if row is not None:
        row.language = language


# --------------------------------------------------------------------------- logging in


class TooManyAttempts(Exception):
    """Too many wrong passwords for this user name from this address: wait, then try again."""


def failures(session: Session, username: str, ip: str, now: datetime | None = None) -> int:
    since = (now or datetime.now()) - FAILURE_WINDOW
    return session.scalar(select(func.count()).select_from(LoginFailureRow).where(
        LoginFailureRow.username == username[:64], LoginFailureRow.ip == ip[:64], LoginFailureRow.at >= since)) or 0


def authenticate(session: Session, username: str, password: str, ip: str, now: datetime | None = None) -> User | None:
    """The user, if the password is right; ``None`` (and one more failure counted) if not.
    After ``MAX_FAILURES`` within ``FAILURE_WINDOW`` the password is not even checked."""
    now = now or datetime.now()
    username = (username or "").strip()[:64]
    if failures(session, username, ip, now) >= MAX_FAILURES:
        raise TooManyAttempts(username)
    row = find(session, username)
    ok = False
    if row is not None:
        try:
            ok = _hasher.verify(row.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # spend the same time on an unknown name, so the answer's delay does not tell which names exist
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            pass
    if not ok or row is None:  # ok only with a row: an unknown name is checked against a dummy hash
        session.add(LoginFailureRow(username=username, ip=ip[:64], at=now))
        return None
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.username == username, LoginFailureRow.ip == ip[:64]))
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < now - FAILURE_WINDOW))
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return _user(row)


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def secret_key(session: Session) -> str:
    """The key that signs session cookies, made once and kept in the register."""
    row = session.get(WebSettingRow, SECRET_KEY)
    if row is None:
        row = WebSettingRow(key=SECRET_KEY, value=secrets.token_urlsafe(48))
        session.add(row)
        session.flush()
    return row.value
