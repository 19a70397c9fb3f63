"""The desk's form as case data and back: what an officer typed, read into the plain data
a case file holds (over the kept case, for what the letter does not ask), a kept case put
back into the form's inputs, and each problem of the case checks pointed at its input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from werkzeug.datastructures import MultiDict

from generator.cases.case import TITLES, signing_roles
from generator.desk.form import SPARE_INCIDENTS, CaseForm, Input
from generator.source.errors import Problem
from generator.source.model import Policy

__all__ = ["read", "values", "where"]


def read(case_form: CaseForm, form: MultiDict, kept: dict[str, Any]) -> dict[str, Any]:
    """The case data the form gives, over ``kept`` (the kept case's data, for the
    details this letter does not ask)."""
    asked = {i.name.split("-")[0] for i in case_form.inputs()}
    if "title" in asked:
        asked |= {"customer_name", "salutation"}
    # The decision maker is the decision's record, never an answer: a form that asks who
    # signs leaves them as kept.
    data = {k: v for k, v in kept.items() if k not in asked}
    one: dict[str, Any] = {
        name: value for name in ("reference", "your_reference", "title", "given_names",
                                    "family_name", "stage", "decision_date", "letter_date",
                                    "outcome", "language")
           if name in asked and (value := form.get(name, "").strip())}
    data.update(one)
    for name in ("address", "expectations"):
        lines = [line.strip() for line in form.get(name, "").splitlines() if line.strip()]
        if name in asked and lines:
            data[name] = lines
    for name in ("channels", "behaviours"):
        if name in asked and form.getlist(name):
            data[name] = form.getlist(name)
    if "incidents" in asked:
        rows = [_fields(form, f"incidents-{n}-", ("date", "channel", "summary"))
                for n in range(case_form.incidents + SPARE_INCIDENTS)]
        if any(rows):
            data["incidents"] = [row for row in rows if row]
    if "measures" in asked:
        data["measures"] = {m: _read_measure(case_form, form, m) for m in form.getlist("measures")}
    for name in ("decision_maker", "single_point_of_contact", "appeal"):
        fields = _fields(form, f"{name}-", ("name", "role", "job_title", "phone", "email",
                                           "received", "decided", "outcome", "reasons"))
        if name in asked and fields.get(_KEY.get(name, "name")):
            data[name] = fields  # a role chosen for no one named is no decision maker
    if "signatories" in asked:
        data.pop("signatories", None)
        signers = _read_signatories(case_form, form)
        if signers:
            data["signatories"] = signers
    if "adjustments" in asked and form.getlist("adjustments"):
        data["adjustments"] = [{"kind": k, **_fields(form, f"adjustments-{k}-",
                                                     ("details",))}
                               for k in form.getlist("adjustments")]
    return data

def _read_measure(case_form: CaseForm, form: MultiDict, measure_id: str) -> dict[str, Any]:
    prefix = f"measures-{measure_id}-"
    measure = case_form.policy.measures.get(measure_id)
    imposed = _fields(form, prefix, ("scope", "applies_to", "starts", "duration"))
    parameters = _fields(form, f"{prefix}parameters-", list(measure.parameters)
                         if measure else [])
    return {**imposed, **({"parameters": parameters} if parameters else {})}

def _read_signatories(case_form: CaseForm, form: MultiDict) -> list[dict[str, str]]:
    signers, joint = signing_roles(case_form.policy, case_form.letter_id)
    if joint:
        return [{"name": name, "role": role,
                 **_fields(form, f"signatories-{n}-", ("job_title",))}
                for n, role in enumerate(signers)
                if (name := form.get(f"signatories-{n}-name", "").strip())]
    one = _fields(form, "signatories-0-", ("name", "role", "job_title"))
    return [one] if one.get("name") else []

def values(case_form: CaseForm, data: dict[str, Any]) -> MultiDict:
    """The form's inputs filled from a case's data (the inverse of :func:`read`)."""
    values: MultiDict = MultiDict()
    for name, value in {**data, **_name_parts(data)}.items():
        if isinstance(value, str):
            values.setlist(name, [value])
    for name in ("address", "expectations"):
        values.setlist(name, ["\n".join(data.get(name) or [])])
    for name in ("channels", "behaviours"):
        values.setlist(name, list(data.get(name) or []))
    for n, incident in enumerate(data.get("incidents") or []):
        _put(values, f"incidents-{n}-", incident)
    values.setlist("measures", list(data.get("measures") or {}))
    for measure_id, imposed in (data.get("measures") or {}).items():
        _put(values, f"measures-{measure_id}-", {k: v for k, v in imposed.items()
                                                 if k != "parameters"})
        _put(values, f"measures-{measure_id}-parameters-", imposed.get("parameters") or {})
    for name in ("decision_maker", "single_point_of_contact", "appeal"):
        _put(values, f"{name}-", data.get(name) or {})
    signers, joint = signing_roles(case_form.policy, case_form.letter_id)
    for n, person in enumerate(data.get("signatories") or []):
        at = signers.index(person.get("role")) if joint and person.get("role") in signers \
            else n
        _put(values, f"signatories-{at}-", person)
    adjustments = data.get("adjustments") or []
    values.setlist("adjustments", [a.get("kind", "other") for a in adjustments])
    for adjustment in adjustments:
        _put(values, f"adjustments-{adjustment.get('kind', 'other')}-", adjustment)
    return values

def where(case_form: CaseForm, problem: Problem, data: dict[str, Any]) -> str:
    """The id of the input a problem is about (the first input when it names none)."""
    inputs = case_form.inputs()
    ids = {i.id for i in inputs}
    steps = problem.field.split(".") if problem.field else []
    candidates = _candidates(steps, problem, data, case_form.letter_id, case_form.policy)
    found = next((c for c in candidates if c in ids), None)
    return found or (_first_named(inputs, steps[0]) if steps else inputs[0].id)


def _name_parts(data: dict[str, Any]) -> dict[str, str]:
    """A full name (customer_name) as the form asks it: title, given names, family name.
    The letter greets the customer the same way either way."""
    words = str(data.get("customer_name") or "").split()
    if data.get("family_name") or not words:
        return {}
    title = words[0] if len(words) > 2 and words[0].lower().rstrip(".") in TITLES else ""
    given = words[1 if title else 0:-1]
    return {"title": title, "given_names": " ".join(given), "family_name": words[-1]}


def _fields(form: MultiDict, prefix: str, names: Iterable[str]) -> dict[str, str]:
    return {name: value for name in names if (value := form.get(prefix + name, "").strip())}


def _put(values: MultiDict, prefix: str, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if isinstance(value, str):
            values.setlist(prefix + name, [value])


def _candidates(steps: list[str], problem: Problem, data: dict[str, Any], letter_id: str,
                policy: Policy) -> Iterable[str]:
    """Input names a problem's path may point to, the most precise first."""
    if steps[:1] == ["customer_name"]:
        yield "family_name"
    if steps[:1] == ["adjustments"] and len(steps) > 1 and steps[1].isdigit():
        kinds = [a.get("kind", "other") for a in data.get("adjustments") or []]
        index = int(steps[1])
        if index < len(kinds):
            yield f"adjustments-{kinds[index]}-details"
        yield "adjustments"
    if steps[:1] == ["signatories"] and len(steps) > 1 and steps[1].isdigit():
        signers, joint = signing_roles(policy, letter_id)
        people = data.get("signatories") or []
        index = int(steps[1])
        if joint and index < len(people) and people[index].get("role") in signers:
            yield f"signatories-{signers.index(people[index]['role'])}-name"
    if steps[:1] == ["measures"] and len(steps) == 2:  # a measure-wide problem
        parameter = _NEEDS_PARAMETER.search(problem.message)
        if parameter:
            yield f"measures-{steps[1]}-parameters-{parameter.group(1)}"
        if "duration" in problem.message:
            yield f"measures-{steps[1]}-duration"
    if steps[:1] == ["address"]:
        yield "address"
    if steps[:1] == ["incidents"] and len(steps) == 2:
        yield f"incidents-{steps[1]}-date"
    for end in range(len(steps), 0, -1):
        yield "-".join(steps[:end])
    if steps[:1] == ["decision_maker"]:
        yield "decision_maker-name"
    if steps[:1] == ["signatories"]:
        yield "signatories-0-name"
        yield "decision_maker-name"  # the decision maker signs where no one else is asked
    if steps[:1] == ["appeal"]:
        yield "appeal-received"


def _first_named(inputs: list[Input], head: str) -> str:
    """The first input whose id starts with ``head`` (a whole section's problem)."""
    return next((i.id for i in inputs if i.id.split("-")[0] == head), inputs[0].id)


#: The detail without which a group of inputs gives nothing (a role for no one named).
_KEY = {"appeal": "received"}
#: How the case check names a missing parameter of a measure.
_NEEDS_PARAMETER = re.compile(r"needs parameter '(\w+)'")
