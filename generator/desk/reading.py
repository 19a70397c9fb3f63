"""Read and understood, at the desk: each officer reads the policy as it applies to their
roles and confirms it, role by role; after a revision, an officer whose role acts on a
changed fact is shown only what changed for them and asked again. The list of who has
confirmed and who is outstanding is read by those the permissions module allows
(``reading``), as `policy cases confirmations` prints it.

The page places the policy's facts (each printed with its fact id, as the staff site
prints it) and the sentences of :mod:`generator.statements`; it words no fact itself.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from generator.desk.i18n import language
from generator.languages import interface
from generator.letters.welsh_letters import welsh
from generator.register import confirmations
from generator.revisions.role_facts import acts_on
from generator.source.facts import Fact, resolve
from generator.source.model import Policy
from generator.statements import appeals, measures
from generator.statements import changes as changes_said
from generator.statements.said import Line

__all__ = ["outstanding", "reading"]

reading = Blueprint("reading", __name__, url_prefix="/policy")


def _policy() -> Policy:
    return current_app.config["DESK_POLICY"]


def _register() -> Any:
    return current_app.config["DESK_REGISTER"]


def _view() -> Policy:
    """The policy in the desk's language: its Welsh view where the officer reads Welsh."""
    policy = _policy()
    return welsh(policy) if language() == "cy" and policy.policy.welsh else policy


def said(lines: list[Line]) -> Markup:
    """Sentences of a statements module, in the words of the policy's catalogue, each fact
    printed with its id."""
    words = interface.gettext(language())
    out = []
    for line in lines:
        sentence = escape(words(line.message)) % line.values if line.values else \
            escape(words(line.message))
        if line.joined:
            sentence += Markup(" ") + Markup(", ").join(line.joined) + "."
        elif line.after:
            sentence += Markup(" ") + escape(line.after)
        out.append(sentence)
    return Markup(" ").join(out)


def role_view(policy: Policy, role: str) -> dict[str, list[Fact]]:
    """The facts ``role`` acts on, as facts of the page, by collection ("decisions",
    "stages", "reviews.case_reviews"...), in the source's order."""
    found: dict[str, list[Fact]] = {}
    for path in acts_on(policy, role):
        fact = resolve(policy, path, html=True)
        if fact is not None:
            found.setdefault(path.rsplit(".", 1)[0], []).append(fact)
    return found


def outstanding(officer: Any) -> int:
    """How many of the officer's roles wait for their confirmation."""
    return sum(not s.current for s in confirmations.standing(_register(), _policy(), officer))


def _helpers(view: Policy) -> dict[str, Any]:
    return {"said": said, "stage_said": measures.stage_lines,
            "appeal_said": lambda appeal: appeals.page_lines(
                appeal, "staff", resolve(view, f"decisions.{appeal.value.decision}", html=True)
                if appeal.value.decision in view.decisions else None),
            "names": {i: str(r.name) for i, r in view.roles.items()},
            "stage_names": {i: str(s.name) for i, s in view.stages.items()},
            "decision_titles": {i: str(d.title) for i, d in view.decisions.items()},
            "listed": lambda ids, names: ", ".join(names.get(i, i) for i in ids)}


@reading.route("/")
def mine() -> Any:
    """The policy as it applies to each of the officer's roles, with what changed since
    they last confirmed it."""
    policy, view = _policy(), _view()
    with changes_said.in_language(language()):  # what changed, in the desk's language
        roles = [(entry, role_view(view, entry.role), confirmations.what_changed(policy, entry))
                 for entry in confirmations.standing(_register(), policy, g.officer)]
    version, day = confirmations.version_of(policy)
    return render_template("reading.html", roles=roles, version=version, version_date=day,
                           **_helpers(view))


@reading.route("/", methods=["POST"])
def confirm() -> Any:
    role = request.form.get("role", "")
    if role not in g.officer.roles or role not in _policy().roles:
        abort(400)
    confirmations.confirm(_register(), _policy(), g.officer, role)
    return redirect(url_for("reading.mine") + f"#role-{role}")


@reading.route("/confirmations")
def roll() -> Any:
    """Who has confirmed the policy as it stands, by role, and who is outstanding."""
    policy, view = _policy(), _view()
    version, day = confirmations.version_of(policy)
    return render_template("reading_roll.html", roll=confirmations.roll(_register(), policy),
                           names={i: str(r.name) for i, r in view.roles.items()},
                           version=version, version_date=day)
