"""Opening stores: schema upgrades, refusals, and the SQLite settings the rules rely on."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from shared import migrations
from shared.errors import BadInput, SchemaMismatch, StoreUnavailable
from shared.models import Base
from shared.store import Store, current_revision, head_revision


def test_migrations_build_exactly_the_schema_the_models_describe(store_url):
    st = Store.open(store_url)
    with st.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    st.dispose()
    assert diff == []


def test_opening_a_store_upgrades_it_to_head(store_url):
    st = Store.open(store_url)
    assert current_revision(st.engine) == head_revision()
    st.dispose()
    again = Store.open(store_url)  # idempotent
    assert current_revision(again.engine) == head_revision()
    again.dispose()


def test_the_recorded_head_is_the_newest_migration_script():
    assert head_revision() == migrations.HEAD


def test_opening_an_up_to_date_store_does_not_load_alembic(store_url):
    Store.open(store_url).dispose()  # creates the schema (this one does need Alembic)
    probe = (
        "import sys; from shared.store import Store\n"
        f"Store.open({store_url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_store_from_a_newer_antre_is_refused_with_a_clear_message(store_url):
    st = Store.open(store_url)
    with st.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    st.dispose()
    with pytest.raises(SchemaMismatch, match="lebih baru"):
        Store.open(store_url)


def test_a_store_that_needs_upgrading_is_refused_when_upgrades_are_not_allowed(tmp_path):
    with pytest.raises(SchemaMismatch, match="perlu diperbarui"):
        Store.open(f"sqlite:///{tmp_path / 'new.db'}", upgrade_schema=False)


def test_sqlite_runs_in_wal_and_writers_take_the_lock_up_front(tmp_path):
    st = Store.open(f"sqlite:///{tmp_path / 'a.db'}")
    with st.transaction() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.connection().connection.dbapi_connection.in_transaction
        # a second writer cannot start while this one is open
        other = Store.open(st.url)
        other_conn = other.engine.raw_connection()
        other_conn.execute("PRAGMA busy_timeout=0")
        with pytest.raises(Exception, match="locked"):
            other_conn.execute("BEGIN IMMEDIATE")
        other_conn.close()
        other.dispose()
        # ...but a reader can
        with st.reading() as r:
            assert r.execute(text("SELECT 1")).scalar() == 1
    st.dispose()


def test_an_unreachable_server_is_a_store_unavailable_error():
    with pytest.raises(StoreUnavailable, match="tidak dapat dihubungi"):
        Store.open("postgresql://antre@127.0.0.1:9/antre")


def test_an_unsupported_or_malformed_url_is_bad_input():
    with pytest.raises(BadInput, match="tidak didukung"):
        Store.open("mysql://x@y/z")
    with pytest.raises(BadInput, match="tidak valid"):
        Store.open("not a url")
