"""``syllabus-audit serve``: the register in a browser, for the QA office and the departments.

The register is the one every command uses (``--register``, ``$SYLLABUS_AUDIT_REGISTER`` or
``register`` in syllabus-audit.toml) and must exist; the settings file's ``institution`` and
``[departments]`` are used as the reports use them. Served by waitress (a production WSGI server) on
127.0.0.1 unless told otherwise: put a TLS reverse proxy in front of it for other machines (README).
"""

from __future__ import annotations

import logging
import signal
import threading
from contextlib import contextmanager

import click

from pipeline.commands.common import ToolFailure, existing_register, register_option
from pipeline.config import config_option

log = logging.getLogger("syllabus_audit")


class _Stopped(Exception):
    pass


@contextmanager
def _stop_cleanly():
    """SIGTERM (``systemctl stop``) and Ctrl-C are how a server ends: stop serving, close the
    register, exit 0, rather than report a command cut short (status 2)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame):
        raise _Stopped(signal.Signals(signum).name)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    except _Stopped as exc:
        click.echo(f"stopped by {exc}", err=True)
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


@click.command("serve")
@config_option(expose=False)
@register_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on (127.0.0.1: this machine only; use a reverse proxy for others)")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="requests served at once")
@click.option("--behind-proxy", is_flag=True,
              help="a TLS reverse proxy is in front: trust its X-Forwarded-For/-Proto/-Host (one hop) "
              "and send the session cookie over HTTPS only")
def serve_command(url: str | None, host: str, port: int, threads: int, behind_proxy: bool) -> None:
    """Serve the register in a browser: runs, records with filters, one record's evidence, history
    and forms, each department's page. Users: 'syllabus-audit users add'. Stop with Ctrl-C."""
    import waitress

    from pipeline.web import accounts
    from pipeline.web.app import create_app

    settings = click.get_current_context().meta.get("report_settings", {})
    with existing_register(url) as register:
        with register.read() as session:
            if not accounts.list_users(session):
                raise ToolFailure("the register has no users yet: add one with "
                                  "'syllabus-audit users add NAME --role qa' first")
        app = create_app(register, departments=settings.get("departments"),
                         institution=settings.get("institution"), secure_cookies=behind_proxy)
        wsgi = app
        if behind_proxy:
            from werkzeug.middleware.proxy_fix import ProxyFix

            wsgi = ProxyFix(app, x_for=1, x_proto=1, x_host=1)
        click.echo(f"serving the register on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        try:
            with _stop_cleanly():
                waitress.serve(wsgi, host=host, port=port, threads=threads, ident="syllabus-audit")
        except OSError as exc:
            raise ToolFailure(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
