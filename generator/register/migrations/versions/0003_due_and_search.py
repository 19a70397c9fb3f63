"""What is due and the desk's search in indexed columns; letters kept as sent.

Each case gains the officer who opened it, normalised search keys (name, family name,
postcode, reference) and its soonest due date with the rule that sets it; each review its
timeliness. The keys and dates of cases kept before this revision are worked out when the
register is next read with a policy (:mod:`generator.register.upkeep`), as only the policy
says what is due. ``letter_files`` keeps each letter's Word file and PDF as sent.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LOGIN = sa.String(100)
SHA256 = sa.String(64)
KEY = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")

CASE_COLUMNS: list[tuple[str, Any, bool]] = [
    ("officer", LOGIN, True), ("name_key", KEY, True), ("family_key", KEY, True),
    ("postcode_key", KEY, True), ("reference_key", KEY, True), ("next_due", sa.Date, True),
    ("next_due_rule", sa.String(200), False), ("next_due_kind", sa.String(40), False),
    ("due_fingerprint", SHA256, True),
]

#: The report's counts read this index alone (generator/register/tally.py).
PERIOD_INDEX = ("opened", "closed", "stage", "decision_date", "appeal_received",
                "appeal_decided", "appeal_outcome", "id")


def upgrade() -> None:
    for name, kind, indexed in CASE_COLUMNS:
        op.add_column("cases", sa.Column(name, kind))
        if indexed:
            op.create_index(f"ix_cases_{name}", "cases", [name])
    op.create_index("ix_cases_opened", "cases", list(PERIOD_INDEX))
    op.add_column("reviews", sa.Column("timeliness", sa.String(12)))
    op.create_index("ix_reviews_held_on", "reviews", ["held_on"])
    # who opened each case kept so far: the first entry of its reference in the audit log
    op.execute("UPDATE cases SET officer = (SELECT audit.actor FROM audit WHERE "
               "audit.reference = cases.reference AND audit.action IN ('add', 'import') "
               "ORDER BY audit.id LIMIT 1)")
    op.create_table(
        "letter_files",
        sa.Column("letter", sa.Integer, nullable=False),
        sa.Column("docx", sa.LargeBinary, nullable=False),
        sa.Column("pdf", sa.LargeBinary),
        sa.PrimaryKeyConstraint("letter", name="pk_letter_files"),
        sa.ForeignKeyConstraint(["letter"], ["letters.id"], name="fk_letter_files_letter"),
    )
    op.create_table(
        "register_meta",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_register_meta"),
    )


def downgrade() -> None:
    op.drop_table("register_meta")
    op.drop_table("letter_files")
    op.drop_index("ix_reviews_held_on", "reviews")
    op.drop_index("ix_cases_opened", "cases")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("timeliness")
    with op.batch_alter_table("cases") as batch:
        for name, _kind, indexed in CASE_COLUMNS:
            if indexed:
                batch.drop_index(f"ix_cases_{name}")
            batch.drop_column(name)
