"""Who is at the desk: an officer signed in with a password, or named by the council's
reverse proxy (``--identity-header``), and what their roles let them record.

A session ends after ``DESK_IDLE`` without a request; the cookie is HttpOnly and SameSite
Lax, and every form posts a CSRF token (Flask-WTF), so another site cannot post for an
officer. The register keeps passwords only as hashes, and checks them.
"""

from __future__ import annotations

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
from generator.source.model import Decision

__all__ = ["auth", "identify", "may_record"]

auth = Blueprint("auth", __name__)

#: Endpoints anyone may reach: signing in, the style sheet, the language switch.
OPEN = frozenset({"auth.login", "static", "auth.language"})


def may_record(roles: list[str], decision: Decision) -> bool:
    """Whether an officer holding ``roles`` may record ``decision`` (the decision matrix)."""
    return any(role in decision.taken_by for role in roles)


def identify() -> Response | None:
    """Before each request: find the officer, or send them to sign in."""
    header = current_app.config["DESK_IDENTITY_HEADER"]
    register = current_app.config["DESK_REGISTER"]
    if request.endpoint in OPEN and not header:
        return None
    if header:
        login = request.headers.get(header, "").strip()
        officer = register.officer(login) if login else None
        if officer is None:
            abort(403)
        g.officer = officer
        return None
    now = current_app.config["DESK_CLOCK"]()
    login, seen = str(session.get("login") or ""), session.get("seen", 0)
    if login and now - seen > current_app.config["DESK_IDLE"].total_seconds():
        session.clear()
        session["ended"] = True
        login = ""
    officer = register.officer(login) if login else None
    if officer is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session["seen"] = now
    session.permanent = True
    g.officer = officer
    return None


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
    if request.method == "POST":
        register = current_app.config["DESK_REGISTER"]
        login_name = request.form.get("login", "").strip()
        officer = register.check_password(login_name, request.form.get("password", "")) \
            if login_name else None
        if officer is None:
            errors.append(("login", _("Enter the login and password of your account")))
        else:
            language = session.get("language")
            session.clear()  # a new session for the new officer
            session.update(login=officer.login, seen=current_app.config["DESK_CLOCK"](),
                           **({"language": language} if language else {}))
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", errors=errors, ended=ended,
                           login=request.form.get("login", "")), 400 if errors else 200


@auth.route("/sign-out", methods=["POST"])
def logout() -> Any:
    session.clear()
    return redirect(url_for("auth.login"))


@auth.route("/language/<code>")
def language(code: str) -> Any:
    from generator.desk.i18n import languages

    if code not in languages(current_app.config["DESK_POLICY"]):
        abort(404)
    session["language"] = code
    return redirect(_safe_next(request.args.get("next")))
