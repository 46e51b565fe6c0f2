"""``antre status``, ``antre events`` and ``antre announce-text``: what the queues, the event feed
and the display's voice say right now."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from shared import announce, events, rules, site
from shared.cli import common
from shared.errors import BadInput, NotFound
from shared.limits import INT32_MAX
from shared.models import Counter
from shared.rules.states import COUNTER_STATE_TEXT, STATUS_TEXT
from shared.store import Store

log = logging.getLogger(__name__)


def cmd_status(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            st = rules.status(s, now=common.now(args))
    finally:
        store.dispose()
    if args.json:
        common.out(args, "", st.to_json())
        return 0
    print(f"{st.site_name} — hari layanan {st.business_day:%d-%m-%Y}")
    print(f"\n{'Layanan':<44} {'Tunggu':>6} {'Selesai':>7} {'Terlama':>8} {'Loket buka':>10}")
    for v in st.services:
        if v.issued_today or v.open_counters:
            print(f"{v.name[:44]:<44} {v.waiting:>6} {v.served_today:>7} "
                  f"{v.longest_wait_s // 60:>6}m {v.open_counters:>10}")
    print(f"\n{'Loket':<12} {'Keadaan':<18} {'Tiket':<24} Petugas")
    for c in st.counters:
        state = COUNTER_STATE_TEXT.get(c.state, c.state).lower()
        state += f" ({c.pause_reason})" if c.pause_reason else ""
        ticket = "-"
        if c.current:
            ticket = f"{c.current} ({STATUS_TEXT.get(c.current_status or '', '?').lower()})"
        print(f"{c.name:<12} {state:<18} {ticket:<24} {c.user or '-'}")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    if not 0 <= args.since <= INT32_MAX:
        raise BadInput(f"--since {args.since}: nomor peristiwa harus antara 0 dan {INT32_MAX}.")
    store = common.open_store(args)

    def show(batch: Sequence[events.EventView]) -> None:
        for e in batch:
            if args.json:
                print(json.dumps(e.to_json(), ensure_ascii=False), flush=True)
            else:
                bits = " ".join(f"{k}={v}" for k, v in e.data.items() if v is not None)
                print(f"{e.id:>7} {common.local_time(args, e.at)} {e.kind:<18} {bits}", flush=True)

    try:
        last = args.since
        if not args.follow:
            while True:
                with store.reading() as s:
                    batch = events.events_since(s, last)
                if not batch:
                    return 0
                show(batch)
                last = batch[-1].id
        _follow(store, last, show)
    except KeyboardInterrupt:
        return 0
    finally:
        store.dispose()
    return 0


def _follow(store: Store, last: int, show: Callable[[Sequence[events.EventView]], None]) -> None:
    """Print events as they come, forever. When the store goes away, say so once, retry,
    and carry on from the last event shown: nothing is skipped or shown twice."""
    backoff = 0.5
    down = False
    while True:
        waker = None
        try:
            waker = events.make_waker(store.url)
            backoff = 0.5
            if down:
                print("antre: tersambung kembali.", file=sys.stderr, flush=True)
                down = False
            for batch in events.follow(store.readers, waker, last):
                show(batch)
                last = batch[-1].id
        except (OperationalError, psycopg.OperationalError, sqlite3.OperationalError) as exc:
            if not down:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                print(f"antre: basis data terputus ({first}); menyambung ulang…", file=sys.stderr, flush=True)
                log.warning("events --follow lost the store", exc_info=True)
                down = True
            time.sleep(backoff)
            backoff = min(backoff * 2, 5.0)
        finally:
            if waker is not None:
                with contextlib.suppress(Exception):
                    waker.close()


def cmd_announce_text(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            cfg = rules.load_site(s).config
            counter = s.scalar(select(Counter).where(Counter.code == args.counter.upper()))
            if counter is None:
                raise NotFound(f"Loket '{args.counter}' tidak ditemukan.")
            code, _, _ = rules.parse_ticket_ref(args.ticket)
            service = rules.ticket_service(s, code, now=common.now(args))
    finally:
        store.dispose()
    text = announce.announcement(code, counter.name,
                                 template=cfg.get("announcement", site.DEFAULT_ANNOUNCEMENT),
                                 mode=cfg.get("number_mode", "whole"),
                                 service_name=service.name if service else "",
                                 agency_name=service.agency_name if service else "")
    common.out(args, text, {"text": text, "ticket": code, "counter": counter.code})
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    add(sub, "status", cmd_status, "queues and counters now")
    sp = add(sub, "events", cmd_events, "print the event feed")
    sp.add_argument("--since", type=int, default=0, metavar="N")
    sp.add_argument("--follow", action="store_true")
    sp = add(sub, "announce-text", cmd_announce_text, "the sentence the display will speak")
    sp.add_argument("ticket")
    sp.add_argument("counter")
