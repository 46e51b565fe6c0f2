"""A PostgreSQL server of the rehearsal's own, so that it can really be stopped and started.

``private_server()`` runs ``initdb`` and ``pg_ctl`` (from ``/usr/lib/postgresql/*/bin``, or
the PATH) in a temporary folder on a free loopback port, as the ``postgres`` user when the
rehearsal runs as root (initdb refuses root). Where that cannot be done (no server binaries),
:class:`SharedServer` uses the usual server (``ANTRE_TEST_PG``) and its "restart" cuts every
connection to the rehearsal's database (``pg_terminate_backend``) for the same span instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

PG_ADMIN_URL = os.environ.get("ANTRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


class PrivateServer:
    """A throw-away cluster; ``restart(down_s)`` stops it (fast: sessions are cut), waits and
    starts it again."""

    kind = "private"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.data = folder / "data"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(folder, "postgres")
        initdb = _bin("initdb")
        assert initdb is not None
        self._run([initdb, "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8", "--no-sync"])
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run([*self._as, *cmd], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=60"
        )
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl is not None
        self._run(
            [
                pg_ctl,
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "server.log"),
                "-o",
                opts,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )

    def stop(self) -> None:
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl is not None
        self._run([pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop"])

    def restart(self, down_s: float, database: str) -> tuple[float, float]:
        """(monotonic moment it went down, moment it accepts connections again)."""
        down = time.monotonic()
        self.stop()
        time.sleep(down_s)
        self.start()
        return down, time.monotonic()


class SharedServer:
    """The usual server: a "restart" cuts every session of the rehearsal's database and keeps
    cutting new ones for ``down_s``."""

    kind = "shared (pg_terminate_backend)"

    def __init__(self) -> None:
        self.admin_url = PG_ADMIN_URL

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def restart(self, down_s: float, database: str) -> tuple[float, float]:
        eng = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        down = time.monotonic()
        try:
            with eng.connect() as c:
                c.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
                end = time.monotonic() + down_s
                while time.monotonic() < end:
                    c.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = :d AND pid <> pg_backend_pid()"
                        ),
                        {"d": database},
                    )
                    time.sleep(0.2)
                c.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
        finally:
            eng.dispose()
        return down, time.monotonic()


@contextmanager
def server() -> Iterator[PrivateServer | SharedServer]:
    if _bin("initdb") and _bin("pg_ctl") and (os.geteuid() != 0 or shutil.which("runuser")):
        folder = Path(tempfile.mkdtemp(prefix="antre-rehearsal-pg-"))
        try:
            pg = PrivateServer(folder)
            pg.start()
        except (OSError, subprocess.SubprocessError, AssertionError, LookupError):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            try:
                yield pg
            finally:
                try:
                    pg.stop()
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            return
    yield SharedServer()


@contextmanager
def database(pg: PrivateServer | SharedServer) -> Iterator[tuple[str, str]]:
    """A fresh database on ``pg``: (url, name), dropped afterwards."""
    name = f"antre_rehearsal_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg.admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{pg.admin_url.rsplit('/', 1)[0]}/{name}", name
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
