"""The desk's case pages: the list of kept cases, a case, its form for a letter, the
letter's preview and its downloads.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.datastructures import MultiDict

from generator.cases.case import Case, CaseFile, case_from_data, signing_roles
from generator.desk import answers, reference
from generator.desk.form import MAX_INCIDENTS, SPARE_INCIDENTS, STEPS, CaseForm, tells_decision
from generator.desk.i18n import _, policy_text, said
from generator.desk.letter import letter_day, letter_docx, letter_pdf, preview, printed_pages
from generator.desk.register_views import case_list
from generator.letters.welsh_letters import welsh
from generator.register import decisions
from generator.register.disclosures import last_decided, of_cases, to_tell
from generator.register.permissions import (
    deciding_role,
    letter_decision_id,
    may_prepare,
    may_read,
    may_take,
    refusals,
)
from generator.register.store import Duplicate, Stale, StoredCase
from generator.source.errors import Problem, SourceError
from generator.source.model import Decision, Policy, Purpose

__all__ = ["cases"]

cases = Blueprint("cases", __name__)

#: The name case problems are reported under (there is no file).
FORM = "form"
#: The language of a letter's text, for the preview (a bilingual letter has both).
LETTER_LANGUAGE = {"english": "en", "welsh": "cy"}


def _policy() -> Policy:
    return current_app.config["DESK_POLICY"]


def _register() -> Any:
    return current_app.config["DESK_REGISTER"]


def _letters() -> list[tuple[str, str, str]]:
    """The letters an officer can make for a case: id, title and when it is used."""
    policy = _policy()
    view = welsh(policy) if policy.policy.welsh else None
    return [(i, policy_text(letter.title, view.letters[i].title if view else None),
             policy_text(letter.when, view.letters[i].when if view else None))
            for i, letter in policy.letters.items()]


def _stored(reference: str) -> StoredCase:
    stored = _register().get(reference)
    if stored is None:
        abort(404)
    return stored


def _letter_id(letter_id: str | None) -> str:
    if letter_id not in _policy().letters:
        abort(404)
    return str(letter_id)


def _names() -> dict[str, dict[str, str]]:
    """The names of the policy's stages, behaviours, measures and roles, by id, in the
    desk's language."""
    policy = _policy()
    view = welsh(policy) if policy.policy.welsh else None
    return {kind: {i: policy_text(item.name, getattr(view, kind)[i].name if view else None)
                   for i, item in getattr(policy, kind).items()}
            for kind in ("stages", "behaviours", "measures", "roles")}


@cases.route("/")
def index() -> Any:
    """The case list (search, filters and pages: the register's pages own it) for those
    who may see every case; to an officer who only prepares cases, the cases they
    prepared."""
    if may_read(_policy(), g.officer, "cases"):
        return case_list()
    mine = decisions.prepared_by(_register(), g.officer.login)
    listed = [c for c in _register().summaries() if c.reference in mine]
    return render_template("index.html", cases=listed, stages=_names()["stages"],
                           may_start=may_prepare(_policy(), g.officer))


@cases.route("/cases/new")
def new() -> Any:
    """Pick the letter first: the form then asks only what that letter needs."""
    letter_id = request.args.get("letter")
    if letter_id is None:
        return render_template("choose.html", letters=_letters(), action=url_for("cases.new"),
                               stored=None, errors=[])
    if letter_id not in _policy().letters:
        return render_template("choose.html", letters=_letters(), action=url_for("cases.new"),
                               stored=None, errors=[("letter", _("Select the letter to make"))]
                               ), 400
    form = CaseForm(_policy(), letter_id, proposing=_proposes(letter_id, None),
                    decides=_decides(letter_id), earlier_decider=True)
    values = MultiDict({"language": "english"})
    proposed = reference.propose(_register().references(), _today())
    if proposed:
        values["reference"] = proposed
    return _show_form(form, values, None, step=_step_asked())


@cases.route("/cases/new", methods=["POST"])
def create() -> Any:
    return _submit(_letter_id(request.args.get("letter")), None)


@cases.route("/cases/<path:reference>/letters/<letter_id>/edit")
def edit(reference: str, letter_id: str) -> Any:
    stored = _stored(reference)
    letter_id = _letter_id(letter_id)
    data = stored.case.model_dump(mode="json")
    waiting = _own_proposal(stored, letter_id)
    if waiting:  # a returned or waiting proposal comes back as it was, nothing retyped
        data.update(waiting.changes)
    form = _form(letter_id, data, stored)
    return _show_form(form, answers.values(form, data), stored, step=_step_asked())


@cases.route("/cases/<path:reference>/letters/<letter_id>/edit", methods=["POST"])
def update(reference: str, letter_id: str) -> Any:
    return _submit(_letter_id(letter_id), _stored(reference))


@cases.route("/cases/<path:reference>/letters/<letter_id>")
def letter(reference: str, letter_id: str) -> Any:
    stored = _stored(reference)
    letter_id = _letter_id(letter_id)
    if _proposes(letter_id, stored):  # its decision is not recorded yet
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    case = _letter_case(stored.case, letter_id)
    if isinstance(_checked(case, letter_id), list):  # the case lacks what the letter needs
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    try:
        docx = letter_docx(_policy(), letter_id, case)
    except SourceError as exc:
        return render_template("error.html", code=500, problems=exc.problems), 500
    _register().log(g.officer.login, "open", reference, [], note=letter_id)
    return render_template("preview.html", stored=stored, letter_id=letter_id,
                           title=dict((i, t) for i, t, _w in _letters())[letter_id],
                           preview=preview(docx), lang=LETTER_LANGUAGE.get(
                               stored.case.language))


@cases.route("/cases/<path:reference>/letters/<letter_id>/printed")
def printed(reference: str, letter_id: str) -> Any:
    """The letter's PDF pages with the bands the print house keeps blank in red, and
    what it would refuse (the pre-flight, generator.documents.preflight)."""
    stored = _stored(reference)
    letter_id = _letter_id(letter_id)
    if isinstance(_checked(stored.case, letter_id), list):
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    try:
        docx = letter_docx(_policy(), letter_id,
                           stored.case)
        pages, findings = printed_pages(docx, letter_day(_policy(), letter_id, stored.case),
                                        current_app.config["DESK_DATA"],
                                        _policy().letters[letter_id])
    except SourceError as exc:
        return render_template("error.html", code=500, problems=exc.problems), 500
    return render_template("printed.html", stored=stored, letter_id=letter_id,
                           title=dict((i, t) for i, t, _w in _letters())[letter_id],
                           pages=pages, findings=findings)


@cases.route("/cases/<path:reference>/letters/<letter_id>/<kind>", methods=["POST"])
def download(reference: str, letter_id: str, kind: str) -> Any:
    """The letter to send, recorded in the register with the hash of each document."""
    if kind not in ("docx", "pdf"):
        abort(404)
    stored = _stored(reference)
    letter_id = _letter_id(letter_id)
    case = _letter_case(stored.case, letter_id)
    if _proposes(letter_id, stored) or isinstance(_checked(case, letter_id), list):
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    data = current_app.config["DESK_DATA"]
    try:
        docx = letter_docx(_policy(), letter_id, case)
        pdf = letter_pdf(docx, letter_day(_policy(), letter_id, case), data,
                         _policy().letters[letter_id]) if kind == "pdf" else None
    except SourceError as exc:
        return render_template("error.html", code=500, problems=exc.problems), 500
    # kept once with its files: the same letter downloaded again (or as PDF) is one letter
    _register().keep_letter(reference, letter_id, docx=docx, pdf=pdf,
                            sent_on=letter_day(_policy(), letter_id, stored.case),
                            by=g.officer.login)
    name = f"{reference.replace('/', '-')}_{letter_id}.{kind}"
    body, mimetype = (pdf, "application/pdf") if pdf else (
        docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=name)


@cases.route("/cases/<path:reference>")
def case(reference: str) -> Any:
    stored = _stored(reference)
    policy = _policy()
    kept = of_cases(_register(), [reference]) \
        if may_read(policy, g.officer, "disclosures") else None
    _register().log(g.officer.login, "open", reference, [] if kept is None else ["disclosures"])
    untold = [] if kept is None else list(dict.fromkeys(
        t.role for t in to_tell(policy, stored, last_decided(_register(), reference), kept)
        if not t.told))
    titles = {i: t for i, t, _w in _letters()}
    proposals = decisions.for_case(_register(), reference)
    return render_template("case.html", stored=stored, letters=_offered(stored), kept=kept,
                           untold=untold,
                           titles=titles, names=_names(), proposals=proposals,
                           decision_titles={i: str(d.title) for i, d in
                                            policy.decisions.items()},
                           action=url_for("cases.pick", reference=reference),
                           may_see_history=may_read(policy, g.officer, "audit"),
                           may_review=may_read(policy, g.officer, "due"))


@cases.route("/cases/<path:reference>/letter")
def pick(reference: str) -> Any:
    """The letter picked on a case's page (a GET form, so it works without script)."""
    stored = _stored(reference)
    letter_id = request.args.get("letter")
    if letter_id not in {i for i, _t, _w in _offered(stored)}:
        return render_template("choose.html", letters=_offered(stored), stored=stored,
                               action=url_for("cases.pick", reference=reference),
                               errors=[("letter", _("Select the letter to make"))]), 400
    return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))


@cases.route("/cases/<path:reference>/details")
def details(reference: str) -> Any:
    """The case's details (customer, conduct, contact) corrected on their own, by any
    officer who may open the case: no decision is made or unmade here."""
    stored = _stored(reference)
    form = _details_form(stored.case.model_dump(mode="json"))
    return _show_details(form, answers.values(form, stored.case.model_dump(mode="json")),
                         stored)


@cases.route("/cases/<path:reference>/details", methods=["POST"])
def save_details(reference: str) -> Any:
    stored = _stored(reference)
    rows = _bounded("incident_rows", MAX_INCIDENTS)
    form = _details_form({"incidents": [None] * rows})
    kept = stored.case.model_dump(mode="json", exclude_defaults=True)
    data = {**answers.read(form, request.form, kept), "reference": stored.reference}
    problems = [*refusals(_policy(), g.officer.roles, kept, data, FORM)]
    try:
        checked = case_from_data(_policy(), data, FORM).case
    except SourceError as exc:
        problems += exc.problems
    if problems:
        errors = [(answers.where(form, p, data), _plain(form, p)) for p in problems]
        return _show_details(form, request.form, stored, errors, 400)
    try:
        _register().save(checked, by=g.officer.login,
                         version=_bounded("version", 2**31 - 1))
    except Stale:
        return _show_details(form, request.form, stored, [(form.inputs()[0].id, _(
            "Someone else saved this case while you were editing it; open it again to see "
            "their changes"))], 409)
    return redirect(url_for("cases.case", reference=reference))


# -- the form -----------------------------------------------------------------------------

def _today() -> dt.date:
    return dt.date.fromtimestamp(current_app.config["DESK_CLOCK"]())


def _step_asked() -> int:
    """The step a link asks for (?step=N, from 0)."""
    text = request.args.get("step", "0")
    if not text.isdigit() or int(text) >= len(STEPS):
        abort(400)
    return int(text)


def _bounded(name: str, most: int, default: int = 0) -> int:
    """A whole number the form carries (hidden), 0 to ``most``; anything else is a bad
    request (400), never a 500 or a loop a million rows long."""
    text = request.form.get(name, str(default)) or str(default)
    if not text.isdigit() or len(text) > 10 or int(text) > most:
        abort(400)
    return int(text)


def _own_proposal(stored: StoredCase, letter_id: str) -> decisions.Proposal | None:
    """The latest proposal of this letter's decision still to be approved, if any."""
    waiting = [p for p in decisions.for_case(_register(), stored.reference)
               if p.letter_id == letter_id and p.status != "approved"]
    return waiting[-1] if waiting else None


def _proposes(letter_id: str, stored: StoredCase | None) -> bool:
    """Whether the letter's form proposes its decision: the letter tells of one and the
    case has no record of it at the letter's stage."""
    policy = _policy()
    if not tells_decision(policy, letter_id):
        return False
    if stored is None:
        return True
    decision = str(letter_decision_id(policy, letter_id))
    record = decisions.decided(_register(), stored.reference, decision)
    stage = policy.letters[letter_id].stage
    if record is None:  # a case kept already holding the decision (an import, checked
        return not _holds_decision(stored.case, letter_id)  # against the importer's roles)
    return bool(stage and stored.case.stage != stage)


def _holds_decision(case: Case, letter_id: str) -> bool:
    """Whether a case kept without a record of the letter's decision holds it already: who
    took it, and what it set (the letter's stage, a review's outcome, an appeal's result)."""
    letter = _policy().letters[letter_id]
    return bool(case.decision_maker) and (not letter.stage or case.stage == letter.stage) \
        and (letter.purpose != Purpose.review_outcome or case.outcome is not None) \
        and (letter.purpose != Purpose.appeal_outcome
             or bool(case.appeal and case.appeal.outcome))


def _offered(stored: StoredCase) -> list[tuple[str, str, str]]:
    """The letters offered on a case: those whose decision is recorded, and those whose
    decision the officer may take or propose."""
    policy = _policy()
    preparer = may_prepare(policy, g.officer)
    return [(i, t, w) for i, t, w in _letters()
            if not _proposes(i, stored) or preparer]


def _form(letter_id: str, data: dict[str, Any], stored: StoredCase | None) -> CaseForm:
    rows = min(len(data.get("incidents") or []), MAX_INCIDENTS)
    return CaseForm(_policy(), letter_id, stage=data.get("stage") or (
        stored.case.stage if stored else None), incidents=rows,
        proposing=_proposes(letter_id, stored), decides=_decides(letter_id),
        earlier_decider=stored is None or stored.case.decision_maker is None)


def _decides(letter_id: str) -> bool:
    """Whether the officer's role takes the letter's decision."""
    decision = _policy().decisions.get(letter_decision_id(_policy(), letter_id) or "")
    return bool(decision and may_take(decision, g.officer.roles))


def _details_form(data: dict[str, Any]) -> CaseForm:
    rows = min(len(data.get("incidents") or []), MAX_INCIDENTS)
    return CaseForm(_policy(), next(iter(_policy().letters), ""), incidents=rows,
                    details=True)


def _show_details(form: CaseForm, values: MultiDict, stored: StoredCase,
                  errors: list[tuple[str, str]] | None = None, status: int = 200) -> Any:
    by_field: dict[str, list[str]] = {}
    for field, message in errors or []:
        by_field.setdefault(field, []).append(message)
    return render_template("details.html", form=form, groups=form.groups(), values=values,
                           errors=errors or [], by_field=by_field, stored=stored), status


def _show_form(form: CaseForm, values: MultiDict, stored: StoredCase | None,
               errors: list[tuple[str, str]] | None = None, status: int = 200,
               step: int | None = 0) -> Any:
    """The form at ``step`` (None: every step on one page, as a whole post is answered),
    the other steps' answers carried in hidden inputs."""
    by_field: dict[str, list[str]] = {}
    for field, message in errors or []:
        by_field.setdefault(field, []).append(message)
    action = url_for("cases.update", reference=stored.reference, letter_id=form.letter_id) \
        if stored else url_for("cases.create", letter=form.letter_id)
    title = dict((i, t) for i, t, _w in _letters())[form.letter_id]
    steps = form.steps()
    if step is None:
        steps, step = [("all", title, [g for _s, _h, held in steps for g in held])], 0
    step = min(step, len(steps) - 1)
    shown = {i.name for g in steps[step][2] for i in _inputs(g)}
    carried = [(name, value) for name, value in values.items(multi=True)
               if name not in shown and name in {i.name for i in form.inputs()}]
    decision = _policy().decisions.get(form.decision or "")
    return render_template("case_form.html", form=form, steps=steps, step=step,
                           groups=steps[step][2], values=values, carried=carried,
                           errors=errors or [], by_field=by_field, stored=stored,
                           action=action, title=title, decision=decision,
                           decides=bool(decision and may_take(decision, g.officer.roles))
                           ), status


def _inputs(group: Any) -> list[Any]:
    return [*group.inputs, *(i for sub in group.groups for i in _inputs(sub))]


def _submit(letter_id: str, stored: StoredCase | None) -> Any:
    """Check the form (the steps so far) as a case file is checked; at the last step keep
    the case's details and propose the letter's decision (taking it at once when the
    officer's role takes it), or, with the decision recorded, show the letter."""
    policy = _policy()
    kept = stored.case.model_dump(mode="json", exclude_defaults=True) if stored else {}
    _bounded("version", 2**31 - 1)  # read again when saving; refused here if not a number
    rendered = _bounded("incident_rows", MAX_INCIDENTS)
    # A post without a step (the whole case at once, as a script sends it) is checked whole.
    whole = "step" not in request.form
    step = _bounded("step", len(STEPS), default=len(STEPS))
    filled = [n for n in range(rendered + SPARE_INCIDENTS)
              if any(request.form.get(f"incidents-{n}-{k}") for k in ("date", "summary"))]
    proposing = _proposes(letter_id, stored)
    form = CaseForm(policy, letter_id, stage=request.form.get("stage") or kept.get("stage"),
                    incidents=min(max([rendered, *(n + 1 for n in filled)]), MAX_INCIDENTS),
                    proposing=proposing, decides=_decides(letter_id),
                    earlier_decider=not kept.get("decision_maker"))
    data = answers.read(form, request.form, kept)
    if stored:
        data["reference"] = stored.reference
    if proposing and form.fixed_stage():  # the decision puts the case at the letter's stage
        data["stage"] = form.fixed_stage()
    decision = policy.decisions.get(form.decision or "")
    trial = _as_decided(data, decision) if proposing and decision else data
    if trial.get("signatories") and not any(
            p.get("role") in signing_roles(policy, letter_id)[0] for p in trial["signatories"]
            if isinstance(p, dict)):  # another letter's signatories: this one ignores them
        trial = {k: v for k, v in trial.items() if k != "signatories"}
    checked = _checked_data(trial, letter_id)
    problems = checked if isinstance(checked, list) else []
    if not proposing:  # nothing the decision set may change here
        problems += refusals(policy, g.officer.roles, kept, data, FORM)
    steps = form.steps()
    last = step >= len(steps) - 1
    if not last or problems:
        at = {i.id: n for n, (_s, _h, groups) in enumerate(steps) for g in groups
              for i in _inputs(g)}
        found = [(_step_of(at, where, p, len(steps) - 1), where, _plain(form, p))
                 for p in problems if (where := answers.where(form, p, data)) is not None]
        first = min((n for n, _w, _m in found if n <= step or last), default=None)
        if whole and found:
            return _show_form(form, request.form, stored, [(w, m) for _n, w, m in found],
                              400, None)
        if first is not None:  # the first step with a problem, and its problems
            errors = [(where, message) for n, where, message in found if n == first]
            return _show_form(form, request.form, stored, errors, 400, first)
        return _show_form(form, request.form, stored, [], 200, step + 1)
    try:
        if proposing and decision:
            return _propose(form, data, stored, letter_id)
        assert isinstance(checked, CaseFile)
        case = Case.model_validate(data)  # as given: another letter's signatories kept
        if stored:
            _register().save(case, by=g.officer.login,
                             version=_bounded("version", 2**31 - 1))
        else:
            _register().add(case, by=g.officer.login)
    except Stale:
        return _show_form(form, request.form, stored, [(form.inputs()[0].id, _(
            "Someone else saved this case while you were editing it; open it again to see "
            "their changes"))], 409, step)
    except Duplicate:
        return _show_form(form, request.form, stored, [("reference", _(
            "A case with this reference is kept already; open it from the list of cases"))],
            400, 0)
    return redirect(url_for("cases.letter", reference=data["reference"], letter_id=letter_id))


def _step_of(at: dict[str, int], where: str, problem: Problem, last: int) -> int:
    """The step whose input a problem is about; a problem that names no input of the form
    (pointed at its first input only for want of one) waits for the last step."""
    head = problem.field.split(".")[0] if problem.field else ""
    if where not in at or (at[where] == 0 and head and not where.startswith(head)
                           and head not in ("customer_name",)):
        return last
    return at[where]


def _as_decided(data: dict[str, Any], decision: Decision) -> dict[str, Any]:
    """The case as it would stand once the decision is taken today, for checking what the
    officer gave (the record fills in who took it, and when)."""
    role = deciding_role(decision, g.officer.roles) or decision.taken_by[0]
    return {**data, "decision_maker": {"name": g.officer.name, "role": role},
            "decision_date": data.get("decision_date") or _today().isoformat()}


def _propose(form: CaseForm, data: dict[str, Any], stored: StoredCase | None,
             letter_id: str) -> Any:
    """Keep the case's details, propose the decision; take it at once where the officer
    may. The decision maker's queue lists it otherwise."""
    register, policy = _register(), _policy()
    decision_id = str(form.decision)
    details = {k: v for k, v in data.items() if k not in decisions.DECIDED
               and k not in decisions.LETTER}
    kept = stored.case.model_dump(mode="json", exclude_defaults=True) if stored else {}
    base = {**{k: v for k, v in kept.items() if k in decisions.DECIDED}, **details}
    case = Case.model_validate(base)
    if stored:
        if case != stored.case:
            register.save(case, by=g.officer.login, version=_bounded("version", 2**31 - 1))
    else:
        register.add(case, by=g.officer.login)
    changes = {k: v for k, v in data.items() if k in decisions.DECIDED or k in decisions.LETTER}
    proposal_id = decisions.propose(register, data["reference"], decision_id, letter_id,
                                    changes, by=g.officer.login)
    if may_take(policy.decisions[decision_id], g.officer.roles):
        on = dt.date.fromisoformat(data["decision_date"]) if data.get("decision_date") \
            else _today()
        decisions.approve(register, policy, proposal_id, g.officer, on,
                          checked=_letter_check(letter_id))
        return redirect(url_for("cases.letter", reference=data["reference"],
                                letter_id=letter_id))
    return redirect(url_for("cases.case", reference=data["reference"], sent="1"))


def _letter_check(letter_id: str) -> Any:
    def check(data: dict[str, Any]) -> Case:
        return case_from_data(_policy(), data, FORM, letter_id).case
    return check


def _plain(form: CaseForm, problem: Problem) -> str:
    """A problem in plain words: what to enter or select where the letter needs a detail
    that is missing (never the letter's or the detail's id), else the case checks' own."""
    if _NEEDS.search(problem.message) or getattr(problem.message, "id", "") == \
            "required field is missing":
        field = answers.where(form, problem, {})
        found = next((i for i in form.inputs() if i.id == field), None)
        if found is not None:
            label = found.label[:1].lower() + found.label[1:]
            if found.kind in ("radios", "checkboxes", "select"):
                return _("Select %(what)s", what=label)
            return _("Enter %(what)s", what=label)
    return _said(problem)


#: How the case checks say a letter needs a detail the case lacks.
_NEEDS = re.compile(r"\bneeds\b")


def _checked_data(data: dict[str, Any], letter_id: str) -> CaseFile | list[Problem]:
    """The case, or every problem with it. Where a detail has the wrong shape the case
    cannot be modelled, so the rest is checked without it, and the officer hears of
    everything at once (not what follows only from leaving that detail out)."""
    try:
        return case_from_data(_policy(), data, FORM, letter_id)
    except SourceError as exc:
        problems = exc.problems
    shaped = _misshapen(data)
    if not shaped:
        return problems
    rest = {k: v for k, v in data.items() if k not in shaped}
    rest.setdefault("reference", "unchecked")  # its own problem is reported already
    try:
        case_from_data(_policy(), rest, FORM, letter_id)
    except SourceError as exc:
        problems += [p for p in exc.problems if _top(p) not in shaped
                     and not any(f"needs {name}" in p.message for name in shaped)]
    return problems


def _top(problem: Problem) -> str:
    return problem.field.split(".")[0]


def _misshapen(data: dict[str, Any]) -> set[str]:
    """The details that cannot be modelled (missing, or the wrong shape)."""
    from pydantic import ValidationError

    try:
        Case.model_validate(data)
    except ValidationError as exc:
        return {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
    return set()


def _letter_case(case: Case, letter_id: str) -> Case:
    """The case as one letter reads it: signatories kept for another letter, none of
    whom may sign this one, are left out (the decision maker signs it)."""
    signers, _joint = signing_roles(_policy(), letter_id)
    if case.signatories and not any(p.role in signers for p in case.signatories):
        return case.model_copy(update={"signatories": []})
    return case


def _checked(case: Case, letter_id: str) -> CaseFile | list[Problem]:
    return _checked_data(case.model_dump(mode="json", exclude_defaults=True), letter_id)


#: A hint that tells the writer of a case file which YAML key to add, or points to the
#: README's case files section: on the form the field itself is linked instead.
_FILE_HINT = re.compile(r"case file|\b[a-z_]+:(?=[\s,)]|$)")


def _said(problem: Problem) -> str:
    """A problem in the case checks' own words, in the desk's language, as a sentence
    (without a hint that only a case file's writer could follow)."""
    hint = "" if _FILE_HINT.search(problem.hint) else said(problem.hint)
    message = said(problem.message)
    text = f"{message}; {hint}" if hint else message
    return text[:1].upper() + text[1:]
