"""The desk's case pages: the list of kept cases, a case, its form for a letter, the
letter's preview and its downloads.
"""

from __future__ import annotations

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

from generator.desk import answers
from generator.desk.auth import may_record
from generator.desk.form import SPARE_INCIDENTS, CaseForm
from generator.desk.i18n import _, policy_text, said
from generator.desk.letter import letter_day, letter_docx, letter_pdf, preview, printed_pages
from generator.desk.register_views import case_list
from generator.languages.welsh_letters import welsh
from generator.letters.case import Case, CaseFile, case_from_data
from generator.register.store import Duplicate, Stale, StoredCase
from generator.source.errors import Problem, SourceError
from generator.source.model import Policy
from generator.source.queries import letter_decision
from generator.source.wording import deciders

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
    return case_list()  # search, filters and pages: the register's pages own the list


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
    return _show_form(CaseForm(_policy(), letter_id), MultiDict({"language": "english"}), None)


@cases.route("/cases/new", methods=["POST"])
def create() -> Any:
    return _submit(_letter_id(request.args.get("letter")), None)


@cases.route("/cases/<path:reference>/letters/<letter_id>/edit")
def edit(reference: str, letter_id: str) -> Any:
    stored = _stored(reference)
    form = _form(_letter_id(letter_id), stored.case.model_dump(mode="json"), stored)
    return _show_form(form, answers.values(form, stored.case.model_dump(mode="json")), stored)


@cases.route("/cases/<path:reference>/letters/<letter_id>/edit", methods=["POST"])
def update(reference: str, letter_id: str) -> Any:
    return _submit(_letter_id(letter_id), _stored(reference))


@cases.route("/cases/<path:reference>/letters/<letter_id>")
def letter(reference: str, letter_id: str) -> Any:
    stored = _stored(reference)
    letter_id = _letter_id(letter_id)
    checked = _checked(stored.case, letter_id)
    if isinstance(checked, list):  # the kept case lacks what this letter needs
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    try:
        docx = letter_docx(_policy(), current_app.config["DESK_SOURCE"], letter_id,
                           stored.case)
    except SourceError as exc:
        return render_template("error.html", code=500, problems=exc.problems), 500
    return render_template("preview.html", stored=stored, letter_id=letter_id,
                           title=dict((i, t) for i, t, _w in _letters())[letter_id],
                           preview=preview(docx), lang=LETTER_LANGUAGE.get(
                               stored.case.language))


@cases.route("/cases/<path:reference>/letters/<letter_id>/printed")
def printed(reference: str, letter_id: str) -> Any:
    """The letter's PDF pages with the bands the print house keeps blank in red, and
    what it would refuse (the pre-flight, generator.letters.preflight)."""
    stored = _stored(reference)
    letter_id = _letter_id(letter_id)
    if isinstance(_checked(stored.case, letter_id), list):
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    try:
        docx = letter_docx(_policy(), current_app.config["DESK_SOURCE"], letter_id,
                           stored.case)
        pages, findings = printed_pages(docx, letter_day(stored.case),
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
    if isinstance(_checked(stored.case, letter_id), list):
        return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))
    data = current_app.config["DESK_DATA"]
    try:
        docx = letter_docx(_policy(), current_app.config["DESK_SOURCE"], letter_id,
                           stored.case)
        pdf = letter_pdf(docx, letter_day(stored.case), data,
                         _policy().letters[letter_id]) if kind == "pdf" else None
    except SourceError as exc:
        return render_template("error.html", code=500, problems=exc.problems), 500
    # kept once with its files: the same letter downloaded again (or as PDF) is one letter
    _register().keep_letter(reference, letter_id, docx=docx, pdf=pdf,
                            sent_on=letter_day(stored.case), by=g.officer.login)
    name = f"{reference.replace('/', '-')}_{letter_id}.{kind}"
    body, mimetype = (pdf, "application/pdf") if pdf else (
        docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=name)


@cases.route("/cases/<path:reference>")
def case(reference: str) -> Any:
    stored = _stored(reference)
    titles = {i: t for i, t, _w in _letters()}
    return render_template("case.html", stored=stored, letters=_letters(), titles=titles,
                           action=url_for("cases.pick", reference=reference), names=_names())


@cases.route("/cases/<path:reference>/letter")
def pick(reference: str) -> Any:
    """The letter picked on a case's page (a GET form, so it works without script)."""
    stored = _stored(reference)
    letter_id = request.args.get("letter")
    if letter_id not in _policy().letters:
        return render_template("choose.html", letters=_letters(), stored=stored,
                               action=url_for("cases.pick", reference=reference),
                               errors=[("letter", _("Select the letter to make"))]), 400
    return redirect(url_for("cases.edit", reference=reference, letter_id=letter_id))


# -- the form -----------------------------------------------------------------------------

def _form(letter_id: str, data: dict[str, Any], stored: StoredCase | None) -> CaseForm:
    rows = len(data.get("incidents") or [])
    return CaseForm(_policy(), letter_id, stage=data.get("stage") or (
        stored.case.stage if stored else None), incidents=rows)


def _show_form(form: CaseForm, values: MultiDict, stored: StoredCase | None,
               errors: list[tuple[str, str]] | None = None, status: int = 200) -> Any:
    by_field: dict[str, list[str]] = {}
    for field, message in errors or []:
        by_field.setdefault(field, []).append(message)
    action = url_for("cases.update", reference=stored.reference, letter_id=form.letter_id) \
        if stored else url_for("cases.create", letter=form.letter_id)
    title = dict((i, t) for i, t, _w in _letters())[form.letter_id]
    return render_template("case_form.html", form=form, groups=form.groups(), values=values,
                           errors=errors or [], by_field=by_field, stored=stored,
                           action=action, title=title), status


def _submit(letter_id: str, stored: StoredCase | None) -> Any:
    """Check the form as a case file is checked; keep the case and show its letter."""
    policy = _policy()
    kept = stored.case.model_dump(mode="json", exclude_defaults=True) if stored else {}
    rendered = int(request.form.get("incident_rows", "0") or 0)
    filled = [n for n in range(rendered + SPARE_INCIDENTS)
              if any(request.form.get(f"incidents-{n}-{k}") for k in ("date", "summary"))]
    form = CaseForm(policy, letter_id, stage=request.form.get("stage") or kept.get("stage"),
                    incidents=max([rendered, *(n + 1 for n in filled)]))
    data = answers.read(form, request.form, kept)
    if stored:
        data["reference"] = stored.reference
    problems, status = _permission(letter_id), 403
    checked = _checked_data(data, letter_id)
    if isinstance(checked, list):
        problems, status = [*problems, *checked], 400 if not problems else 403
    if problems:
        errors = [(answers.where(form, p, data), _said(p)) for p in problems]
        return _show_form(form, request.form, stored, errors, status)
    assert isinstance(checked, CaseFile)
    try:
        if stored:
            _register().save(checked.case, by=g.officer.login,
                             version=int(request.form.get("version", 0)))
        else:
            _register().add(checked.case, by=g.officer.login)
    except Stale:
        return _show_form(form, request.form, stored, [(form.inputs()[0].id, _(
            "Someone else saved this case while you were editing it; open it again to see "
            "their changes"))], 409)
    except Duplicate:
        return _show_form(form, request.form, stored, [("reference", _(
            "A case with this reference is kept already; open it from the list of cases"))],
            400)
    return redirect(url_for("cases.letter", reference=checked.case.reference,
                            letter_id=letter_id))


def _permission(letter_id: str) -> list[Problem]:
    """A decision is recorded only by an officer whose role may take it."""
    policy = _policy()
    decision_id = letter_decision(policy, policy.letters[letter_id])
    decision = policy.decisions.get(decision_id or "")
    if decision is None or may_record(g.officer.roles, decision):
        return []
    return [Problem(FORM, 0, "decision_maker.role", _(
        "your role may not record the decision '%(decision)s'", decision=decision.title),
        _("by the decision matrix it is taken by the %(roles)s", roles=deciders(
            policy, decision)))]


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
