"""How this process links to a PostgreSQL server: libpq's timeouts and keepalives, and the
name the server shows for it. The store's engine and the event feed's listener both use them."""

from __future__ import annotations

from typing import Any

# libpq settings for every PostgreSQL connection. A LAN cable pulled mid-query resets
# nothing: without these a worker thread waits for the operating system's TCP timeout (often
# many minutes) before the app can say the store is gone. Unacknowledged data gives up
# after 10 s, and an idle link (a display's LISTEN connection) is probed every few seconds.
PG_LINK_SETTINGS: dict[str, Any] = {
    "connect_timeout": 5,
    "tcp_user_timeout": 10_000,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    # A writer waiting for a lock gives up after 5 s ("sibuk", try again) instead of hanging
    # behind whoever holds it.
    "options": "-c lock_timeout=5000",
}


# What a PostgreSQL server shows in pg_stat_activity for this process's connections, so an
# admin sees which station holds which connection. Set once by each program at start.
_program = "antre"


def identify(program: str) -> None:
    global _program
    _program = program


def application_name() -> str:
    return _program
