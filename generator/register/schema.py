"""The register's tables, as SQLAlchemy Core: the store writes them, reports query them.

Each case is kept whole in ``cases.data`` (the Case model as JSON, so an exported case file
reads back unchanged), and the facts that reviews, due lists and reports ask about (stage,
decision, behaviours, measures, appeal, letters, reviews, stage changes) in their own
columns and tables, so those are SQL queries. The migrations in ``migrations/versions``
build these same tables; a test holds the two together.

The audit table holds who did what to which reference and the NAMES of the fields changed,
never their values, so it holds no personal data and can be kept when a case is deleted.
Triggers (created by the first migration) refuse UPDATE and DELETE on it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

__all__ = [
    "KEY", "audit", "case_behaviours", "case_counts", "case_measures", "cases", "confirmations",
    "counted_months", "decisions", "disclosures", "letter_files", "letters", "marker_feeds",
    "measure_removals", "metadata", "officers", "register_meta", "reviews", "sessions",
    "sign_in_failures", "stage_changes",
]

#: Constraint names fixed, so migrations can name what they alter on every database.
metadata = MetaData(naming_convention={
    "pk": "pk_%(table_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s", "ix": "ix_%(table_name)s_%(column_0_name)s"})

ID = String(100)  # policy ids and case references
LOGIN = String(100)  # an officer's login
SHA256 = String(64)
#: A search key (a name, postcode or reference, normalised): compared byte by byte, so a
#: prefix is an index range on PostgreSQL as on SQLite, whatever the database's locale.
KEY = Text().with_variant(Text(collation="C"), "postgresql")


def _case_id(primary_key: bool = False) -> Column[int]:
    return Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True,
                  primary_key=primary_key)


cases = Table(
    "cases", metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", ID, nullable=False, unique=True),
    Column("data", JSON, nullable=False),  # the Case, whole
    Column("version", Integer, nullable=False),  # optimistic concurrency: +1 on each save
    Column("name", Text),  # the customer's name as addressed, for lists
    Column("stage", ID, index=True),
    Column("decision_date", Date),
    Column("decision_role", ID),  # the decision maker's role
    Column("outcome", ID),  # a review's outcome kind
    Column("language", ID, nullable=False),
    Column("appeal_received", Date),
    Column("appeal_decided", Date),
    Column("appeal_outcome", Text),
    Column("opened", Date, nullable=False),  # the day it entered the register
    Column("closed", Date),
    Column("last_activity", Date, nullable=False),
    # Migration 0003: the desk's search and lists, and what is due, in indexed columns.
    Column("officer", LOGIN, index=True),  # who opened the case
    Column("name_key", KEY, index=True),  # the customer's name, normalised
    Column("family_key", KEY, index=True),  # the family name (else the name's last word)
    Column("postcode_key", KEY, index=True),  # the address's postcode, upper case, no space
    Column("reference_key", KEY, index=True),  # the reference, normalised
    Column("next_due", Date, index=True),  # the soonest date the policy's rules set
    Column("next_due_rule", String(200)),  # the fact path of that date's rule
    Column("next_due_kind", String(40)),  # case_review, measure_ends...
    Column("due_fingerprint", SHA256, index=True),  # the rules it was worked out by; None:
    # the case changed since, so it is worked out again before the next list
    # the report's counts read this index alone, never the wide rows (see tally.py)
    Index("ix_cases_opened", "opened", "closed", "stage", "decision_date", "appeal_received",
          "appeal_decided", "appeal_outcome", "id"),
    # Migration 0007: the report's dated counts, each a range of one index
    Index("ix_cases_closed", "closed", "opened"),
    Index("ix_cases_decision_date", "decision_date", "opened", "closed"),
    Index("ix_cases_appeal_received", "appeal_received", "opened", "closed"),
    Index("ix_cases_appeal_decided", "appeal_decided", "opened", "closed", "appeal_outcome"),
)

# Migration 0007: the report's counts kept by month (generator/register/counts.py): how
# many cases opened in a month (and closed in a month, or open) are at each stage, show
# each behaviour and measure, and how many of their reviews held in a month reached each
# outcome, on time or not. A month is listed in counted_months while its counts hold.
case_counts = Table(
    "case_counts", metadata,
    Column("id", Integer, primary_key=True),
    Column("month", Date, nullable=False, index=True),  # the first day of the opened month
    Column("closed_month", Date),  # the first day of the month the cases closed in
    Column("held_on", Date),  # reviews held that day; None for the cases' own counts
    Column("kind", String(20), nullable=False),  # stage, behaviour, measure, review
    Column("key", ID, nullable=False),  # the stage, behaviour, measure or review outcome
    Column("timeliness", String(12)),  # a review's: on_time, late, unmeasured
    Column("n", Integer, nullable=False),
)

counted_months = Table(
    "counted_months", metadata,
    Column("month", Date, primary_key=True),
)

case_behaviours = Table(
    "case_behaviours", metadata,
    _case_id(primary_key=True),
    Column("behaviour", ID, primary_key=True),
)

case_measures = Table(
    "case_measures", metadata,
    _case_id(primary_key=True),
    Column("measure", ID, primary_key=True),
    Column("scope", ID, nullable=False),
    Column("starts", Date),  # the measure's start, else the letter's or decision's date
    Column("duration", String(40)),  # "6 months", as the case gives it
    Column("ends", Date),  # starts + duration, where both are known
)

letters = Table(
    "letters", metadata,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("letter_id", ID, nullable=False),
    Column("docx_sha256", SHA256, nullable=False),
    Column("pdf_sha256", SHA256),
    Column("sent_on", Date, nullable=False),
    Column("sent_by", LOGIN, nullable=False),
)

reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("held_on", Date, nullable=False, index=True),  # index: migration 0003
    Column("outcome", ID, nullable=False),
    Column("notes", Text, nullable=False),
    Column("held_by", LOGIN, nullable=False),
    # Migration 0003: on_time, late or unmeasured, by the rules in force (see upkeep)
    Column("timeliness", String(12)),
)

stage_changes = Table(
    "stage_changes", metadata,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("from_stage", ID),  # None: the case had no stage (or was new)
    Column("to_stage", ID),
    Column("changed_on", Date, nullable=False),  # the decision's date, else the day recorded
    Column("changed_by", LOGIN, nullable=False),
    Column("decision_id", Integer),  # the recorded decision that made the change
)

#: The letter as sent: its Word file and PDF, kept once with the letter's record.
letter_files = Table(
    "letter_files", metadata,
    Column("letter", Integer, ForeignKey("letters.id"), primary_key=True),
    Column("docx", LargeBinary, nullable=False),
    Column("pdf", LargeBinary),
)

#: The register's own settings, such as the fingerprint of the rules its due dates follow.
register_meta = Table(
    "register_meta", metadata,
    Column("key", ID, primary_key=True),
    Column("value", Text, nullable=False),
)

officers = Table(
    "officers", metadata,
    Column("login", LOGIN, primary_key=True),
    Column("name", Text, nullable=False),
    Column("roles", JSON, nullable=False),  # role ids from roles.yaml
    Column("password_hash", Text),  # None: identity comes from the council's proxy
    Column("admin", Boolean, nullable=False, server_default=false()),  # manages accounts
    Column("disabled", Boolean, nullable=False, server_default=false()),  # kept, not deleted
)

#: A signed-in browser: the SHA-256 of the token its cookie holds (never the token itself),
#: and when it was last seen (seconds since the epoch), so signing out or idling ends it.
sessions = Table(
    "sessions", metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("login", LOGIN, nullable=False, index=True),
    Column("started", Float, nullable=False),
    Column("seen", Float, nullable=False),
)

#: Failed sign-ins in a row, by "login:NAME" and by "address:IP", for the growing delay.
sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last", Float, nullable=False),
)

#: A decision proposed for a case (the changes it makes: stage, measures, outcome...), then
#: approved once by an officer who may take it, with its date, or returned with a note.
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("decision", ID, nullable=False),  # a decision id of decisions.yaml
    Column("letter_id", ID),  # the letter that tells of it
    Column("changes", JSON, nullable=False),
    Column("status", String(20), nullable=False, index=True),  # proposed|approved|returned
    Column("proposed_by", LOGIN, nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),  # why it was returned
    Column("decided_by", LOGIN),
    Column("decided_role", ID),
    Column("decided_on", Date),
)

#: Migration 0004: an officer's confirmation that they have read the policy as it applies
#: to one of their roles: the version it was, the fingerprint of the facts the role acts on
#: and those facts (policy text, never a customer's), so a later revision says what changed.
confirmations = Table(
    "confirmations", metadata,
    Column("id", Integer, primary_key=True),
    Column("login", LOGIN, nullable=False, index=True),
    Column("role", ID, nullable=False),
    Column("version", String(40)),  # the policy's version, where it gives one
    Column("version_date", Date),  # that version's date in the version history
    Column("fingerprint", SHA256, nullable=False),
    Column("facts", JSON, nullable=False),  # the role's entries of the policy, by fact path
    Column("confirmed_at", DateTime(timezone=True), nullable=False),  # UTC
)

#: Migration 0005: each telling of a decided restriction to someone: whom (a role of the
#: policy, a person's name, or both), when, how, by which account, under which rule of the
#: policy (its fact path); a telling outside the roles the rule names carries its reason.
disclosures = Table(
    "disclosures", metadata,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("decision_id", Integer),  # the recorded decision told of, where there is one
    Column("role", ID),  # the role told (roles.yaml id), or None: a person outside them
    Column("name", Text),  # the person told, where named
    Column("told_on", Date, nullable=False),
    Column("how", Text),  # by email, in a meeting...
    Column("rule", String(200)),  # the fact path of the policy's rule, where one applies
    Column("outside", Boolean, nullable=False),  # told outside the roles the rule names
    Column("reason", Text),  # why, for a telling outside them (required then)
    Column("recorded_by", LOGIN, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

#: Each marker feed made (migration 0006): when, by whom, as on which day, a digest of its
#: entries, and for each marker only what the next feed's differences need: its case's
#: reference, its measure and a keyed hash of the entry (never a name or postcode).
marker_feeds = Table(
    "marker_feeds", metadata,
    Column("id", Integer, primary_key=True),
    Column("made_at", DateTime(timezone=True), nullable=False),  # UTC
    Column("made_by", LOGIN, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("digest", SHA256, nullable=False),  # SHA-256 of the feed's entries
    Column("entries", JSON, nullable=False),  # {marker id: [reference, measure, keyed hash]}
)

#: Migration 0008: each measure taken off a case by a save (a decision, a stage change, an
#: officer's edit): which measure, the day it ended, and the stage change and recorded
#: decision behind it where there were any, so its end letter is listed as due. Nothing
#: else of the person: the case's row says whom it is about.
measure_removals = Table(
    "measure_removals", metadata,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("measure", ID, nullable=False),
    Column("ended_on", Date, nullable=False),  # the decision's date, else the day saved
    Column("stage_change_id", Integer),  # the stage change made in the same save
    Column("decision_id", Integer),  # the recorded decision that took it off
    Column("removed_by", LOGIN, nullable=False),
    Column("starts", Date),  # the measure's start and duration as the case gave them, so
    Column("duration", String(40)),  # an end that came before the removal counts instead
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),  # UTC
    Column("actor", LOGIN, nullable=False),
    Column("action", String(40), nullable=False),
    Column("reference", ID, index=True),
    Column("fields", JSON, nullable=False),  # names of the fields changed, never values
    Column("note", Text),  # a deletion's reason, an officer's login: no customer's details
)
