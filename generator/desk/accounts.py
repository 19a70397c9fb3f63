"""Officers' accounts, for an administrator: every officer listed with their roles, roles
changed, an account disabled or enabled again. An account is never deleted, so the audit
log always names who did what; disabling one ends its sessions at once."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from generator.desk.i18n import _
from generator.register.store import Missing

__all__ = ["accounts"]

accounts = Blueprint("accounts", __name__, url_prefix="/accounts")


def _role_names() -> dict[str, str]:
    policy = current_app.config["DESK_POLICY"]
    return {i: str(role.name) for i, role in policy.roles.items()}


@accounts.route("/")
def index(errors: list[tuple[str, str]] | None = None, status: int = 200) -> Any:
    officers = current_app.config["DESK_REGISTER"].officers()
    return render_template("accounts.html", officers=officers, roles=_role_names(),
                           errors=errors or []), status


@accounts.route("/<login>", methods=["POST"])
def change(login: str) -> Any:
    register = current_app.config["DESK_REGISTER"]
    roles = request.form.getlist("roles")
    known = _role_names()
    if len(roles) > len(known) or any(r not in known for r in roles):
        abort(400)
    disabled = request.form.get("disabled") == "yes"
    if login == g.officer.login and disabled:
        return index([(f"disabled-{login}", _("You cannot disable your own account; ask "
                                              "another administrator"))], 400)
    try:
        register.change_officer(login, by=g.officer.login, roles=roles, disabled=disabled)
    except Missing:
        abort(404)
    return redirect(url_for("accounts.index"))
