"""The desk's register pages: the case list (search, filters, sorting, pages), reviews due
(with recording a review and making its letter), purge (listed first, deleted only on
confirmation), the periodic report, subject access, letters as sent, a case's audit
trail and the marker feed for a CRM. Each calls the same functions as `policy cases ...`.

Who may read each page is asked of :func:`permitted`, a hook: it asks the function the app
keeps in ``DESK_PERMITS`` (officer, duty) where there is one, and lets every signed-in
officer in where there is none, until the desk's permissions module takes it over."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
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

from generator.cases.case import Case
from generator.desk.i18n import _, said
from generator.output import remove_stale, temporary_folder
from generator.register import actions
from generator.register.access import access_export, people_named
from generator.register.disclosures import of_cases
from generator.register.due import parse_within, unsaid
from generator.register.kept import all_facts
from generator.register.lists import SORTS, CaseQuery, due_page, find_cases
from generator.register.report import Period, default_period, write_report
from generator.register.retention import purge_due
from generator.register.upkeep import refresh
from generator.source.errors import SourceError
from generator.source.model import Policy

__all__ = ["TEMPORARY", "case_list", "permitted", "register_pages", "remove_leftovers"]

#: The start of the name of every temporary folder the desk makes in its data folder
#: (generator.desk.letter's too), each removed on the way out and, after a crash, on start.
TEMPORARY = ".desk-"


def remove_leftovers(folder: Path) -> None:
    """Remove what a desk that stopped without tidying left in its data folder: temporary
    folders of processes no longer running, and report files of earlier versions."""
    remove_stale(folder, TEMPORARY)
    for left in folder.glob(".report-*"):
        left.unlink(missing_ok=True)

register_pages = Blueprint("register", __name__, url_prefix="/register")


def _policy() -> Policy:
    return current_app.config["DESK_POLICY"]


def _register() -> Any:
    return current_app.config["DESK_REGISTER"]


def _today() -> dt.date:
    return dt.date.fromtimestamp(current_app.config["DESK_CLOCK"]())


#: The duties a page may need, for :func:`permitted`.
DUTIES = ("cases", "due", "review", "purge", "report", "access", "letters", "audit",
          "markers")


def permitted(duty: str) -> bool:
    """Whether the signed-in officer may do ``duty`` (one of :data:`DUTIES`): the app's
    ``DESK_PERMITS`` decides where it has one; otherwise every signed-in officer may."""
    check = current_app.config.get("DESK_PERMITS")
    return bool(check(g.officer, duty)) if check else True


def needs(duty: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A page only for officers :func:`permitted` to do ``duty``: 403 for anyone else."""
    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not permitted(duty):
                abort(403)
            return view(*args, **kwargs)
        return checked
    return wrap


#: The due filter's choices: none, overdue, or due within a period.
DUE_CHOICES = ("", "overdue", "30d", "3m")


def _number(name: str, default: int, most: int) -> int:
    """A positive whole number from the address, else ``default``; never above ``most``."""
    text = request.args.get(name, "")
    return min(int(text), most) if text.isdigit() and len(text) <= 20 and int(text) else \
        default


def _query(errors: list[tuple[str, str]]) -> CaseQuery:
    """The list's search, filters, order and page from the address; an unknown value is
    left out (and said, for what the officer typed)."""
    args, policy = request.args, _policy()
    stage = args.get("stage", "")
    status = args.get("status", "open")
    text = args.get("q", "")[:100]
    if len(args.get("q", "")) > 100:
        errors.append(("q", _("Enter at most 100 characters")))
    due_by = None
    if (due := args.get("due", "")) in DUE_CHOICES[1:]:
        due_by = _today() - dt.timedelta(days=1) if due == "overdue" else \
            _until(parse_within(due))
    return CaseQuery(
        text=text, stage=stage if stage in policy.stages else None,
        officer=str(args.get("officer", ""))[:100] or None, due_by=due_by,
        closed={"open": False, "closed": True}.get(status),
        sort=str(args.get("sort")) if args.get("sort") in SORTS else "reference",
        descending=args.get("order") == "desc", page=_number("page", 1, 10**6))


def _until(within: Any) -> dt.date:
    from generator.source.workdays import add_period

    return add_period(_today(), within, _policy().policy.council.nation)


def _listing(template: str, **values: Any) -> Any:
    """A list page with its filters' choices and the address of each other page."""
    args = {k: v for k, v in request.args.items() if k != "page"}

    def page_url(number: int, **changes: str) -> str:
        values: dict[str, Any] = {**args, **changes, "page": str(number)}
        return url_for(request.endpoint or "", **values)

    officers = [o.login for o in _register().officers()]
    return render_template(template, stages=_stage_names(), officers=officers,
                           page_url=page_url, args=request.args, today=_today(), **values)


def _stage_names() -> dict[str, str]:
    from generator.desk.i18n import policy_text
    from generator.letters.welsh_letters import welsh

    policy = _policy()
    view = welsh(policy) if policy.policy.welsh else None
    return {k: policy_text(s.name, view.stages[k].name if view else None)
            for k, s in policy.stages.items()}


@needs("cases")
def case_list() -> Any:
    """The kept cases: search by name, reference or postcode, filters, order and pages."""
    errors: list[tuple[str, str]] = []
    query = _query(errors)
    refresh(_register(), _policy())
    page = find_cases(_register(), query)
    return _listing("register_cases.html", page=page, errors=errors), 400 if errors else 200


register_pages.add_url_rule("/cases", "cases", case_list)


@register_pages.route("/due")
@needs("due")
def due() -> Any:
    text = request.args.get("within", "30d")
    errors, within = [], None
    try:
        within = parse_within(text) if text else None
    except ValueError:
        errors = [("within", _("Enter a period such as 30d, 2w or 3m"))]
    query = _query(errors)
    page, until = due_page(_register(), _policy(), _today(), within,
                           replace(query, sort=request.args.get("sort") or "due"))
    return _listing("register_due.html", page=page, until=until, within=text,
                    unsaid=unsaid(_policy()), errors=errors), 400 if errors else 200


def _review_form(reference: str, errors: list[tuple[str, str]], values: dict[str, str],
                 status: int = 200) -> Any:
    stored = _register().get(reference)
    if stored is None:
        abort(404)
    outcomes = actions.review_outcomes(_policy(), stored.case.stage)
    return render_template("register_review.html", stored=stored, outcomes=outcomes,
                           errors=errors, values=values,
                           letter=actions.review_letter(_policy(), stored.case.stage)), status


@register_pages.route("/review/<path:reference>")
@needs("review")
def review(reference: str) -> Any:
    return _review_form(reference, [], {"held_on": _today().isoformat()})


@register_pages.route("/review/<path:reference>", methods=["POST"])
@needs("review")
def record(reference: str) -> Any:
    form = request.form
    values = {k: form.get(k, "") for k in ("held_on", "outcome", "notes")}
    errors = []
    try:
        held_on = dt.date.fromisoformat(values["held_on"])
        if held_on > _today():
            errors.append(("held_on", _("The review date must be today or in the past")))
    except ValueError:
        errors.append(("held_on", _("Enter the date the review was held")))
    if not values["outcome"]:
        errors.append(("outcome", _("Select the review's outcome")))
    if errors:
        return _review_form(reference, errors, values, 400)
    policy, register = _policy(), _register()
    try:
        actions.record_review(register, policy, reference, held_on=held_on,
                              outcome=values["outcome"], notes=values["notes"],
                              by=g.officer)
    except SourceError as exc:
        return _review_form(reference, [("outcome", said(p.message)) for p in exc.problems],
                            values, 400)
    letter_id = actions.review_letter(policy, register.get(reference).case.stage)
    if form.get("letter") and letter_id:
        stored = register.get(reference)
        case = Case.model_validate({**stored.case.model_dump(mode="json"),
                                    "outcome": values["outcome"],
                                    "letter_date": held_on.isoformat()})
        register.save(case, by=g.officer.login, version=stored.version)
        return redirect(url_for("cases.letter", reference=reference, letter_id=letter_id))
    return redirect(url_for("register.due"))


@register_pages.route("/purge")
@needs("purge")
def purge() -> Any:
    listed = purge_due(_policy(), all_facts(_register()), _today())
    return render_template("register_purge.html", listed=listed, errors=[])


@register_pages.route("/purge", methods=["POST"])
@needs("purge")
def confirm_purge() -> Any:
    if request.form.get("confirm") != "yes":
        listed = purge_due(_policy(), all_facts(_register()), _today())
        return render_template("register_purge.html", listed=listed, errors=[
            ("confirm", _("Confirm that these cases should be deleted"))]), 400
    done = actions.purge(_register(), _policy(), _today(), by=g.officer, dry_run=False)
    return render_template("register_purged.html", done=done)


def _period() -> tuple[Period | None, list[tuple[str, str]]]:
    """The report's period: its first and last days (``from`` and ``to``), else the older
    ``period`` (START..END), else the policy's own."""
    args = request.args
    start, end, text = args.get("from", ""), args.get("to", ""), args.get("period", "")
    if text and not (start or end):
        try:
            return Period.parse(text), []
        except ValueError:
            return None, [("from", _("Enter the period's first and last days"))]
    if not (start or end):
        return default_period(_policy(), _today()), []
    days, errors = {}, []
    for name, value, message in (("from", start, _("Enter the period's first day")),
                                 ("to", end, _("Enter the period's last day"))):
        try:
            days[name] = dt.date.fromisoformat(value)
        except ValueError:
            errors.append((name, message))
    if errors:
        return None, errors
    try:
        return Period.between(days["from"], days["to"]), []
    except ValueError:
        return None, [("to", _("The last day must be the same as or after the first day"))]


@register_pages.route("/report")
@needs("report")
def report() -> Any:
    period, errors = _period()
    fig = actions.report(_register(), _policy(), period) if period else None
    return render_template("register_report.html", period=period, fig=fig, errors=errors,
                           policy=_policy()), 400 if errors else 200


@register_pages.route("/report/<kind>")
@needs("report")
def report_file(kind: str) -> Any:
    """The report as .docx or as the HTML page to publish: numbers only, no names."""
    period, _errors = _period()
    if kind not in ("docx", "html") or period is None:
        abort(404)
    fig = actions.report(_register(), _policy(), period)
    with temporary_folder(Path(current_app.config["DESK_DATA"]), TEMPORARY) as folder:
        body = write_report(_policy(), fig, folder / f"report.{kind}").read_bytes()
    name = f"register-report-{period.start.isoformat()}-{period.end.isoformat()}.{kind}"
    mimetype = "text/html" if kind == "html" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=name)


@register_pages.route("/audit/<path:reference>")
@needs("audit")
def audit(reference: str) -> Any:
    entries = _register().audit(reference)
    if not entries:
        abort(404)
    return render_template("register_audit.html", reference=reference, entries=entries)


@register_pages.route("/access")
@needs("access")
def access() -> Any:
    """Subject access: the people a name or reference finds, each apart, to export."""
    who = request.args.get("who", "").strip()[:200]
    refresh(_register(), _policy())
    people = people_named(actions.candidates(_register(), who), who) if who else []
    counts = Counter(d.reference for d in of_cases(
        _register(), [r.reference for p in people for r in p.records]))
    return render_template("register_access.html", who=who, people=people, errors=[],
                           told=[sum(counts[r.reference] for r in p.records) for p in people])


@register_pages.route("/access", methods=["POST"])
@needs("access")
def access_file() -> Any:
    """Everything held about the people chosen (one, unless the officer chose more), as
    the JSON file ``policy cases access`` writes, straight to the officer's browser."""
    who = request.form.get("who", "").strip()[:200]
    people = people_named(actions.candidates(_register(), who), who) if who else []
    chosen = set(request.form.getlist("person"))
    picked = [p for i, p in enumerate(people, 1) if str(i) in chosen]
    if not picked:
        return render_template("register_access.html", who=who, people=people, errors=[
            ("person-1", _("Select the person whose records to export"))]), 400
    records = [r for person in picked for r in person.records]
    data = access_export(records, _register().audit(), _policy().policy.council.name,
                         _today(), of_cases(_register(), [r.reference for r in records]))
    body = json.dumps(data, indent=2, ensure_ascii=False).encode() + b"\n"
    name = f"subject-access-{records[0].reference.replace('/', '-')}.json"
    return send_file(io.BytesIO(body), mimetype="application/json", as_attachment=True,
                     download_name=name)


@register_pages.route("/letters/<path:reference>/<int:letter>.<kind>")
@needs("letters")
def letter_as_sent(reference: str, letter: int, kind: str) -> Any:
    """A kept letter's Word file or PDF, the bytes sent: downloading it records nothing."""
    if kind not in ("docx", "pdf"):
        abort(404)
    body = _register().letter_file(reference, letter, kind)
    if body is None:
        abort(404)
    mimetype = "application/pdf" if kind == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=f"{reference.replace('/', '-')}_{letter}.{kind}")


@register_pages.route("/markers")
@needs("markers")
def markers() -> Any:
    """The marker feed: how many restrictions are live, the last feed made, and the
    buttons that make the next one (each recorded)."""
    from generator.register.markers import live_markers, previous_feed

    return render_template("register_markers.html", live=live_markers(
        _register(), _policy(), _today()), last=previous_feed(_register()), errors=[])


@register_pages.route("/markers", methods=["POST"])
@needs("markers")
def marker_feed() -> Any:
    """The feed (every live marker, or the changes since the last feed) as JSON or CSV,
    straight to the officer's browser; recorded as a feed made, in the audit log."""
    from generator.register.markers import FORMATS, feed_bytes, make_feed

    form, changes = request.form.get("format", ""), request.form.get("changes") == "yes"
    if form not in FORMATS:
        abort(400)
    made = make_feed(_register(), _policy(), _today(), by=g.officer.login)
    body = feed_bytes(_policy(), made, form, changes)
    name = f"markers-{made.as_of.isoformat()}{'-changes' if changes else ''}.{form}"
    mimetype = "application/json" if form == "json" else "text/csv"
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=name)
