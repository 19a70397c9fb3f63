"""The decision maker's queue: the decisions proposed for cases that their roles take,
each opened on its draft letter (the case as the decision would leave it, signed by them),
then approved (the decision recorded once, in their role, today) or returned to the
officer who prepared it, with a note. Nothing is retyped: the proposal holds it all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from generator.cases.case import Case, case_from_data
from generator.desk.i18n import _, said
from generator.desk.letter import letter_docx, preview
from generator.register import decisions
from generator.register.permissions import deciding_role, may_take
from generator.register.store import RegisterError
from generator.source.errors import SourceError

__all__ = ["decide"]

decide = Blueprint("decide", __name__, url_prefix="/decisions")

#: The longest note sent back with a returned proposal.
MAX_NOTE = 2000


def _today() -> dt.date:
    return dt.date.fromtimestamp(current_app.config["DESK_CLOCK"]())


@decide.route("/")
def queue() -> Any:
    policy, register = current_app.config["DESK_POLICY"], current_app.config["DESK_REGISTER"]
    waiting = decisions.queue(register, policy, g.officer.roles)
    titles = {i: str(d.title) for i, d in policy.decisions.items()}
    return render_template("queue.html", waiting=waiting, titles=titles)


def _proposal(proposal_id: int) -> decisions.Proposal:
    found = decisions.proposal(current_app.config["DESK_REGISTER"], proposal_id)
    decision = current_app.config["DESK_POLICY"].decisions.get(found.decision) \
        if found else None
    if found is None or decision is None:
        abort(404)
    if not may_take(decision, g.officer.roles):
        abort(403)  # only those who may take the decision read its draft here
    return found


def _draft(found: decisions.Proposal) -> tuple[Any, list[str]]:
    """The draft letter as approving would make it, or the problems that stop it."""
    policy = current_app.config["DESK_POLICY"]
    register = current_app.config["DESK_REGISTER"]
    stored = register.get(found.reference)
    role = deciding_role(policy.decisions[found.decision], g.officer.roles)
    data = decisions.merged(stored, found, g.officer, str(role), _today())
    if not found.letter_id:
        return None, []
    try:
        case = case_from_data(policy, data, "form", found.letter_id).case
        docx = letter_docx(policy, found.letter_id, case)
    except SourceError as exc:
        return None, [said(p.message) for p in exc.problems]
    return preview(docx), []


@decide.route("/<int:proposal_id>")
def show(proposal_id: int, errors: list[tuple[str, str]] | None = None,
         status: int = 200) -> Any:
    found = _proposal(proposal_id)
    policy = current_app.config["DESK_POLICY"]
    draft, problems = _draft(found) if found.status == "proposed" else (None, [])
    letters = {i: str(letter.title) for i, letter in policy.letters.items()}
    return render_template("proposal.html", found=found, draft=draft, problems=problems,
                           decision=policy.decisions[found.decision], letters=letters,
                           errors=errors or [],
                           stored=current_app.config["DESK_REGISTER"].get(found.reference)
                           ), status


@decide.route("/<int:proposal_id>/approve", methods=["POST"])
def approve(proposal_id: int) -> Any:
    found = _proposal(proposal_id)
    policy = current_app.config["DESK_POLICY"]

    def check(data: dict[str, Any]) -> Any:
        return case_from_data(policy, data, "form", found.letter_id).case \
            if found.letter_id else Case.model_validate(data)  # a decision with no letter

    try:
        decisions.approve(current_app.config["DESK_REGISTER"], policy, proposal_id,
                          g.officer, _today(), checked=check)
    except SourceError as exc:
        return show(proposal_id, [("approve", said(p.message)) for p in exc.problems], 400)
    except RegisterError:
        return show(proposal_id, [("approve", _(
            "The case changed while you were reading; read the draft again"))], 409)
    if found.letter_id:
        return redirect(url_for("cases.letter", reference=found.reference,
                                letter_id=found.letter_id))
    return redirect(url_for("cases.case", reference=found.reference))


@decide.route("/<int:proposal_id>/return", methods=["POST"])
def send_back(proposal_id: int) -> Any:
    _proposal(proposal_id)
    note = request.form.get("note", "").strip()
    if not note or len(note) > MAX_NOTE:
        return show(proposal_id, [("note", _(
            "Enter a note saying what to change, in at most %(most)s characters",
            most=MAX_NOTE))], 400)
    try:
        decisions.send_back(current_app.config["DESK_REGISTER"],
                            current_app.config["DESK_POLICY"], proposal_id, g.officer, note)
    except SourceError as exc:
        return show(proposal_id, [("note", said(p.message)) for p in exc.problems], 400)
    return redirect(url_for("decide.queue"))
