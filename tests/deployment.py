"""A PostgreSQL deployment as docs/deploy.md makes one: an admin role owning a fresh
database, the mini site, two users, and the station roles of ``antre db roles`` with their
owner-only config files. Used through the ``deployment`` fixture (tests/conftest.py)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from shared import auth, config, pgroles, site
from shared.store import Store
from tests.conftest import MINI_SITE, PG_ADMIN_URL, T0


def server_sql(sql: str) -> None:
    eng = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.exec_driver_sql(sql)
    eng.dispose()


@dataclass
class Deployment:
    admin_url: str
    database: str
    roles: pgroles.Roles
    configs: dict[str, Path]
    report: pgroles.RolesReport

    def url(self, app: str) -> str:
        return config.resolve(config_file=self.configs[app]).db_url

    def store(self, app: str) -> Store:
        return Store.open(self.url(app))


@contextmanager
def deployed(out: Path) -> Iterator[Deployment]:
    """What docs/deploy.md does: an admin role owning a fresh database, the site, the roles."""
    tag = f"t{uuid.uuid4().hex[:8]}"
    admin, database = f"{tag}_admin", f"antre_{tag}"
    server_sql(f"CREATE ROLE {admin} LOGIN CREATEROLE PASSWORD 'admin-{tag}'")
    server_sql(f'CREATE DATABASE "{database}" OWNER {admin}')
    admin_url = make_url(PG_ADMIN_URL).set(
        username=admin, password=f"admin-{tag}", database=database).render_as_string(hide_password=False)
    try:
        store = Store.open(admin_url)
        try:
            with store.transaction() as s:
                # Tickets here carry the real time (see _now), so the site is open all day.
                spec = site.load_site_file(MINI_SITE)
                spec = dataclasses.replace(
                    spec, settings=dataclasses.replace(spec.settings, always_open=True))
                site.apply_site(s, spec, now=T0)
                auth.add_user(s, "rina", "rahasia123", agency="DUKCAPIL", now=T0)
                auth.add_user(s, "dwi", "rahasia123", role="supervisor", now=T0)
            roles = pgroles.Roles(tag)
            report = pgroles.create_roles(store, roles)
        finally:
            store.dispose()
        written = pgroles.write_station_configs(report, admin_url, out, host=None, port=None, sslmode=None)
        configs = {st.app: st.config_file for st in written if st.config_file is not None}
        yield Deployment(admin_url, database, roles, configs, report)
    finally:
        server_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for app in (*pgroles.APPS, "admin"):
            server_sql(f"DROP ROLE IF EXISTS {tag}_{app}")
