"""Read and understood: each officer's confirmation that they have read the policy as it
applies to one of their roles, with the facts the role acts on as they stood, so that a
revision asks again only those whose facts changed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "confirmations",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("version", sa.String(40)),
        sa.Column("version_date", sa.Date),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_confirmations"),
    )
    op.create_index("ix_confirmations_login", "confirmations", ["login"])


def downgrade() -> None:
    op.drop_index("ix_confirmations_login", "confirmations")
    op.drop_table("confirmations")
