"""A case file: the details of one customer's case that an officer supplies for a letter.

A case file is YAML (see README, "Case files"), read by :func:`generator.source.load.read_yaml` so
that every value keeps its line, modelled by :class:`Case`, then checked against the policy:
behaviours, stage, measures and roles must exist, measures must be allowed at the case's
stage, dates must agree, and the postal address must follow GOV.UK Notify's rules.
Every problem is reported at once, as ``FILE:LINE: field: what is wrong; what to do``.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, StringConstraints, ValidationError, field_validator

from generator.source.errors import Name, Problem, Said, SourceError
from generator.source.floor import letter_states
from generator.source.load import Located, locate, read_yaml
from generator.source.model import (
    CaseField,
    Element,
    Id,
    Letter,
    OutcomeKind,
    Policy,
    Purpose,
    Scope,
    Strict,
    Text,
    without_optional,
)
from generator.source.queries import letter_decision
from generator.source.read import model_problem
from generator.source.values import DateField, Duration, DurationField, PolicyDate
from generator.source.wording import deciders, join
from generator.source.workdays import add_period

__all__ = [
    "TITLES",
    "AdjustmentKind",
    "Case",
    "CaseFile",
    "CaseLanguage",
    "Channel",
    "ImposedMeasure",
    "case_from_data",
    "check_for_letter",
    "letter_dates",
    "longer_than",
    "measure_maximum",
    "postcode",
    "printed_address",
    "read_case",
    "signing_roles",
]


def _reference(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_.-]*", value):
        raise ValueError(Said("%(value)r is not a case reference; use letters, digits and "
                              "/ _ . - only, such as CR/2026/0042", value=value))

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
#: Bidirectional controls (embeddings, overrides, isolates and marks), which make text show
#: in another order than it is stored: a name that reads one way on screen and another in
#: the register. Letters of right-to-left scripts are not controls, and stay allowed.
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    """The person's name."""
    role: Id
    """A role id from roles.yaml."""
    job_title: Text | None = None
    """The person's own job title, printed with their name in place of the role's name
    (the role "Director of the service affected" is held by a "Director of Housing")."""


#: Titles a full name may start with; "Ms Jordan Example" is greeted "Dear Ms Example".
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
                    "lady", "lord", "rev", "revd", "reverend", "cllr", "councillor"})


class AdjustmentKind(StrEnum):
    large_print = "large_print"
    easy_read = "easy_read"
    another_language = "another_language"
    by_email = "by_email"
    other = "other"


class Adjustment(Strict):
    """A reasonable adjustment made for the customer; the letter tells them of it."""

    kind: AdjustmentKind = AdjustmentKind.other
    """large_print, easy_read, another_language, by_email or other."""
    details: Text | None = None
    """The language (another_language), the email address (by_email), or the adjustment
    itself in a line, written to the customer (other)."""


class Contact(Strict):
    name: Text
    """The officer's name."""
    job_title: Text | None = None
    """Their job title."""
    phone: Text | None = None
    """Their direct line."""
    email: Text | None = None
    """Their email address."""


class Incident(Strict):
    date: DateField
    """When it happened."""
    channel: Channel
    """How: telephone, email, letter, in_person, social_media, webform or other."""
    summary: Text
    """What happened, in a sentence."""


class ImposedMeasure(Strict):
    model_config = ConfigDict(**Strict.model_config, coerce_numbers_to_str=True)  # calls: 2
    scope: Scope = Scope.service
    """How widely the measure applies; one of the measure's scopes in measures.yaml."""
    applies_to: Text | None = None
    """Who the scope is, in words: the service or team (Highways), or the officer (Pat
    Officer). Not needed for scope council; for a service, the case's service will do."""
    starts: DateField | None = None
    """The day the measure starts; the letter date when left out."""
    duration: DurationField | None = None
    """How long it lasts in this case, never longer than the policy's maximum."""
    parameters: dict[Id, Text] = {}
    """A value for each parameter the measure declares, such as calls: 2 a week."""


class AppealDetails(Strict):
    received: DateField
    """When the appeal was received."""
    decided: DateField | None = None
    """The day the appeal was decided; an appeal outcome letter gives it as the decision's
    date, and is dated by it when letter_date is left out (decision_date stays the date of
    the decision appealed against, and is refused as the appeal's if before received)."""
    outcome: Text | None = None
    """One of the appeal's outcomes in rights.yaml, such as upheld or not upheld."""
    reasons: str = ""
    """The reasons for the appeal's outcome, as the letter gives them."""


class Case(Strict):
    """One customer's case. Only reference is always needed; each letter says what else."""

    reference: Reference
    """The case's reference: letters, digits and / _ . -; names the letter's file."""
    customer_name: Text | None = None
    """The customer's full name as addressed, such as Ms Jordan Example; or give title,
    given_names and family_name instead."""
    title: Text | None = None
    """Ms, Mr, Mrs, Mx, Dr...; leave out if the customer uses none."""
    given_names: Text | None = None
    """The customer's given names."""
    family_name: Text | None = None
    """The customer's family name; with a title, the greeting ("Dear Ms Example")."""
    salutation: Text | None = None
    """What follows "Dear" when the customer asked for it, such as Jordan."""
    your_reference: Text | None = None
    """The customer's own reference, printed in the reference block."""
    address: list[Text] = []
    """Postal address lines, the postcode last (the customer's name is printed above them)."""
    channels: list[Channel] = []
    """How the customer contacts the body."""
    behaviours: list[Id] = []
    """The behaviours (behaviours.yaml) the decision is about."""
    incidents: list[Incident] = []
    """What happened, each with its date and channel."""
    stage: Id | None = None
    """The stage (stages.yaml) the case is at."""
    measures: dict[Id, ImposedMeasure] = {}
    """The measures (measures.yaml) imposed, each allowed at the stage, with scope, start,
    duration and details."""
    decision_date: DateField | None = None
    """When the decision was taken."""
    letter_date: DateField | None = None
    """The date printed on the letter; the decision date when left out."""
    decision_maker: Person | None = None
    """Who took it, with a role that may take the letter's decision."""
    signatories: list[Person] = []
    """Who signs the letter, with their role; both people for a joint decision. The
    decision maker signs when left out."""
    single_point_of_contact: Contact | None = None
    """The officer the customer deals with."""
    adjustments: list[Adjustment] = []
    """Reasonable adjustments made: a kind (large_print, easy_read, another_language,
    by_email, other) with details, or a line of text for another adjustment."""
    expectations: list[Text] = []
    """What the council expects of the customer from now on, in the officer's words."""
    service: Text | None = None
    """The service the arrangements apply to, where they are not council-wide."""
    outcome: OutcomeKind | None = None
    """For a review outcome letter: what the review decided."""
    appeal: AppealDetails | None = None
    """An appeal's dates and outcome, for appeal letters."""
    language: CaseLanguage = CaseLanguage.english
    """The language the customer asked for: english, welsh or bilingual (both, in the order
    the source's welsh.bilingual sets). Welsh needs a source with Welsh letters."""

    @field_validator("adjustments", mode="before")
    @classmethod
    def _lines(cls, value: object) -> object:
        """A line of text is an adjustment of kind other."""
        if isinstance(value, list):
            return [{"kind": "other", "details": item} if isinstance(item, str) else item
                    for item in value]
        return value

    @property
    def full_name(self) -> str | None:
        """The name as the address prints it: the customer_name, or title and names."""
        if self.customer_name:
            return self.customer_name
        parts = [self.title, self.given_names, self.family_name]
        return " ".join(p for p in parts if p) if self.family_name else None

    @property
    def greeting(self) -> str | None:
        """What follows "Dear": the case's salutation, "Ms Example", or "Jordan Example"."""
        if self.salutation:
            return self.salutation
        if self.family_name:
            return f"{self.title} {self.family_name}" if self.title else self.full_name
        words = (self.customer_name or "").split()
        if len(words) >= 3 and words[0].lower().rstrip(".") in TITLES:
            return f"{words[0]} {words[-1]}"
        return self.customer_name

    @property
    def large_print(self) -> bool:
        return any(a.kind == AdjustmentKind.large_print for a in self.adjustments)


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
    display = str(path)
    if not Path(path).is_file():
        raise SourceError([Problem(display, 0, "", "no such case file",
                                   "give the path of a case YAML file")])
    data = read_yaml(Path(path), display)
    if not isinstance(data, Located):
        raise SourceError([Problem(display, 1, "", "a case file must be a mapping of fields",
                                   "start with reference: and the other fields (see the "
                                   "documentation, Reference: 'Case file')")])
    return case_from_data(policy, data, display)


def case_from_data(policy: Policy, data: Any, display: str,
                   letter_id: str | None = None) -> CaseFile:
    """Model and check a case given as plain data (a case file's YAML, or the desk's form),
    and for ``letter_id`` too when given; raise SourceError with every problem."""
    problems = [Problem(display, locate(data, loc)[1], ".".join(map(str, loc)),
                        Said("contains a control character") if kind is CONTROL else
                        Said("contains a character that reverses or reorders the text "
                             "(U+%(code)04X)", code=ord(_found(kind, text))),
                        Said("retype the text without it"))
                for loc, kind, text in _control_characters(data)]
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems += [_plain(error, model_problem(error, data, display, Case))
                     for error in exc.errors()]
        raise SourceError(problems) from None
    loaded = CaseFile(case, data, display)
    problems += check_case(policy, loaded)
    if letter_id is not None:
        problems += check_for_letter(policy, letter_id, loaded)
    if problems:
        raise SourceError(problems)
    return loaded


#: What a case file field holds, in words, and how to write it, for a value of the wrong
#: shape (pydantic would say "a valid dictionary or instance of Person").
SHAPES = {"model_type": (Said("should be a set of fields, not a single value"),
                         "write {fields} on their own lines below it, indented"),
          "dict_type": (Said("should be a set of entries, not a single value"),
                        "write each entry on its own line below it, indented"),
          "list_type": (Said("should be a list"),
                        "write each item on its own line below it, starting '- '")}


def _plain(error: Any, problem: Problem) -> Problem:
    """A wrong-shape problem said in plain words, naming the fields to write."""
    if error["type"] not in SHAPES:
        return problem
    message, hint = SHAPES[error["type"]]
    fields = " and ".join(f"{name}:" for name in _fields_at(tuple(error["loc"]))[:3])
    return Problem(problem.file, problem.line, problem.field, message,
                   hint.format(fields=fields or "its fields") + " (see the documentation, "
                   "Reference: 'Case file', "
                   "or `policy schema case`)")


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The field names of the case model at ``loc`` that a value must give (decision_maker:
    name, role), or all of them where none must be given."""
    model: Any = Case
    for step in loc:
        if isinstance(model, type) and issubclass(model, Strict):
            field = model.model_fields.get(str(step))
            if field is None:
                return []
            model = without_optional(field.annotation)
        else:  # list[X] or dict[K, X]: the step is an index or a key
            args = typing.get_args(model)
            model = without_optional(args[-1]) if args else None
    if not (isinstance(model, type) and issubclass(model, Strict)):
        return []
    required = [name for name, field in model.model_fields.items() if field.is_required()]
    return required or list(model.model_fields)  # the fields it must have, else all


def _found(pattern: re.Pattern[str], text: str) -> str:
    """The first match of a pattern already known to match ``text``."""
    match = pattern.search(text)
    return match.group() if match else ""


def _control_characters(data: Any, loc: tuple[Any, ...] = ()
                        ) -> Iterator[tuple[tuple[Any, ...], re.Pattern[str], str]]:
    """Where text holds a character that Word documents cannot contain (CONTROL) or one
    that reorders it (BIDI), with the pattern that found it and the text."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _control_characters(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _control_characters(value, (*loc, index))
    elif isinstance(data, str):
        for kind in (CONTROL, BIDI):
            if kind.search(data):
                yield loc, kind, data
                return


def check_case(policy: Policy, loaded: CaseFile) -> list[Problem]:
    """Every way the case disagrees with the policy or with itself."""
    case, report = loaded.case, loaded.problem
    problems: list[Problem] = []
    for index, behaviour in enumerate(case.behaviours):
        if behaviour not in policy.behaviours:
            problems.append(report(("behaviours", index),
                                   Said("unknown behaviour '%(id)s'", id=behaviour),
                                   _one_of(policy.behaviours, "behaviours.yaml")))
    if case.stage is not None and case.stage not in policy.stages:
        problems.append(report(("stage",), Said("unknown stage '%(id)s'", id=case.stage),
                               _one_of(policy.stages, "stages.yaml")))
    if case.decision_maker and case.decision_maker.role not in policy.roles:
        problems.append(report(("decision_maker", "role"),
                               Said("unknown role '%(id)s'", id=case.decision_maker.role),
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
        return [loaded.problem(("language",), Said(
            "the case asks for a %(language)s letter but the source has no Welsh",
            language=language), "add welsh: to policy.yaml with its "
                               "translations in cy/labels.yaml, or set language: english")]
    return [loaded.problem(("language",), Said(
        "the case asks for a %(language)s letter but the source does not offer Welsh letters "
        "(welsh: letters: false)", language=language),
                           "set letters: true under welsh: in policy.yaml, or set "
                           "language: english")]


def _one_of(ids: dict[str, Any], file: str) -> str:
    return Said("use one of: %(ids)s", ids=", ".join(ids)) if ids else \
        Said("the policy defines none in %(file)s", file=file)


def _measure(policy: Policy, measure_id: str) -> Name:
    return Name(policy.measures[measure_id].name, f"measures.{measure_id}.name")


def _role(policy: Policy, role_id: str) -> Name:
    return Name(policy.roles[role_id].name, f"roles.{role_id}.name")


def _check_measures(policy: Policy, loaded: CaseFile, stage: str | None) -> list[Problem]:
    case, report, problems = loaded.case, loaded.problem, []
    for measure_id, imposed in case.measures.items():
        loc = ("measures", measure_id)
        measure = policy.measures.get(measure_id)
        if measure is None:
            problems.append(report(loc, Said("unknown measure '%(id)s'", id=measure_id),
                                   _one_of(policy.measures, "measures.yaml")))
            continue
        if stage in policy.stages and stage not in measure.allowed_at:
            problems.append(report(loc, Said("'%(measure)s' is not allowed at stage '%(stage)s'",
                                             measure=_measure(policy, measure_id), stage=stage),
                                   Said("it may be used at: %(stages)s",
                                        stages=", ".join(measure.allowed_at))))
        if measure.scopes and imposed.scope not in measure.scopes:
            problems.append(report((*loc, "scope"), Said(
                "'%(measure)s' may not have scope '%(scope)s'",
                measure=_measure(policy, measure_id), scope=imposed.scope), Said(
                "use %(scopes)s", scopes=join(measure.scopes, "or"),
                listed=", ".join(measure.scopes))))
        elif imposed.scope != Scope.council and not imposed.applies_to and not (
                imposed.scope == Scope.service and case.service):
            problems.append(report((*loc, "scope"), Said(
                "the scope %(scope)s does not say which %(scope)s", scope=imposed.scope),
                                   f"add applies_to: naming the "
                                   f"{imposed.scope}, such as {SCOPE_EXAMPLES[imposed.scope]}"))
        for name, value in imposed.parameters.items():
            parameter = measure.parameters.get(name)
            if parameter is None:
                problems.append(report((*loc, "parameters", name),
                                       Said("unknown parameter '%(id)s'", id=name),
                                       _one_of(measure.parameters, "measures.yaml")))
            elif parameter.options and value not in parameter.options:
                problems.append(report((*loc, "parameters", name),
                                       Said("%(value)r is not an option", value=value),
                                       Said("use one of: %(ids)s",
                                            ids=", ".join(parameter.options))))
        for name, parameter in measure.parameters.items():
            if name not in imposed.parameters:
                problems.append(report(loc, Said(
                    "'%(measure)s' needs parameter '%(id)s' (%(label)s)",
                    measure=_measure(policy, measure_id), id=name, label=Name(
                        parameter.label, f"measures.{measure_id}.parameters.{name}.label")),
                    f"add parameters: {{{name}: ...}}"))
    return problems


SCOPE_EXAMPLES = {Scope.officer: "Pat Officer", Scope.team: "the Customer Relations Team",
                  Scope.service: "Highways"}


def _check_dates(policy: Policy, loaded: CaseFile) -> list[Problem]:
    case, report, problems = loaded.case, loaded.problem, []
    dated: list[tuple[tuple[Any, ...], PolicyDate]] = [
        *((("incidents", i, "date"), incident.date) for i, incident in enumerate(case.incidents)),
        *(((name,), value) for name in ("decision_date", "letter_date")
           if (value := getattr(case, name)) is not None),
        *([(("appeal", "received"), case.appeal.received)] if case.appeal else []),
        *([(("appeal", "decided"), case.appeal.decided)] if case.appeal and case.appeal.decided
          else []),
    ]
    for loc, value in dated:
        if value.day is None:
            problems.append(report(loc, Said("'%(date)s' gives no day", date=value.iso()),
                                   Said("write the full date as YYYY-MM-DD")))
    if any(value.day is None for _, value in dated):
        return problems
    decided = case.decision_date
    for loc, value in dated:
        if loc[0] != "incidents" and value.first_day > _today() + dt.timedelta(days=366):
            problems.append(report(loc, Said("the date (%(date)s) is more than a year from "
                                             "today", date=value), Said("check the year")))
    for index, incident in enumerate(case.incidents):
        if decided and incident.date > decided:
            problems.append(report(("incidents", index, "date"), Said(
                "the incident (%(incident)s) is after the decision (%(decision)s)",
                incident=incident.date, decision=decided),
                Said("correct the incident or decision date")))
        since = decided.first_day if decided else _today()
        oldest = dt.date(since.year - OLDEST_INCIDENT_YEARS, since.month, min(since.day, 28))
        if incident.date.first_day < oldest:
            problems.append(report(("incidents", index, "date"), Said(
                "the incident (%(incident)s) is more than %(years)s years before the decision",
                incident=incident.date, years=OLDEST_INCIDENT_YEARS) if decided else Said(
                "the incident (%(incident)s) is more than %(years)s years before today",
                incident=incident.date, years=OLDEST_INCIDENT_YEARS), Said("check the year")))
    if decided and case.letter_date and case.letter_date < decided:
        problems.append(report(("letter_date",), Said(
            "the letter date (%(letter)s) is before the decision (%(decision)s)",
            letter=case.letter_date, decision=decided),
            Said("date the letter on or after the decision")))
    if case.appeal and decided and case.appeal.received < decided:
        problems.append(report(("appeal", "received"), Said(
            "the appeal (%(appeal)s) is before the decision (%(decision)s)",
            appeal=case.appeal.received, decision=decided), Said("correct either date")))
    if case.appeal and case.appeal.decided and case.appeal.decided < case.appeal.received:
        problems.append(report(("appeal", "decided"), Said(
            "the appeal was decided (%(decided)s) before it was received (%(received)s)",
            decided=case.appeal.decided, received=case.appeal.received),
            Said("correct either date")))
    if case.appeal and case.appeal.outcome:
        outcomes = {o for a in policy.rights.appeals.values() for o in a.outcomes}
        if outcomes and case.appeal.outcome not in outcomes:
            problems.append(report(("appeal", "outcome"), Said(
                "'%(outcome)s' is not an appeal outcome of the policy",
                outcome=case.appeal.outcome),
                Said("use one of: %(ids)s", ids=", ".join(sorted(outcomes)))))
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
    case, report = loaded.case, loaded.problem
    problems: list[Problem] = []
    if not case.address:
        return problems
    if not 2 <= len(case.address) <= 6:
        count = len(case.address)
        problems.append(report(("address",), Said(
            "the address has %(count)s line", count=count) if count == 1 else Said(
            "the address has %(count)s lines", count=count), Said(
            "give 2 to 6 lines (3 to 7 with the customer's name, as GOV.UK Notify requires)")))
    lines = [(("customer_name",), case.customer_name or ""),
             *((("address", i), line) for i, line in enumerate(case.address))]
    for loc, line in lines:
        if line[:1] and line[0] in BAD_LINE_START:
            problems.append(report(loc, Said("the line %(line)r starts with %(first)r",
                                             line=line, first=line[0]),
                                   Said("no address line may start with any of %(chars)s",
                                        chars=BAD_LINE_START)))
    if postcode(case.address[-1]) is None and bfpo(case.address[-1]) is None:
        problems.append(report(("address", len(case.address) - 1),
                               Said("%(line)r is not a UK postcode", line=case.address[-1]),
                               Said("put the postcode on the last line, such as SW1A 2AA")))
    return problems


def letter_dates(policy: Policy, letter: Letter, case: Case
                 ) -> tuple[PolicyDate | None, PolicyDate | None]:
    """The day the decision a letter tells of was taken (the appeal's own, where the
    letter's decision settles an appeal and the case gives the day) and the day the letter
    carries (its letter_date, else that day)."""
    decided = case.decision_date
    settles = {appeal.decision for appeal in policy.rights.appeals.values() if appeal.decision}
    if case.appeal and case.appeal.decided and letter_decision(policy, letter) in settles:
        decided = case.appeal.decided
    return decided, case.letter_date or decided


def _check_appeal_dates(policy: Policy, letter: Letter, loaded: CaseFile) -> list[Problem]:
    """An appeal's letters are dated no earlier than the appeal came in, and its outcome
    is never said to be decided before then: without the appeal's own decided day, the
    outcome letter gives the case's decision_date as that day."""
    case, report = loaded.case, loaded.problem
    purposes = (Purpose.appeal_acknowledgement, Purpose.appeal_outcome)
    if case.appeal is None or letter.purpose not in purposes:
        return []
    decided, dated = letter_dates(policy, letter, case)
    received, problems = case.appeal.received, []
    if letter.purpose == Purpose.appeal_outcome and case.appeal.decided is None and decided \
            and decided < received:
        problems.append(report(("appeal", "decided"), Said(
            "the letter would say the appeal was decided on %(decided)s (the decision_date), "
            "before it was received (%(received)s)", decided=decided, received=received),
            Said("add decided: to the appeal, the day it was decided, as YYYY-MM-DD")))
    if dated and dated < received:
        problems.append(report(("letter_date",), Said(
            "the letter date (%(letter)s) is before the appeal was received (%(received)s)",
            letter=dated, received=received),
            Said("date the letter on or after the day the appeal was received")))
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
    problems = [report((str(field),), Said("the letter '%(letter)s' needs %(field)s",
                                           letter=letter_id, field=str(field)),
                       _how_to_give(field))
                for field in letter.case_fields if field in NEEDED and not _given(case, field)]
    if case.letter_date is None and case.decision_date is None:
        problems.append(report(("letter_date",), Said("the letter has no date"),
                               "add letter_date: or decision_date: as YYYY-MM-DD"))
    if letter.stage and case.stage and case.stage != letter.stage:
        problems.append(report(("stage",), Said(
            "the letter '%(letter)s' is for stage '%(stage)s' but the case is at '%(case)s'",
            letter=letter_id, stage=letter.stage, case=case.stage),
                               f"set stage: {letter.stage}, or use the letter for that stage"))
    elif letter.stage and not case.stage:
        problems += _check_measures(policy, loaded, letter.stage)
    problems += _check_appeal_dates(policy, letter, loaded)
    decision_id = letter_decision(policy, letter)
    person = case.decision_maker
    if decision_id and person and person.role in policy.roles:
        decision = policy.decisions[decision_id]
        if decision.taken_by and person.role not in decision.taken_by:
            problems.append(report(
                ("decision_maker", "role"), Said(
                    "the %(role)s may not take the decision '%(decision)s'",
                    role=_role(policy, person.role),
                    decision=Name(decision.title, f"decisions.{decision_id}.title")),
                "by the decision matrix it is taken by "
                f"the {deciders(policy, decision)} (role: {', '.join(decision.taken_by)})"))
    states = letter_states(policy, letter)
    if Element.expectations in states and not (case.expectations or case.measures):
        problems.append(report(("expectations",), Said(
            "the letter '%(letter)s' must state what we expect of the customer",
            letter=letter_id), "add expectations: with a line each"))
    if letter.kind == "letter":
        problems += _check_signatories(policy, letter_id, loaded)
    if letter.recipient == "customer" and Element.measures in states:
        problems += _check_durations(policy, loaded)
    return problems


def _given(case: Case, field: CaseField) -> bool:
    return bool(case.full_name if field == CaseField.customer_name else getattr(case, field))


def _how_to_give(field: CaseField) -> str:
    if field == CaseField.customer_name:
        return "add customer_name: (the full name), or title:, given_names: and family_name:"
    return "add it to the case file (see the documentation, Reference: 'Case file')"


def signing_roles(policy: Policy, letter_id: str) -> tuple[list[str], bool]:
    """The roles that sign a letter, and whether all of them sign together (a joint decision
    that the letter reports and its signing role takes part in)."""
    letter = policy.letters[letter_id]
    decision = policy.decisions.get(letter_decision(policy, letter) or "")
    if decision and decision.jointly and letter.signed_by in (None, *decision.taken_by):
        return list(decision.taken_by), True
    if letter.signed_by:
        return [letter.signed_by], False
    return (list(decision.taken_by), False) if decision else ([], False)


def _check_signatories(policy: Policy, letter_id: str, loaded: CaseFile) -> list[Problem]:
    """A letter is signed by people holding the roles the policy names for it."""
    case, report = loaded.case, loaded.problem
    roles, joint = signing_roles(policy, letter_id)
    signers = case.signatories or ([case.decision_maker] if case.decision_maker else [])
    field = "signatories" if case.signatories else "decision_maker"
    names = join([f"the {policy.roles[r].name} (role: {r})" for r in roles if r in policy.roles],
                 "and" if joint else "or")
    if not signers:
        return [report(("signatories",), Said("no one signs the letter '%(letter)s'",
                                              letter=letter_id),
                       f"add signatories: with the name and role of {names or 'the signatory'}")]
    problems = []
    for index, person in enumerate(signers):
        loc = (field, index, "role") if case.signatories else (field, "role")
        if person.role not in policy.roles:
            if case.signatories:
                problems.append(report(loc, Said("unknown role '%(id)s'", id=person.role),
                                       _one_of(policy.roles, "roles.yaml")))
        elif roles and person.role not in roles:
            problems.append(report(loc, Said("the %(role)s may not sign the letter '%(letter)s'",
                                             role=_role(policy, person.role), letter=letter_id),
                                   f"it is signed by {names}"))
    given = [person.role for person in signers]
    if joint and not problems and sorted(given) != sorted(roles):
        problems.append(report((field,), Said(
            "the letter '%(letter)s' reports a joint decision, so it is signed by %(names)s",
            letter=letter_id, names=names, roles=", ".join(roles)),
            "add signatories: with one person "
                               "for each of those roles"))
    if not joint and len(signers) > 1:
        problems.append(report((field,), Said("the letter '%(letter)s' has one signatory",
                                              letter=letter_id),
                               f"give one person, who is {names}"))
    return problems


def measure_maximum(policy: Policy, measure_id: str, stage_id: str | None) -> Duration | None:
    """The longest a measure may last: its own maximum, else its stage's."""
    measure = policy.measures[measure_id]
    stage = policy.stages.get(stage_id or "")
    return measure.max_duration or (stage and (stage.max_duration or (
        stage.monitoring and stage.monitoring.maximum))) or None


def longer_than(policy: Policy, duration: Duration, maximum: Duration) -> bool:
    """Whether ``duration`` is longer than ``maximum``, each counted from the same day."""
    start = dt.date(2000, 1, 1)  # any day: only the lengths are compared
    nation = policy.policy.council.nation
    return add_period(start, duration, nation) > add_period(start, maximum, nation)


def _check_durations(policy: Policy, loaded: CaseFile) -> list[Problem]:
    """Each measure a customer letter states says how long it lasts, within the maximum."""
    case, report, problems = loaded.case, loaded.problem, []
    for measure_id, imposed in case.measures.items():
        if measure_id not in policy.measures:
            continue
        loc = ("measures", measure_id)
        maximum = measure_maximum(policy, measure_id, case.stage)
        if imposed.duration is None and policy.measures[measure_id].one_off:
            continue  # taken once: it has no length
        if imposed.duration is None:
            limit = f" (at most {maximum})" if maximum else ""
            problems.append(report(loc, Said("the letter tells the customer when each measure "
                                             "ends, but this one has no duration"),
                                   f"add duration: such as '6 months'{limit}"))
        elif maximum and longer_than(policy, imposed.duration, maximum):
                problems.append(report((*loc, "duration"), Said(
                    "%(duration)s is longer than the policy allows for '%(measure)s' "
                    "(%(maximum)s)", duration=imposed.duration,
                    measure=_measure(policy, measure_id), maximum=maximum),
                    Said("give at most %(maximum)s", maximum=maximum)))

    return problems
