"""The register of cases: every case an officer keeps, its letters, reviews and history.

One :class:`Register` over a database: SQLite in the user's data folder by default (owner
only), or a shared PostgreSQL register named by URL. Opening one brings its tables up to
the newest migration, so an upgrade of the generator never loses a record. Every change
goes through these methods, in one transaction with its entry in the append-only audit log
(who, what, which reference, the NAMES of the fields changed, when, in UTC).

Saving a case is optimistic: the officer saves the version they read, and :class:`Stale` is
raised when someone else saved the case in between, so no update is silently lost.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select
from sqlalchemy import update as sql_update

from generator.cases.case import TITLES, Case
from generator.output import sha256
from generator.register import schema
from generator.register.database import engine_for, migrate
from generator.register.passwords import hash_password, password_matches
from generator.source.model import Nation
from generator.source.values import PolicyDate
from generator.source.workdays import add_period

__all__ = [
    "AuditEntry", "Duplicate", "HeldReview", "MeasureRemoval", "Missing", "Register",
    "RegisterError", "SentLetter", "StageChange", "Stale", "StoredCase", "pinned_starts",
    "postcode_key", "removal", "search_key", "search_keys",
]


class RegisterError(Exception):
    """A change the register refuses; the message says why, without the case's details."""


class Stale(RegisterError):
    """The case was saved by someone else since this version was read."""


class Duplicate(RegisterError):
    """A case with this reference is in the register already."""


class Missing(RegisterError, LookupError):
    """No case (or officer) with this reference is in the register."""


@dataclass(frozen=True)
class SentLetter:
    letter_id: str
    docx_sha256: str
    pdf_sha256: str | None
    sent_on: dt.date
    by: str
    id: int | None = None
    """The letter's record, to download it again as sent."""


@dataclass(frozen=True)
class HeldReview:
    held_on: dt.date
    outcome: str
    notes: str
    by: str


@dataclass(frozen=True)
class StageChange:
    from_stage: str | None
    to_stage: str | None
    on: dt.date
    """The decision's date when the case gives one, else the day it was recorded."""
    by: str
    decision: int | None = None
    """The recorded decision that made the change (see :mod:`generator.register.decisions`)."""


@dataclass(frozen=True)
class MeasureRemoval:
    """A measure a save took off the case: it ended that day, so its end letter is due."""

    measure: str
    ended_on: dt.date
    """The decision's date when the save changed the decision or stage and the case gives
    one, else the day it was saved."""
    by: str
    stage_change: int | None = None
    """The stage change made in the same save, where the stage changed."""
    decision: int | None = None
    """The recorded decision behind the save (see :mod:`generator.register.decisions`)."""
    starts: dt.date | None = None
    """The measure's start, as the register kept it (its own, else the letter's date)."""
    duration: str | None = None
    """The case's duration for it, where it gave one ("6 months")."""


@dataclass(frozen=True)
class StoredCase:
    reference: str
    case: Case
    version: int
    opened: dt.date
    closed: dt.date | None
    last_activity: dt.date
    letters: list[SentLetter]
    reviews: list[HeldReview]
    stage_changes: list[StageChange]
    removals: list[MeasureRemoval] = field(default_factory=list)
    """The measures taken off the case, each with the day it ended."""


@dataclass(frozen=True)
class CaseSummary:
    """A line of the list of cases."""

    reference: str
    name: str | None
    stage: str | None
    decision_date: dt.date | None
    version: int
    opened: dt.date
    closed: dt.date | None
    last_activity: dt.date
    last_review: dt.date | None


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    """When, in UTC."""
    by: str
    action: str
    reference: str | None
    fields: list[str]
    """The names of the fields changed, never their values: the log holds no personal data."""
    note: str | None = None
    """A deletion's reason, or the login of the officer account changed."""


@dataclass(frozen=True)
class Officer:
    login: str
    name: str
    roles: list[str]
    has_password: bool
    admin: bool = False
    """May list officers, change their roles and disable their accounts."""
    disabled: bool = False
    """Signs in no more; kept so that the audit log still names them."""


@cache
def _dummy_hash() -> str:
    """What an unknown login's password is checked against, so it takes as long as a
    known one."""
    return hash_password(secrets.token_hex(16))


def _officer(row: Any) -> Officer:
    return Officer(row.login, row.name, list(row.roles), row.password_hash is not None,
                   bool(row.admin), bool(row.disabled))


def _day(value: PolicyDate | None) -> dt.date | None:
    return value.first_day if value else None


def search_key(text: str) -> str:
    """``text`` as the search compares it: accents and letter case aside, spaces single."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)


def postcode_key(text: str) -> str:
    """A postcode (or its start) as kept for search: upper case, no spaces."""
    return "".join(text.split()).upper()


def search_keys(case: Case) -> dict[str, str | None]:
    """The case's normalised name (no title), family name, postcode and reference."""
    if case.family_name:
        words = [w for w in (case.given_names, case.family_name) if w]
    else:
        words = (case.customer_name or "").split()
        if len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
    name = search_key(" ".join(words)) or None
    found = [m for line in case.address for m in _POSTCODE.finditer(line)]
    return {"name_key": name, "family_key": name.split()[-1] if name else None,
            "postcode_key": postcode_key("".join(found[-1].groups())) if found else None,
            "reference_key": search_key(case.reference)}


def _columns(case: Case) -> dict[str, Any]:
    """The cases row for ``case``: the whole case as JSON, and the facts reports query. Its
    due date is worked out again (by :mod:`generator.register.upkeep`, which holds the
    policy) before the next list."""
    appeal = case.appeal
    return {"data": case.model_dump(mode="json"), "name": case.full_name, "stage": case.stage,
            **search_keys(case), "due_fingerprint": None,
            "decision_date": _day(case.decision_date),
            "decision_role": case.decision_maker.role if case.decision_maker else None,
            "outcome": case.outcome and str(case.outcome), "language": str(case.language),
            "appeal_received": _day(appeal.received) if appeal else None,
            "appeal_decided": _day(appeal.decided) if appeal else None,
            "appeal_outcome": appeal.outcome if appeal else None}


def _measure_rows(case_id: int, case: Case) -> list[dict[str, Any]]:
    """Each measure with its start (the letter's date when not given) and, where the
    duration is in calendar units, its end; an end in working days needs the policy's
    nation's holidays, so it is left to whoever holds the policy."""
    rows = []
    for measure_id, imposed in case.measures.items():
        starts = _day(imposed.starts or case.letter_date or case.decision_date)
        duration = imposed.duration
        rows.append({"case_id": case_id, "measure": measure_id, "scope": str(imposed.scope),
                     "starts": starts, "duration": str(duration) if duration else None,
                     # the nation only counts for working days, which are not computed here
                     "ends": add_period(starts, duration, Nation.england)
                     if starts and duration and not duration.working else None})
    return rows


def pinned_starts(old: Case, new: Case) -> Case:
    """``new`` with each measure it keeps unchanged from ``old`` given the start it had:
    a measure without its own start runs from the letter's date, so a later letter (a
    review's, an end letter) would otherwise move its start and end."""
    was = _day(old.letter_date or old.decision_date)
    if was is None or _day(new.letter_date or new.decision_date) == was:
        return new
    kept = {m: imposed.model_copy(update={"starts": PolicyDate(was.year, was.month, was.day)})
            for m, imposed in new.measures.items()
            if imposed.starts is None and old.measures.get(m) == imposed}
    return new.model_copy(update={"measures": {**new.measures, **kept}}) if kept else new


def _given_fields(case: Case) -> list[str]:
    return list(case.model_dump(exclude_defaults=True))


def _changed_fields(old: Case, new: Case) -> list[str]:
    return [name for name in Case.model_fields if getattr(old, name) != getattr(new, name)]


def removal(row: Any) -> MeasureRemoval:
    """A measure_removals row as the record the duties read."""
    return MeasureRemoval(row.measure, row.ended_on, row.removed_by, row.stage_change_id,
                          row.decision_id, row.starts, row.duration)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back a naive time (it was written in UTC), PostgreSQL an aware one."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


class Register:
    """The cases kept in one database; see the module's docstring."""

    def __init__(self, engine: Engine, now: Callable[[], dt.datetime] | None = None):
        self.engine = engine
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    @classmethod
    def open(cls, url: str | None = None, *,
             now: Callable[[], dt.datetime] | None = None) -> Register:
        """The register at ``url`` (None: the default SQLite file), upgraded to the newest
        migration. ``now`` gives the time (UTC) for tests that need a fixed clock."""
        engine = engine_for(url)
        migrate(engine)
        return cls(engine, now)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _today(self) -> dt.date:
        return self._now().date()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in a writing transaction (on SQLite, holding the write lock)."""
        with self._writing() as connection:
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(writing=True) as connection, \
                connection.begin():
            yield connection

    def _log(self, connection: Connection, by: str, action: str, reference: str | None,
             fields: list[str], note: str | None = None) -> None:
        connection.execute(insert(schema.audit).values(
            at=self._now().astimezone(dt.UTC), actor=by, action=action, reference=reference,
            fields=fields, note=note))

    # --- cases -------------------------------------------------------------------------

    def add(self, case: Case, *, by: str, decision: int | None = None) -> StoredCase:
        """Keep a new case; Duplicate if its reference is in the register already.
        ``decision``: the recorded decision that puts it at its stage."""
        return self.add_all([case], by=by, action="add", decision=decision)[0]

    def add_all(self, cases: Iterable[Case], *, by: str, action: str = "import",
                replace: bool = False, decision: int | None = None) -> list[StoredCase]:
        """Keep several cases in one transaction: all of them, or none. With ``replace``, a
        case already kept is saved over (a new version) instead of refused."""
        with self._writing() as connection:
            for case in cases:
                row = self._row(connection, case.reference)
                if row is None:
                    self._insert(connection, case, by, action, decision)
                elif replace:
                    self._update(connection, row, case, by, row.version, action, decision)
                else:
                    raise Duplicate(f"{case.reference} is in the register already")
            return [self._load(connection, case.reference) for case in cases]

    def _insert(self, connection: Connection, case: Case, by: str, action: str,
                decision: int | None = None) -> None:
        today = self._today()
        inserted = connection.execute(insert(schema.cases).values(
            reference=case.reference, version=1, opened=today, last_activity=today,
            officer=by, **_columns(case))).inserted_primary_key
        assert inserted is not None
        case_id = inserted[0]
        self._write_facts(connection, case_id, case)
        if case.stage:
            self._stage_change(connection, case_id, None, case, by, decision)
        self._log(connection, by, action, case.reference, _given_fields(case))

    def save(self, case: Case, *, by: str, version: int, decision: int | None = None,
             action: str = "save") -> StoredCase:
        """Save a new version of a kept case; Stale if the kept version is not ``version``.
        ``decision``: the recorded decision behind a change of stage."""
        with self._writing() as connection:
            row = self._row(connection, case.reference)
            if row is None:
                raise Missing(f"{case.reference} is not in the register")
            self._update(connection, row, case, by, version, action, decision)
            return self._load(connection, case.reference)

    def _update(self, connection: Connection, row: Any, case: Case, by: str, version: int,
                action: str, decision: int | None = None) -> None:
        old = Case.model_validate(row.data)
        case = pinned_starts(old, case)
        # The version in the WHERE makes the check and the write one step, so of two
        # officers saving the same version at once, one wins and the other hears Stale.
        done = connection.execute(
            sql_update(schema.cases)
            .where(schema.cases.c.id == row.id, schema.cases.c.version == version)
            .values(version=version + 1, last_activity=self._today(), **_columns(case)))
        if done.rowcount != 1:
            raise Stale(f"{case.reference} was saved by someone else since version {version} "
                        "was read; open it again and make the change there")
        for table in (schema.case_behaviours, schema.case_measures):
            connection.execute(delete(table).where(table.c.case_id == row.id))
        self._write_facts(connection, row.id, case)
        change = self._stage_change(connection, row.id, old.stage, case, by, decision) \
            if old.stage != case.stage else None
        self._removals(connection, row.id, old, case, by, change, decision)
        self._log(connection, by, action, case.reference, _changed_fields(old, case))

    def _removals(self, connection: Connection, case_id: int, old: Case, case: Case, by: str,
                  change: int | None, decision: int | None) -> None:
        """Record each measure ``old`` had and ``case`` has not: it ended on the decision's
        date when the save was a decision (a recorded one, a change of stage or of the
        decision's date) and the case gives that date, else today."""
        gone = [row for row in _measure_rows(case_id, old) if row["measure"] not in case.measures]
        if not gone:
            return
        decided = decision is not None or change is not None or \
            old.decision_date != case.decision_date
        day = (_day(case.decision_date) if decided else None) or self._today()
        connection.execute(insert(schema.measure_removals), [
            {"case_id": case_id, "measure": row["measure"], "ended_on": day,
             "stage_change_id": change, "decision_id": decision, "removed_by": by,
             "starts": row["starts"], "duration": row["duration"]} for row in gone])

    def _write_facts(self, connection: Connection, case_id: int, case: Case) -> None:
        if case.behaviours:
            connection.execute(insert(schema.case_behaviours), [
                {"case_id": case_id, "behaviour": b} for b in dict.fromkeys(case.behaviours)])
        if case.measures:
            connection.execute(insert(schema.case_measures), _measure_rows(case_id, case))

    def _stage_change(self, connection: Connection, case_id: int, from_stage: str | None,
                      case: Case, by: str, decision: int | None = None) -> int:
        """Record the case's change of stage; the change's id."""
        inserted = connection.execute(insert(schema.stage_changes).values(
            case_id=case_id, from_stage=from_stage, to_stage=case.stage,
            changed_on=_day(case.decision_date) or self._today(), changed_by=by,
            decision_id=decision)).inserted_primary_key
        assert inserted is not None
        return int(inserted[0])

    def get(self, reference: str) -> StoredCase | None:
        with self.engine.connect() as connection:
            if self._row(connection, reference) is None:
                return None
            return self._load(connection, reference)

    def references(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(
                select(schema.cases.c.reference).order_by(schema.cases.c.reference)))

    def summaries(self) -> list[CaseSummary]:
        cases, reviews = schema.cases, schema.reviews
        last_review = (select(func.max(reviews.c.held_on))
                       .where(reviews.c.case_id == cases.c.id).scalar_subquery())
        query = select(cases.c.reference, cases.c.name, cases.c.stage, cases.c.decision_date,
                       cases.c.version, cases.c.opened, cases.c.closed, cases.c.last_activity,
                       last_review.label("last_review")).order_by(cases.c.reference)
        with self.engine.connect() as connection:
            return [CaseSummary(**row._mapping) for row in connection.execute(query)]

    def _row(self, connection: Connection, reference: str) -> Any:
        return connection.execute(
            select(schema.cases).where(schema.cases.c.reference == reference)).first()

    def _load(self, connection: Connection, reference: str) -> StoredCase:
        row = self._row(connection, reference)
        letters, reviews, changes = schema.letters, schema.reviews, schema.stage_changes

        def rows(table: Any) -> Any:
            return connection.execute(select(table).where(table.c.case_id == row.id)
                                      .order_by(table.c.id))

        return StoredCase(
            reference=row.reference, case=Case.model_validate(row.data), version=row.version,
            opened=row.opened, closed=row.closed, last_activity=row.last_activity,
            letters=[SentLetter(r.letter_id, r.docx_sha256, r.pdf_sha256, r.sent_on, r.sent_by,
                                r.id) for r in rows(letters)],
            reviews=[HeldReview(r.held_on, r.outcome, r.notes, r.held_by)
                     for r in rows(reviews)],
            stage_changes=[StageChange(r.from_stage, r.to_stage, r.changed_on, r.changed_by,
                                       r.decision_id) for r in rows(changes)],
            removals=[removal(r) for r in rows(schema.measure_removals)])

    def _touch(self, connection: Connection, reference: str, **values: Any) -> int:
        """Set ``values`` on a kept case (its last activity today); its id, or Missing."""
        row = self._row(connection, reference)
        if row is None:
            raise Missing(f"{reference} is not in the register")
        connection.execute(sql_update(schema.cases).where(schema.cases.c.id == row.id)
                           .values(last_activity=self._today(), due_fingerprint=None, **values))
        return row.id

    def record_letter(self, reference: str, letter_id: str, *, docx_sha256: str,
                      pdf_sha256: str | None, sent_on: dt.date, by: str) -> None:
        with self._writing() as connection:
            case_id = self._touch(connection, reference)
            connection.execute(insert(schema.letters).values(
                case_id=case_id, letter_id=letter_id, docx_sha256=docx_sha256,
                pdf_sha256=pdf_sha256, sent_on=sent_on, sent_by=by))
            self._log(connection, by, "letter", reference, ["letters"], note=letter_id)

    def keep_letter(self, reference: str, letter_id: str, *, docx: bytes, pdf: bytes | None,
                    sent_on: dt.date, by: str) -> int:
        """Keep the letter as sent, once: the same letter's Word file made again (to download
        it, or its PDF) is the same record, which gains the PDF when it had none. Its id."""
        letters, files = schema.letters, schema.letter_files
        docx_hash = sha256(docx)
        with self._writing() as connection:
            row = self._row(connection, reference)
            if row is None:
                raise Missing(f"{reference} is not in the register")
            kept = connection.execute(select(letters.c.id, letters.c.pdf_sha256).where(
                letters.c.case_id == row.id, letters.c.letter_id == letter_id,
                letters.c.docx_sha256 == docx_hash)).first()
            if kept is None:
                self._touch(connection, reference)
                letter = connection.execute(insert(letters).values(
                    case_id=row.id, letter_id=letter_id, docx_sha256=docx_hash,
                    pdf_sha256=sha256(pdf) if pdf else None, sent_on=sent_on,
                    sent_by=by)).inserted_primary_key
                assert letter is not None
                letter = letter[0]
                connection.execute(insert(files).values(letter=letter, docx=docx, pdf=pdf))
                self._log(connection, by, "letter", reference, ["letters"], note=letter_id)
                return letter
            if pdf is not None and kept.pdf_sha256 is None:
                connection.execute(sql_update(letters).where(letters.c.id == kept.id)
                                   .values(pdf_sha256=sha256(pdf)))
                connection.execute(sql_update(files).where(files.c.letter == kept.id)
                                   .values(pdf=pdf))
                self._log(connection, by, "letter", reference, ["letters.pdf"],
                          note=letter_id)
            return kept.id

    def letter_file(self, reference: str, letter: int, kind: str) -> bytes | None:
        """A kept letter's Word file (``docx``) or PDF (``pdf``) as sent; None if not kept."""
        letters, files = schema.letters, schema.letter_files
        column = files.c.pdf if kind == "pdf" else files.c.docx
        with self.engine.connect() as connection:
            return connection.scalar(
                select(column).select_from(files.join(letters, letters.c.id == files.c.letter)
                                           .join(schema.cases))
                .where(files.c.letter == letter, schema.cases.c.reference == reference))

    def record_review(self, reference: str, *, held_on: dt.date, outcome: str, notes: str,
                      by: str) -> None:
        with self._writing() as connection:
            case_id = self._touch(connection, reference)
            connection.execute(insert(schema.reviews).values(
                case_id=case_id, held_on=held_on, outcome=outcome, notes=notes, held_by=by))
            self._log(connection, by, "review", reference, ["reviews"])

    def close_case(self, reference: str, *, on: dt.date | None, by: str) -> None:
        """Mark a case closed on ``on`` (None: open again); retention counts from here."""
        with self._writing() as connection:
            self._touch(connection, reference, closed=on)
            self._log(connection, by, "close" if on else "reopen", reference, ["closed"])

    def delete(self, reference: str, *, by: str, reason: str) -> None:
        """Delete a case and all it holds; the audit log keeps that it was, and why.
        ``reason`` is said in general terms (retention period over), never with details."""
        with self._writing() as connection:
            row = self._row(connection, reference)
            if row is None:
                raise Missing(f"{reference} is not in the register")
            kept = select(schema.letters.c.id).where(schema.letters.c.case_id == row.id)
            connection.execute(delete(schema.letter_files)
                               .where(schema.letter_files.c.letter.in_(kept)))
            for table in (schema.case_behaviours, schema.case_measures, schema.letters,
                          schema.reviews, schema.stage_changes, schema.decisions,
                          schema.disclosures, schema.measure_removals):
                connection.execute(delete(table).where(table.c.case_id == row.id))
            connection.execute(delete(schema.cases).where(schema.cases.c.id == row.id))
            # the report's counts of the month it was opened in are counted again
            connection.execute(delete(schema.counted_months).where(
                schema.counted_months.c.month == row.opened.replace(day=1)))
            self._log(connection, by, "delete", reference, [], note=reason)

    def log(self, by: str, action: str, reference: str | None, fields: list[str],
            note: str | None = None) -> None:
        """An entry of its own in the audit log, such as who opened which case."""
        with self._writing() as connection:
            self._log(connection, by, action, reference, fields, note)

    def audit(self, reference: str | None = None) -> list[AuditEntry]:
        """The audit log, oldest first; of one reference when given."""
        query = select(schema.audit).order_by(schema.audit.c.id)
        if reference is not None:
            query = query.where(schema.audit.c.reference == reference)
        with self.engine.connect() as connection:
            return [AuditEntry(_utc(r.at), r.actor, r.action, r.reference, list(r.fields),
                               r.note) for r in connection.execute(query)]

    # --- officers ----------------------------------------------------------------------

    def add_officer(self, login: str, name: str, roles: list[str], password: str | None,
                    *, by: str | None = None, admin: bool = False) -> None:
        """Add an officer's account, or replace its name, roles and password. ``password``
        None: the account signs in through the council's proxy, not with a password."""
        officers = schema.officers
        values = {"name": name, "roles": list(roles), "admin": admin, "disabled": False,
                  "password_hash": hash_password(password) if password else None}
        with self._writing() as connection:
            known = connection.execute(select(officers.c.login)
                                       .where(officers.c.login == login)).first()
            if known:
                connection.execute(sql_update(officers).where(officers.c.login == login)
                                   .values(**values))
            else:
                connection.execute(insert(officers).values(login=login, **values))
            self._log(connection, by or login, "officer", None,
                      ["name", "roles", *(["password"] if password else []),
                       *(["admin"] if admin else [])], note=login)

    def change_officer(self, login: str, *, by: str, roles: list[str] | None = None,
                       disabled: bool | None = None) -> None:
        """Change an account's roles or disable (enable) it; never delete it. Disabling
        ends its sessions."""
        values: dict[str, Any] = {k: v for k, v in (("roles", roles), ("disabled", disabled))
                                  if v is not None}
        with self._writing() as connection:
            done = connection.execute(sql_update(schema.officers)
                                      .where(schema.officers.c.login == login).values(**values))
            if done.rowcount != 1:
                raise Missing(f"no officer {login}")
            if disabled:
                connection.execute(delete(schema.sessions)
                                   .where(schema.sessions.c.login == login))
            self._log(connection, by, "officer", None, sorted(values), note=login)

    def officer(self, login: str) -> Officer | None:
        row = self._officer_row(login)
        return _officer(row) if row else None

    def officers(self) -> list[Officer]:
        with self.engine.connect() as connection:
            return [_officer(r) for r in connection.execute(
                select(schema.officers).order_by(schema.officers.c.login))]

    def check_password(self, login: str, password: str) -> Officer | None:
        """The officer, when ``password`` is theirs and the account is not disabled; None
        otherwise. An unknown login costs a hash too, so the time taken tells no one which
        logins exist."""
        row = self._officer_row(login)
        matches = password_matches(password, row.password_hash if row is not None and
                                   row.password_hash else _dummy_hash())
        if row is None or row.password_hash is None or row.disabled or not matches:
            return None
        return _officer(row)

    def _officer_row(self, login: str) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(select(schema.officers)
                                      .where(schema.officers.c.login == login)).first()
