"""The Alembic scripts, one per schema revision (``shared.migrations.HEAD`` names the newest)."""
