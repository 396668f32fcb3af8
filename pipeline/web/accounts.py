"""The accounts of the register in a browser, under the name the ``users`` command and older code
import them by. They live with the register, next to their tables (``reports.register.accounts``);
the pages reach them through ``Register`` (``user``, ``authenticate``, ``set_user_language``,
``session_secret``)."""

from __future__ import annotations

from reports.register.accounts import (
    FAILURE_WINDOW,
    LANGUAGES,
    MAX_FAILURES,
    MIN_PASSWORD,
    ROLES,
    SECRET_KEY,
    InvalidInput,
    TooManyAttempts,
    User,
    add_user,
    authenticate,
    check_password,
    failures,
    find,
    get_user,
    list_users,
    remove_user,
    secret_key,
    set_language,
    set_password,
)

__all__ = [
    "FAILURE_WINDOW", "LANGUAGES", "MAX_FAILURES", "MIN_PASSWORD", "ROLES", "SECRET_KEY", "InvalidInput",
    "TooManyAttempts", "User", "add_user", "authenticate", "check_password", "failures", "find", "get_user",
    "list_users", "remove_user", "secret_key", "set_language", "set_password",
]
