"""The desk's Flask application, made by :func:`create_app` for a live server or a test.

Blueprints are listed in :data:`BLUEPRINTS`; the register's pages (reviews due, purge,
reports) join by adding theirs there or passing ``blueprints=``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from generator.desk import i18n
from generator.desk.accounts import accounts
from generator.desk.auth import auth, authorise, identify, may_open
from generator.desk.decide import decide
from generator.desk.disclose import told
from generator.desk.impact_views import impact_pages
from generator.desk.reading import outstanding, reading
from generator.desk.register_views import register_pages, remove_leftovers
from generator.desk.views import cases
from generator.private import private_folder, refuse_shared
from generator.register.database import default_path
from generator.register.permissions import may_read
from generator.source.model import Policy

__all__ = ["IDLE", "create_app"]

#: The desk's pages, in the order they are registered.
BLUEPRINTS: list[Blueprint] = [auth, cases, decide, register_pages, impact_pages, accounts,
                               reading, told]
#: The links in the header: endpoint and label (a msgid of the desk's catalogue). A
#: blueprint's pages that officers go to directly add theirs here; each officer sees only
#: the links their roles open (auth.PAGES).
NAV: list[tuple[str, str]] = [("cases.index", "Cases"), ("decide.queue", "Decisions"),
                               ("register.due", "Reviews due"),
                               ("register.purge", "Retention"),
                               ("register.report", "Report"),
                               ("register.access", "Subject access"),
                               ("register.markers", "Marker feed"),
                               ("impact.cases", "Draft revision"),
                               ("accounts.index", "Accounts"),
                               ("reading.mine", "Your policy"),
                               ("reading.roll", "Who has read it")]
#: A session ends after this long without a request.
IDLE = dt.timedelta(hours=8)


def data_folder() -> Path:
    """Where the desk keeps its files (its key, letters on their way to PDF):
    the default register's folder, owner-only, and refused where personal data may not go
    (:mod:`generator.private`)."""
    folder = default_path().parent
    refuse_shared(folder, "POLICY_DATA_DIR", folder=True)
    private_folder(folder)
    return folder


def secret_key(folder: Path) -> bytes:
    """The key that signs session cookies, kept (0600) so sessions outlive a restart."""
    path = folder / "desk-secret"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(32))
    return path.read_bytes()


def create_app(policy: Policy, register: Any, *, data_dir: Path | None = None,
               identity_header: str | None = None, trusted_proxies: Iterable[str] = (),
               idle: dt.timedelta = IDLE,
               clock: Callable[[], float] = time.time, secure_cookies: bool = False,
               blueprints: Iterable[Blueprint] = (), draft: Policy | None = None) -> Flask:
    """The desk for ``policy`` (read from its folder), keeping cases in ``register``.

    ``identity_header`` trusts the login that the council's reverse proxy puts in that
    header, instead of passwords, from the addresses ``trusted_proxies`` only (a request
    from anywhere else is refused); ``clock`` lets a test move time on; ``draft`` is the
    draft revision whose effect on the cases the impact page shows.
    """
    folder = data_dir or data_folder()
    remove_leftovers(folder)  # what a desk that crashed left (customers' letters)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key(folder), SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=secure_cookies,
        SESSION_COOKIE_NAME="desk_session", PERMANENT_SESSION_LIFETIME=idle,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=1024 * 1024,
        DESK_POLICY=policy, DESK_SOURCE=policy.folder, DESK_REGISTER=register,
        DESK_DATA=folder, DESK_DRAFT=draft, DESK_IDENTITY_HEADER=identity_header, DESK_IDLE=idle,
        DESK_TRUSTED_PROXIES=frozenset(trusted_proxies),
        # the register pages' own checks (register_views.needs) ask the permissions module
        DESK_PERMITS=lambda officer, duty: may_read(
            policy, officer, {"review": "due", "letters": "cases"}.get(duty) or duty),
        DESK_CLOCK=clock)
    CSRFProtect(app)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by i18n
        i18n.gettext, i18n.ngettext, newstyle=True)
    app.jinja_env.filters["day"] = i18n.day
    app.jinja_env.filters["said"] = i18n.said
    app.jinja_env.filters["period"] = i18n.period
    app.jinja_env.filters["choice"] = i18n.choice
    for blueprint in [*BLUEPRINTS, *blueprints]:
        app.register_blueprint(blueprint)
    app.before_request(lambda: i18n.choose_language(policy))
    app.before_request(identify)
    app.before_request(authorise)
    app.context_processor(lambda: _page_context(policy, identity_header))
    app.after_request(_headers)
    for code in (400, 403, 404, 405, 409, 413, 429):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _error_page)
    return app


def _page_context(policy: Policy, identity_header: str | None) -> dict[str, Any]:
    officer = g.get("officer")
    nav = [(e, label) for e, label in NAV if officer is not None and may_open(officer, e)]
    reading_page = (request.endpoint or "").startswith("reading.")
    waiting = outstanding(officer) if officer is not None and not reading_page else 0
    return {"unread": waiting, "council": policy.policy.council.name, "officer": officer,
            "nav": nav, "language": i18n.language(), "languages": i18n.languages(policy),
            "passwords": identity_header is None, "here": request.full_path.rstrip("?")}


def _headers(response: Any) -> Any:
    """No page of a case is cached, framed or allowed to load anything from elsewhere."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    return response


def _error_page(error: Any) -> Any:
    code = getattr(error, "code", 500) or 500
    csrf = isinstance(error, CSRFError)
    return render_template("error.html", code=code, csrf=csrf), code
