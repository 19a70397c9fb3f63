"""Decisions as records and accounts a council can manage: officers marked administrator or
disabled (never deleted, so the audit log still names them), server-side sessions that
signing out revokes, counted sign-in failures per account and per address, decisions
proposed, approved or returned, and the decision behind each stage change.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(100)
LOGIN = sa.String(100)


def upgrade() -> None:
    with op.batch_alter_table("officers") as table:
        table.add_column(sa.Column("admin", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        table.add_column(sa.Column("disabled", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "sessions",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("login", LOGIN, nullable=False),
        sa.Column("started", sa.Float, nullable=False),
        sa.Column("seen", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_sessions"),
    )
    op.create_index("ix_sessions_login", "sessions", ["login"])
    op.create_table(
        "sign_in_failures",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_sign_in_failures"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("decision", ID, nullable=False),
        sa.Column("letter_id", ID),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("proposed_by", LOGIN, nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("decided_by", LOGIN),
        sa.Column("decided_role", ID),
        sa.Column("decided_on", sa.Date),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_decisions_case_id"),
    )
    op.create_index("ix_decisions_case_id", "decisions", ["case_id"])
    op.create_index("ix_decisions_status", "decisions", ["status"])
    with op.batch_alter_table("stage_changes") as table:
        table.add_column(sa.Column("decision_id", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("stage_changes") as table:
        table.drop_column("decision_id")
    for name in ("decisions", "sign_in_failures", "sessions"):
        op.drop_table(name)
    with op.batch_alter_table("officers") as table:
        table.drop_column("disabled")
        table.drop_column("admin")
