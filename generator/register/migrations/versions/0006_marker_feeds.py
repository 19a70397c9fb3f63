"""Marker feeds: each feed of the live restrictions made for a CRM, so the next one can say
what was added, changed or ended since.

A feed's row keeps when it was made, by whom, the day it was made as on, a digest of its
entries and, for each marker, its case's reference, its measure and a keyed hash of the
entry: enough to tell a change, never a name or postcode.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = []

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marker_feeds",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(100), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("entries", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_marker_feeds"),
    )


def downgrade() -> None:
    op.drop_table("marker_feeds")
