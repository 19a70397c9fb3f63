"""The register's duties as officers run them, from the command line or the desk: record a
review and make its letter, delete what retention says is due, export what is held about
a person, and write the periodic report. Each reads the policy and the register and
changes the register only through its API, so every change is in the audit log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.output import sha256
from generator.register.access import access_export, matching, write_private
from generator.register.due import rules_for
from generator.register.kept import all_cases, all_facts, deletions
from generator.register.report import Figures, Period, figures, write_report
from generator.register.retention import Purge, purge_due
from generator.register.store import Register, StoredCase
from generator.source.errors import Problem, Said, SourceError
from generator.source.model import OutcomeKind, Policy, Purpose

__all__ = [
    "make_review_letter", "purge", "record_review", "report", "review_letter", "review_outcomes",
    "subject_access", "write_reports",
]


def _refused(reference: str, field: str, message: str, hint: str) -> SourceError:
    return SourceError([Problem(f"register:{reference}", 0, field, message, hint)])


def _kept(register: Register, reference: str) -> StoredCase:
    stored = register.get(reference)
    if stored is None:
        raise _refused(reference, "reference", "no such case in the register",
                       "give the reference of a kept case (policy cases due lists them)")
    return stored


def review_outcomes(policy: Policy, stage: str | None) -> list[str]:
    """The outcomes a review of a case at ``stage`` may reach: its case reviews' own lists
    where they give them, else the stage's outcomes, else every kind."""
    listed = [str(k) for _, rule in rules_for(policy, stage) for k in rule.outcomes]
    staged = [str(o.kind) for o in policy.stages[stage].outcomes] if stage in policy.stages \
        else []
    return list(dict.fromkeys(listed or staged or [str(k) for k in OutcomeKind]))


def record_review(register: Register, policy: Policy, reference: str, *, held_on: dt.date,
                  outcome: str, notes: str, by: str) -> StoredCase:
    """Record a review held on a kept case, refusing an outcome the policy does not allow."""
    stored = _kept(register, reference)
    allowed = review_outcomes(policy, stored.case.stage)
    if outcome not in allowed:
        raise _refused(reference, "outcome", Said("'%(outcome)s' is not an outcome of this "
                                                  "review", outcome=outcome),
                       f"give one of: {', '.join(allowed)}")

    register.record_review(reference, held_on=held_on, outcome=outcome, notes=notes, by=by)
    return _kept(register, reference)


def review_letter(policy: Policy, stage: str | None) -> str | None:
    """The review outcome letter for a case at ``stage``: the stage's own, else the one
    letter of that purpose for no particular stage."""
    letters = [(lid, letter) for lid, letter in policy.letters.items()
               if letter.purpose == Purpose.review_outcome]
    own = [lid for lid, letter in letters if letter.stage == stage]
    return next(iter(own or [lid for lid, letter in letters if letter.stage is None]), None)


def make_review_letter(register: Register, policy: Policy, source: Path, reference: str, *,
                       out_dir: Path, by: str, force: bool = False) -> Path:
    """Write the letter telling the customer their last review's outcome, keep the case's
    outcome and letter date, and record the letter with its hash."""
    from generator.letters.case import Case, CaseFile
    from generator.letters.documents import write_case_letter

    stored = _kept(register, reference)
    if not stored.reviews:
        raise _refused(reference, "reviews", "no review has been recorded",
                       "record the review first")
    letter_id = review_letter(policy, stored.case.stage)
    if letter_id is None:
        raise _refused(reference, "letter", "the policy has no review outcome letter",
                       "add a letter with purpose: review_outcome to letters.yaml")
    review = stored.reviews[-1]
    case = Case.model_validate({**stored.case.model_dump(mode="json"),
                                "outcome": review.outcome,
                                "letter_date": review.held_on.isoformat()})
    loaded = CaseFile(case, case.model_dump(mode="json"), f"register:{reference}")
    path = write_case_letter(policy, source, letter_id, loaded, out_dir, force)
    register.save(case, by=by, version=stored.version)
    register.record_letter(reference, letter_id,
                           docx_sha256=sha256(path.read_bytes()),
                           pdf_sha256=None, sent_on=review.held_on, by=by)
    return path


def purge(register: Register, policy: Policy, on: dt.date, *, by: str,
          dry_run: bool) -> Purge:
    """Delete every case whose retention period is over (none with ``dry_run``), each
    deletion in the audit log with its rule and dates, never the case's details."""
    due = purge_due(policy, all_facts(register), on)
    if not dry_run:
        for expired in due.expired:
            register.delete(expired.reference, by=by, reason=expired.reason)
    return due


def subject_access(register: Register, policy: Policy, who: str, to: Path,
                   on: dt.date) -> tuple[Path, list[str]]:
    """Write everything held about the person (a reference or a name) to ``to``."""
    records = matching(all_cases(register), who)
    if not records:
        raise _refused(who, "", "no case in the register has this reference or name",
                       "give a case's reference, or the customer's full name as kept")
    data = access_export(records, register.audit(), policy.policy.council.name, on)
    return write_private(to, data), [r.reference for r in records]


def report(register: Register, policy: Policy, period: Period) -> Figures:
    return figures(policy, all_facts(register), period, deletions(register))


def write_reports(policy: Policy, fig: Figures, out: Path) -> list[Path]:
    """The report as ``out`` (.docx or .html), or both beside each other when ``out`` is a
    folder."""
    if out.suffix.lower() in (".docx", ".html"):
        return [write_report(policy, fig, out)]
    stem = f"register-report-{fig.period.start.isoformat()}-{fig.period.end.isoformat()}"
    return [write_report(policy, fig, out / f"{stem}{suffix}") for suffix in (".docx", ".html")]


