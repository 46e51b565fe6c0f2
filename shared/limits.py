"""How long each name may be and how large each number: the one table the store's columns
(:mod:`shared.models`) and the site-file check (:mod:`shared.site.parse`) both read, so a
value ``antre site check`` accepts always fits the store, on SQLite and PostgreSQL alike.

SQLite would keep a 300-character name in a 200-character column; PostgreSQL refuses it.
The check holds both stores to PostgreSQL's sizes.
"""

from __future__ import annotations

from typing import Final

INT32_MAX: Final = 2**31 - 1
"""The largest value of an ``Integer`` column on PostgreSQL (4 bytes), and of its ids."""

TEXT: Final[dict[str, int]] = {
    # table.column: the column's size in characters
    "site.name": 200,
    "site.timezone": 64,
    "priority_class.code": 32,
    "priority_class.name": 120,
    "agency.code": 32,
    "agency.name": 200,
    "agency.short": 40,
    "agency.description": 80,
    "service.code": 32,
    "service.name": 200,
    "service.prefix": 8,
    "service.hours": 11,
    "counter.code": 32,
    "counter.name": 120,
    "counter.zone": 80,
    "counter.state": 16,
    "counter.pause_reason": 120,
    "app_user.username": 64,
    "app_user.full_name": 120,
    "app_user.role": 16,
    "app_user.password_hash": 255,
    "ticket.code": 16,
    "ticket.token": 16,
    "ticket.priority_class": 32,
    "ticket.status": 16,
    "event.kind": 32,
}

NUMBER: Final[dict[str, tuple[float, float]]] = {
    # site-file field: (lowest, highest) accepted, both included
    "site.priority_ratio": (1, 20),
    "site.long_wait_min": (5, 600),
    "service.quota": (1, 99_999),  # a day's numbers of one service; the column holds INT32_MAX
}


def text_limit(column: str) -> int:
    return TEXT[column]


def number_range(field: str) -> tuple[float, float]:
    return NUMBER[field]
