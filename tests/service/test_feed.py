"""The event feed's wake-ups: PostgreSQL NOTIFY and SQLite's data_version poll, and readers
that catch up from the table when a wake-up is missed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from shared import events, rules
from tests.conftest import T0
from tests.support import issue

ROOT = Path(__file__).resolve().parents[2]


def test_a_waiting_reader_wakes_soon_after_another_connection_commits(store):
    waker = events.make_waker(store.url)
    try:
        waker.wait(0.2)  # settle: the site load is already committed
        timer = threading.Timer(0.3, issue, args=(store,))
        started = time.monotonic()
        timer.start()
        woke = waker.wait(5.0)
        elapsed = time.monotonic() - started
        timer.join()
    finally:
        waker.close()
    assert woke
    assert 0.25 < elapsed < 2.0  # woken by the commit, not by the 5 s timeout


def test_a_reader_that_missed_wake_ups_catches_up_from_its_last_id(store):
    with store.reading() as s:
        last = events.last_event_id(s)
    for _ in range(3):
        issue(store)  # nobody listens
    waker = events.make_waker(store.url)
    try:
        batch = next(events.follow(store.readers, waker, last, idle_timeout=0.1))
    finally:
        waker.close()
    assert [e.kind for e in batch] == ["ticket_issued"] * 3
    assert [e.data["code"] for e in batch] == ["A001", "A002", "A003"]


def test_nothing_wakes_a_reader_when_nothing_changes(store):
    waker = events.make_waker(store.url)
    try:
        waker.wait(0.2)
        assert waker.wait(0.3) is False
    finally:
        waker.close()


def test_antre_events_follow_prints_new_events_as_they_happen(store, tmp_path):
    env = dict(os.environ, ANTRE_DB_URL=store.url, XDG_STATE_HOME=str(tmp_path))
    with store.reading() as s:
        last = events.last_event_id(s)
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared", "events", "--follow", "--json", "--since", str(last)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.5)  # let it start and block
        issue(store)
        assert proc.stdout is not None
        line = proc.stdout.readline()
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    event = json.loads(line)
    assert (event["kind"], event["data"]["code"]) == ("ticket_issued", "A001")


def test_every_store_a_process_opens_writes_its_events(tmp_path):
    """Regression: event hooks were once skipped for a new store whose session factory
    reused the id() of a collected one, so its events silently went missing."""
    import gc

    from shared import site
    from shared.store import Store
    from tests.conftest import MINI_SITE

    spec = site.load_site_file(MINI_SITE)
    for i in range(40):
        st = Store.open(f"sqlite:///{tmp_path / f'{i}.db'}")
        with st.transaction() as s:
            site.apply_site(s, spec, now=T0)
        with st.transaction() as s:
            rules.issue(s, "KTP", now=T0)
        with st.reading() as s:
            kinds = [e.kind for e in events.events_since(s, 0)]
        st.dispose()
        del st
        gc.collect()
        assert kinds == ["site_loaded", "ticket_issued"], f"store {i}"
