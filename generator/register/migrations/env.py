"""Alembic's environment: the store hands over an open connection, so no alembic.ini and no
URL is read here, and nothing is logged but the revisions applied."""

from __future__ import annotations

from alembic import context

from generator.register.schema import metadata

__all__ = []

context.configure(connection=context.config.attributes["connection"], target_metadata=metadata,
                  render_as_batch=True)  # SQLite alters a table by copying it
with context.begin_transaction():
    context.run_migrations()
