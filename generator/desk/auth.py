"""Who is at the desk and what they may open: an officer signed in with a password, or named
by the council's reverse proxy (``--identity-header``, believed only from the addresses
given with ``--trusted-proxy``).

A signed-in browser holds a random token in its (signed, HttpOnly, SameSite Lax) cookie;
the register keeps the token's hash, so signing out, idling past ``DESK_IDLE`` or disabling
the account ends the session for every copy of the cookie. Failed sign-ins are counted per
account and per address, and after a few each try waits longer. Every form posts a CSRF
token (Flask-WTF).

What each page may be opened by is said once, in :data:`PAGES`, from the rules of
:mod:`generator.register.permissions`.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from generator.desk.i18n import _
from generator.register import sessions
from generator.register.permissions import may_prepare, may_read

__all__ = ["PAGES", "auth", "authorise", "identify", "may_open"]

auth = Blueprint("auth", __name__)

#: Endpoints anyone may reach: signing in, the style sheet, the language switch.
OPEN = frozenset({"auth.login", "static", "auth.language"})
#: What each page reads (a key of permissions.READS); "prepare": starting a case or
#: proposing a decision; "case": one case, which its preparer may open too; "any": every
#: signed-in officer (the queue shows each only their own).
PAGES = {
    "cases.index": "prepare", "cases.new": "prepare", "cases.create": "prepare",
    "cases.case": "case", "cases.edit": "case", "cases.update": "case",
    "cases.letter": "case", "cases.download": "case", "cases.pick": "case",
    "cases.details": "case", "cases.save_details": "case", "cases.printed": "case",
    "register.cases": "cases", "register.letter_as_sent": "case",
    "decide.queue": "any", "decide.show": "any", "decide.approve": "any",
    "decide.send_back": "any",
    "register.due": "due", "register.review": "due", "register.record": "due",
    "register.purge": "purge", "register.confirm_purge": "purge",
    "register.report": "report", "register.report_file": "report",
    "register.audit": "audit", "register.access": "access", "register.access_file": "access",
    "impact.cases": "impact",
    "register.markers": "markers", "register.marker_feed": "markers",
    "accounts.index": "accounts", "accounts.change": "accounts",
    "reading.mine": "any", "reading.confirm": "any", "reading.roll": "reading",
    "told.page": "disclosures", "told.record": "disclosures",
    "auth.logout": "any",
}


def _now() -> float:
    return float(current_app.config["DESK_CLOCK"]())


def identify() -> Response | None:
    """Before each request: find the officer, or send them to sign in."""
    header = current_app.config["DESK_IDENTITY_HEADER"]
    register = current_app.config["DESK_REGISTER"]
    if header:
        if request.remote_addr not in current_app.config["DESK_TRUSTED_PROXIES"]:
            abort(403)  # the header is believed only from the council's proxy
        if request.endpoint in OPEN:
            return None
        login = request.headers.get(header, "").strip()
        officer = register.officer(login) if login else None
        if officer is None or officer.disabled:
            abort(403)
        g.officer = officer
        return None
    if request.endpoint in OPEN:
        return None
    token = session.get("token")
    idle = current_app.config["DESK_IDLE"].total_seconds()
    kept: str | None = sessions.touch(register.engine, token, _now(), idle) if token else None
    officer = register.officer(kept) if kept else None
    if officer is None or officer.disabled:
        if token:
            session.clear()
            session["ended"] = True
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session.permanent = True
    g.officer = officer
    return None


def may_open(officer: Any, endpoint: str, reference: str | None = None) -> bool:
    """Whether the officer's roles and account let them open the page ``endpoint`` (of the
    case ``reference``). A page no rule names is closed."""
    need = PAGES.get(endpoint)
    policy = current_app.config["DESK_POLICY"]
    if need is None:
        return False
    if need == "any":
        return True
    if need == "prepare":
        return may_prepare(policy, officer)
    if need == "case":
        return may_read(policy, officer, "cases") or _prepared(officer.login, reference)
    return may_read(policy, officer, need)


def authorise() -> None:
    """Before each request, once the officer is known: refuse (403) a page their roles and
    account may not open."""
    officer = g.get("officer")
    if officer is None or request.endpoint in OPEN:
        return
    reference = (request.view_args or {}).get("reference")
    if not may_open(officer, request.endpoint or "", reference):
        abort(403)


def _prepared(login: str, reference: str | None) -> bool:
    """Whether the officer proposed a decision on the case ``reference``."""
    from generator.register.decisions import for_case

    return bool(reference) and any(
        p.proposed_by == login for p in for_case(current_app.config["DESK_REGISTER"],
                                                 str(reference)))


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this desk only, never another site."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("cases.index")


@auth.route("/sign-in", methods=["GET", "POST"])
def login() -> Any:
    if current_app.config["DESK_IDENTITY_HEADER"]:
        return redirect(url_for("cases.index"))
    errors: list[tuple[str, str]] = []
    ended = session.pop("ended", False)
    status = 200
    if request.method == "POST":
        register = current_app.config["DESK_REGISTER"]
        login_name = request.form.get("login", "").strip()[:100]
        keys = [f"login:{login_name.lower()}", f"address:{request.remote_addr}"]
        wait = sessions.wait(register.engine, keys, _now())
        if wait > 0:
            seconds = math.ceil(wait)
            errors.append(("login", _("Too many wrong sign-ins. Wait %(seconds)s seconds, "
                                      "then try again", seconds=seconds)))
            response = render_template("login.html", errors=errors, ended=ended,
                                       login=login_name)
            return response, 429, {"Retry-After": str(seconds)}
        officer = register.check_password(login_name, request.form.get("password", "")) \
            if login_name else None
        if officer is None:
            sessions.failed(register.engine, keys, _now())
            errors.append(("login", _("Enter the login and password of your account")))
            status = 400
        else:
            sessions.succeeded(register.engine, keys[:1])
            language = session.get("language")
            session.clear()  # a new session for the new officer
            session.update(token=sessions.start(register.engine, officer.login, _now()),
                           **({"language": language} if language else {}))
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", errors=errors, ended=ended,
                           login=request.form.get("login", "")), status


@auth.route("/sign-out", methods=["POST"])
def logout() -> Any:
    token = session.get("token")
    if token:
        sessions.end(current_app.config["DESK_REGISTER"].engine, token)
    session.clear()
    return redirect(url_for("auth.login"))


@auth.route("/language/<code>")
def language(code: str) -> Any:
    from generator.desk.i18n import languages

    if code not in languages(current_app.config["DESK_POLICY"]):
        abort(404)
    session["language"] = code
    return redirect(_safe_next(request.args.get("next")))
