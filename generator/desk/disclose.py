"""Whom a case's decided restriction was told to: the roles the policy says to tell (each
rule in the statements' words), each telling recorded (whom, when, how, under which rule)
and the form to record one. Telling someone the policy does not name is refused without
a reason. Each calls :mod:`generator.register.disclosures`, as `policy cases disclose`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from generator.desk.i18n import _, said
from generator.register import disclosures
from generator.register.disclosures import MAX_REASON, MAX_TEXT, Told
from generator.register.store import StoredCase
from generator.source.errors import Problem, Said, SourceError
from generator.source.model import Policy

__all__ = ["OTHER", "told"]

told = Blueprint("told", __name__, url_prefix="/told")

#: The choice of whom was told that names no rule: someone the policy does not name.
OTHER = "other"
#: The form's fields, each with the field a refusal names.
FIELDS = {"to": "to", "rule": "to", "told_on": "told_on", "reason": "reason"}


def _policy() -> Policy:
    return current_app.config["DESK_POLICY"]


def _today() -> dt.date:
    return dt.date.fromtimestamp(current_app.config["DESK_CLOCK"]())


def _stored(reference: str) -> StoredCase:
    stored = current_app.config["DESK_REGISTER"].get(reference)
    if stored is None:
        abort(404)
    return stored


def _show(reference: str, values: dict[str, str], errors: list[tuple[str, str]],
          status: int = 200) -> Any:
    register, policy = current_app.config["DESK_REGISTER"], _policy()
    stored = _stored(reference)
    kept = disclosures.listed(register, policy, [reference], g.officer)
    decided = disclosures.last_decided(register, reference)
    roles = {i: str(r.name) for i, r in policy.roles.items()}
    return render_template(
        "told.html", stored=stored, decided=decided, kept=kept, roles=roles,
        to_tell=disclosures.to_tell(policy, stored, decided, kept), values=values,
        errors=errors, other=OTHER, most_text=MAX_TEXT, most_reason=MAX_REASON,
        decision_titles={i: str(d.title) for i, d in policy.decisions.items()}), status


@told.route("/<path:reference>")
def page(reference: str) -> Any:
    return _show(reference, {"told_on": _today().isoformat()}, [])


def _told(values: dict[str, str]) -> tuple[Told, list[tuple[str, str]]]:
    """What the form says was told, or the errors of its own fields."""
    errors: list[tuple[str, str]] = []
    rule, role = None, values["other_role"] or None
    if values["to"] and values["to"] != OTHER:
        rule, _sep, role = values["to"].partition("|")
    elif not values["to"]:
        errors.append(("to", _("Select whom you told")))
    try:
        day = dt.date.fromisoformat(values["told_on"])
    except ValueError:
        day = None
        errors.append(("told_on", _("Enter the day you told them")))
    if len(values["reason"]) > MAX_REASON:
        errors.append(("reason", _("Enter at most %(most)s characters", most=MAX_REASON)))
    return Told(role, values["name"], rule, day, values["how"], values["reason"]), errors


def _refusal(problem: Problem) -> str:
    """A refusal in the desk's language, with what to do where that is worded for the desk
    too (which roles the policy does name, say)."""
    if isinstance(problem.hint, Said):
        return f"{said(problem.message)}: {said(problem.hint)}"
    return said(problem.message)


@told.route("/<path:reference>", methods=["POST"])
def record(reference: str) -> Any:
    _stored(reference)
    values = {k: request.form.get(k, "").strip()
              for k in ("to", "other_role", "name", "told_on", "how", "reason")}
    telling, errors = _told(values)
    if errors:
        return _show(reference, values, errors, 400)
    try:
        disclosures.record(current_app.config["DESK_REGISTER"], _policy(), reference,
                           g.officer, telling, _today())
    except SourceError as exc:
        return _show(reference, values, [(FIELDS.get(p.field, "to"), _refusal(p))
                                         for p in exc.problems], 400)
    return redirect(url_for("told.page", reference=reference, recorded=1))
