"""The periodic report's counts kept by month, and indexes for its dated counts.

``case_counts`` holds, for the cases opened in each month, how many are at each stage and
show each behaviour and measure, by the month they closed in (or open), and how many of
their reviews held on each day reached each outcome, on time or not; ``counted_months``
lists the months whose counts hold. No month is listed yet: the first report after this
revision counts every month (:mod:`generator.register.counts`), later ones only the months
of the cases changed since.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.String(100)
INDEXES = {"ix_cases_closed": ["closed", "opened"],
           "ix_cases_decision_date": ["decision_date", "opened", "closed"],
           "ix_cases_appeal_received": ["appeal_received", "opened", "closed"],
           "ix_cases_appeal_decided": ["appeal_decided", "opened", "closed", "appeal_outcome"]}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns)
    op.create_table(
        "case_counts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("closed_month", sa.Date),
        sa.Column("held_on", sa.Date),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", ID, nullable=False),
        sa.Column("timeliness", sa.String(12)),
        sa.Column("n", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_counts"),
    )
    op.create_index("ix_case_counts_month", "case_counts", ["month"])
    op.create_table(
        "counted_months",
        sa.Column("month", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("month", name="pk_counted_months"),
    )


def downgrade() -> None:
    op.drop_table("counted_months")
    op.drop_index("ix_case_counts_month", "case_counts")
    op.drop_table("case_counts")
    for name in INDEXES:
        op.drop_index(name, "cases")
