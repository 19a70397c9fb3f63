"""The typed model of a policy on unacceptable customer behaviour.

Every renderer reads this model and nothing else. Each topic file of a source
(``policy.yaml``, ``stages.yaml``...) fills one field of :class:`Policy`. Fields that
name another thing hold its id; :mod:`generator.validate` checks every such reference.
"""

from __future__ import annotations

import re
import types
import typing
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema

from generator.values import DateField, DurationField

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

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


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


class Council(Strict):
    name: Text
    """The council's full name, as on its letterhead."""
    nation: Nation
    """Decides the bank holidays used to count working days."""
    address: list[Text] = []
    """The postal address printed on the letterhead, a line each, the postcode last."""
    website: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    """The general email address printed on the letterhead."""
    logo: Text | None = None
    """An image (PNG or JPEG) inside the source folder, printed at the top of letters."""


class HistoryEntry(Strict):
    version: Text
    date: DateField
    summary: str = ""
    """What changed in this version, in a line; required before the version is approved."""
    author: Text


class Approval(Strict):
    name: Text
    role: Text
    """The approver's job title as it should be printed."""
    date: DateField


class RelatedPolicy(Strict):
    name: Text
    relation: Text
    """How it sits beside this policy (what it covers that this one does not)."""


class Welsh(Strict):
    """Welsh alongside English: which outputs, and the order of bilingual letters."""

    sites: list[Literal["public", "internal"]] = ["public"]
    letters: bool = True
    bilingual: Literal["welsh_first", "english_first"] = "welsh_first"


class Document(Strict):
    council: Council
    title: Text
    reference: Text | None = None
    version: Text
    """Major.minor, such as 3.0."""
    status: Status
    owner: Text
    """The team or officer who owns the policy."""
    author: Text
    service_area: Text
    publication_date: DateField
    next_review_date: DateField
    review_interval: DurationField
    """How often the policy itself is reviewed (for example 1 year)."""
    version_history: list[HistoryEntry] = []
    approvals: list[Approval] = []
    related_policies: list[RelatedPolicy] = []

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


# --- parts and prose (parts.yaml, prose/) -----------------------------------------------


class Audience(StrEnum):
    public = "public"
    internal = "internal"
    members = "members"


class Section(Strict):
    id: Id
    title: Text
    prose: Text
    """Path of a Markdown fragment below prose/."""


class Part(Strict):
    label: Text
    """How the part is named, such as "Part A"."""
    title: Text
    audience: Audience
    marking: Text
    """Protective marking printed on every page of this part."""
    summary: Text | None = None
    sections: list[Section] = []


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


class Role(Strict):
    name: Text
    kind: RoleKind = RoleKind.manager
    description: str | None = None


class Decision(Strict):
    title: Text
    taken_by: list[Id]
    """Role ids. With jointly: true, all of them together; otherwise any one of them."""
    jointly: bool = False
    prepared_by: list[Id] = []
    """Roles who prepare the case for the decision (for example a business case)."""
    recommended_by: list[Id] = []
    consult: list[Id] = []
    """Roles who must be consulted before the decision is taken."""
    informed: list[Id] = []
    """Roles told of the decision once taken."""
    notes: str | None = None


# --- behaviours (behaviours.yaml) -------------------------------------------------------


class Behaviour(Strict):
    name: Text
    definition: Text
    examples: list[Text] = []
    for_customer: Text | None = None
    """The conduct as a letter tells the customer of it, to them ("you"), in plain English."""


# --- the process (stages.yaml) ----------------------------------------------------------


class OutcomeKind(StrEnum):
    continue_ = "continue"
    amend = "amend"
    extend = "extend"
    escalate = "escalate"
    close = "close"
    lapse = "lapse"


class Outcome(Strict):
    kind: OutcomeKind
    to: Id | None = None
    """The stage a case moves to (for escalate, or close to a dormant stage)."""
    decision: Id | None = None
    """The decision that chooses this outcome, where it differs from the stage's review."""
    description: str = ""
    for_customer: Text | None = None
    """The outcome as a letter tells the customer of it ("we may ..."), in plain English."""


class Monitoring(Strict):
    default: DurationField
    maximum: DurationField | None = None
    may_shorten: bool = False
    may_extend: bool = False


class StageKind(StrEnum):
    active = "active"
    dormant = "dormant"


class Notification(Strict):
    event: Literal["entry", "exit"]
    roles: list[Id]
    channel: Text = "email"
    by: Id | None = None
    """The role who sends the notification."""


class Stage(Strict):
    name: Text
    summary: Text
    kind: StageKind = StageKind.active
    initial: bool = False
    """A case may start at this stage."""
    direct_entry: bool = False
    """May be entered straight away, without the earlier stages, for extreme conduct."""
    direct_entry_when: str = ""
    entry_decision: Id | None = None
    """The decision (decisions.yaml) that puts a case at this stage."""
    letter: Id | None = None
    """The letter (letters.yaml) sent to the customer on entry."""
    monitoring: Monitoring | None = None
    max_duration: DurationField | None = None
    retention: DurationField | None = None
    """For a dormant stage: records are deleted after this long with no further activity."""
    outcomes: list[Outcome] = []
    notify: list[Notification] = []
    for_customer: Text | None = None
    """What being at this stage means, as a letter tells the customer, without its name."""


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
    channel = "channel"
    named_contact = "named_contact"
    premises = "premises"
    period = "period"
    text = "text"


class Parameter(Strict):
    kind: ParameterKind
    label: Text
    options: list[Text] = []


class Measure(Strict):
    name: Text
    description: Text
    allowed_at: list[Id]
    """Stage ids where this measure may be imposed."""
    acts_on: ActsOn = ActsOn.contact
    scopes: list[Scope] = [Scope.service]
    """How widely it may apply: a named officer, a team, a service or the whole council."""
    parameters: dict[Id, Parameter] = {}
    decision: Id | None = None
    """Who imposes it, where that differs from the stage's entry decision."""
    max_duration: DurationField | None = None
    review_interval: DurationField | None = None
    may_be_permanent: bool = False
    for_customer: Text | None = None
    """What the measure means, as a letter tells the customer ("we will ..."), in plain
    English; case letters print this, never the description."""


# --- appeals and rights (rights.yaml) ---------------------------------------------------


class Appeal(Strict):
    against: list[Id]
    """Decision ids this rule covers."""
    available: bool = True
    reason: str = ""
    """Why there is no appeal, where available is false."""
    window: DurationField | None = None
    window_from: Literal["receipt", "decision", "letter"] = "letter"
    to: Id | None = None
    """The role who receives appeals."""
    address: list[Text] = []
    decision: Id | None = None
    """The decision (decisions.yaml) that settles an appeal."""
    in_writing: bool = True
    grounds: str = ""
    outcomes: list[Text] = ["upheld", "not upheld"]


class Ombudsman(Strict):
    name: Text
    short_name: Text | None = None
    url: Text
    phone: Text | None = None


class Rights(Strict):
    appeals: dict[Id, Appeal] = {}
    ombudsman: Ombudsman | None = None
    statutory_rights: list[Text] = []
    """What no restriction ever takes away."""


# --- reviews (reviews.yaml) -------------------------------------------------------------


class CaseReview(Strict):
    stages: list[Id]
    interval: DurationField
    """The longest time before a case is reviewed."""
    measured_from: Literal["decision", "entry", "last_review"] = "decision"
    decision: Id
    outcomes: list[OutcomeKind] = []
    notes: str = ""


class ScheduledReview(Strict):
    title: Text
    when: Text
    """In words, such as "at the end of each financial year"."""
    months: list[Annotated[int, Field(ge=1, le=12)]] = []
    decision: Id
    purpose: str = ""


class Reporting(Strict):
    to: Id
    """The role or committee reported to."""
    by: Id
    every: DurationField
    content: str = ""


class Register(Strict):
    kept_by: Id
    records: list[Text] = []


class Reviews(Strict):
    case_reviews: dict[Id, CaseReview] = {}
    scheduled: dict[Id, ScheduledReview] = {}
    reporting: dict[Id, Reporting] = {}
    central_register: Register | None = None


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
    title: Text
    part: Id
    """The part (parts.yaml) the protocol belongs to; it decides who may read it."""
    summary: Text
    steps: list[Text] = []
    rules: list[Text] = []
    decision: Id | None = None
    warnings: Annotated[int, Field(ge=0)] | None = None
    """Warnings given before acting (for example 1 before ending a call)."""
    restriction: DurationField | None = None
    letter: Id | None = None
    appeal: Id | None = None


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
    """What a letter is for; each purpose has a content floor (generator.floor)."""

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
    title: Text
    when: Text
    """When an officer uses it."""
    recipient: Literal["customer", "staff", "members", "officer"] = "customer"
    signed_by: Id | None = None
    stage: Id | None = None
    decision: Id | None = None
    must_state: list[Element] = []
    case_fields: list[CaseField] = []
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
    title: Text | None = None
    phone: Text | None = None


class Report(Strict):
    body: Text
    """The committee or cabinet that approves."""
    meeting_date: DateField
    title: Text
    report_of: Text
    author: ReportAuthor
    agenda_item: Text | None = None
    purpose: Text
    recommendations: list[Text]
    executive_summary: str = ""
    observed_behaviours: list[Id] = []
    """Behaviour ids (behaviours.yaml) the report says officers have seen."""
    background: list[Text] = []
    implications: dict[Id, Text] = {}
    """Resource, legal, equality and other implications, each a paragraph."""
    appendices: list[Text] = []
    background_papers: list[Text] = []
    approves_version: Text | None = None
    """The policy version this report asks the body to approve."""


# --- the whole policy -------------------------------------------------------------------


class Policy(Strict):
    """One council's policy: every topic file of the source, validated together."""

    policy: Document
    parts: dict[Id, Part]
    roles: dict[Id, Role] = {}
    decisions: dict[Id, Decision] = {}
    behaviours: dict[Id, Behaviour] = {}
    stages: dict[Id, Stage] = {}
    measures: dict[Id, Measure] = {}
    rights: Rights = Rights()
    reviews: Reviews = Reviews()
    protocols: dict[Id, Protocol] = {}
    letters: dict[Id, Letter] = {}
    reports: dict[Id, Report] = {}
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
