"""The case form for one letter, generated from the policy: only the details that letter
needs, and only the choices the policy allows (behaviours, the stage's measures, the roles
that may take its decision).

What is typed is read into a case's data by :mod:`generator.desk.answers`, then checked
by the case-file checks (:func:`generator.cases.case.case_from_data`), so the desk and
``policy letter`` say the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.cases.case import AdjustmentKind, Channel, measure_maximum, signing_roles
from generator.desk.i18n import _, policy_text
from generator.letters.welsh_letters import welsh, welsh_letters
from generator.source.floor import letter_states
from generator.source.model import CaseField, Element, Letter, Policy, Purpose
from generator.source.queries import letter_decision

__all__ = ["MAX_INCIDENTS", "SPARE_INCIDENTS", "STEPS", "CaseForm", "Input", "tells_decision"]


@dataclass
class Choice:
    value: str
    label: str
    hint: str = ""


@dataclass
class Input:
    """One question: ``name`` is the form name and the element id."""

    name: str
    label: str
    kind: str = "text"  # text | textarea | date | radios | checkboxes | select | fixed
    hint: str = ""
    choices: list[Choice] = field(default_factory=list)
    width: str = ""  # a width class of desk.css, such as input--width-10
    autocomplete: str = ""
    id: str = ""
    """The element id, where several inputs share a name (each measure's checkbox)."""
    quiet: bool = False
    """The legend is for screen readers only (its group's heading says it already)."""

    def __post_init__(self) -> None:
        self.id = self.id or self.name


@dataclass
class Group:
    """Questions asked together under a heading (a fieldset)."""

    id: str
    heading: str
    inputs: list[Input]
    hint: str = ""
    groups: list[Group] = field(default_factory=list)


#: Spare rows for incidents beyond those already given (no script adds rows).
SPARE_INCIDENTS = 2
#: The most incident rows a form has: a letter sets out the pattern, not a log.
MAX_INCIDENTS = 50
#: The case's details, corrected on their own page: no decision sets them.
DETAILS = frozenset({CaseField.reference, CaseField.customer_name, CaseField.address,
                     CaseField.channels, CaseField.behaviours, CaseField.incidents,
                     CaseField.single_point_of_contact, CaseField.adjustments})
#: The form's steps, in order, and the groups each holds (by group id).
STEPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("customer", "The customer", ("case", "customer", "postal", "contact")),
    ("conduct", "Conduct and incidents", ("conduct", "incidents")),
    ("decision", "Stage and decision", ("process", "decider", "review", "appeal", "dates")),
    ("measures", "Measures", ("measures-all",)),
    ("letter", "The letter", ("expect", "spoc", "signatories", "adjust", "languages")),
]


def tells_decision(policy: Policy, letter_id: str) -> bool:
    """Whether the letter tells of a decision taken with it (so its form, for a case
    without a record of that decision, proposes it); an acknowledgement of an appeal tells
    of one still to be taken."""
    letter = policy.letters[letter_id]
    return letter_decision(policy, letter) in policy.decisions and \
        letter.purpose != Purpose.appeal_acknowledgement


def _job_title(name: str) -> Input:
    """A person's own job title, which the letter prints under their name."""
    return Input(name, _("Their job title"),
                 hint=_("As the letter is to print it under their name; left empty, the "
                        "letter prints the name of their role."))


@dataclass
class CaseForm:
    """The form that gathers a case's details for the letter ``letter_id``."""

    policy: Policy
    letter_id: str
    stage: str | None = None
    """The case's stage when the letter does not fix one (a kept case's)."""
    incidents: int = 0
    proposing: bool = True
    """The form proposes the letter's decision (its stage, measures, outcome): False once
    the decision is recorded, or where the letter tells of none."""
    details: bool = False
    """Only the case's details (customer, conduct, contact), whatever the letter needs."""
    decides: bool = False
    """The officer takes the decision they propose, so the form asks its date."""
    earlier_decider: bool = False
    """The letter tells of a decision taken before the case was kept here (an appeal's
    acknowledgement names the decision appealed), and the case names no one who took it:
    the form asks once who did."""

    @property
    def letter(self) -> Letter:
        return self.policy.letters[self.letter_id]

    @property
    def decision(self) -> str | None:
        """The decision the letter tells of (its own, or its stage's)."""
        return letter_decision(self.policy, self.letter)

    def asks(self, case_field: CaseField) -> bool:
        if self.details:
            return case_field in DETAILS
        return case_field in self.letter.case_fields

    def steps(self) -> list[tuple[str, str, list[Group]]]:
        """The form's steps that ask something: id, heading and groups."""
        groups = self.groups()
        headings = {"customer": _("The customer"), "conduct": _("Conduct and incidents"),
                    "decision": _("Stage and decision"), "measures": _("Measures"),
                    "letter": _("The letter")}
        found = []
        for step, _heading, ids in STEPS:
            held = [g for g in groups if g.id in ids]
            if held:
                found.append((step, headings[step], held))
        return found

    def text(self, english: str, path: Callable[..., str]) -> str:
        """A source text in the desk's language, by the same lookup on the Welsh view."""
        view = welsh(self.policy) if self.policy.policy.welsh else None
        return policy_text(english, path(view) if view else None)

    # -- what the form asks ----------------------------------------------------------------

    def groups(self) -> list[Group]:
        policy = self.policy
        if self.details:
            customer, states, letter = True, [], None
        else:
            letter = self.letter
            customer = letter.recipient == "customer"
            states = letter_states(policy, letter)
        groups = [Group("case", _("The case"), [
            Input("reference", _("Case reference"), hint=_(
                "Letters, digits and / _ . - only, such as CR/2026/0042"),
                width="input--width-20"),
            *([Input("your_reference", _("The customer's own reference (if they gave one)"),
                     width="input--width-20")] if customer else [])])]
        if self.asks(CaseField.customer_name):
            groups.append(Group("customer", _("The customer"), [
                Input("title", _("Title (if they use one)"), hint=_("Such as Ms, Mr, Mx or Dr"),
                      width="input--width-5", autocomplete="off"),
                Input("given_names", _("Given names"), autocomplete="off",
                      width="input--width-20"),
                Input("family_name", _("Family name"), autocomplete="off",
                      width="input--width-20")]))
        if self.asks(CaseField.address):
            groups.append(Group("postal", _("Postal address"), [
                Input("address", _("Address"), "textarea", hint=_(
                    "One line for each line of the address, the postcode on the last line. "
                    "The customer's name is printed above it."))]))
        if self.asks(CaseField.channels):
            groups.append(Group("contact", _("How the customer contacts us"), [
                Input("channels", _("Ways they contact us"), "checkboxes",
                      choices=self.channel_choices())]))
        if self.asks(CaseField.behaviours):
            groups.append(Group("conduct", _("Behaviour"), [Input(
                "behaviours", _("Behaviour the decision is about"), "checkboxes",
                hint=_("Select all that apply. Each is defined as the policy defines it."),
                choices=[Choice(i, self.text(b.name, lambda v, i=i: v.behaviours[i].name),
                                self.text(b.definition,
                                          lambda v, i=i: v.behaviours[i].definition))
                         for i, b in policy.behaviours.items()])]))
        if self.asks(CaseField.incidents) or (Element.reasons in states and not self.details):
            groups.append(self.incident_group())
        if letter is None:
            return [*groups, *self.detail_groups(customer=True)]
        stage_input = self.stage_input() if self.proposing else None
        if stage_input:
            groups.append(Group("process", _("Stage"), [stage_input]))
        if self.asks(CaseField.measures) and self.proposing:
            groups.append(self.measure_group())
        groups += self.decision_groups()
        if letter.purpose == Purpose.review_outcome and self.proposing:
            groups.append(Group("review", _("The review"), [Input(
                "outcome", _("What the review decided"), "radios",
                choices=self.outcome_choices())]))
        if letter.purpose in (Purpose.appeal_acknowledgement, Purpose.appeal_outcome):
            groups.append(self.appeal_group(letter.purpose == Purpose.appeal_outcome
                                            and self.proposing))
        if Element.expectations in states:
            groups.append(Group("expect", _("What we expect of the customer"), [Input(
                "expectations", _("What we expect from now on"), "textarea",
                hint=_("One expectation a line, written to the customer. The measures are "
                       "listed when this is left empty."))]))
        groups += self.detail_groups(customer, states)
        dated = self.decision not in policy.decisions or (self.proposing and self.decides) \
            or (not self.proposing and self.earlier_decider)
        groups.append(Group("dates", _("Dates"), [
            *([Input("decision_date", _("Date of the decision"), "date",
                     hint=_("Today when left empty") if self.decides else "")]
              if dated else []),
            Input("letter_date", _("Date on the letter"), "date",
                  hint=_("The date of the decision when left empty"))]))
        return groups

    def detail_groups(self, customer: bool, states: Iterable[Element] = ()) -> list[Group]:
        """The contact, adjustment and language questions (a letter's, or the details')."""
        policy, groups = self.policy, []
        if self.asks(CaseField.single_point_of_contact) or {
                Element.single_point_of_contact, Element.keep_in_touch} & set(states):
            groups.append(Group("spoc", _("Single point of contact"), [
                Input("single_point_of_contact-name", _("Name")),
                Input("single_point_of_contact-job_title", _("Job title")),
                Input("single_point_of_contact-phone", _("Telephone"),
                      width="input--width-20"),
                Input("single_point_of_contact-email", _("Email"))]))
        if customer or self.asks(CaseField.adjustments):
            groups.append(self.adjustment_group())
        if welsh_letters(policy) and customer:
            groups.append(Group("languages", _("Language"), [Input(
                "language", _("The language the customer asked to be written to in"),
                "radios", choices=[Choice("english", _("English")), Choice("welsh", _("Welsh")),
                                   Choice("bilingual", _("Welsh and English"))])]))
        return groups

    def channel_choices(self) -> list[Choice]:
        words = {Channel.telephone: _("Telephone"), Channel.email: _("Email"),
                 Channel.letter: _("Letter"), Channel.in_person: _("In person"),
                 Channel.social_media: _("Social media"), Channel.webform: _("Web form"),
                 Channel.other: _("Another way")}
        return [Choice(str(c), words[c]) for c in Channel]

    def incident_group(self) -> Group:
        rows = [Group(f"incidents-{n}", _("Incident %(number)s", number=n + 1), [
            Input(f"incidents-{n}-date", _("Date"), "date"),
            Input(f"incidents-{n}-channel", _("How"), "select",
                  choices=[Choice("", ""), *self.channel_choices()]),
            Input(f"incidents-{n}-summary", _("What happened"), "textarea")])
            for n in range(self.incidents + SPARE_INCIDENTS)]
        return Group("incidents", _("Incidents"), [], groups=rows, hint=_(
            "Leave a row empty if you do not need it. Save the form to get more rows."))

    def fixed_stage(self) -> str | None:
        return self.letter.stage

    def stage_input(self) -> Input | None:
        stage_id = self.fixed_stage()
        if stage_id:
            name = self.policy.stages[stage_id].name
            return Input("stage", _("Stage"), "fixed", choices=[Choice(stage_id, self.text(
                name, lambda v: v.stages[stage_id].name))])
        if not self.asks(CaseField.stage):
            return None
        return Input("stage", _("The stage the case is at"), "radios", choices=[
            Choice(i, self.text(s.name, lambda v, i=i: v.stages[i].name),
                   self.text(s.summary, lambda v, i=i: v.stages[i].summary))
            for i, s in self.policy.stages.items()])

    def measure_group(self) -> Group:
        stage = self.fixed_stage() or self.stage
        allowed = {i: m for i, m in self.policy.measures.items()
                   if stage is None or stage in m.allowed_at}
        groups = []
        for measure_id, measure in allowed.items():
            prefix = f"measures-{measure_id}"
            inputs = [Input("measures", self.text(measure.name,
                                                  lambda v, i=measure_id: v.measures[i].name),
                            "checkboxes", choices=[Choice(measure_id, _("Use this measure"))],
                            id=prefix, quiet=True)]
            if measure.scopes:
                inputs.append(Input(f"{prefix}-scope", _("How widely it applies"), "radios",
                                    choices=[Choice(str(s), self.scope_word(str(s)))
                                             for s in measure.scopes]))
            if measure.scopes != ["council"]:
                inputs.append(Input(f"{prefix}-applies_to", _("Which service, team or officer"),
                                    hint=_("Such as Highways; not needed council-wide")))
            for name, parameter in measure.parameters.items():
                label = self.text(parameter.label, lambda v, i=measure_id, n=name:
                                  v.measures[i].parameters[n].label)
                inputs.append(Input(f"{prefix}-parameters-{name}", label,
                                    "select" if parameter.options else "text",
                                    choices=[Choice("", ""), *(Choice(o, o)
                                                                for o in parameter.options)]))
            maximum = measure_maximum(self.policy, measure_id, stage)
            inputs += [Input(f"{prefix}-starts", _("Starts"), "date",
                             hint=_("The date on the letter when left empty")),
                       Input(f"{prefix}-duration", _("How long it lasts"),
                             hint=_("At most %(maximum)s", maximum=maximum) if maximum
                             else _("Such as 6 months"), width="input--width-10")]
            groups.append(Group(prefix, self.text(measure.name,
                                                  lambda v, i=measure_id: v.measures[i].name),
                                inputs, hint=self.text(measure.description, lambda v,
                                                       i=measure_id: v.measures[i].description)))
        return Group("measures-all", _("Measures"), [], groups=groups, hint=_(
            "Only the measures the policy allows at this stage are offered.") if stage else "")

    def scope_word(self, scope: str) -> str:
        return {"officer": _("One officer"), "team": _("One team"),
                "service": _("One service"), "council": _("The whole council")}[scope]

    def decider_roles(self) -> list[str]:
        """The roles that may take the letter's decision (all that sign it, if none)."""
        decision = self.policy.decisions.get(letter_decision(self.policy, self.letter) or "")
        if decision and decision.taken_by:
            return list(decision.taken_by)
        return signing_roles(self.policy, self.letter_id)[0] or list(self.policy.roles)

    def role_choices(self, roles: Iterable[str]) -> list[Choice]:
        return [Choice(r, self.text(self.policy.roles[r].name,
                                    lambda v, r=r: v.roles[r].name))
                for r in roles if r in self.policy.roles]

    def decision_groups(self) -> list[Group]:
        letter = self.letter
        signers, joint = signing_roles(self.policy, self.letter_id)
        deciders = self.decider_roles()
        decided = letter_decision(self.policy, letter) in self.policy.decisions
        groups = []
        # The decision maker is not typed: the decision's record names them, except for a
        # decision taken before the case was kept here.
        asks_decider = self.asks(CaseField.decision_maker) or (
            letter.kind == "letter" and not joint and decided)
        if asks_decider and self.earlier_decider and not self.proposing:
            groups.append(Group("decider", _("Who took the decision"), [
                Input("decision_maker-name", _("Their name")),
                Input("decision_maker-role", _("Their role"), "radios",
                      hint=_("Only the roles that may take this decision are offered."),
                      choices=self.role_choices(deciders)),
                _job_title("decision_maker-job_title")], hint=_(
                "The decision was taken before the case was kept on the desk. Once given, "
                "this is kept and not asked again.")))
        if letter.kind != "letter":
            return groups
        if joint:
            groups.append(Group("signatories", _("Who signs the letter"), [
                *(field for n, choice in enumerate(self.role_choices(signers)) for field in (
                    Input(f"signatories-{n}-name", _("Name of the %(role)s", role=choice.label)),
                    _job_title(f"signatories-{n}-job_title")))],
                hint=_("The decision is taken jointly, so each of them signs.")))
        elif signers and (not asks_decider or not set(deciders) <= set(signers)):
            groups.append(Group("signatories", _("Who signs the letter"), [
                Input("signatories-0-name", _("Their name")),
                Input("signatories-0-role", _("Their role"), "radios",
                      choices=self.role_choices(signers)),
                _job_title("signatories-0-job_title")]))
        return groups

    def outcome_choices(self) -> list[Choice]:
        stage = self.policy.stages.get(self.fixed_stage() or self.stage or "")
        stages = [stage] if stage else list(self.policy.stages.values())
        kinds = dict.fromkeys(str(o.kind) for s in stages for o in s.outcomes)
        return [Choice(k, k.replace("_", " ")) for k in kinds]

    def appeal_group(self, decided: bool) -> Group:
        inputs = [Input("appeal-received", _("Date the appeal was received"), "date")]
        if decided:
            outcomes = dict.fromkeys(o for a in self.policy.rights.appeals.values()
                                     for o in a.outcomes)
            inputs += [Input("appeal-decided", _("Date the appeal was decided"), "date"),
                       Input("appeal-outcome", _("The result"), "radios",
                             choices=[Choice(o, o) for o in outcomes]) if outcomes else
                       Input("appeal-outcome", _("The result")),
                       Input("appeal-reasons", _("The reasons, written to the customer"),
                             "textarea")]
        return Group("appeal", _("The appeal"), inputs)

    def adjustment_group(self) -> Group:
        words = {AdjustmentKind.large_print: _("Large print"),
                 AdjustmentKind.easy_read: _("Easy read"),
                 AdjustmentKind.another_language: _("In another language"),
                 AdjustmentKind.by_email: _("By email as well"),
                 AdjustmentKind.other: _("Another adjustment")}
        details = {AdjustmentKind.another_language: _("Which language"),
                   AdjustmentKind.by_email: _("The email address"),
                   AdjustmentKind.other: _("The adjustment, in a line to the customer")}
        return Group("adjust", _("Reasonable adjustments"), [
            Input("adjustments", _("Adjustments made for the customer"), "checkboxes",
                  choices=[Choice(str(k), w) for k, w in words.items()]),
            *(Input(f"adjustments-{k}-details", label) for k, label in details.items())])

    def inputs(self) -> list[Input]:
        """Every input, in order (for reading values and finding the first)."""
        def walk(groups: list[Group]) -> Iterable[Input]:
            for group in groups:
                yield from group.inputs
                yield from walk(group.groups)
        return list(walk(self.groups()))
