"""Every disclosure of a decided restriction on record: each telling of a case's decision
to a role of the policy or a named person, when, how, by which account and under which
rule of the policy; a telling outside the roles a rule names keeps its reason.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.String(100)
LOGIN = sa.String(100)


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("decision_id", sa.Integer),
        sa.Column("role", ID),
        sa.Column("name", sa.Text),
        sa.Column("told_on", sa.Date, nullable=False),
        sa.Column("how", sa.Text),
        sa.Column("rule", sa.String(200)),
        sa.Column("outside", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("recorded_by", LOGIN, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_disclosures"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_disclosures_case_id"),
    )
    op.create_index("ix_disclosures_case_id", "disclosures", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_disclosures_case_id", "disclosures")
    op.drop_table("disclosures")
