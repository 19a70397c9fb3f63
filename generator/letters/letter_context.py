"""What a letter template sees: the policy's facts and the case's details, by name.

Every printed value is a :class:`Value`, text that remembers which fact it states (its
``key``, such as ``appeal.deadline``), so the required-content check can prove a template
prints it. Without a case, case details are :class:`Blank` (``[Customer name]``), which
the renderer highlights, giving the fill-in documents for the intranet.

A name the source does not declare for a letter (a case field not in its ``case_fields``,
a monitoring period its stage does not have) is :class:`Undeclared`: false in an ``if``,
so one shared template serves every council, but an error when printed or looped over.

The context speaks the policy's language: for a Welsh view of the policy
(:func:`generator.source.translation.welsh_view`) periods and dates are Welsh, and
the generator's own words (blank labels, ways of contact) come from the policy catalogue
(:mod:`generator.languages.interface`); a word with no Welsh prints as a marker naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace as Namespace
from typing import Any

import jinja2

from generator.cases.case import (
    AdjustmentKind,
    Case,
    ImposedMeasure,
    letter_dates,
    printed_address,
)
from generator.languages.catalogues import N_
from generator.languages.interface import CHOICES, gettext
from generator.source.floor import letter_states
from generator.source.model import Appeal, CaseField, Element, Letter, Policy, Stage
from generator.source.queries import letter_decision
from generator.source.values import Duration, PolicyDate
from generator.source.wording import deciders, join, months, role_names, text
from generator.source.workdays import add_period
from generator.statements import (
    appeals,
    contact,
    document_control,
    measures,
    reasons,
    reviews,
    signatories,
)
from generator.statements.appeals import DEEMED_DELIVERY
from generator.statements.said import Blank, Statement, Value, Words, sentences

__all__ = ["DEEMED_DELIVERY", "Blank", "Value", "letter_context", "values"]

#: What an appeal window counts from, by the rule's ``window_from``.
COUNTED_FROM = {"letter": N_("the date of this letter"),
                "receipt": N_("the day you receive this letter"),
                "decision": N_("the date of the decision")}

#: A fill-in form's blank for a date some period after another, by what it counts from.
LATER = {"letter date": N_("date %(period)s after the letter date"),
         "decision": N_("date %(period)s after the decision"),
         "day the letter is received": N_("date %(period)s after the day the letter is received")}


class Undeclared(jinja2.StrictUndefined):
    """A name the source does not declare for this letter: false in a test, fatal in print."""

    __slots__ = ()

    def __bool__(self) -> bool:  # type: ignore[override]  # StrictUndefined's raises
        return False


def values(node: Any) -> Iterator[Value]:
    """Every Value in a context, through namespaces and lists."""
    if isinstance(node, Value):
        yield node
    elif isinstance(node, dict | Namespace):
        for child in (node if isinstance(node, dict) else vars(node)).values():
            yield from values(child)
    elif isinstance(node, list):
        for child in node:
            yield from values(child)


def undeclared(name: str, why: str) -> Undeclared:
    return Undeclared(hint=f"'{name}' is not available to this letter: {why}", name=name)


def letter_context(policy: Policy, letter_id: str, case: Case | None = None) -> dict[str, Any]:
    """Every name a template may use for ``letter_id``; ``case=None`` gives a fill-in form."""
    letter = policy.letters[letter_id]
    facts = _Facts(policy, letter_id, letter, case)
    states = letter_states(policy, letter)
    return {
        "council": _council(policy),
        "logo": undeclared("logo", "the source names no logo"),  # an image, put in by render
        "policy": Namespace(title=Value(policy.policy.title, "policy.title"),
                            version=_text(policy.policy.version, "policy.version"),
                            reference=_text(policy.policy.reference, "policy.reference"),
                            document=document_control.document(facts.say, policy)),
        "letter": Namespace(title=Value(letter.title, "letter.title"), kind=letter.kind,
                            subject=_text(letter.subject, "letter.subject"),
                            questions=[Value(q, "letter.questions") for q in letter.questions],
                            for_customer=letter.recipient == "customer",
                            explains=reasons.explains(facts.say, states)),
        "states": [str(element) for element in states],
        "fields": [str(field) for field in letter.case_fields],
        "date": facts.date_value(facts.letter_date, "date", "Date"),
        "service": facts.plain("service", "Service"),
        "your_reference": facts.plain("your_reference", "Your reference"),
        "salutation": facts.salutation(),
        "contact": facts.ask_for(),
        "signatories": facts.signatories(),
        "adjusted": facts.adjusted(),
        "large_print": bool(case and case.large_print),
        "stage_for_customer": _text(facts.stage.for_customer if facts.stage else None,
                                    "stage_for_customer"),
        "expectations": facts.expectations(),
        "welsh_commitment": _text(policy.policy.welsh.correspondence if policy.policy.welsh
                                  else None, "welsh_commitment"),
        **facts.case_fields(states),
        **facts.policy_facts(),
        "length": facts.length() or undeclared("length", "the letter's stage sets no length"),
    }


def _council(policy: Policy) -> Namespace:
    council = policy.policy.council
    return Namespace(name=Value(council.name, "council.name"),
                     address=[Value(line, "council.address") for line in council.address],
                     website=_text(council.website, "council.website"),
                     phone=_text(council.phone, "council.phone"),
                     email=_text(council.email, "council.email"),
                     logo=bool(council.logo))


def _text(text: str | None, key: str) -> Value | Undeclared:
    return Value(text, key) if text else undeclared(key, "the source does not give it")


def _for_customer(text: str | None, path: str) -> Value | Undeclared:
    """A text's customer wording; printing it where the source has none is an error."""
    key = path.split(".")[0] + ".for_customer" if path.count(".") == 1 else \
        "outcomes.for_customer"
    return Value(text, key) if text else undeclared(
        f"{path}.for_customer", f"the source gives {path} no for_customer wording; add "
        "for_customer: saying it to the customer")


#: An adjustment made for the customer, told to them in a sentence.
ADJUSTMENTS = {
    AdjustmentKind.large_print:
        N_("We will send you our letters in large print, as this one is."),
    AdjustmentKind.easy_read: N_("We will send you an easy read version of our letters."),
    AdjustmentKind.another_language: N_("We will send you our letters in %(details)s."),
    AdjustmentKind.by_email: N_("We will send our letters to you by email, to %(details)s."),
}


#: Review outcomes after which no arrangement applies.
ENDED = frozenset({"lift", "close", "lapse"})


class _Facts:
    """The facts of one letter, for one case or for the fill-in form."""

    def __init__(self, policy: Policy, letter_id: str, letter: Letter, case: Case | None):
        self.policy, self.letter_id, self.letter, self.case = policy, letter_id, letter, case
        self.nation = policy.policy.council.nation
        self.words = gettext(policy.language)
        self.say = Words(policy)
        self.withheld = measures.withholds_names(policy, case)
        self.stage_id = letter.stage or (case.stage if case else None)
        self.stage: Stage | None = policy.stages.get(self.stage_id or "")
        self.decision_id = letter_decision(policy, letter)
        decided, dated = letter_dates(policy, letter, case) if case else (None, None)
        self.decision_date = decided.first_day if decided else None
        self.letter_date = dated.first_day if dated else None

    # -- helpers ---------------------------------------------------------------------------

    def blank(self, label: str, key: str) -> Blank:
        """A blank for the officer, its label in the policy's language."""
        return Blank(self.words(label), key)

    def day(self, day: dt.date) -> str:
        """A date as letters print it: "14 March 2026", or in Welsh "14 Mawrth 2026"."""
        return text(self.policy, PolicyDate(day.year, day.month, day.day))

    def period(self, period: Duration) -> str:
        return text(self.policy, period)

    def plain(self, name: str, label: str) -> Value | Undeclared:
        """An optional case detail that no letter needs to declare."""
        if self.case is None:
            return self.blank(label, name)
        value = getattr(self.case, name)
        return Value(value, name) if value else undeclared(name, "the case file does not give it")

    def date_value(self, day: dt.date | None, key: str, label: str) -> Value:
        return Value(self.day(day), key) if day else self.blank(label, key)

    def later(self, start: dt.date | None, period: Duration, key: str, since: str) -> Value:
        """The date ``period`` after ``start``; in a fill-in form, a blank saying how to count.

        ``since`` is what the period counts from: "letter date", "decision" or "day the
        letter is received".
        """
        if start is None:
            return Blank(self.words(LATER[since])
                         % {"period": self.period(period)}, key)
        return Value(self.day(add_period(start, period, self.nation)), key)

    def role(self, role_id: str, key: str) -> Value:
        return Value(self.policy.roles[role_id].name, key)

    # -- case details ----------------------------------------------------------------------

    def case_fields(self, states: list[Element]) -> dict[str, Any]:
        builders = {
            CaseField.reference: self.reference, CaseField.customer_name: self.customer_name,
            CaseField.address: self.address, CaseField.channels: self.channels,
            CaseField.behaviours: self.behaviours, CaseField.incidents: self.incidents,
            CaseField.stage: self.case_stage, CaseField.measures: self.measures,
            CaseField.decision_date: self.decided, CaseField.decision_maker: self.decision_maker,
            CaseField.single_point_of_contact: self.contact,
            CaseField.adjustments: self.adjustments,
        }
        why = f"letters.yaml does not list it in the case_fields of '{self.letter_id}'"
        declared = set(self.letter.case_fields)
        if Element.reasons in states and CaseField.behaviours in declared:
            declared.add(CaseField.incidents)  # the case's incidents are part of its reasons
        return {str(field): build() if field in declared
                else undeclared(str(field), why) for field, build in builders.items()}

    def reference(self) -> Value:
        return Value(self.case.reference, "reference") if self.case else \
            self.blank("Reference", "reference")

    def customer_name(self) -> Value:
        if self.case and self.case.full_name:
            return Value(self.case.full_name, "customer_name")
        return self.blank("Customer name", "customer_name")

    def salutation(self) -> Value | Undeclared:
        """What follows "Dear": "Ms Example", "Jordan Example", or the case's own words."""
        if self.case is None:
            return self.blank("Customer name", "salutation")
        greeting = self.case.greeting
        return Value(greeting, "salutation") if greeting else \
            undeclared("salutation", "the case gives no customer name")

    def ask_for(self) -> Namespace:
        """Who the customer asks for about this letter: the case's single point of contact,
        else whoever signs; their telephone is the direct line."""
        if self.case is None:
            return Namespace(name=self.blank("Name of contact", "contact.name"),
                             phone=self.blank("Telephone", "contact.phone"),
                             email=undeclared("contact.email", "a fill-in form leaves it out"),
                             still=undeclared("contact.still", "a fill-in form leaves it out"))
        person = self.case.single_point_of_contact
        if self.withheld:
            none = undeclared("contact", "a measure of the case withholds staff names")
            return Namespace(name=Value(self.team(), "contact.name"), phone=none, email=none,
                             still=none)
        if person:
            said = Namespace(name=Value(person.name, "contact.name"),
                             phone=_text(person.phone, "contact.phone"),
                             email=_text(person.email, "contact.email"))
            said.still = contact.still(self.say, said) or undeclared(
                "contact.still", "the case names no single point of contact")
            return said
        signers = self.signers()
        none = undeclared("contact", "the case gives no single point of contact")
        return Namespace(name=Value(signers[0].name, "contact.name") if signers else none,
                         phone=none, email=none, still=undeclared(
                             "contact.still", "the case names no single point of contact"))

    def signers(self) -> list[Any]:
        """The people who sign: the case's signatories, else its decision maker."""
        if self.case is None:
            return []
        if self.case.signatories:
            return list(self.case.signatories)
        return [self.case.decision_maker] if self.case.decision_maker else []

    def team(self) -> str:
        return signatories.team(self.policy, self.letter, self.case)

    def signatories(self) -> list[Namespace]:
        if self.withheld:  # the team signs, and no person is named
            return [Namespace(name=Value(self.team(), "signatories.name"),
                              role=Value("", "signatories.role"))]
        if self.case is None:
            return [Namespace(name=self.blank("Name", "signatories.name"),
                              role=self.blank("Job title", "signatories.role"))]
        return [Namespace(name=Value(person.name, "signatories.name"),
                          role=self.title(person, "signatories.role"))
                for person in self.signers()]

    def title(self, person: Any, key: str) -> Value:
        """What a person is called under their name: their own job title, else their role's
        name."""
        return Value(person.job_title, key) if person.job_title else \
            self.role(person.role, key)

    def adjusted(self) -> list[Value]:
        """The adjustments made for the customer, each said to them in a sentence."""
        if self.case is None:
            return []
        return [Value(self.adjustment(a.kind, a.details), "adjusted") for a in
                self.case.adjustments]

    def adjustment(self, kind: AdjustmentKind, details: str | None) -> str:
        if kind == AdjustmentKind.other:
            return details or ""
        if kind == AdjustmentKind.by_email and not details:
            return self.words("We will send our letters to you by email.")
        return self.words(ADJUSTMENTS[kind]) % {"details": details}

    def address(self) -> list[Value]:
        if self.case is None:
            return [self.blank("Address", "address"), self.blank("Postcode", "address")]
        return [Value(line, "address") for line in printed_address(self.case)]

    def channels(self) -> list[Value]:
        if self.case is None:
            return [self.blank("Channels used", "channels")]
        return [Value(self.channel(channel), "channels") for channel in self.case.channels]

    def channel(self, channel: str) -> str:
        """A way of contact in words: "in person", in Welsh "wyneb yn wyneb"."""
        return self.words(CHOICES["channel"][channel])

    def behaviours(self) -> list[Namespace]:
        if self.case is None:
            return [Namespace(name=self.blank("Behaviour", "behaviours.name"),
                              definition=self.blank("What the customer did",
                                                    "behaviours.definition"),
                              for_customer=self.blank("What you did",
                                                      "behaviours.for_customer"))]
        found = ((bid, self.policy.behaviours[bid]) for bid in self.case.behaviours)
        return [Namespace(name=Value(b.name, "behaviours.name"),
                          definition=Value(b.definition, "behaviours.definition"),
                          for_customer=_for_customer(b.for_customer, f"behaviours.{bid}"))
                for bid, b in found]

    def incidents(self) -> list[Namespace]:
        if self.case is None:
            return [Namespace(date=self.blank("Date", "incidents.date"),
                              channel=self.blank("How", "incidents.channel"),
                              summary=self.blank("What happened", "incidents.summary"))]
        return [Namespace(date=Value(text(self.policy, i.date), "incidents.date"),
                          channel=Value(self.channel(i.channel), "incidents.channel"),
                          summary=Value(i.summary, "incidents.summary"))
                for i in self.case.incidents]

    def case_stage(self) -> Namespace:
        stage_id = self.case.stage if self.case else None
        stage = self.policy.stages.get(stage_id or "")
        if stage is None:
            return Namespace(name=self.blank("Stage", "stage.name"),
                             summary=self.blank("What the stage means", "stage.summary"),
                             for_customer=self.blank("What the stage means",
                                                     "stage.for_customer"))
        return Namespace(name=Value(stage.name, "stage.name"),
                         summary=Value(stage.summary, "stage.summary"),
                         for_customer=_for_customer(stage.for_customer,
                                                    f"stages.{stage_id}"))

    def measures(self) -> list[Namespace]:
        if self.case is None:
            return [Namespace(name=self.blank("Measure", "measures.name"),
                              description=self.blank("What it means", "measures.description"),
                              for_customer=self.blank("What it means", "measures.for_customer"),
                              scope=self.blank("Applies to", "measures.scope"),
                              starts=self.blank("Start date", "measures.starts"),
                              ends=self.blank("End date", "measures.ends"),
                              details=[self.blank("Details", "measures.details")],
                              said=self.blank("What it means", "measures.said"))]
        if self.case.outcome in ENDED:
            return []  # the review ended them: none applies any longer
        result = []
        for measure_id, imposed in self.case.measures.items():
            measure = self.policy.measures[measure_id]
            details = [Value(f"{measure.parameters[name].label}: {value}", "measures.details")
                       for name, value in imposed.parameters.items()]
            starts = self.starts(imposed)
            ends = self.measure_end(imposed)
            start = Value(self.day(starts), "measures.starts") if starts else None
            end = Value(self.day(ends), "measures.ends") if ends else None
            scope = measures.scope(self.say, self.policy, self.case, measure_id, imposed)
            for_customer = _for_customer(measure.for_customer, f"measures.{measure_id}")
            said = sentences("measures.said", for_customer or None, scope, *(
                Value(f"{detail}.", detail.key) for detail in details),
                measures.span(self.say, start, end, measure.one_off))
            result.append(Namespace(
                said=said,
                name=Value(measure.name, "measures.name"),
                description=Value(measure.description, "measures.description"),
                for_customer=_for_customer(measure.for_customer, f"measures.{measure_id}"),
                scope=scope or undeclared("measures.scope", "the case names no one it applies "
                                          "to"),
                starts=Value(self.day(starts), "measures.starts") if starts else
                undeclared("measures.starts", "the case has no letter date"),
                ends=Value(self.day(ends), "measures.ends") if ends else
                undeclared("measures.ends", f"the case gives '{measure_id}' no duration"),
                details=details))
        return result

    def starts(self, imposed: ImposedMeasure) -> dt.date | None:
        return measures.starts(imposed, self.letter_date)

    def measure_end(self, imposed: ImposedMeasure) -> dt.date | None:
        return measures.ends(self.policy, imposed, self.letter_date)

    def decided(self) -> Value:
        return self.date_value(self.decision_date, "decision_date", "Date of decision")

    def decision_maker(self) -> Namespace:
        person = self.case.decision_maker if self.case else None
        if person is None:
            maker = Namespace(name=self.blank("Name of decision maker", "decision_maker.name"),
                              role=self.blank("Job title", "decision_maker.role"))
        else:  # a name withheld from the customer is printed as nothing
            maker = Namespace(name=Value("" if self.withheld else person.name,
                                         "decision_maker.name"),
                              role=self.title(person, "decision_maker.role"))
        date = self.decided() if self.decision_date or self.case is None else None
        for attribute, day in (("said", date), ("undated", None)):
            said = signatories.decided_by(self.say, maker.name or None, maker.role, day)
            setattr(maker, attribute, Statement(said, "decision_maker",
                                                [maker.name, *said.parts]))
        return maker

    def contact(self) -> Namespace:
        contact = self.case.single_point_of_contact if self.case else None
        if contact is None:
            labels = {"name": N_("Name of contact"), "job_title": N_("Job title"),
                      "phone": N_("Telephone"), "email": N_("Email")}
            return Namespace(**{field: self.blank(label, "single_point_of_contact." + field)
                                for field, label in labels.items()})
        return Namespace(**{
            field: _text(getattr(contact, field), f"single_point_of_contact.{field}")
            for field in ("name", "job_title", "phone", "email")})

    def adjustments(self) -> list[Value]:
        if self.case is None:
            return [self.blank("Adjustments considered", "adjustments")]
        return [Value(self.adjustment_for_staff(a.kind, a.details), "adjustments")
                for a in self.case.adjustments]

    def adjustment_for_staff(self, kind: AdjustmentKind, details: str | None) -> str:
        """An adjustment in a line for colleagues: "letters in another language: Polish";
        another kind of adjustment is its own details."""
        if kind == AdjustmentKind.other and details:
            return details
        words = self.words(CHOICES["adjustment"][str(kind)])
        return f"{words}: {details}" if details else words

    def expectations(self) -> list[Value] | Undeclared:
        """The officer's words where the case gives them, else the measures imposed."""
        if self.case is None:
            return [self.blank("What we expect from now on", "expectations")]
        if self.case.expectations:
            return [Value(line, "expectations") for line in self.case.expectations]
        measures = [self.policy.measures[m].name for m in self.case.measures]
        if measures:
            return [Value(name, "expectations") for name in measures]
        return undeclared("expectations", "the case file gives no expectations or measures")

    # -- policy facts ----------------------------------------------------------------------

    def policy_facts(self) -> dict[str, Any]:
        policy, letter = self.policy, self.letter
        decision = policy.decisions.get(self.decision_id or "")
        return {
            "decision": Namespace(
                title=Value(decision.title, "decision.title"),
                by=Value(deciders(policy, decision), "decision.by"),
                prepared_by=Value(role_names(policy, decision.prepared_by), "decision.prepared_by"),
                recommended_by=Value(role_names(policy, decision.recommended_by),
                                     "decision.recommended_by"),
            ) if decision else undeclared("decision", "the letter reports no decision"),
            "signatory": self.signatory(),
            "stage_name": Value(self.stage.name, "stage_name") if self.stage else
            undeclared("stage_name", "the letter has no stage"),
            "monitoring": self.monitoring(),
            "duration": self.duration(),
            "review": self.review(),
            "appeal": self.appeal(),
            "ombudsman": self.ombudsman(),
            "ombudsmen": [self.ombudsman_of(i) for i in range(len(policy.rights.ombudsmen))],
            "scheduled_reviews": self.scheduled_reviews(),
            "registers": self.registers(),
            "outcome": self.outcome(),
            "outcomes": [Namespace(kind=Value(str(o.kind), "outcomes.kind"),
                                   to=_text(policy.stages[o.to].name if o.to else None,
                                            "outcomes.to"),
                                   description=Value(o.description, "outcomes.description"),
                                   for_customer=_for_customer(
                                       o.for_customer, f"stages.{self.stage_id}.outcomes.{i}"))
                         for i, o in enumerate(self.stage.outcomes if self.stage else [])],
            "statutory_rights": [Value(r, "statutory_rights")
                                 for r in policy.rights.statutory_rights],
            "retention": self.retention(),
            "restriction": self.restriction(),
            "notify": self.notify(),
            "policy_enclosed": "policy_enclosed" in letter.must_state,
        }

    def signatory(self) -> Namespace:
        """The first person who signs; in a fill-in form, the role that signs and a blank."""
        signers = self.signers()
        if signers:
            return Namespace(name=Value(signers[0].name, "signatory.name"),
                             role=self.title(signers[0], "signatory.role"))
        role_id = self.letter.signed_by
        return Namespace(name=self.blank("Name", "signatory.name"),
                         role=self.role(role_id, "signatory.role") if role_id else
                         self.blank("Job title", "signatory.role"))

    def monitoring(self) -> Namespace | Undeclared:
        monitoring = self.stage.monitoring if self.stage else None
        if monitoring is None:
            return undeclared("monitoring", "the letter's stage has no monitoring period")
        period = Value(self.period(monitoring.default), "monitoring.period")
        ends = self.later(self.letter_date, monitoring.default, "monitoring.ends", "letter date")
        return Namespace(
            period=period, ends=ends,
            maximum=_text(self.period(monitoring.maximum) if monitoring.maximum else None,
                          "monitoring.maximum"),
            may_extend=monitoring.may_extend, may_shorten=monitoring.may_shorten,
            said=measures.monitoring(self.say, period, ends, monitoring.may_extend))

    def length(self) -> Value | None:
        """How long the arrangements last, as the stage and the case's measures say."""
        duration = self.duration()
        if not isinstance(duration, Value) or not duration:  # Undeclared: nothing to say
            return None
        ends = [end for m in (self.case.measures.values() if self.case else [])
                if (end := self.measure_end(m))]
        every = self.case is not None and len(ends) == len(self.case.measures) and ends
        last = Value(self.day(max(ends)), "measures.ends") if every else None
        return measures.length(self.say, self.stage, duration, last)

    def duration(self) -> Value | Undeclared:
        stage = self.stage
        period = stage and ((stage.monitoring and stage.monitoring.default) or stage.max_duration)
        if not period:
            return undeclared("duration", "the letter's stage has no monitoring period or "
                              "maximum duration")
        return Value(self.period(period), "duration")

    def review(self) -> Namespace | Undeclared:
        review = next((r for r in self.policy.reviews.case_reviews.values()
                       if self.stage_id in r.stages), None)
        if review is None:
            return undeclared("review", "no case review covers the letter's stage")
        start = self.decision_date or self.letter_date
        due = self.later(start, review.interval, "review.due", "decision")
        ends = [end for m in (self.case.measures.values() if self.case else [])
                if (end := self.measure_end(m))]
        if start and ends and add_period(start, review.interval, self.nation) > max(ends):
            due = Value(self.day(max(ends)), "review.due")  # never after the arrangements end
        return Namespace(interval=Value(self.period(review.interval), "review.interval"),
                         due=due, said=reviews.due(self.say, self.policy, due),
                         by=Value(deciders(self.policy, self.policy.decisions[review.decision]),
                                  "review.by") if review.decision else
                         undeclared("review.by", "reviews.yaml names no decision for it"))

    def appeal(self) -> Namespace:
        rule: Appeal | None = appeals.rule_for(self.policy, self.decision_id)
        if rule is None or not rule.available:
            reason = rule.reason if rule else ""
            none = undeclared("appeal", "no appeal is available against this decision")
            title = Value(self.policy.policy.title, "policy.title")
            return Namespace(available=False, reason=Value(reason, "appeal.reason"),
                             window=none, deadline=none, to=none, address=none, by=none,
                             counted_from=none, grounds=none, in_writing=False, right=none,
                             decided=none, received=none,
                             none=appeals.no_appeal(self.say, title, reason))
        window = Value(self.period(rule.window), "appeal.window") if rule.window else None
        deadline = self.deadline(rule)
        to = self.role(rule.to, "appeal.to") if rule.to else None
        by = Value(deciders(self.policy, self.policy.decisions[rule.decision]), "appeal.by") \
            if rule.decision else None
        within = Value(self.period(rule.decided_within), "appeal.decided_within") \
            if rule.decided_within else None
        return Namespace(
            available=True, reason=Value(rule.reason, "appeal.reason"),
            window=window or
            undeclared("appeal.window", "rights.yaml gives no window for the appeal"),
            deadline=deadline,
            to=to or undeclared("appeal.to", "rights.yaml names no role to receive appeals"),
            address=[Value(line, "appeal.address") for line in rule.address],
            by=by or undeclared("appeal.by", "rights.yaml names no decision"),
            counted_from=Value(self.words(COUNTED_FROM[rule.window_from]),
                               "appeal.counted_from") if rule.window_from else
            undeclared("appeal.counted_from", "rights.yaml does not say what the window "
                       "counts from"),
            grounds=Value(rule.grounds, "appeal.grounds"), in_writing=rule.in_writing,
            right=appeals.right(self.say, rule, window if isinstance(window, Value) else None,
                                deadline if isinstance(deadline, Value) and deadline else None,
                                to),
            decided=appeals.decided(self.say, by, within) or
            undeclared("appeal.decided", "rights.yaml says neither who decides an appeal nor "
                       "how soon"),
            received=appeals.received(self.say, rule),
            none=undeclared("appeal.none", "an appeal is available against this decision"))

    def deadline(self, rule: Appeal) -> Value | Undeclared:
        window = rule.window
        start = appeals.deadline_start(rule, self.letter_date, self.decision_date, self.nation)
        if window is None or rule.window_from is None:
            return undeclared("appeal.deadline", "rights.yaml gives no window, or does not "
                              "say what it counts from")
        since = {"letter": "letter date", "decision": "decision",
                 "receipt": "day the letter is received"}[rule.window_from]
        return self.later(start, window, "appeal.deadline", since)

    def ombudsman(self) -> Namespace | Undeclared:
        if not self.policy.rights.ombudsmen:
            return undeclared("ombudsman", "rights.yaml names no ombudsman")
        return self.ombudsman_of(0)  # the first; the shared templates name one

    def ombudsman_of(self, index: int) -> Namespace:
        ombudsman, key = self.policy.rights.ombudsmen[index], "ombudsman" if index == 0 else \
            "ombudsmen"
        return Namespace(name=Value(ombudsman.name, f"{key}.name"),
                         short_name=_text(ombudsman.short_name, f"{key}.short_name"),
                         url=_text(ombudsman.url, f"{key}.url"),
                         phone=_text(ombudsman.phone, f"{key}.phone"),
                         email=_text(ombudsman.email, f"{key}.email"),
                         address=[Value(line, f"{key}.address") for line in ombudsman.address],
                         applies_when=_text(ombudsman.applies_when, f"{key}.applies_when"))

    def scheduled_reviews(self) -> list[Namespace]:
        """Reviews of all restrictions together that cover the letter's stage."""
        return [Namespace(title=Value(r.title, "scheduled_reviews.title"),
                          when=Value(r.when, "scheduled_reviews.when"),
                          months=_text(months(self.policy, r.months) if r.months else None,
                                       "scheduled_reviews.months"))
                for r in self.policy.reviews.scheduled.values()
                if not r.stages or self.stage_id in r.stages]

    def registers(self) -> list[Namespace]:
        """The registers the letter's case is entered in."""
        return [Namespace(name=_text(r.name, "registers.name"),
                          kept_by=self.role(r.kept_by, "registers.kept_by") if r.kept_by else
                          undeclared("registers.kept_by", "reviews.yaml names no keeper"),
                          records=[Value(text, "registers.records") for text in r.records])
                for r in self.policy.reviews.registers.values()
                if not r.stages or self.stage_id in r.stages]

    def outcome(self) -> Namespace:
        """What a review or an appeal decided, as the case file says; in a fill-in form, a
        blank offering the outcomes the policy allows."""
        case = self.case
        appeal = case.appeal if case else None
        review = reviews.review_choice(self.say, reviews.review_choices(
            self.policy, self.stage_id), str(case.outcome) if case and case.outcome else None)
        title = Value(self.policy.policy.title, "policy.title")
        return Namespace(
            review=review, review_said=reviews.review_said(self.say, review, title),
            appeal=reviews.appeal_choice(self.say, appeals.rule_for(self.policy,
                                                                    self.decision_id),
                                         appeal.outcome if appeal else None),
            reasons=Value(appeal.reasons, "outcome.reasons") if appeal and appeal.reasons else
            self.blank("Reasons", "outcome.reasons"),
            appeal_received=self.date_value(appeal.received.first_day if appeal else None,
                                            "outcome.appeal_received", "Date appeal received"))

    def retention(self) -> Namespace | Undeclared:
        stage = next((s for s in self.policy.stages.values() if s.retention), None)
        if stage is None or stage.retention is None:
            return undeclared("retention", "no stage sets a retention period")
        start = self.decision_date or self.letter_date
        return Namespace(period=Value(self.period(stage.retention), "retention.period"),
                         ends=self.later(start, stage.retention, "retention.ends", "decision"))

    def restriction(self) -> Namespace | Undeclared:
        protocol = next((p for p in self.policy.protocols.values()
                         if p.letter == self.letter_id and p.restriction), None)
        if protocol is None or protocol.restriction is None:
            return undeclared("restriction", "no protocol with a restriction sends this letter")
        return Namespace(period=Value(self.period(protocol.restriction), "restriction.period"),
                         ends=self.later(self.letter_date, protocol.restriction,
                                         "restriction.ends", "letter date"))

    def notify(self) -> Namespace:
        """Who is told when a case enters or leaves the letter's stage."""
        notes = self.stage.notify if self.stage else []

        def told(event: str) -> Value | Undeclared:
            roles = [r for n in notes if n.event == event for r in n.roles]
            return Value(join(dict.fromkeys(self.policy.roles[r].name for r in roles),
                              "and", self.policy.language),
                         f"notify.{event}") if roles else \
                undeclared(f"notify.{event}", f"the stage names no one to tell on {event}")

        return Namespace(entry=told("entry"), exit=told("exit"))
