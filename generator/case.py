"""A case file: the details of one customer's case that an officer supplies for a letter.

A case file is YAML (see README, "Case files"), read by :func:`generator.load.read_yaml` so
that every value keeps its line, modelled by :class:`Case`, then checked against the policy:
behaviours, stage, measures and roles must exist, measures must be allowed at the case's
stage, dates must agree, and the postal address must follow GOV.UK Notify's rules.
Every problem is reported at once, as ``FILE:LINE: field: what is wrong; what to do``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, StringConstraints, ValidationError

from generator.errors import Problem, SourceError
from generator.load import Located, locate, read_yaml
from generator.model import CaseField, Element, Id, OutcomeKind, Policy, Scope, Strict, Text
from generator.validate import letter_decision
from generator.values import DateField, PolicyDate
from generator.wording import deciders, join


def _reference(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_.-]*", value):
        raise ValueError(f"{value!r} is not a case reference; use letters, digits and / _ . - "
                         "only, such as CR/2026/0042")
    return value


#: The case reference names the letter's file, so it holds no spaces or odd characters.
Reference = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_reference)]

#: A UK postcode (outward code, optional space, inward code); GIR 0AA is Girobank's.
POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$")
#: GOV.UK Notify refuses an address line that starts with one of these.
BAD_LINE_START = '@()=[]"\\/,<>~'
#: Characters that cannot appear in a Word document (XML 1.0), other than tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class Channel(StrEnum):
    telephone = "telephone"
    email = "email"
    letter = "letter"
    in_person = "in_person"
    social_media = "social_media"
    webform = "webform"
    other = "other"


class CaseLanguage(StrEnum):
    """The language the customer asked to be written to in."""

    english = "english"
    welsh = "welsh"
    bilingual = "bilingual"


class Person(Strict):
    name: Text
    role: Id
    """A role id from roles.yaml."""


class Contact(Strict):
    name: Text
    job_title: Text | None = None
    phone: Text | None = None
    email: Text | None = None


class Incident(Strict):
    date: DateField
    channel: Channel
    summary: Text


class ImposedMeasure(Strict):
    model_config = ConfigDict(**Strict.model_config, coerce_numbers_to_str=True)  # calls: 2
    scope: Scope = Scope.service
    """How widely the measure applies; one of the measure's scopes in measures.yaml."""
    parameters: dict[Id, Text] = {}
    """A value for each parameter the measure declares, such as calls: 2 a week."""


class AppealDetails(Strict):
    received: DateField
    outcome: Text | None = None
    """One of the appeal's outcomes in rights.yaml, such as upheld or not upheld."""
    reasons: str = ""


class Case(Strict):
    """One customer's case. Only reference is always needed; each letter says what else."""

    reference: Reference
    customer_name: Text | None = None
    address: list[Text] = []
    """Postal address lines, the postcode last (the customer's name is printed above them)."""
    channels: list[Channel] = []
    behaviours: list[Id] = []
    incidents: list[Incident] = []
    stage: Id | None = None
    measures: dict[Id, ImposedMeasure] = {}
    decision_date: DateField | None = None
    letter_date: DateField | None = None
    """The date printed on the letter; the decision date when left out."""
    decision_maker: Person | None = None
    single_point_of_contact: Contact | None = None
    adjustments: list[Text] = []
    """Reasonable adjustments considered, each in a line."""
    expectations: list[Text] = []
    """What the council expects of the customer from now on, in the officer's words."""
    service: Text | None = None
    """The service the arrangements apply to, where they are not council-wide."""
    outcome: OutcomeKind | None = None
    """For a review outcome letter: what the review decided."""
    appeal: AppealDetails | None = None
    language: CaseLanguage = CaseLanguage.english
    """The language the customer asked for: english, welsh or bilingual (both, in the order
    the source's welsh.bilingual sets). Welsh needs a source with Welsh letters."""


@dataclass(frozen=True)
class CaseFile:
    """A case read from disk, with the YAML it came from, so later checks can give lines."""

    case: Case
    data: Any
    file: str

    def problem(self, loc: tuple[Any, ...], message: str, hint: str) -> Problem:
        file, line = locate(self.data, loc)
        return Problem(file or self.file, line or 1, ".".join(map(str, loc)), message, hint)


def read_case(path: Path | str, policy: Policy) -> CaseFile:
    """Read and check one case file against ``policy``; raise SourceError with every problem."""
    from generator.source import model_problem

    display = str(path)
    if not Path(path).is_file():
        raise SourceError([Problem(display, 0, "", "no such case file",
                                   "give the path of a case YAML file")])
    data = read_yaml(Path(path), display)
    if not isinstance(data, Located):
        raise SourceError([Problem(display, 1, "", "a case file must be a mapping of fields",
                                   "start with reference: and the other fields (see README)")])
    problems = [Problem(display, locate(data, loc)[1], ".".join(map(str, loc)),
                        "contains a control character", "retype the text without it")
                for loc in _control_characters(data)]
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems += [model_problem(error, data, display, Case) for error in exc.errors()]
        raise SourceError(problems) from None
    loaded = CaseFile(case, data, display)
    problems += check_case(policy, loaded)
    if problems:
        raise SourceError(problems)
    return loaded


def _control_characters(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where text holds a character that Word documents cannot contain."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _control_characters(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _control_characters(value, (*loc, index))
    elif isinstance(data, str) and CONTROL.search(data):
        yield loc


def check_case(policy: Policy, loaded: CaseFile) -> list[Problem]:
    """Every way the case disagrees with the policy or with itself."""
    case, report = loaded.case, loaded.problem
    problems: list[Problem] = []
    for index, behaviour in enumerate(case.behaviours):
        if behaviour not in policy.behaviours:
            problems.append(report(("behaviours", index), f"unknown behaviour '{behaviour}'",
                                   _one_of(policy.behaviours, "behaviours.yaml")))
    if case.stage is not None and case.stage not in policy.stages:
        problems.append(report(("stage",), f"unknown stage '{case.stage}'",
                               _one_of(policy.stages, "stages.yaml")))
    if case.decision_maker and case.decision_maker.role not in policy.roles:
        problems.append(report(("decision_maker", "role"),
                               f"unknown role '{case.decision_maker.role}'",
                               _one_of(policy.roles, "roles.yaml")))
    problems += _check_measures(policy, loaded, loaded.case.stage)
    problems += _check_dates(policy, loaded)
    problems += _check_address(loaded)
    problems += _check_language(policy, loaded)
    return problems


def _check_language(policy: Policy, loaded: CaseFile) -> list[Problem]:
    """A Welsh or bilingual letter needs a source that offers its letters in Welsh."""
    language, welsh = loaded.case.language, policy.policy.welsh
    if language == CaseLanguage.english or (welsh and welsh.letters):
        return []
    if welsh is None:
        return [loaded.problem(("language",), f"the case asks for a {language} letter but the "
                               "source has no Welsh", "add welsh: to policy.yaml with its "
                               "translations in cy/labels.yaml, or set language: english")]
    return [loaded.problem(("language",), f"the case asks for a {language} letter but the "
                           "source does not offer Welsh letters (welsh: letters: false)",
                           "set letters: true under welsh: in policy.yaml, or set "
                           "language: english")]


def _one_of(ids: dict[str, Any], file: str) -> str:
    return f"use one of: {', '.join(ids)}" if ids else f"the policy defines none in {file}"


def _check_measures(policy: Policy, loaded: CaseFile, stage: str | None) -> list[Problem]:
    case, report, problems = loaded.case, loaded.problem, []
    for measure_id, imposed in case.measures.items():
        loc = ("measures", measure_id)
        measure = policy.measures.get(measure_id)
        if measure is None:
            problems.append(report(loc, f"unknown measure '{measure_id}'",
                                   _one_of(policy.measures, "measures.yaml")))
            continue
        if stage in policy.stages and stage not in measure.allowed_at:
            problems.append(report(loc, f"'{measure.name}' is not allowed at stage '{stage}'",
                                   f"it may be used at: {', '.join(measure.allowed_at)}"))
        if imposed.scope not in measure.scopes:
            problems.append(report((*loc, "scope"), f"'{measure.name}' may not have scope "
                                   f"'{imposed.scope}'", f"use {join(measure.scopes, 'or')}"))
        for name, value in imposed.parameters.items():
            parameter = measure.parameters.get(name)
            if parameter is None:
                problems.append(report((*loc, "parameters", name), f"unknown parameter '{name}'",
                                       _one_of(measure.parameters, "measures.yaml")))
            elif parameter.options and value not in parameter.options:
                problems.append(report((*loc, "parameters", name), f"{value!r} is not an option",
                                       f"use one of: {', '.join(parameter.options)}"))
        for name, parameter in measure.parameters.items():
            if name not in imposed.parameters:
                problems.append(report(loc, f"'{measure.name}' needs parameter '{name}' "
                                       f"({parameter.label})", f"add parameters: {{{name}: ...}}"))
    return problems


def _check_dates(policy: Policy, loaded: CaseFile) -> list[Problem]:
    case, report, problems = loaded.case, loaded.problem, []
    dated: list[tuple[tuple[Any, ...], PolicyDate]] = [
        *((("incidents", i, "date"), incident.date) for i, incident in enumerate(case.incidents)),
        *(((name,), value) for name in ("decision_date", "letter_date")
           if (value := getattr(case, name)) is not None),
        *([(("appeal", "received"), case.appeal.received)] if case.appeal else []),
    ]
    for loc, value in dated:
        if value.day is None:
            problems.append(report(loc, f"'{value.iso()}' gives no day",
                                   "write the full date as YYYY-MM-DD"))
    if any(value.day is None for _, value in dated):
        return problems
    decided = case.decision_date
    for loc, value in dated:
        if loc[0] != "incidents" and value.first_day > _today() + dt.timedelta(days=366):
            problems.append(report(loc, f"the date ({value}) is more than a year from today",
                                   "check the year"))
    for index, incident in enumerate(case.incidents):
        if decided and incident.date > decided:
            problems.append(report(("incidents", index, "date"),
                                   f"the incident ({incident.date}) is after the decision "
                                   f"({decided})", "correct the incident or decision date"))
        since = decided.first_day if decided else _today()
        oldest = dt.date(since.year - OLDEST_INCIDENT_YEARS, since.month, min(since.day, 28))
        if incident.date.first_day < oldest:
            problems.append(report(("incidents", index, "date"),
                                   f"the incident ({incident.date}) is more than "
                                   f"{OLDEST_INCIDENT_YEARS} years before "
                                   f"{'the decision' if decided else 'today'}",
                                   "check the year"))
    if decided and case.letter_date and case.letter_date < decided:
        problems.append(report(("letter_date",), f"the letter date ({case.letter_date}) is "
                               f"before the decision ({decided})", "date the letter on or after "
                               "the decision"))
    if case.appeal and decided and case.appeal.received < decided:
        problems.append(report(("appeal", "received"), f"the appeal ({case.appeal.received}) "
                               f"is before the decision ({decided})", "correct either date"))
    if case.appeal and case.appeal.outcome:
        outcomes = {o for a in policy.rights.appeals.values() for o in a.outcomes}
        if case.appeal.outcome not in outcomes:
            problems.append(report(("appeal", "outcome"), f"'{case.appeal.outcome}' is not an "
                                   "appeal outcome of the policy",
                                   f"use one of: {', '.join(sorted(outcomes)) or '(none)'}"))
    return problems


#: An incident older than this before the decision is taken for a mistyped year.
OLDEST_INCIDENT_YEARS = 10


def _today() -> dt.date:
    return dt.date.today()


#: A British Forces Post Office number, which GOV.UK Notify accepts as the last line.
BFPO = re.compile(r"BFPO\s*(\d{1,4})", re.IGNORECASE)


def bfpo(line: str) -> str | None:
    """A BFPO last line as printed ("BFPO 1234"), or None."""
    match = BFPO.fullmatch(line.strip())
    return f"BFPO {match.group(1)}" if match else None


def postcode(line: str) -> str | None:
    """A UK postcode as printed (upper case, one space before the last three), or None."""
    compact = re.sub(r"\s+", "", line).upper()
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def printed_address(case: Case) -> list[str]:
    """The address lines as they go in the window, the postcode in its printed form."""
    if not case.address:
        return []
    last = case.address[-1]
    return [*case.address[:-1], postcode(last) or bfpo(last) or last]


def _check_address(loaded: CaseFile) -> list[Problem]:
    """GOV.UK Notify's rules for a letter address (the name counts as its first line)."""
    case, report, problems = loaded.case, loaded.problem, []
    if not case.address:
        return problems
    if not 2 <= len(case.address) <= 6:
        problems.append(report(("address",), f"the address has {len(case.address)} line"
                               f"{'s' if len(case.address) != 1 else ''}", "give 2 to 6 lines "
                               "(3 to 7 with the customer's name, as GOV.UK Notify requires)"))
    lines = [(("customer_name",), case.customer_name or ""),
             *((("address", i), line) for i, line in enumerate(case.address))]
    for loc, line in lines:
        if line[:1] and line[0] in BAD_LINE_START:
            problems.append(report(loc, f"the line {line!r} starts with {line[0]!r}",
                                   f"no address line may start with any of {BAD_LINE_START}"))
    if postcode(case.address[-1]) is None and bfpo(case.address[-1]) is None:
        problems.append(report(("address", len(case.address) - 1),
                               f"{case.address[-1]!r} is not a UK postcode",
                               "put the postcode on the last line, such as SW1A 2AA"))
    return problems


#: Case fields that a letter listing them cannot do without (lists of channels, incidents
#: and adjustments may be empty: "none" is an answer).
NEEDED = frozenset({CaseField.customer_name, CaseField.address, CaseField.behaviours,
                    CaseField.measures, CaseField.decision_date, CaseField.decision_maker,
                    CaseField.single_point_of_contact, CaseField.stage})


def check_for_letter(policy: Policy, letter_id: str, loaded: CaseFile) -> list[Problem]:
    """What stops this case's letter being written: missing details, a wrong decider..."""
    letter = policy.letters.get(letter_id)
    if letter is None:
        return [Problem(loaded.file, 0, "", f"unknown letter '{letter_id}'",
                        _one_of(policy.letters, "letters.yaml"))]
    case, report = loaded.case, loaded.problem
    problems = [report((str(field),), f"the letter '{letter_id}' needs {field}",
                       "add it to the case file (see README, 'Case files')")
                for field in letter.case_fields if field in NEEDED and not getattr(case, field)]
    if case.letter_date is None and case.decision_date is None:
        problems.append(report(("letter_date",), "the letter has no date",
                               "add letter_date: or decision_date: as YYYY-MM-DD"))
    if letter.stage and case.stage and case.stage != letter.stage:
        problems.append(report(("stage",), f"the letter '{letter_id}' is for stage "
                               f"'{letter.stage}' but the case is at '{case.stage}'",
                               f"set stage: {letter.stage}, or use the letter for that stage"))
    elif letter.stage and not case.stage:
        problems += _check_measures(policy, loaded, letter.stage)
    decision_id = letter_decision(policy, letter)
    person = case.decision_maker
    if decision_id and person and person.role in policy.roles:
        decision = policy.decisions[decision_id]
        if person.role not in decision.taken_by:
            problems.append(report(
                ("decision_maker", "role"), f"the {policy.roles[person.role].name} may not "
                f"take the decision '{decision.title}'", "by the decision matrix it is taken by "
                f"the {deciders(policy, decision)} (role: {', '.join(decision.taken_by)})"))
    if Element.expectations in letter.must_state and not (case.expectations or case.measures):
        problems.append(report(("expectations",), f"the letter '{letter_id}' must state what we "
                               "expect of the customer", "add expectations: with a line each"))
    return problems
