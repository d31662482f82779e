"""Alembic runs the team store's migrations on the connection ``geo.dataset.migrate`` hands it."""

from alembic import context

context.configure(connection=context.config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
