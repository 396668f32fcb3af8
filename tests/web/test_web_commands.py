"""``syllabus-audit users`` and ``syllabus-audit serve``: accounts from the command line (argon2
hashes only, refusals with status 2), and the server really serving the register."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from pipeline.cli import main
from pipeline.web import accounts
from reports.register import open_register
from reports.register.schema import UserRow

ROOT = Path(__file__).parents[2]


@pytest.fixture
def reg_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    open_register(url).close()
    return url


def run(*args, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_users_add_passwd_remove(reg_url):
    out = run("users", "add", "aigerim", "--role", "qa", "--name", "Айгерім С.", "--password-stdin",
              "--register", reg_url, stdin="a long enough password\n")
    assert out.exit_code == 0, out.output
    out = run("users", "add", "head", "--role", "head", "--department", "Математика кафедрасы",
              "--register", reg_url, stdin="another long password\nanother long password\n")  # asked twice
    assert out.exit_code == 0, out.output
    assert "no record or syllabus in the register names the department" in out.output  # an empty register
    reg = open_register(reg_url)
    try:
        with reg.read() as s:
            rows = {r.username: r for r in s.scalars(select(UserRow))}
        assert rows["aigerim"].password_hash.startswith("$argon2id$")
        assert "a long enough password" not in rows["aigerim"].password_hash
        assert rows["head"].department == "Математика кафедрасы" and rows["aigerim"].full_name == "Айгерім С."
        listing = run("users", "list", "--register", reg_url)
        assert "aigerim" in listing.output and "head" in listing.output and "Математика" in listing.output

        assert run("users", "passwd", "aigerim", "--password-stdin", "--register", reg_url,
                   stdin="the new password!\n").exit_code == 0
        with reg.write() as s:
            assert accounts.authenticate(s, "aigerim", "the new password!", "cli") is not None
            assert accounts.authenticate(s, "aigerim", "a long enough password", "cli") is None
        assert run("users", "remove", "head", "--register", reg_url).exit_code == 0
        with reg.read() as s:
            assert [u.username for u in accounts.list_users(s)] == ["aigerim"]
    finally:
        reg.close()


@pytest.mark.parametrize("args, stdin, message", [
    (["add", "x", "--role", "qa", "--password-stdin"], "short\n", "at least 10 characters"),
    (["add", "x", "--role", "head", "--password-stdin"], "long enough pw\n", "needs --department"),
    (["add", "x", "--role", "viewer", "--department", "D", "--password-stdin"], "long enough pw\n",
     "only a department head"),
    (["passwd", "nobody", "--password-stdin"], "long enough pw\n", "no user 'nobody'"),
    (["remove", "nobody"], None, "no user 'nobody'"),
])
def test_users_refusals_exit_2_without_traceback(reg_url, args, stdin, message):
    out = run("users", *args, "--register", reg_url, stdin=stdin)
    assert out.exit_code == 2 and message in out.output and "Traceback" not in out.output


def test_a_user_is_added_once(reg_url):
    args = ["users", "add", "x", "--role", "qa", "--password-stdin", "--register", reg_url]
    assert run(*args, stdin="long enough pw\n").exit_code == 0
    out = run(*args, stdin="long enough pw\n")
    assert out.exit_code == 2 and "already exists" in out.output


def test_users_need_an_existing_register(tmp_path):
    out = run("users", "list", "--register", str(tmp_path / "missing.sqlite3"))
    assert out.exit_code == 2 and "no register at" in out.output


def test_serve_refuses_a_register_without_users(reg_url):
    out = run("serve", "--register", reg_url)
    assert out.exit_code == 2 and "users add" in out.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_127_0_0_1(reg_url):
    assert run("users", "add", "qa", "--role", "qa", "--password-stdin", "--register", reg_url,
               stdin="long enough pw\n").exit_code == 0
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main()", "serve",
                             "--register", reg_url, "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60  # a limit on waiting for start-up, not a measure of speed
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as resp:
                    body = resp.read().decode()
                    headers = resp.headers
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stderr.read().decode() if proc.poll() is not None else "no answer") from None
                time.sleep(0.3)
        assert 'name="password"' in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        with pytest.raises(urllib.error.HTTPError) as err:  # a redirect is followed to /login; a POST is not
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/login", data=b"username=qa"))
        assert err.value.code == 400  # no CSRF token
    finally:
        proc.terminate()
        status = proc.wait(timeout=30)
        err = proc.stderr.read()
        proc.stderr.close()
    assert status == 0 and b"stopped by SIGTERM" in err  # systemctl stop is a clean end
