"""The typed model of a policy on unacceptable customer behaviour.

Every renderer reads this model and nothing else. Each topic file of a source
(``policy.yaml``, ``stages.yaml``...) fills one field of :class:`Policy`. Fields that
name another thing hold its id; :mod:`generator.source.validate` checks every such reference.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import itertools
import re
import textwrap
import types
import typing
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, SkipJsonSchema
from pydantic_core import core_schema

from generator.source.values import DateField, DurationField

__all__ = [
    "Appeal", "Approval", "Audience", "CaseField", "CaseReview", "Decision", "Documented",
    "Element", "HistoryEntry", "Id", "Letter", "Nation", "Outcome", "OutcomeKind", "Policy",
    "Purpose", "Report", "ReportAuthor", "Role", "Scope", "SiteEngine", "Stage", "StageKind",
    "Status", "Strict", "Text", "without_optional",
]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def without_optional(annotation: Any) -> Any:
    """X for Optional[X] (and X | None); anything else unchanged."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


class Strict(BaseModel):
    """Unknown keys are errors, so a misspelt field is never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Documented(GenerateJsonSchema):
    """A JSON Schema whose fields are described by the docstring below each field.

    Pydantic can read those docstrings as it makes each model class, but that reads the
    module's source once per class (a fifth of `policy check`); only the schema prints
    them, so they are read here, and placed where pydantic would place them.
    """

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        model, properties = schema["cls"], json_schema.get("properties", {})
        for name, doc in field_docs(model).items():
            if name in properties and model.model_fields[name].description is None:
                properties[name] = self.handle_ref_overrides(
                    {**properties[name], "description": doc})
        return json_schema


def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """Each field's docstring, from the nearest class that declares the field."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if isinstance(klass, type) and issubclass(klass, Strict):
            for name in vars(klass).get("__annotations__", {}):
                docs.pop(name, None)
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0]
            body = tree.body if isinstance(tree, ast.ClassDef) else []
            docs |= {before.target.id: inspect.cleandoc(after.value.value)
                     for before, after in itertools.pairwise(body)
                     if isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                     and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                     and isinstance(after.value.value, str)}
    return docs


# --- document control (policy.yaml) -----------------------------------------------------


class Nation(StrEnum):
    england = "england"
    wales = "wales"
    scotland = "scotland"
    northern_ireland = "northern_ireland"


class Status(StrEnum):
    draft = "draft"
    approved = "approved"
    published = "published"


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white against a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


class Council(Strict):
    """The body whose policy it is: a council, or any other public body (the key stays
    ``council:`` for every kind of body)."""

    name: Text
    """The body's full name, as on its letterhead."""
    kind: Text | None = None
    """What sort of body it is, where it is not a council: "commission", "board"..."""
    called: Text | None = None
    """How the policy names the body in its text, such as "the Commission"."""
    nation: Nation
    """Decides the bank holidays used to count working days."""
    address: list[Text] = []
    """The postal address printed on the letterhead, a line each, the postcode last."""
    website: Text | None = None
    """The body's web site, on the letterhead and the public site's contact section."""
    phone: Text | None = None
    """The general telephone number, on the letterhead and the public site's contact section."""
    email: Text | None = None
    """The general email address printed on the letterhead."""
    logo: Text | None = None
    """An image (PNG or JPEG) inside the source folder, printed at the top of letters and
    in the header of both sites."""
    colour: Text | None = None
    """The body's own colour for the sites' header and links, as #rrggbb. White text on it
    must have a contrast of at least 4.5:1 (WCAG 2.2 AA), so it must be dark enough."""

    @field_validator("colour")
    @classmethod
    def _readable_colour(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            raise ValueError(f"{value!r} is not a colour; write it as #rrggbb, such as #1d4f91")
        ratio = contrast_with_white(value)
        if ratio < 4.5:
            raise ValueError(f"white text on {value} has a contrast of {ratio:.1f}:1, under the "
                             "4.5:1 that WCAG 2.2 AA needs; choose a darker shade")
        return value


class HistoryEntry(Strict):
    version: Text | None = None
    """The version number; absent for a dated revision the body published without one."""
    date: DateField
    """When the version was made."""
    summary: str = ""
    """What changed in this version, in a line; required before the version is approved."""
    author: Text | None = None
    """Who made it."""
    reasons: dict[str, Text] = {}
    """Why a change was made, by the fact path (``stages.stage_1.monitoring.default``) or
    section (``parts.part_a.reviews_and_complaints``) it concerns; printed beside the change."""


class Approval(Strict):
    """An approval of the policy, by a person (``name`` and ``role``) or by a body
    (``body``, with its ``minute`` where given), each printed as the source states it."""

    name: Text | None = None
    """The person who approved, with their job title in ``role``."""
    role: Text | None = None
    """The approver's job title as it should be printed."""
    body: Text | None = None
    """The committee, cabinet or board that approved, where a body did (no job title)."""
    minute: Text | None = None
    """The body's minute reference for the approval, where the source gives one."""
    date: DateField
    """When they approved it; not after today."""
    version: Text | None = None
    """The version approved, where it is not the current one (an earlier version in
    version_history)."""

    @model_validator(mode="after")
    def _person_or_body(self) -> Approval:
        if self.body is None and (self.name is None or self.role is None):
            raise ValueError("an approval needs a person's name and role (job title), or "
                             "the body that approved (body:, with minute: where given)")
        if self.body is not None and (self.name is not None or self.role is not None):
            raise ValueError("an approval is by a person (name, role) or by a body (body, "
                             "minute), not both: record each as its own approval")
        if self.minute is not None and self.body is None:
            raise ValueError("minute: is the minute reference of a body's approval; add "
                             "body: or remove minute:")
        return self

    @property
    def approver(self) -> str:
        """Who approved: the body, or the person."""
        return self.body or self.name or ""


class RelatedPolicy(Strict):
    name: Text
    """The other policy's title."""
    relation: Text
    """How it sits beside this policy (what it covers that this one does not)."""


class SiteEngine(StrEnum):
    """What renders the generated Markdown trees into sites; both read the same settings."""

    mkdocs = "mkdocs"
    zensical = "zensical"


class Welsh(Strict):
    """Welsh alongside English: which outputs, and the order of bilingual letters."""

    sites: list[Literal["public", "internal"]] = ["public"]
    """Which sites are published in Welsh too: public, internal."""
    letters: bool = True
    """true: letters may be written in Welsh, or in both languages."""
    bilingual: Literal["welsh_first", "english_first"] = "welsh_first"
    """Which language comes first in a letter in both: welsh_first or english_first."""
    correspondence: Text | None = None
    """The body's commitment on correspondence in Welsh, in its own words: that it welcomes
    letters in Welsh, answers in Welsh, and that writing in Welsh causes no delay (the Welsh
    Language Standards). Every letter to a customer carries it as a paragraph of its own;
    its Welsh is ``policy.welsh.correspondence`` in cy/labels.yaml."""


class Document(Strict):
    council: Council
    """The body whose policy it is."""
    title: Text
    """The policy's title, as the document gives it."""
    reference: Text | None = None
    """The document's own reference number, where it has one."""
    version: Text | None = None
    """Major.minor, such as 3.0."""
    status: Status
    """draft, approved or published; the public site is built only once approved."""
    owner: Text | None = None
    """The team or officer who owns the policy."""
    author: Text | None = None
    """Who wrote the current version."""
    service_area: Text | None = None
    """The service the policy belongs to."""
    publication_date: DateField | None = None
    """When this version was published; a draft has none."""
    next_review_date: DateField | None = None
    """When the policy is next to be reviewed; not before publication."""
    review_interval: DurationField | None = None
    """How often the policy itself is reviewed (for example 1 year)."""
    version_history: list[HistoryEntry] = []
    """Each version with its date and summary; where given, must include the current version."""
    approvals: list[Approval] = []
    """Who approved this version, and when."""
    related_policies: list[RelatedPolicy] = []
    """Other policies of the body this one refers to."""

    @field_validator("version", mode="before")
    @classmethod
    def _major_minor(cls, value: object) -> object:
        if isinstance(value, int | float):  # YAML reads 3.10 as 3.1; only quotes keep it
            raise ValueError(f"write the version in quotes, such as \"{value}\"; "
                             "unquoted, 3.10 would be read as 3.1")
        if isinstance(value, str) and not re.fullmatch(r"\d+\.\d+", value):
            raise ValueError(f"{value!r} is not a version; write major.minor, such as '3.0'")
        return value

    welsh: Welsh | None = None
    """Publish in Welsh too; the Welsh text lives in cy/labels.yaml and cy/prose/."""
    readability_minimum: Annotated[float, Field(ge=0, le=100)] | None = None
    """The lowest Flesch reading ease Part A may have; `policy check` fails below it."""
    letter_templates: Text | None = None
    """Folder of Word templates, relative to the source; default: the shared letter_templates/."""
    site_engine: SiteEngine | None = None
    """The engine `policy build` renders the sites with; default MkDocs (--engine overrides)."""
    site_urls: dict[Literal["public", "internal"], Annotated[
        str, StringConstraints(pattern=r"^https?://\S+/$")]] = {}
    """Where each site is served, ending in /, such as https://intranet.example/policy/:
    then the 404 page finds its styles even when the site sits below another path."""

    @property
    def reference_day(self) -> dt.date:
        """The day dated outputs carry (so the same source gives the same bytes): the
        publication date, else the latest version's date, else a fixed day."""
        dates = [self.publication_date] if self.publication_date else [
            entry.date for entry in self.version_history]
        return max((d.first_day for d in dates), default=dt.date(2000, 1, 1))


# --- parts and prose (parts.yaml, prose/) -----------------------------------------------


class Audience(StrEnum):
    public = "public"
    internal = "internal"
    members = "members"


class Section(Strict):
    id: Id
    """The section's id; also its anchor on the page."""
    title: Text
    """The section's heading."""
    prose: Text
    """Path of a Markdown fragment below prose/."""


class Part(Strict):
    label: Text
    """How the part is named, such as "Part A"."""
    title: Text
    """The part's title."""
    audience: Audience
    """Who reads it: public, internal or members; only public parts reach the public site."""
    marking: Text | None = None
    """Protective marking printed on every page of this part, where the document has one."""
    summary: Text | None = None
    """One sentence on what the part covers."""
    sections: list[Section] = []
    """The part's sections, in order."""


# --- who decides (roles.yaml, decisions.yaml) -------------------------------------------


class RoleKind(StrEnum):
    staff = "staff"
    manager = "manager"
    director = "director"
    statutory_officer = "statutory_officer"
    team = "team"
    group = "group"
    member = "member"
    committee = "committee"


class Panel(Strict):
    """A panel or committee that decides as one body: who sits on it and how it works,
    each only where the policy says."""

    members: list[Id] = []
    """The roles that sit on it (roles.yaml ids)."""
    quorum: Annotated[int, Field(ge=1)] | None = None
    """How many members must be present for it to decide."""
    meets_every: DurationField | None = None
    """How often it meets, such as 1 month."""
    conflicts_decided_by: Id | None = None
    """The role who decides, where a member has a conflict of interest in a case."""
    adviser: Id | None = None
    """The role the panel consults on high-risk cases."""
    adviser_when: Text | None = None
    """Which cases the adviser is consulted on, in words, where the policy says more than
    "high-risk cases"."""


class Role(Strict):
    name: Text
    """The role's name as the policy gives it."""
    kind: RoleKind = RoleKind.manager
    """What sort of role: staff, manager, director, statutory_officer, team, group (such as a
    panel), member or committee."""
    description: str | None = None
    """What the role does under the policy, for staff."""
    panel: Panel | None = None
    """For a panel or committee that decides as one body: its members and how it works."""


class Decision(Strict):
    title: Text
    """What is decided, as the decision matrix names it."""
    taken_by: list[Id] = []
    """Role ids. With jointly: true, all of them together; otherwise any one of them.
    Empty where the policy does not say who decides: outputs then say nothing of it."""
    jointly: bool = False
    """true: every role in taken_by decides together (and each signs the letter)."""
    prepared_by: list[Id] = []
    """Roles who prepare the case for the decision (for example a business case)."""
    recommended_by: list[Id] = []
    """Roles who recommend the decision to whoever takes it."""
    consult: list[Id] = []
    """Roles who must be consulted before the decision is taken."""
    informed: list[Id] = []
    """Roles told of the decision once taken."""
    notes: str | None = None
    """Anything else the policy says about the decision, for staff only."""


# --- behaviours (behaviours.yaml) -------------------------------------------------------


class Behaviour(Strict):
    name: Text
    """The behaviour's short name, as staff and letters name it."""
    definition: Text
    """What the behaviour is, as the policy defines it for staff."""
    examples: list[Text] = []
    """Examples the policy gives, each a line."""
    for_customer: Text | None = None
    """The conduct as a letter tells the customer of it, to them ("you"), in plain English."""


# --- the process (stages.yaml) ----------------------------------------------------------


class OutcomeKind(StrEnum):
    continue_ = "continue"
    amend = "amend"
    extend = "extend"
    renew = "renew"
    """Renewed for a further period (``period``)."""
    reimpose = "reimpose"
    """Put back in place (``at_once``: without the earlier stages)."""
    lift = "lift"
    escalate = "escalate"
    close = "close"
    lapse = "lapse"


class Outcome(Strict):
    kind: OutcomeKind
    """What happens: continue, amend, extend, escalate, close, lapse, renew, reimpose or lift."""
    to: Id | None = None
    """The stage a case moves to (for escalate, or close to a dormant stage)."""
    decision: Id | None = None
    """The decision that chooses this outcome, where it differs from the stage's review."""
    description: str = ""
    """The outcome in the policy's words, for staff."""
    for_customer: Text | None = None
    """The outcome as a letter tells the customer of it ("we may ..."), in plain English."""
    condition: str | None = None
    """When this outcome may be chosen, such as "only if the customer agrees to stop"."""
    period: DurationField | None = None
    """For extend or renew: the further period the policy states."""
    at_once: bool = False
    """Taken straight away, without going through the earlier stages again."""


class Monitoring(Strict):
    default: DurationField
    """How long monitoring normally lasts."""
    maximum: DurationField | None = None
    """The longest monitoring may last."""
    may_shorten: bool = False
    """true where the policy lets monitoring end early."""
    may_extend: bool = False
    """true where the policy lets monitoring run longer than the default."""


class StageKind(StrEnum):
    active = "active"
    record = "record"
    """Records or classifies a person (a warning marker, say) rather than restricting contact."""
    dormant = "dormant"


class Notification(Strict):
    event: Literal["entry", "exit"]
    """When the notification is sent: on entry to the stage or exit from it."""
    roles: list[Id]
    """The roles (roles.yaml) who are told."""
    channel: Text | None = None
    """How they are told (for example by email), where the policy says."""
    by: Id | None = None
    """The role who sends the notification."""


class Stage(Strict):
    name: Text
    """The stage's name, as staff see it."""
    summary: Text
    """One sentence on what the stage means."""
    kind: StageKind = StageKind.active
    """active (restricts or monitors), record (records or classifies only) or dormant (closed,
    records kept)."""
    initial: bool = False
    """A case may start at this stage."""
    direct_entry: bool = False
    """May be entered straight away, without the earlier stages, for extreme conduct."""
    direct_entry_when: str = ""
    """When a case may enter this stage straight away, in the policy's words."""
    wherever_possible: bool = False
    """The policy uses this step "wherever possible", not in every case."""
    entry_decision: Id | None = None
    """The decision (decisions.yaml) that puts a case at this stage."""
    letter: Id | None = None
    """The letter (letters.yaml) sent to the customer on entry."""
    monitoring: Monitoring | None = None
    """How long a case is watched at this stage."""
    max_duration: DurationField | None = None
    """The longest a case may stay at this stage."""
    retention: DurationField | None = None
    """For a dormant stage: records are deleted after this long with no further activity."""
    outcomes: list[Outcome] = []
    """What may happen next, each with where the case goes."""
    notify: list[Notification] = []
    """Who is told when a case enters or leaves the stage."""
    for_customer: Text | None = None
    """What being at this stage means, as a letter tells the customer, without its name."""
    renew_every: DurationField | None = None
    """How often a case at this stage must be decided again (renewed) to continue, such as
    12 months, counted from the decision; absent where the policy sets no renewal."""


# --- special measures (measures.yaml) ---------------------------------------------------


class Scope(StrEnum):
    officer = "officer"
    team = "team"
    service = "service"
    council = "council"


class ActsOn(StrEnum):
    contact = "contact"
    telephone = "telephone"
    correspondence = "correspondence"
    premises = "premises"
    social_media = "social_media"
    complaint_process = "complaint_process"


class ParameterKind(StrEnum):
    days_times = "days_times"
    contacts_per_period = "contacts_per_period"
    issues_per_period = "issues_per_period"
    channel = "channel"
    named_contact = "named_contact"
    premises = "premises"
    period = "period"
    text = "text"


class Parameter(Strict):
    kind: ParameterKind
    """What sort of detail the officer gives (days_times, contacts_per_period, channel,
    named_contact, period, text...)."""
    label: Text
    """The question the desk and the case file ask for it."""
    options: list[Text] = []
    """The choices allowed, where the policy lists them."""


class Renewal(Strict):
    """How a measure that has run its course may be renewed."""

    period: DurationField | None = None
    """For how long each renewal runs."""
    times: Annotated[int, Field(ge=1)] | None = None
    """How many times it may be renewed, where the policy sets a limit."""
    decision: Id | None = None
    """Who renews it (decisions.yaml), where that differs from who imposed it."""


class Measure(Strict):
    name: Text
    """The measure's short name."""
    description: Text
    """What the measure does, for staff."""
    allowed_at: list[Id]
    """Stage ids where this measure may be imposed."""
    restricts: Literal["customer", "body"] | None = None
    """Whom it binds: what the customer may do, or what the body itself does (replying by
    post only, say)."""
    acts_on: ActsOn | None = None
    """What kind of contact it acts on, where the policy says."""
    scopes: list[Scope] = []
    """How widely it may apply: a named officer, a team, a service or the whole council;
    empty where the policy does not say."""
    parameters: dict[Id, Parameter] = {}
    """What an officer must specify when imposing it in a case, by name."""
    decision: Id | None = None
    """Who imposes it, where that differs from the stage's entry decision."""
    max_duration: DurationField | None = None
    """The longest the policy lets it last; a case sets its own end within it."""
    review_interval: DurationField | None = None
    """How often a measure in force must be reviewed."""
    renewal: Renewal | None = None
    """Whether and how it may be renewed once its time is up."""
    may_be_permanent: bool = False
    """true where the policy allows the measure without an end."""
    one_off: bool = False
    """Taken once (a single letter, a single visit) rather than lasting a while: a case
    gives it no duration and letters give it no end."""
    withholds_staff_names: bool = False
    """The body keeps its staff's names from the customer: letters under it name no person,
    and are signed by the team."""
    for_customer: Text | None = None
    """What the measure means, as a letter tells the customer ("we will ..."), in plain
    English; case letters print this, never the description."""
    informed: list[Id] = []
    """Roles told when a case has this measure imposed, besides those its stage
    (``notify``) and its decision (``informed``) name: staff who must know of this
    measure and no other, such as the reception of the premises a ban covers."""


# --- appeals and rights (rights.yaml) ---------------------------------------------------


class Appeal(Strict):
    against: list[Id]
    """Decision ids this rule covers."""
    available: bool = True
    """false where the policy says there is no appeal (give the reason in grounds or the letter's
    floor_exceptions)."""
    reason: str = ""
    """Why there is no appeal, where available is false."""
    window: DurationField | None = None
    """How long the customer has to appeal; absent where the policy does not say."""
    window_from: Literal["receipt", "decision", "letter"] | None = None
    """What the window counts from; absent where the policy does not say."""
    to: Id | None = None
    """The role who receives appeals."""
    address: list[Text] = []
    """Where an appeal is sent, a line each."""
    decision: Id | None = None
    """The decision (decisions.yaml) that settles an appeal."""
    in_writing: bool | None = None
    """True: the appeal must be in writing; absent where the policy does not say."""
    grounds: str = ""
    """On what grounds a customer may appeal, as the policy puts it."""
    late: Literal["exceptional_circumstances", "never"] | None = None
    """Whether an appeal made after the window is taken: only in exceptional
    circumstances, or never; absent where the policy does not say."""
    attend: bool | None = None
    """False: the customer does not attend the appeal (it is decided without a hearing);
    True: they may attend; absent where the policy does not say."""
    acknowledged_within: DurationField | None = None
    """How soon the body acknowledges an appeal it receives, where the policy says."""
    evidence_within: DurationField | None = None
    """How long after appealing the customer may still send further evidence, where the
    policy says."""
    decided_within: DurationField | None = None
    """How long the body takes to decide an appeal, where the policy says."""
    outcomes: list[Text] = []
    """What an appeal may conclude, such as [upheld, not upheld]."""


class Ombudsman(Strict):
    name: Text
    """The ombudsman's or regulator's full name."""
    short_name: Text | None = None
    """Its short name (LGSCO, SPSO...)."""
    url: Text | None = None
    """Its web site."""
    phone: Text | None = None
    """Its telephone number."""
    email: Text | None = None
    """Its email address."""
    address: list[Text] = []
    """Its postal address, a line each."""
    applies_when: str | None = None
    """When a customer may go to this one, such as "after the last stage of the complaints
    procedure" or "for tenants"; absent where it applies to everything."""


class Rights(Strict):
    appeals: dict[Id, Appeal] = {}
    """The appeal rules, by id, each covering one or more decisions."""
    ombudsmen: list[Ombudsman] = []
    """Ombudsmen and regulators a customer may go to, each with when it applies."""
    statutory_rights: list[Text] = []
    """What no restriction ever takes away."""


# --- reviews (reviews.yaml) -------------------------------------------------------------


class CaseReview(Strict):
    stages: list[Id]
    """The stages (stages.yaml) whose cases this rule reviews."""
    interval: DurationField
    """The longest time before a case is reviewed."""
    measured_from: Literal["decision", "entry", "last_review"] | None = None
    """What the interval counts from; absent where the policy does not say."""
    decision: Id | None = None
    """Who reviews the case (decisions.yaml), where the policy says."""
    outcomes: list[OutcomeKind] = []
    """What a review may decide (continue, amend, escalate, close...)."""
    notes: str = ""
    """Anything else the policy says about the review, for staff."""


class ScheduledReview(Strict):
    title: Text
    """The review's name."""
    when: Text
    """In words, such as "at the end of each financial year"."""
    months: list[Annotated[int, Field(ge=1, le=12)]] = []
    """The months it is held in (5 is May)."""
    decision: Id | None = None
    """The decision (decisions.yaml) the review takes, if any."""
    purpose: str = ""
    """What the review is for, as the policy says."""
    stages: list[Id] = []
    """The stages whose cases it reviews; empty means every active stage."""


class Reporting(Strict):
    to: Id
    """The role or committee reported to."""
    by: Id | None = None
    """The role who reports."""
    every: DurationField
    """How often the report is made."""
    content: str = ""
    """What the report covers."""


class Register(Strict):
    name: Text | None = None
    """What staff call it, such as "the staff warning register"."""
    kept_by: Id | None = None
    """The role (roles.yaml) that keeps the register."""
    records: list[Text] = []
    """What is recorded in it."""
    stages: list[Id] = []
    """The stages whose cases are entered in it; empty means every stage."""


class Reviews(Strict):
    case_reviews: dict[Id, CaseReview] = {}
    """Rules for reviewing each case, by id."""
    scheduled: dict[Id, ScheduledReview] = {}
    """Reviews of every restriction together, on a calendar, by id."""
    reporting: dict[Id, Reporting] = {}
    """Regular reports on the policy's use, by id (for example to a committee)."""
    registers: dict[Id, Register] = {}
    """Where cases are recorded (a central register, a health and safety system...)."""


# --- protocols (protocols.yaml) ---------------------------------------------------------


class ProtocolKind(StrEnum):
    call_termination = "call_termination"
    telephone_restriction = "telephone_restriction"
    recording = "recording"
    anonymous_correspondence = "anonymous_correspondence"
    social_media = "social_media"
    police_referral = "police_referral"
    exclusion = "exclusion"
    other = "other"


class Protocol(Strict):
    kind: ProtocolKind
    """What sort of procedure it is (call_termination, recording, police_referral...)."""
    title: Text
    """The procedure's name."""
    part: Id
    """The part (parts.yaml) the protocol belongs to; it decides who may read it."""
    summary: Text
    """One sentence on what it is for."""
    steps: list[Text] = []
    """Its steps, in order, a line each."""
    rules: list[Text] = []
    """Rules that hold throughout, a line each."""
    decision: Id | None = None
    """The decision (decisions.yaml) it rests on, if any."""
    warnings: Annotated[int, Field(ge=0)] | None = None
    """Warnings given before acting (for example 1 before ending a call)."""
    warning_step: Annotated[int, Field(ge=1)] | None = None
    """The step (counting from 1) the warnings come before, where they apply to one step."""
    restriction: DurationField | None = None
    """How long a restriction the procedure imposes lasts (1 day)."""
    letter: Id | None = None
    """The letter (letters.yaml) it sends, if any."""
    appeal: Id | None = None
    """The appeal rule (rights.yaml) that covers it, if any."""


# --- letters and forms (letters.yaml) ---------------------------------------------------


class Element(StrEnum):
    """What a letter or form can be required to state, each supplied by the model or case."""

    reasons = "reasons"
    expectations = "expectations"
    measures = "measures"
    duration = "duration"
    monitoring_period = "monitoring_period"
    review_date = "review_date"
    appeal_right = "appeal_right"
    appeal_deadline = "appeal_deadline"
    no_appeal = "no_appeal"
    ombudsman = "ombudsman"
    single_point_of_contact = "single_point_of_contact"
    policy_enclosed = "policy_enclosed"
    potential_outcome = "potential_outcome"
    decision_maker = "decision_maker"
    statutory_rights = "statutory_rights"
    retention = "retention"
    keep_in_touch = "keep_in_touch"
    """Who to ask about the letter, and how to reach them."""


class CaseField(StrEnum):
    """The case details a letter or form needs (see the case file format)."""

    reference = "reference"
    customer_name = "customer_name"
    address = "address"
    channels = "channels"
    behaviours = "behaviours"
    incidents = "incidents"
    stage = "stage"
    measures = "measures"
    decision_date = "decision_date"
    decision_maker = "decision_maker"
    single_point_of_contact = "single_point_of_contact"
    adjustments = "adjustments"


class Purpose(StrEnum):
    """What a letter is for; each purpose has a content floor (generator.source.floor)."""

    warning = "warning"
    restriction_decision = "restriction_decision"
    review_outcome = "review_outcome"
    appeal_acknowledgement = "appeal_acknowledgement"
    appeal_outcome = "appeal_outcome"
    end_of_monitoring = "end_of_monitoring"
    anonymous_reply = "anonymous_reply"
    other = "other"


class Letter(Strict):
    kind: Literal["letter", "form"]
    """letter or form."""
    title: Text
    """The letter's name in the letters library."""
    when: Text
    """When an officer uses it."""
    recipient: Literal["customer", "staff", "members", "officer"] = "customer"
    """Who receives it: the customer, staff, members or an officer."""
    signed_by: Id | None = None
    """The role (roles.yaml) that signs it."""
    stage: Id | None = None
    """The stage (stages.yaml) the letter belongs to, if any."""
    decision: Id | None = None
    """The decision the letter reports; default: its stage's entry decision."""
    must_state: list[Element] = []
    """What the letter must say (reasons, measures, appeal_deadline...); checked against its
    template."""
    case_fields: list[CaseField] = []
    """What a case must give for this letter (reference, customer_name, address...)."""
    questions: list[Text] = []
    """For a form: the questions or boxes it asks the officer to complete."""
    template: Text | None = None
    """File name in the templates folder; defaults to the letter id with .docx."""
    subject: Text | None = None
    """The heading a customer reads at the top of the letter (the title is for staff)."""
    purpose: Purpose | None = None
    """What a customer letter is for: it must then state at least that purpose's floor."""
    floor_exceptions: dict[Element, Text] = {}
    """Elements of the purpose's floor this letter leaves out, each with the reason."""


# --- committee reports (reports.yaml) ---------------------------------------------------


class ReportAuthor(Strict):
    name: Text
    """The author's name."""
    title: Text | None = None
    """Their job title."""
    phone: Text | None = None
    """Their telephone number."""


class Report(Strict):
    body: Text
    """The committee or cabinet that approves."""
    meeting_date: DateField
    """When the meeting is held."""
    title: Text
    """The report's title."""
    report_of: Text
    """Whose report it is (an officer or a portfolio holder)."""
    author: ReportAuthor | None = None
    """Who wrote it, with a contact."""
    agenda_item: Text | None = None
    """The item number on the agenda."""
    purpose: Text
    """What the report asks the meeting to do."""
    recommendations: list[Text]
    """The recommendations, each a paragraph."""
    executive_summary: str = ""
    """A short summary for the front of the report."""
    observed_behaviours: list[Id] = []
    """Behaviour ids (behaviours.yaml) the report says officers have seen."""
    background: list[Text] = []
    """Background paragraphs."""
    implications: dict[Id, Text] = {}
    """Resource, legal, equality and other implications, each a paragraph."""
    appendices: list[Text] = []
    """The titles of the appendices."""
    background_papers: list[Text] = []
    """Papers the report relied on."""
    approves_version: Text | None = None
    """The policy version this report asks the body to approve."""


# --- the whole policy -------------------------------------------------------------------


class Policy(Strict):
    """One council's policy: every topic file of the source, validated together."""

    policy: Document
    """policy.yaml: what the document says about itself."""
    parts: dict[Id, Part]
    """parts.yaml: the document's parts and sections."""
    roles: dict[Id, Role] = {}
    """roles.yaml: who takes part, by id."""
    decisions: dict[Id, Decision] = {}
    """decisions.yaml: the decision matrix, by id."""
    behaviours: dict[Id, Behaviour] = {}
    """behaviours.yaml: the behaviour the policy counts as unacceptable, by id."""
    stages: dict[Id, Stage] = {}
    """stages.yaml: the process, stage by stage, by id."""
    measures: dict[Id, Measure] = {}
    """measures.yaml: special measures and restrictions, by id."""
    rights: Rights = Rights()
    """rights.yaml: appeals, ombudsmen and statutory rights."""
    reviews: Reviews = Reviews()
    """reviews.yaml: case reviews, calendar reviews, reporting and registers."""
    protocols: dict[Id, Protocol] = {}
    """protocols.yaml: step-by-step procedures, by id."""
    letters: dict[Id, Letter] = {}
    """letters.yaml: letters and forms, by id."""
    reports: dict[Id, Report] = {}
    """reports.yaml: committee and cabinet reports, by id."""
    prose: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict, exclude=True)
    """Prose fragments by path below prose/ (read by load, not a topic file)."""
    root: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)
    """The source folder the policy was read from."""
    language: SkipJsonSchema[Literal["en", "cy"]] = Field(default="en", exclude=True)
    """The language this model's text is in (a Welsh view is made from the English one)."""
    welsh_text: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict, exclude=True)
    """Welsh for the source's text by fact path (cy/labels.yaml), read by load."""
    welsh_prose: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict, exclude=True)
    """Welsh prose fragments by path below cy/prose/, read by load."""
    warnings: SkipJsonSchema[list[str]] = Field(default_factory=list, exclude=True)
    """Older forms the source still uses, each naming the new form (see compat)."""

    @property
    def folder(self) -> Path:
        """The source folder the policy was read from, where its renderers find the
        council's own templates and logo; every load sets it."""
        if self.root is None:
            raise ValueError("this policy was not read from a source folder")
        return self.root
