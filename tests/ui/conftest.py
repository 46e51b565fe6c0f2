"""Helpers for the app tests: a clock inside the mini site's hours, and store shortcuts."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.orm import Session

from shared import rules
from shared.dto import IssuedTicket
from shared.store import Store
from tests.conftest import T0


class SteppingClock:
    """Starts at T0 (Saturday 09:00 WIB) and moves one second per reading, so every action
    has its own time and the order of events is unambiguous."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


def issue(store: Store, service: str, clock: SteppingClock) -> IssuedTicket:
    """A ticket issued by another process (the CLI, another kiosk)."""
    with store.transaction() as s:
        return rules.issue(s, service, now=clock())


def call_next(store: Store, counter: str, clock: SteppingClock) -> str | None:
    with store.transaction() as s:
        result = rules.call_next(s, counter, now=clock())
    return result.ticket.code if result.ticket else None


def open_counter(store: Store, counter: str, clock: SteppingClock) -> None:
    with store.transaction() as s:
        rules.open_counter(s, counter, now=clock())


def ticket_codes(store: Store) -> list[str]:
    from sqlalchemy import select

    from shared.models import Ticket

    with store.reading() as s:
        return list(s.scalars(select(Ticket.code).order_by(Ticket.id)))


class GatedStore:
    """A real store whose write transactions wait until the test opens ``gate``, so a test can
    act while an action is still in flight. Reads and the feed pass straight through."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.gate = threading.Event()
        self.gate.set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        assert self.gate.wait(10), "the test never opened the gate"
        with self._store.transaction() as s:
            yield s
