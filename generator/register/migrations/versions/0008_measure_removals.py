"""Measure removals: each measure a save took off a case (a decision, a stage change, an
officer's edit), with the day it ended and the stage change and recorded decision behind
it, and the measure's start and duration, so the due list lists its end letter (or counts
the measure's own end, where that came first).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_removals",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("measure", sa.String(100), nullable=False),
        sa.Column("ended_on", sa.Date, nullable=False),
        sa.Column("stage_change_id", sa.Integer),
        sa.Column("decision_id", sa.Integer),
        sa.Column("removed_by", sa.String(100), nullable=False),
        sa.Column("starts", sa.Date),
        sa.Column("duration", sa.String(40)),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_measure_removals_case_id"),
        sa.PrimaryKeyConstraint("id", name="pk_measure_removals"),
    )
    op.create_index("ix_measure_removals_case_id", "measure_removals", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_measure_removals_case_id", table_name="measure_removals")
    op.drop_table("measure_removals")
