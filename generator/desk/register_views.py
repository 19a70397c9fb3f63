"""The desk's register pages: reviews due (with recording a review and making its letter),
purge (listed first, deleted only on confirmation), the periodic report, and a case's
audit trail. Each calls the same functions as `policy cases ...`."""

from __future__ import annotations

import datetime as dt
import io
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

from generator.desk.i18n import _, said
from generator.letters.case import Case
from generator.register import actions
from generator.register.due import parse_within, reviews_due
from generator.register.kept import all_facts
from generator.register.report import Period, default_period, write_report
from generator.register.retention import purge_due
from generator.source.errors import SourceError
from generator.source.model import Policy

__all__ = ["register_pages"]

register_pages = Blueprint("register", __name__, url_prefix="/register")


def _policy() -> Policy:
    return current_app.config["DESK_POLICY"]


def _register() -> Any:
    return current_app.config["DESK_REGISTER"]


def _today() -> dt.date:
    return dt.date.fromtimestamp(current_app.config["DESK_CLOCK"]())


@register_pages.route("/due")
def due() -> Any:
    text = request.args.get("within", "30d")
    errors, within = [], None
    try:
        within = parse_within(text) if text else None
    except ValueError:
        errors = [("within", _("Enter a period such as 30d, 2w or 3m"))]
    today = _today()
    listed = reviews_due(_policy(), all_facts(_register()), today, within)
    return render_template("register_due.html", listed=listed, today=today, within=text,
                           errors=errors), 400 if errors else 200


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
def review(reference: str) -> Any:
    return _review_form(reference, [], {"held_on": _today().isoformat()})


@register_pages.route("/review/<path:reference>", methods=["POST"])
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
def purge() -> Any:
    listed = purge_due(_policy(), all_facts(_register()), _today())
    return render_template("register_purge.html", listed=listed, errors=[])


@register_pages.route("/purge", methods=["POST"])
def confirm_purge() -> Any:
    if request.form.get("confirm") != "yes":
        listed = purge_due(_policy(), all_facts(_register()), _today())
        return render_template("register_purge.html", listed=listed, errors=[
            ("confirm", _("Confirm that these cases should be deleted"))]), 400
    done = actions.purge(_register(), _policy(), _today(), by=g.officer, dry_run=False)
    return render_template("register_purged.html", done=done)


def _period() -> tuple[Period | None, list[tuple[str, str]]]:
    text = request.args.get("period", "")
    if not text:
        return default_period(_policy(), _today()), []
    try:
        return Period.parse(text), []
    except ValueError:
        return None, [("period", _("Enter the period as START..END, such as "
                                   "2026-04-01..2027-03-31"))]


@register_pages.route("/report")
def report() -> Any:
    period, errors = _period()
    fig = actions.report(_register(), _policy(), period) if period else None
    return render_template("register_report.html", period=period, fig=fig, errors=errors,
                           policy=_policy()), 400 if errors else 200


@register_pages.route("/report/<kind>")
def report_file(kind: str) -> Any:
    """The report as .docx or as the HTML page to publish: numbers only, no names."""
    period, _errors = _period()
    if kind not in ("docx", "html") or period is None:
        abort(404)
    fig = actions.report(_register(), _policy(), period)
    folder = current_app.config["DESK_DATA"]
    target = Path(folder) / f".report-{g.officer.login}.{kind}"
    try:
        body = write_report(_policy(), fig, target).read_bytes()
    finally:
        target.unlink(missing_ok=True)
    name = f"register-report-{period.start.isoformat()}-{period.end.isoformat()}.{kind}"
    mimetype = "text/html" if kind == "html" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=name)


@register_pages.route("/audit/<path:reference>")
def audit(reference: str) -> Any:
    entries = _register().audit(reference)
    if not entries:
        abort(404)
    return render_template("register_audit.html", reference=reference, entries=entries)
