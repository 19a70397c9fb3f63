"""What is due, kept where a query finds it: each case's soonest due date (with the rule that
sets it) and each review's timeliness, in the register's indexed columns.

The store cannot work these out (only the policy says what is due), so it marks a case it
changes (``due_fingerprint`` None) and :func:`refresh`, called with the policy before every
list, works out again the cases so marked; when the policy's rules differ from those the
register's dates were worked out by (a fingerprint kept in ``register_meta``), every case.
A list then reads only the cases due, however many are kept. The report's counts of the
months those cases were opened in are then counted again (:mod:`generator.register.counts`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from generator.cases.case import Case
from generator.output import sha256
from generator.register import schema
from generator.register.counts import forget
from generator.register.due import CaseDates
from generator.register.kept import KeptFacts, all_facts
from generator.register.report import review_timeliness
from generator.register.store import Register, search_keys
from generator.source.model import Policy

__all__ = ["fingerprint", "next_due", "refresh"]

#: Raised when the code that works out due dates changes what it gives, so every case's
#: dates are worked out again as for a changed policy.
RULES = "2026-12-07 end letters"
META_KEY = "due_fingerprint"
BATCH = 2000


def fingerprint(policy: Policy) -> str:
    """The hash of what due dates and timeliness are worked out from: the policy's stages,
    measures, reviews and nation (for working days), and :data:`RULES`."""
    facts = {"rules": RULES, "nation": str(policy.policy.council.nation),
             "stages": {k: v.model_dump(mode="json") for k, v in policy.stages.items()},
             "measures": {k: v.model_dump(mode="json") for k, v in policy.measures.items()},
             "reviews": policy.reviews.model_dump(mode="json")}
    return sha256(json.dumps(facts, sort_keys=True, default=str).encode())


def next_due(dates: CaseDates, facts: KeptFacts) -> dict[str, Any]:
    """The soonest of an open case's dates (by the policy's ``dates``), with its rule and
    kind; all None when closed or when the policy sets no date for it."""
    soonest = min([] if facts.closed else dates(facts), key=lambda d: (d.due, d.rule),
                  default=None)
    return {"b_due": soonest.due if soonest else None,
            "b_rule": soonest.rule if soonest else None,
            "b_kind": soonest.kind if soonest else None}


def refresh(register: Register, policy: Policy) -> int:
    """Work out again what is due for the cases changed since, or for every case when the
    policy's rules changed; how many cases were worked out."""
    _keys(register)
    print_ = fingerprint(policy)
    cases, meta = schema.cases, schema.register_meta
    with register.engine.connect() as connection:
        kept = connection.scalar(select(meta.c.value).where(meta.c.key == META_KEY))
    if kept != print_:
        with register.writing() as connection:
            connection.execute(update(cases).where(cases.c.due_fingerprint.is_not(None))
                               .values(due_fingerprint=None))
            if kept is None:
                connection.execute(insert(meta).values(key=META_KEY, value=print_))
            else:
                connection.execute(update(meta).where(meta.c.key == META_KEY)
                                   .values(value=print_))
    done = 0
    while ids := _stale(register):
        _work_out(register, policy, all_facts(register, ids), print_)
        done += len(ids)
    return done


def _stale(register: Register) -> list[int]:
    cases = schema.cases
    with register.engine.connect() as connection:
        return list(connection.scalars(select(cases.c.id).where(
            cases.c.due_fingerprint.is_(None)).order_by(cases.c.id).limit(BATCH)))


def _work_out(register: Register, policy: Policy, facts: Sequence[KeptFacts],
              print_: str) -> None:
    cases, reviews = schema.cases, schema.reviews
    review_ids: dict[int, list[int]] = defaultdict(list)
    with register.engine.connect() as connection:
        for review_id, case_id in connection.execute(
                select(reviews.c.id, reviews.c.case_id)
                .where(reviews.c.case_id.in_([f.case_id for f in facts])).order_by(reviews.c.id)):
            review_ids[case_id].append(review_id)
    dates = CaseDates(policy)
    dues = [{"b_id": f.case_id, **next_due(dates, f)} for f in facts]
    timeliness = [{"b_id": review_id, "b_timeliness": kind} for f in facts if f.reviews
                  for review_id, kind in zip(review_ids[f.case_id],
                                             review_timeliness(policy, f), strict=True)]
    with register.writing() as connection:
        # the report's counts of these cases' months are counted again (counts.py)
        forget(connection, [f.opened for f in facts])
        connection.execute(update(cases).where(cases.c.id == bindparam("b_id")).values(
            next_due=bindparam("b_due"), next_due_rule=bindparam("b_rule"),
            next_due_kind=bindparam("b_kind"), due_fingerprint=print_), dues)
        if timeliness:
            connection.execute(update(reviews).where(reviews.c.id == bindparam("b_id"))
                               .values(timeliness=bindparam("b_timeliness")), timeliness)


def _keys(register: Register) -> None:
    """The search keys of cases kept before they were (migration 0003), from each case."""
    cases = schema.cases
    while True:
        with register.engine.connect() as connection:
            rows = connection.execute(select(cases.c.id, cases.c.data).where(
                cases.c.reference_key.is_(None)).limit(BATCH)).all()
        if not rows:
            return
        keys = [{"b_id": row.id, **{f"b_{k}": v for k, v in search_keys(
            Case.model_validate(row.data)).items()}} for row in rows]
        with register.writing() as connection:
            connection.execute(update(cases).where(cases.c.id == bindparam("b_id")).values(
                **{name: bindparam(f"b_{name}") for name in (
                    "name_key", "family_key", "postcode_key", "reference_key")}), keys)
