"""Required content: every template, filled in for a sample case, states what its letter must.

Each ``must_state`` element names the facts that state it (``appeal_deadline`` is
``appeal.deadline``). A template passes when it prints each of those facts and the text
of the rendered document holds each printed value, so a policy owner who deletes the
appeal paragraph in Word is told which letter lost which element. A template that names
something the source does not declare for that letter fails too.

When the source offers Welsh letters, the Welsh templates (``letter_templates/cy/``) are
held to the same ``must_state`` with the Welsh view of the policy, and every translation a
Welsh letter or fill-in form would lack is listed by its id.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from generator.cases.case import Case, measure_maximum
from generator.documents.wordfile import LANGUAGE_TAGS
from generator.letters.documents import (
    ENVIRONMENT,
    Rendering,
    document_text,
    fill_ins,
    logo_path,
    missing,
    open_template,
    render,
    template_path,
    template_problem,
)
from generator.letters.letter_context import Value, letter_context
from generator.letters.welsh_letters import untranslated, welsh, welsh_letters
from generator.source.errors import Problem
from generator.source.floor import floor, letter_states
from generator.source.load import load_source, locate
from generator.source.model import CaseField, Element, Policy
from generator.source.queries import letter_decision

__all__ = ["DETAIL_LABELS", "check_letters", "sample_case", "wording_checklist"]

#: The facts that state each element; a template must print every one of them.
ELEMENT_FACTS: dict[Element, tuple[str, ...]] = {
    Element.reasons: ("behaviours.name",),
    Element.expectations: ("expectations",),
    Element.measures: ("measures.name",),
    Element.duration: ("duration",),
    Element.monitoring_period: ("monitoring.period", "monitoring.ends"),
    Element.review_date: ("review.due",),
    Element.appeal_right: ("appeal.window",),
    Element.appeal_deadline: ("appeal.deadline",),
    Element.no_appeal: ("appeal.reason",),
    Element.ombudsman: ("ombudsman.name",),
    Element.single_point_of_contact: ("single_point_of_contact.name",),
    Element.policy_enclosed: ("policy.title",),
    Element.potential_outcome: ("outcomes.for_customer",),
    Element.decision_maker: ("decision_maker.name", "decision_maker.role"),
    Element.statutory_rights: ("statutory_rights",),
    Element.retention: ("retention.period",),
    Element.keep_in_touch: ("contact.name",),
}

#: The statement that states an element as far as the source allows: where one of the
#: element's facts is absent from the source (a rule with no window), the template must
#: print the statement instead.
ELEMENT_STATEMENTS: dict[Element, str] = {Element.appeal_right: "appeal.right"}

#: Facts written for staff, which a letter to the customer never prints.
STAFF_WORDING = {"measures.description": "measures.for_customer",
                 "behaviours.definition": "behaviours.for_customer",
                 "stage.name": "stage.for_customer", "stage.summary": "stage.for_customer",
                 "stage_name": "stage_for_customer",
                 "outcomes.description": "outcomes.for_customer",
                 "letter.title": "letter.subject"}

#: Words that show a text speaks about the customer rather than to them ("other
#: customers" are not the reader, so are no sign of it).
ABOUT_THE_CUSTOMER = re.compile(r"(?<!\bother )(?<!\ball )\bcustomers?\b|\bcustomer[’']s\b",
                                re.IGNORECASE)
#: The same for a statutory right, which can only be the customer's: "their" is them too
#: (elsewhere "their" may be our staff's).
RIGHT_ABOUT_THE_CUSTOMER = re.compile(
    ABOUT_THE_CUSTOMER.pattern + r"|\b(?:their|theirs|themselves)\b", re.IGNORECASE)

#: What a sample letter prints in place of customer wording the source lacks, so a render
#: can show whether the letter prints that text at all.
STAND_IN = "customer wording"


def sample_case(policy: Policy, letter_id: str) -> Case:
    """A made-up case that gives the letter every detail it can use (no real person)."""
    letter = policy.letters[letter_id]
    decision_id = letter_decision(policy, letter)
    # The letter's own measures first (those its decision imposes), then any at a stage.
    ordered = sorted(policy.measures.items(), key=lambda item: item[1].decision != decision_id)
    stages = [s for _, m in ordered for s in m.allowed_at]
    stage_id = letter.stage or next(iter(stages), None) or next(
        (sid for sid, s in policy.stages.items() if s.initial), None)
    measures = {
        mid: {**({"scope": str(m.scopes[0])} if m.scopes else {}),
              "duration": str(measure_maximum(policy, mid, stage_id) or "3 months"),
              "parameters": {name: p.options[0] if p.options else f"sample {p.label.lower()}"
                             for name, p in m.parameters.items()}}
        for mid, m in ordered if stage_id in m.allowed_at}
    decision = policy.decisions.get(decision_id or "")
    role = (decision.taken_by[0] if decision and decision.taken_by else letter.signed_by) \
        or next(iter(policy.roles))
    outcomes = [o for a in policy.rights.appeals.values() for o in a.outcomes]
    return Case.model_validate({
        "reference": "SAMPLE/0001", "customer_name": "Alex Sample",
        "address": ["1 Sample Street", "Sampleton", "SW1A 2AA"],
        "channels": ["telephone", "email"], "behaviours": list(policy.behaviours)[:2],
        "incidents": [{"date": "2026-12-10", "channel": "telephone",
                       "summary": "A sample incident"}],
        "stage": stage_id, "measures": dict(list(measures.items())[:2]),
        "decision_date": "2026-12-18", "letter_date": "2026-12-21",
        "decision_maker": {"name": "Sam Decider", "role": role},
        "single_point_of_contact": {"name": "Pat Contact", "job_title": "Case Officer",
                                    "phone": "01234 567890"},
        "adjustments": ["A sample adjustment"], "expectations": ["A sample expectation"],
        "service": "Sample Services", "outcome": "continue",
        "appeal": {"received": "2026-12-19", "decided": "2026-12-21",
                   "outcome": outcomes[0] if outcomes else "upheld", "reasons": "Sample reasons"},
    })


def check_letters(policy: Policy, root: Path | str, data: Any = None) -> list[Problem]:
    """Every letter's template rendered for a sample case and held against its must_state.

    With Welsh letters, the Welsh templates too, and every translation they lack. ``data``
    is the source as loaded (so it is not parsed again); if not given, it is loaded.
    """
    data = load_source(Path(root)).data if data is None else data
    problems = [problem for letter_id in policy.letters
                for problem in _check_letter(policy, Path(root), letter_id, data)]
    logo = logo_path(policy) if policy.policy.council.logo else None
    wrong = logo_problem(logo) if logo else None
    if policy.policy.council.logo and (logo is None or wrong):
        problems.append(_at(data, ("policy", "council", "logo"), "policy.council.logo",
                            wrong or f"'{policy.policy.council.logo}' is not an image file "
                            "inside the source folder", "put the logo (PNG or JPEG) in the "
                            "source folder and give its path from there, such as logo.png"))
    if welsh_letters(policy):
        view = welsh(policy)
        problems += [problem for letter_id in view.letters
                     for problem in _check_letter(view, Path(root), letter_id, data)]
        problems += fill_ins(view)[1]
    return sorted(set(problems), key=problems.index)


#: The most pixels a logo may have: a letterhead logo needs well under a million.
MAX_LOGO_PIXELS = 25_000_000


def logo_problem(logo: Path) -> str | None:
    """What is wrong with the logo as a picture: not one Word can show, or so many pixels
    that making a PDF of the letter would unpack gigabytes; None when it is fit."""
    from docx.image.image import Image

    try:
        image = Image.from_file(str(logo))
    except Exception:  # python-docx raises several kinds for a file it cannot read
        return f"'{logo.name}' is not a PNG, JPEG, GIF, BMP or TIFF picture"
    if image.px_width * image.px_height > MAX_LOGO_PIXELS:
        return (f"'{logo.name}' is {image.px_width:,} by {image.px_height:,} pixels; a logo "
                f"may have at most {MAX_LOGO_PIXELS:,}")
    return None


def _check_letter(policy: Policy, root: Path, letter_id: str, data: Any) -> list[Problem]:
    """One letter's template, in the policy's language, filled in for a sample case."""
    wording = printed_wording(policy, root, letter_id, data) if policy.language == "en" else []
    if any("no customer wording" in problem.message for problem in wording):
        return wording  # the sample letter cannot be rendered without it
    return wording + _check_template(policy, root, letter_id, data)


def printed_wording(policy: Policy, root: Path, letter_id: str, data: Any) -> list[Problem]:
    """The customer-wording problems of the texts the letter's template prints (a text it
    never prints needs no customer wording), each naming the letter."""
    wording = customer_wording(policy, letter_id, data)
    if not wording:
        return []
    printed = printed_facts(with_stand_ins(policy), root, letter_id)
    return [p for p in wording if printed is None or p.field.endswith(".subject")
            or printed & _printed_as(p.field)]


def with_stand_ins(policy: Policy) -> Policy:
    """The policy with a stand-in for each customer wording it lacks (see STAND_IN)."""
    def fill(model: Any) -> Any:
        return model if model.for_customer else model.model_copy(
            update={"for_customer": STAND_IN})
    stages = {sid: fill(stage).model_copy(update={"outcomes": [fill(o) for o in stage.outcomes]})
              for sid, stage in policy.stages.items()}
    return policy.model_copy(update={
        "behaviours": {k: fill(v) for k, v in policy.behaviours.items()},
        "measures": {k: fill(v) for k, v in policy.measures.items()}, "stages": stages})


def printed_facts(policy: Policy, root: Path, letter_id: str) -> set[str] | None:
    """The facts a letter's template prints for a sample case; None where it cannot be
    rendered (the template check then says why)."""
    letter = policy.letters[letter_id]
    rendering = Rendering()
    try:
        render(template_path(policy, letter_id),
               letter_context(policy, letter_id, sample_case(policy, letter_id)), letter.title,
               "check", policy.policy.reference_day, rendering, LANGUAGE_TAGS[policy.language])
    except (OSError, jinja2.TemplateError):
        return None
    return rendering.printed


def _printed_as(path: str) -> set[str]:
    """The keys under which a letter prints the source text at ``path``."""
    steps = path.split(".")
    if steps[0] == "stages":
        return {"outcomes.for_customer"} if "outcomes" in steps else {
            "stages.for_customer", "stage_for_customer"}
    if steps[0] == "measures" and steps[-1] == "label":
        return {"measures.details"}
    if steps[:2] == ["rights", "statutory_rights"]:
        return {"statutory_rights"}
    if steps[:2] == ["rights", "appeals"]:
        return {f"appeal.{steps[-1]}"}
    return {f"{steps[0]}.for_customer"}


def _check_template(policy: Policy, root: Path, letter_id: str, data: Any) -> list[Problem]:
    letter = policy.letters[letter_id]
    template = template_path(policy, letter_id)
    context = letter_context(policy, letter_id, sample_case(policy, letter_id))
    rendering = Rendering()
    try:
        unknown = _unknown_names(template, context)
        rendered = b"" if unknown else render(
            template, context, letter.title, "check", policy.policy.reference_day,
            rendering, LANGUAGE_TAGS[policy.language])
    except (OSError, jinja2.TemplateError) as exc:
        return [_at_letter(data, template_problem(template, letter_id, exc))]
    if unknown:
        return [_at_letter(data, Problem(
            str(template), 0, f"letters.{letter_id}",
            f"the template uses '{name}', which the source does not declare",
            f"use one of: {', '.join(sorted(context))}")) for name in sorted(unknown)]
    problems = []
    text = _text(rendered)
    for index, element in enumerate(letter.must_state):
        wrong = _missing(element, context, rendering.printed, text)
        if wrong:
            file, line = locate(data, ("letters", letter_id, "must_state", index))
            problems.append(Problem(
                file, line, f"letters.{letter_id}.must_state.{index}",
                f"template {_name(template)} does not state '{element}' ({wrong})",
                "put the paragraph back in the template, or remove the element"))
    problems += _below_floor(policy, letter_id, data, context, rendering.printed, text, template)
    if letter.recipient == "customer" and letter.kind == "letter":
        problems += [_at(data, ("letters", letter_id, "template"), f"letters.{letter_id}",
                         f"template {_name(template)} prints {{{{ {key} }}}}, which is written "
                         f"for staff", f"print {{{{ {better} }}}} instead")
                     for key, better in STAFF_WORDING.items() if key in rendering.printed]
    if policy.language != "en":
        problems += missing(policy, untranslated(policy, letter_id, rendering.printed,
                                                 rendering.shown))
    return problems


def _at(data: Any, loc: tuple[Any, ...], field: str, message: str, hint: str) -> Problem:
    file, line = locate(data, loc)
    return Problem(file, line, field, message, hint)


def _below_floor(policy: Policy, letter_id: str, data: Any, context: dict[str, Any],
                 printed: set[str], text: str, template: Path) -> list[Problem]:
    """What the letter's purpose requires that the source or the template does not give."""
    letter = policy.letters[letter_id]
    problems = []
    for element, why in floor(policy, letter):
        wrong = why or _missing(element, context, printed, text)
        if not wrong:
            continue
        where = "" if why else f"template {_name(template)} "
        problems.append(_at(
            data, ("letters", letter_id, "purpose"), f"letters.{letter_id}.purpose",
            f"a {letter.purpose} letter must state '{element}', but {where}{wrong}",
            "give the fact or the paragraph it needs, or record why this letter goes without "
            f"it: floor_exceptions: {{{element}: reason}}"))
    return problems


def customer_wording(policy: Policy, letter_id: str, data: Any) -> list[Problem]:
    """Every text a letter to the customer may print that lacks customer wording or speaks
    about the customer, by its id; and a customer letter without a subject."""
    letter = policy.letters[letter_id]
    if letter.recipient != "customer" or letter.kind != "letter":
        return []
    problems = []
    if letter.subject is None:
        problems.append(_at(data, ("letters", letter_id), f"letters.{letter_id}.subject",
                            "a letter to the customer has no subject (its title is for staff)",
                            "add subject: the heading the customer reads"))
    for path, text in customer_texts(policy, letter_id):
        if text is None:
            problems.append(_at(data, tuple(path.split(".")[:-1]), path,
                                f"no customer wording, which the letter '{letter_id}' prints",
                                "add for_customer: saying it to the customer, as 'you'"))
        elif found := (RIGHT_ABOUT_THE_CUSTOMER if path.startswith("rights.statutory_rights")
                       else ABOUT_THE_CUSTOMER).search(text):
            problems.append(_at(data, tuple(path.split(".")), path,
                                f"the letter '{letter_id}' prints this to the customer, but it "
                                f"speaks about them ('{found.group()}')",
                                "say it to the customer, as 'you'"))
    return problems


def customer_texts(policy: Policy, letter_id: str) -> list[tuple[str, str | None]]:
    """The source's texts a letter to the customer may print, by fact path (None: absent)."""
    letter = policy.letters[letter_id]
    states, fields = letter_states(policy, letter), letter.case_fields
    stage = policy.stages.get(letter.stage or "")
    texts: list[tuple[str, str | None]] = []
    if CaseField.behaviours in fields and Element.reasons in states:
        texts += [(f"behaviours.{bid}.for_customer", b.for_customer)
                  for bid, b in policy.behaviours.items()]
    if CaseField.measures in fields and Element.measures in states:
        allowed = {mid: m for mid, m in policy.measures.items()
                   if letter.stage is None or letter.stage in m.allowed_at}
        texts += [(f"measures.{mid}.for_customer", m.for_customer) for mid, m in allowed.items()]
        texts += [(f"measures.{mid}.parameters.{name}.label", p.label)  # printed with a value
                  for mid, m in allowed.items() for name, p in m.parameters.items()]
    if stage:
        texts.append((f"stages.{letter.stage}.for_customer", stage.for_customer))
        if Element.potential_outcome in states:
            texts += [(f"stages.{letter.stage}.outcomes.{i}.for_customer", o.for_customer)
                      for i, o in enumerate(stage.outcomes)]
    if Element.statutory_rights in states:
        texts += [(f"rights.statutory_rights.{i}", r)
                  for i, r in enumerate(policy.rights.statutory_rights)]
    for appeal_id, appeal in policy.rights.appeals.items():
        if letter_decision(policy, letter) in appeal.against:
            texts += [(f"rights.appeals.{appeal_id}.{name}", text) for name in ("grounds", "reason")
                      if (text := getattr(appeal, name))]
    return texts


def _name(template: Path) -> str:
    """A template's name as the source knows it: a Welsh one with its cy/ folder."""
    return f"{template.parent.name}/{template.name}" if template.parent.name == "cy" else \
        template.name


def _unknown_names(template: Path, context: dict[str, Any]) -> set[str]:
    return open_template(template).get_undeclared_template_variables(ENVIRONMENT, context)


def _at_letter(data: Any, problem: Problem) -> Problem:
    """A template problem told at the letter's ``template:`` line, naming the template file."""
    loc = ("letters", *problem.field.split(".")[1:2], "template")
    file, line = locate(data, loc)
    where = f"template {_name(Path(problem.file))}"
    return Problem(file, line, problem.field, f"{where}: {problem.message}", problem.hint)


def _text(data: bytes) -> str:
    import docx  # only when a template is rendered: a check whose renders are kept loads none

    return document_text(docx.Document(io.BytesIO(data)))


def _missing(element: Element, context: dict[str, Any], printed: set[str], text: str) -> str:
    """What is wrong with how a rendered letter states an element; '' when nothing is."""
    for key in ELEMENT_FACTS[element]:
        if element in ELEMENT_STATEMENTS and isinstance(_lookup(context, key), jinja2.Undefined):
            key = ELEMENT_STATEMENTS[element]  # the source lacks the fact: its statement
        if key not in printed:
            return f"{{{{ {key} }}}} is never printed"
        for value in _values(context, key.split(".")):
            if value.strip() and value not in text:
                return f"the text does not contain {value!r}"
    return ""


def _lookup(context: dict[str, Any], key: str) -> Any:
    """The context's entry at a dotted path (None where the path leads nowhere)."""
    node: Any = context
    for name in key.split("."):
        node = node.get(name) if isinstance(node, dict) else getattr(node, name, None)
    return node


def _values(node: Any, path: list[str]) -> Iterator[Value]:
    """Every Value found along a dotted path, through lists of entries."""
    if isinstance(node, list):
        for item in node:
            yield from _values(item, path)
    elif not path:
        if isinstance(node, Value):
            yield node
    elif isinstance(node, dict) and path[0] in node:
        yield from _values(node[path[0]], path[1:])
    elif isinstance(node, SimpleNamespace) and hasattr(node, path[0]):
        yield from _values(getattr(node, path[0]), path[1:])


#: The file `policy upgrade` writes in the source: what still needs the owner's words.
CHECKLIST = "wording-checklist.md"


def wording_checklist(policy: Policy, root: Path, data: Any) -> Path | None:
    """Write, in the source, a checklist of each text a letter to the customer prints that
    the source does not yet say to the customer, naming the letter; None (and no file)
    when there is none."""
    problems = [problem for letter_id in policy.letters
                for problem in printed_wording(policy, root, letter_id, data)]
    target = Path(root) / CHECKLIST
    if not problems:
        target.unlink(missing_ok=True)
        return None
    rows = [f"- [ ] {_relative(p.file, root)}:{p.line}: `{p.field}`: {p.message}; {p.hint}"
            for p in sorted(set(problems), key=problems.index)]
    target.write_text(
        "# What still needs your words\n\n"
        "Letters to the customer print these texts, but the source does not yet say them to "
        "the customer. Write each in your own words, to the customer as \"you\", then run "
        "`policy check`. `policy upgrade` writes this list again each time it runs.\n\n"
        + "\n".join(rows) + "\n", encoding="utf-8")
    return target


def _relative(file: str, root: Path) -> str:
    """A file of the source named from the source folder."""
    path, base = Path(file).resolve(), Path(root).resolve()
    return str(path.relative_to(base)) if path.is_relative_to(base) else file


#: The labels of a shared form's case details table, by variable (tools/make_templates.py
#: lays the table out).
DETAIL_LABELS = {
    "reference": "Reference",
    "customer_name": "Customer",
    "address": "Address",
    "channels": "Ways of contact used",
    "behaviours": "Conduct",
    "incidents": "Incidents",
    "stage": "Stage",
    "measures": "Measures",
    "decision_date": "Date of decision",
    "decision_maker": "Decision maker",
    "single_point_of_contact": "Single point of contact",
    "adjustments": "Reasonable adjustments considered",
}
#: The case details a form prints whose question would ask them again (identity fields,
#: whose labels are single common words such as "Customer", are left out).
DESCRIBED = ("behaviours", "incidents", "channels", "measures", "adjustments")
_SMALL = frozenset({"of", "the", "a", "an", "and", "or", "to", "in"})


def _words(text: str) -> set[str]:
    return {word[:-1] if len(word) > 3 and word.endswith("s") else word
            for word in re.findall(r"[a-z]+", text.lower())} - _SMALL


def _asks(label: str, question: str) -> bool:
    """Whether ``question`` asks for the detail ``label`` names: every word of a label of
    several words ("Reasonable adjustments considered" in "Which reasonable adjustments
    were considered?"), or a one-word label asked for by what or which ("What conduct
    has the customer shown?", not "Why is this conduct a concern?")."""
    words = _words(label)
    if len(words) > 1:
        return words <= _words(question)
    opening = [_words(word) for word in question.split()[:2]]
    return len(opening) == 2 and opening[0] in ({"what"}, {"which"}) and opening[1] == words


def asked_again(policy: Policy, raw: Any) -> list[str]:
    """Notes for form questions that ask what the form's case details already print (see
    :func:`_asks`)."""
    labels = {variable: DETAIL_LABELS[variable] for variable in DESCRIBED}
    notes = []
    for letter_id, letter in policy.letters.items():
        printed = {str(field) for field in letter.case_fields} & set(labels)
        for index, question in enumerate(letter.questions if letter.kind == "form" else []):
            again = [f for f in sorted(printed) if _asks(labels[f], question)]
            if again:
                file, line = locate(raw.data, ("letters", letter_id, "questions", index))
                notes.append(f"note: {file}:{line or 1}: letters.{letter_id}.questions.{index}: "
                             f"'{question}' asks what the form's case details already give "
                             f"({', '.join(labels[f] for f in again)}); ask only what the "
                             "case does not say, or take the field out of case_fields")
    return notes
