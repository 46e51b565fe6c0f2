"""Helpers and fakes the tests share: clocks, store shortcuts (one user action, one
transaction), the mini site loaded, and real speech or a reason to skip. Fixtures live in
conftest.py; the stand-in receipt printer on loopback in service/printer_peer.py."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import events, rules, site
from shared.dto import IssuedTicket
from shared.models import Event, Ticket
from shared.store import Store
from tests.conftest import MINI_SITE, T0

# --- clocks -------------------------------------------------------------------------------

When = dt.datetime | Callable[[], dt.datetime]
"""An instant, or a clock read once per action."""


class SteppingClock:
    """Starts at T0 (Saturday 09:00 WIB) and moves one second per reading, so every action
    has its own time and the order of events is unambiguous."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


class FixedClock:
    """A clock that stands still until the test moves ``now``."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _instant(at: When) -> dt.datetime:
    return at() if callable(at) else at


# --- the store ----------------------------------------------------------------------------

def loaded_store(tmp_path: Path) -> str:
    """A SQLite store in ``tmp_path`` with the mini site loaded; returns its URL."""
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    store = Store.open(url)
    try:
        with store.transaction() as s:
            site.apply_site(s, site.load_site_file(MINI_SITE), now=T0)
    finally:
        store.dispose()
    return url


def act(store: Store, fn: Callable[..., Any], *args: Any, at: When = T0, **kw: Any) -> Any:
    """One user action in one transaction, e.g. ``act(store, rules.finish, "L1")``."""
    with store.transaction() as s:
        return fn(s, *args, now=_instant(at), **kw)


def issue(store: Store, service: str = "KTP", at: When = T0, priority: str | None = None) -> IssuedTicket:
    """A ticket issued as a kiosk, the CLI or another process would."""
    return act(store, rules.issue, service, at=at, priority=priority)


def call_next(store: Store, counter: str, at: When = T0) -> str | None:
    """The code ``counter`` calls next (None when nobody waits)."""
    result = act(store, rules.call_next, counter, at=at)
    return result.ticket.code if result.ticket else None


def open_counter(store: Store, counter: str, at: When = T0) -> None:
    act(store, rules.open_counter, counter, at=at)


def open_counters(store: Store, *codes: str) -> None:
    for code in codes:
        open_counter(store, code)


def kinds(store: Store, since: int = 0) -> list[str]:
    """The kinds of the events after id ``since``, in order."""
    with store.reading() as s:
        return [e.kind for e in events.events_since(s, since)]


def events_of(store: Store, kind: str) -> list[Event]:
    with store.reading() as s:
        return list(s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def ticket_codes(store: Store) -> list[str]:
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


# --- hardware -----------------------------------------------------------------------------

def need_audio_output() -> None:
    """An audio output Qt can play to (a sound card, or the null sink .ci/run starts):
    required in CI, skipped elsewhere."""
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.audioOutputs():
        return
    why = "no audio output (PulseAudio with a null sink and PULSE_SERVER: see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(f"an audio output is required in CI: {why}")
    pytest.skip(why)


def need_voice() -> None:
    """Real speech needs espeak-ng with an Indonesian voice: required in CI, skipped elsewhere."""
    from shared.voice.engine import Pyttsx3Synth, VoiceUnavailable
    from shared.voice.settings import from_section

    try:
        Pyttsx3Synth(from_section({}))
    except VoiceUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"espeak-ng with an Indonesian voice is required in CI: {exc.message}")
        pytest.skip(exc.message)
