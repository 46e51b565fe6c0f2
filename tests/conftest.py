"""Shared fixtures: real SQLite files and a real PostgreSQL database per test.

PostgreSQL tests need a server. Locally they skip with a reason when none answers; with
``CI`` set they fail instead, so CI can never go green without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Qt must never try to open a real display in tests (it aborts the process instead).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import create_engine, text

from shared import site
from shared.store import Store
from tests import when

# ANTRE_TEST_NOW runs the suite as if it were another day (README, "Tests on another day").
# It must move the wall clock before T0 below is derived from it.
when.shift_wall_clock()

PG_ADMIN_URL = os.environ.get("ANTRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MINI_SITE = Path(__file__).parent / "data" / "mini-site.toml"
# The coming Saturday, 09:00 in Jakarta: inside the mini site's hours, whatever day the suite
# runs. Tests derive every other instant from it.
T0 = when.coming_saturday()


def _pg_available() -> str | None:
    try:
        eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return None


_PG_ERROR: str | bool | None = False


def pg_error() -> str | None:
    global _PG_ERROR
    if _PG_ERROR is False:
        _PG_ERROR = _pg_available()
    return _PG_ERROR  # type: ignore[return-value]


def require_pg() -> None:
    err = pg_error()
    if err is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_ADMIN_URL}: {err}")
    pytest.skip(f"no PostgreSQL server at {PG_ADMIN_URL} ({err})")


def new_pg_database() -> tuple[str, str]:
    """Create an empty database; returns (url, name)."""
    name = f"antre_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_pg_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'antre.db'}"
        return
    require_pg()
    url, name = new_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A migrated store with the mini site loaded (always open, so tests pick their hours)."""
    st = Store.open(store_url, trust_station_clock=True)  # the tests set the time
    spec = site.load_site_file(MINI_SITE)
    with st.transaction() as s:
        site.apply_site(s, spec, now=T0)
    try:
        yield st
    finally:
        st.dispose()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A PostgreSQL database with the station roles of ``antre db roles`` (tests/deployment.py)."""
    require_pg()
    from tests.deployment import deployed

    with deployed(tmp_path_factory.mktemp("stations")) as dep:
        yield dep


@pytest.fixture
def station_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A station of its own: an (absent) config file and log folder in ``tmp_path``; log
    handlers the code under test adds are closed afterwards."""
    import logging

    monkeypatch.setenv("ANTRE_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("ANTRE_DB_URL", raising=False)
    root = logging.getLogger()
    before = list(root.handlers)
    yield tmp_path / "config.toml"
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
