"""The register's duties as officers run them, from the command line or the desk: record a
review and make its letter, delete what retention says is due, export what is held about
a person, and write the periodic report. Each reads the policy and the register and
changes the register only through its API, so every change is in the audit log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import or_, select

from generator.cases.case import TITLES
from generator.private import refuse_shared
from generator.register import schema
from generator.register.access import access_export, people_named, write_private
from generator.register.disclosures import of_cases
from generator.register.due import rules_for
from generator.register.kept import all_facts
from generator.register.permissions import READS, may_read, refusals
from generator.register.report import Figures, Period, write_report
from generator.register.retention import Purge, purge_due
from generator.register.store import Officer, Register, StoredCase, postcode_key, search_key
from generator.register.tally import kept_figures
from generator.register.upkeep import refresh
from generator.source.errors import Problem, Said, SourceError
from generator.source.model import Outcome, OutcomeKind, Policy, Purpose, StageKind

__all__ = [
    "candidates", "ends_case", "make_review_letter", "officer_of", "purge", "record_review",
    "report", "require",
    "review_letter", "review_outcomes", "subject_access", "write_reports",
]


def _refused(reference: str, field: str, message: str, hint: str) -> SourceError:
    return SourceError([Problem(f"register:{reference}", 0, field, message, hint)])


def _kept(register: Register, reference: str) -> StoredCase:
    stored = register.get(reference)
    if stored is None:
        raise _refused(reference, "reference", "no such case in the register",
                       "give the reference of a kept case (policy cases due lists them)")
    return stored


def officer_of(register: Register, login: str) -> Officer:
    """The officer with this login, refused unless their account exists and is enabled."""
    officer = register.officer(login)
    if officer is None or officer.disabled:
        raise SourceError([Problem("--by", 0, "", Said(
            "'%(login)s' has no account in the register, or it is disabled", login=login),
            "ask an administrator for an account (policy desk --add-officer), or give --by "
            "LOGIN")])
    return officer


def require(policy: Policy, officer: Officer, what: str) -> None:
    """Refuse unless the officer's roles may read ``what`` (see the permissions module)."""
    if not may_read(policy, officer, what):
        raise SourceError([Problem("register", 0, "", Said(
            "your roles may not open %(what)s", what=READS[what]),
            "the policy's roles say who may (roles.yaml, decisions.yaml, reviews.yaml)")])


def review_outcomes(policy: Policy, stage: str | None) -> list[str]:
    """The outcomes a review of a case at ``stage`` may reach: its case reviews' own lists
    where they give them, else the stage's outcomes, else every kind."""
    listed = [str(k) for _, rule in rules_for(policy, stage) for k in rule.outcomes]
    staged = [str(o.kind) for o in policy.stages[stage].outcomes] if stage in policy.stages \
        else []
    return list(dict.fromkeys(listed or staged or [str(k) for k in OutcomeKind]))


def record_review(register: Register, policy: Policy, reference: str, *, held_on: dt.date,
                  outcome: str, notes: str, by: Officer) -> StoredCase:
    """Record a review held on a kept case, refusing an outcome the policy does not allow
    or a reviewer whose roles may not take the decision that chooses it."""
    stored = _kept(register, reference)
    allowed = review_outcomes(policy, stored.case.stage)
    if outcome not in allowed:
        raise _refused(reference, "outcome", Said("'%(outcome)s' is not an outcome of this "
                                                  "review", outcome=outcome),
                       f"give one of: {', '.join(allowed)}")
    old = stored.case.model_dump(mode="json")
    problems = refusals(policy, by.roles, {**old, "outcome": None}, {**old, "outcome": outcome},
                        where=f"register:{reference}")
    if problems:
        raise SourceError(problems)
    register.record_review(reference, held_on=held_on, outcome=outcome, notes=notes,
                           by=by.login)
    if ends_case(policy, stored.case.stage, outcome):
        moved = _outcome(policy, stored.case.stage, outcome)
        if moved and moved.to and moved.to != stored.case.stage:
            case = stored.case.model_copy(update={"stage": moved.to})
            register.save(case, by=by.login, version=_kept(register, reference).version)
        register.close_case(reference, on=held_on, by=by.login)
    return _kept(register, reference)


def _outcome(policy: Policy, stage: str | None, outcome: str) -> Outcome | None:
    outcomes = policy.stages[stage].outcomes if stage in policy.stages else []
    return next((o for o in outcomes if str(o.kind) == outcome), None)


def ends_case(policy: Policy, stage: str | None, outcome: str) -> bool:
    """Whether a review's ``outcome`` ends the case: ``close``, or an outcome of the stage
    that moves the case to a dormant stage. The case is then closed on the review's day,
    so nothing more falls due and its retention counts from then."""
    moved = _outcome(policy, stage, outcome)
    dormant = bool(moved and moved.to in policy.stages
                   and policy.stages[moved.to].kind == StageKind.dormant)
    return outcome == OutcomeKind.close or dormant


def review_letter(policy: Policy, stage: str | None) -> str | None:
    """The review outcome letter for a case at ``stage``: the stage's own, else the one
    letter of that purpose for no particular stage."""
    letters = [(lid, letter) for lid, letter in policy.letters.items()
               if letter.purpose == Purpose.review_outcome]
    own = [lid for lid, letter in letters if letter.stage == stage]
    return next(iter(own or [lid for lid, letter in letters if letter.stage is None]), None)


def make_review_letter(register: Register, policy: Policy, reference: str, *,
                       out_dir: Path, by: str, force: bool = False) -> Path:
    """Write the letter telling the customer their last review's outcome, keep the case's
    outcome and letter date, and record the letter with its hash."""
    from generator.cases.case import Case, CaseFile
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
    path = write_case_letter(policy, letter_id, loaded, out_dir, force)
    register.save(case, by=by, version=stored.version)
    register.keep_letter(reference, letter_id, docx=path.read_bytes(), pdf=None,
                         sent_on=review.held_on, by=by)
    return path


def purge(register: Register, policy: Policy, on: dt.date, *, by: Officer,
          dry_run: bool) -> Purge:
    """Delete every case whose retention period is over (none with ``dry_run``), each
    deletion in the audit log with its rule and dates, never the case's details."""
    require(policy, by, "purge")
    due = purge_due(policy, all_facts(register), on)
    if not dry_run:
        for expired in due.expired:
            register.delete(expired.reference, by=by.login, reason=expired.reason)
    return due


def candidates(register: Register, who: str) -> list[StoredCase]:
    """The kept cases that may be of the person ``who`` names (a reference, or a name
    with or without a title), found by the indexed reference and name key and read
    whole: the few that :func:`~generator.register.access.people_named` sorts out."""
    cases = schema.cases
    words = search_key(who).split()
    keys = {" ".join(words), " ".join(words[1:] if words and words[0].rstrip(".") in TITLES
                                      else words)}
    own = select(cases.c.name_key).where(cases.c.reference == who).scalar_subquery()
    with register.engine.connect() as connection:
        references = connection.scalars(select(cases.c.reference).where(
            or_(cases.c.reference == who, cases.c.name_key.in_(keys),
                cases.c.name_key == own)).order_by(cases.c.reference)).all()
    return [stored for reference in references if (stored := register.get(reference))]


def subject_access(register: Register, policy: Policy, who: str, to: Path, on: dt.date, *,
                   postcode: str | None = None, force: bool = False) -> tuple[Path, list[str]]:
    """Write everything held about one person (a case's reference, or a name with, where
    several people have it, their postcode) to ``to``; never over a file without
    ``force``, never where personal data may not go (:mod:`generator.private`), and never
    several people's cases together."""
    refuse_shared(to, "--to")
    if to.exists() and not force:
        raise SourceError([Problem(str(to), 0, "--to", "the file exists already",
                                   "give another file, or --force to replace it")])
    refresh(register, policy)  # the search keys of cases kept before migration 0003
    people = people_named(candidates(register, who), who)
    if postcode:
        people = [p for p in people if p.postcode == postcode_key(postcode)]
    if not people:
        raise _refused(who, "", "no case in the register has this reference or name"
                       + (" at this postcode" if postcode else ""),
                       "give a case's reference, or the customer's full name as kept")
    if len(people) > 1:
        raise _refused(who, "", f"{len(people)} people of this name are kept, at different "
                       "addresses: " + "; ".join(p.describe() for p in people),
                       "give one of their references, or --postcode with the name")
    records = people[0].records
    references = [r.reference for r in records]
    data = access_export(records, register.audit(), policy.policy.council.name, on,
                         of_cases(register, references))
    return write_private(to, data), [r.reference for r in records]


def report(register: Register, policy: Policy, period: Period) -> Figures:
    """The report's numbers, counted by the database (:mod:`generator.register.tally`)."""
    return kept_figures(register, policy, period)


def write_reports(policy: Policy, fig: Figures, out: Path) -> list[Path]:
    """The report as ``out`` (.docx, .pdf with its .docx, or .html), or .docx and .html
    beside each other when ``out`` is a folder."""
    if out.suffix.lower() in (".docx", ".html", ".pdf"):
        return [write_report(policy, fig, out)]
    stem = f"register-report-{fig.period.start.isoformat()}-{fig.period.end.isoformat()}"
    return [write_report(policy, fig, out / f"{stem}{suffix}") for suffix in (".docx", ".html")]


