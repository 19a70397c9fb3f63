"""The marker feed: the live restrictions as a file a CRM takes in (JSON or CSV), and what
was added, changed or ended since the last feed, so a marker elsewhere ends when the
restriction does.

A marker is one measure of one open case, until it ends, lapses or is lifted (the due
list's :func:`~generator.register.due.ends`). Each entry holds only what a marker needs:
a stable id (the case's reference and the measure's id), the reference, whom it is about
(the name as addressed and the postcode: what a CRM matches a contact by, and nothing
more of the address, no email or telephone), the measure (the policy's name for it), its
scope (the statements' sentence, :func:`generator.statements.measures.scope`), its start,
its end and the next review.

Each feed made is recorded (:data:`~generator.register.schema.marker_feeds`) with who made
it, a digest of its entries and, per marker, a hash keyed by a secret the register keeps:
enough to tell what changed, never a name or postcode. The feed is a function of the
register and the day: the same register gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from generator.cases.case import Case
from generator.private import refuse_shared
from generator.register import schema
from generator.register.due import case_dates, ends, measure_end, removed_end
from generator.register.kept import KeptFacts, all_facts
from generator.register.records import CaseRecord
from generator.register.store import Register, search_keys
from generator.source.errors import Problem, SourceError
from generator.source.model import Policy
from generator.statements.measures import scope
from generator.statements.said import Words

__all__ = ["FORMATS", "Changes", "Ended", "Feed", "Marker", "feed_bytes", "feed_target",
           "live_markers", "make_feed", "previous_feed"]

FORMATS = ("json", "csv")
#: The register's secret for the markers' keyed hashes (register_meta).
KEY = "marker_key"
#: The due list's kinds that are a review of the case.
REVIEWS = ("case_review", "scheduled_review", "measure_review", "renewal")


@dataclass(frozen=True)
class Marker:
    """One live restriction, as a CRM's marker holds it."""

    id: str
    reference: str
    name: str | None
    postcode: str | None
    measure: str
    measure_name: str
    scope: str | None
    """officer, team, service or council, where the policy gives the measure scopes."""
    applies_to: str | None
    scope_said: str | None
    """How widely it applies, as the policy's statements say it."""
    starts: dt.date | None
    ends: dt.date | None
    review_by: dt.date | None


@dataclass(frozen=True)
class Ended:
    """A marker of the last feed that is no longer live, and why."""

    id: str
    reference: str
    measure: str
    how: str
    """ends, lapses, lifted, closed (the case), removed (from the case) or deleted."""
    on: dt.date | None


@dataclass(frozen=True)
class Changes:
    added: list[Marker]
    changed: list[Marker]
    ended: list[Ended]


@dataclass(frozen=True)
class Feed:
    number: int
    """The feed's number in the register (1 for the first)."""
    as_of: dt.date
    markers: list[Marker]
    since: dict[str, Any] | None
    """The feed the changes are counted from: its number and the day it was made as on."""
    changes: Changes


def _postcode(case: Case) -> str | None:
    key = search_keys(case)["postcode_key"]
    return f"{key[:-3]} {key[-3:]}" if key else None


def _marker(policy: Policy, words: Words, record: CaseRecord, case: Case, measure_id: str,
            on: dt.date) -> Marker | None:
    """The measure's marker, or None where it is no longer live on ``on``."""
    measure = policy.measures.get(measure_id)
    imposed = case.measures[measure_id]
    gone = [e for e in ends(policy, record) if e.measure in (None, measure_id) and e.on <= on]
    if measure is None or gone:
        return None
    dates = case_dates(policy, record)
    reviews = [d.due for d in dates if d.kind in REVIEWS and (
        d.kind != "measure_review" or d.rule == f"measures.{measure_id}.review_interval")]
    said = scope(words, policy, case, measure_id, imposed)
    starts = imposed.starts or case.letter_date or case.decision_date
    return Marker(
        id=f"{case.reference}/{measure_id}", reference=case.reference, name=case.full_name,
        postcode=_postcode(case), measure=measure_id, measure_name=str(measure.name),
        scope=str(imposed.scope) if measure.scopes or imposed.applies_to else None,
        applies_to=imposed.applies_to, scope_said=str(said) if said else None,
        starts=starts.first_day if starts else None,
        ends=measure_end(policy, record, measure_id), review_by=min(reviews, default=None))


def _open_with_measures(register: Register) -> tuple[list[KeptFacts], dict[str, Case]]:
    cases, imposed = schema.cases, schema.case_measures
    where = cases.c.closed.is_(None) & cases.c.id.in_(select(imposed.c.case_id))
    with register.engine.connect() as connection:
        whole = {row.reference: Case.model_validate(row.data) for row in connection.execute(
            select(cases.c.reference, cases.c.data).where(where))}
    return all_facts(register, where=where), whole


def live_markers(register: Register, policy: Policy, on: dt.date) -> list[Marker]:
    """Every live restriction on ``on``, by marker id."""
    words = Words(policy)
    records, whole = _open_with_measures(register)
    found = [marker for record in records for measure_id in whole[record.reference].measures
             if (marker := _marker(policy, words, record, whole[record.reference], measure_id,
                                   on))]
    return sorted(found, key=lambda m: m.id)


def _plain(marker: Marker) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(marker).items()}


def _key(connection: Connection) -> bytes:
    """The register's secret for the keyed hashes, made the first time it is asked for."""
    meta = schema.register_meta
    kept = connection.scalar(select(meta.c.value).where(meta.c.key == KEY))
    if kept is None:
        kept = secrets.token_hex(32)
        connection.execute(insert(meta).values(key=KEY, value=kept))
    return bytes.fromhex(kept)


def _keyed(key: bytes, marker: Marker) -> str:
    text = json.dumps(_plain(marker), sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def previous_feed(register: Register) -> dict[str, Any] | None:
    """The last feed made: its number, when and by whom, and the day it was as on."""
    feeds = schema.marker_feeds
    with register.engine.connect() as connection:
        row = connection.execute(select(feeds.c.id, feeds.c.made_at, feeds.c.made_by,
                                        feeds.c.as_of, feeds.c.entries)
                                 .order_by(feeds.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    at = row.made_at if row.made_at.tzinfo else row.made_at.replace(tzinfo=dt.UTC)
    return {"feed": row.id, "made_at": at, "made_by": row.made_by, "as_of": row.as_of,
            "count": len(row.entries)}


def _ended(register: Register, policy: Policy, reference: str, measure: str,
           on: dt.date) -> Ended:
    """Why a marker of the last feed is no longer live."""
    marker_id = f"{reference}/{measure}"
    stored = register.get(reference)
    if stored is None:
        return Ended(marker_id, reference, measure, "deleted", None)
    if stored.closed:
        return Ended(marker_id, reference, measure, "closed", stored.closed)
    if measure not in stored.case.measures:
        taken = [removed_end(policy, stored, r) for r in stored.removals
                 if r.measure == measure]
        last = max(taken, key=lambda e: e.on) if taken else None
        return Ended(marker_id, reference, measure, last.how if last else "removed",
                     last.on if last else stored.last_activity)
    passed = sorted((e for e in ends(policy, stored) if e.measure in (None, measure)
                     and e.on <= on), key=lambda e: e.on)
    first = passed[0] if passed else None
    return Ended(marker_id, reference, measure, first.how if first else "ends",
                 first.on if first else None)


def _changes(register: Register, policy: Policy, markers: list[Marker],
             last: dict[str, list[str]], key: bytes, on: dt.date) -> Changes:
    now = {m.id: m for m in markers}
    return Changes(
        added=[m for m in markers if m.id not in last],
        changed=[m for m in markers if m.id in last and last[m.id][2] != _keyed(key, m)],
        ended=[_ended(register, policy, ref, measure, on) for marker_id, (ref, measure, _h)
               in sorted(last.items()) if marker_id not in now])


def make_feed(register: Register, policy: Policy, on: dt.date, *, by: str) -> Feed:
    """The live markers on ``on`` and the changes since the last feed, recorded as a feed
    made by ``by`` (with its entry in the audit log) in one transaction."""
    markers = live_markers(register, policy, on)
    feeds = schema.marker_feeds
    with register.writing() as connection:
        key = _key(connection)
        row = connection.execute(select(feeds.c.id, feeds.c.as_of, feeds.c.entries)
                                 .order_by(feeds.c.id.desc()).limit(1)).first()
        last: dict[str, list[str]] = dict(row.entries) if row else {}
        changes = _changes(register, policy, markers, last, key, on)
        entries = {m.id: [m.reference, m.measure, _keyed(key, m)] for m in markers}
        digest = hashlib.sha256(json.dumps([_plain(m) for m in markers], sort_keys=True,
                                           ensure_ascii=False).encode()).hexdigest()
        number = connection.execute(insert(feeds).values(
            made_at=register._now().astimezone(dt.UTC), made_by=by, as_of=on, digest=digest,
            entries=entries)).inserted_primary_key[0]  # type: ignore[index]  # always one
        register._log(connection, by, "feed", None, ["markers"], note=f"feed {number}")
    since = {"feed": row.id, "as_of": row.as_of.isoformat()} if row else None
    return Feed(int(number), on, markers, since, changes)


def feed_target(path: Path, force: bool = False) -> Path:
    """Where a feed may be written: never over a file without ``force``, and never where
    personal data may not go (:mod:`generator.private`): the feed names people."""
    refuse_shared(path, "--to")
    resolved = path.expanduser().resolve()
    if resolved.exists() and not force:
        raise SourceError([Problem(str(path), 0, "--to", "the file exists already",
                                   "give another file, or --force to replace it")])
    return resolved


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is quoted with an apostrophe."""
    text = "" if value is None else value.isoformat() if isinstance(value, dt.date) else \
        str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


COLUMNS = [f.name for f in fields(Marker)]
ENDED = ["how", "ended_on"]


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def feed_bytes(policy: Policy, feed: Feed, form: str, changes: bool) -> bytes:
    """The feed as JSON or CSV: every live marker, or (``changes``) those added, changed
    and ended since the last feed."""
    if form == "csv":
        if not changes:
            return _csv([COLUMNS, *[[getattr(m, c) for c in COLUMNS] for m in feed.markers]])
        return _csv([["change", *COLUMNS, *ENDED],
                      *[[kind, *[getattr(m, c) for c in COLUMNS], "", ""]
                        for kind, found in (("added", feed.changes.added),
                                            ("changed", feed.changes.changed))
                        for m in found],
                      *[["ended", e.id, e.reference, "", "", e.measure,
                         *[""] * (len(COLUMNS) - 5), e.how, e.on] for e in feed.changes.ended]])
    head: dict[str, Any] = {"council": policy.policy.council.name, "feed": feed.number,
                            "as_of": feed.as_of.isoformat()}
    if changes:
        body = {**head, "since": feed.since,
                "added": [_plain(m) for m in feed.changes.added],
                "changed": [_plain(m) for m in feed.changes.changed],
                "ended": [{"id": e.id, "reference": e.reference, "measure": e.measure,
                           "how": e.how, "on": e.on.isoformat() if e.on else None}
                          for e in feed.changes.ended]}
    else:
        body = {**head, "markers": [_plain(m) for m in feed.markers]}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
