"""Alembic migrations for the Antre store.

``HEAD`` is the newest revision in ``versions/``. It is written here so that opening a store
that is already up to date (every start of every app) does not import Alembic and Mako at
all; a test checks it against Alembic's own view of the scripts. Add a migration, bump it.
"""

HEAD = "0006"
