"""The first register: cases, their behaviours, measures, letters, reviews and stage changes,
officers, and the append-only audit log.

A migration is frozen once merged: it spells out its tables rather than importing the
schema module, which moves on with later migrations.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(100)
LOGIN = sa.String(100)
SHA256 = sa.String(64)

REFUSE = "the audit log is append-only: entries are never changed or deleted"


def _case_id() -> sa.Column:
    return sa.Column("case_id", sa.Integer, nullable=False)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("reference", ID, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("stage", ID),
        sa.Column("decision_date", sa.Date),
        sa.Column("decision_role", ID),
        sa.Column("outcome", ID),
        sa.Column("language", ID, nullable=False),
        sa.Column("appeal_received", sa.Date),
        sa.Column("appeal_decided", sa.Date),
        sa.Column("appeal_outcome", sa.Text),
        sa.Column("opened", sa.Date, nullable=False),
        sa.Column("closed", sa.Date),
        sa.Column("last_activity", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("reference", name="uq_cases_reference"),
    )
    op.create_index("ix_cases_stage", "cases", ["stage"])
    op.create_table(
        "case_behaviours",
        _case_id(),
        sa.Column("behaviour", ID, nullable=False),
        sa.PrimaryKeyConstraint("case_id", "behaviour", name="pk_case_behaviours"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_behaviours_case_id"),
    )
    op.create_table(
        "case_measures",
        _case_id(),
        sa.Column("measure", ID, nullable=False),
        sa.Column("scope", ID, nullable=False),
        sa.Column("starts", sa.Date),
        sa.Column("duration", sa.String(40)),
        sa.Column("ends", sa.Date),
        sa.PrimaryKeyConstraint("case_id", "measure", name="pk_case_measures"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_measures_case_id"),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer, nullable=False),
        _case_id(),
        sa.Column("letter_id", ID, nullable=False),
        sa.Column("docx_sha256", SHA256, nullable=False),
        sa.Column("pdf_sha256", SHA256),
        sa.Column("sent_on", sa.Date, nullable=False),
        sa.Column("sent_by", LOGIN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_letters"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_letters_case_id"),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, nullable=False),
        _case_id(),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("outcome", ID, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("held_by", LOGIN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_reviews_case_id"),
    )
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer, nullable=False),
        _case_id(),
        sa.Column("from_stage", ID),
        sa.Column("to_stage", ID),
        sa.Column("changed_on", sa.Date, nullable=False),
        sa.Column("changed_by", LOGIN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stage_changes"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_stage_changes_case_id"),
    )
    for table in ("case_behaviours", "case_measures", "letters", "reviews", "stage_changes"):
        op.create_index(f"ix_{table}_case_id", table, ["case_id"])
    op.create_table(
        "officers",
        sa.Column("login", LOGIN, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.PrimaryKeyConstraint("login", name="pk_officers"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", LOGIN, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("reference", ID),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_reference", "audit", ["reference"])
    _append_only("audit")


def _append_only(table: str) -> None:
    """Triggers that refuse to change or delete a row of ``table``, whoever asks."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql "
                   f"AS $$ BEGIN RAISE EXCEPTION '{REFUSE}'; END $$")
        op.execute(f"CREATE TRIGGER {table}_unchanged BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()")
        op.execute(f"CREATE TRIGGER {table}_not_truncated BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()")
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END")


def downgrade() -> None:
    for table in ("audit", "officers", "stage_changes", "reviews", "letters", "case_measures",
                  "case_behaviours", "cases"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_append_only()")
