"""What every command shares: its output (a line or JSON), the store, the clock, and one
transaction per user action."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import sys
import zoneinfo
from collections.abc import Callable
from typing import Any

from shared import config, rules
from shared.models import Site
from shared.store import Store, describe_url

log = logging.getLogger(__name__)

AddCommand = Callable[[Any, str, Callable[[argparse.Namespace], int], str], Any]
"""``add(parent, name, handler, help)``: adds one command to the parser and returns it."""


def out(args: argparse.Namespace, human: str, data: Any) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, default=str))
    else:
        print(human)


def local_time(args: argparse.Namespace, when: dt.datetime | None) -> str:
    if when is None:
        return "-"
    return when.astimezone(zoneinfo.ZoneInfo(args.tz)).strftime("%H:%M:%S")


def ticket_line(t: Any) -> str:
    prio = f" [prioritas: {t.priority_class}]" if t.priority_class else ""
    where = f" di {t.counter_name}" if t.counter_name else ""
    return f"{t.code}  {t.service_name} ({t.agency_name}){prio}  status={t.status}{where}"


def open_store(
    args: argparse.Namespace, *, check_integrity: bool = False, create_folder: bool = False
) -> Store:
    """The store of ``--db`` (or the config). ``check_integrity`` runs SQLite's quick_check
    first; a SQLite file's missing folder is made only with ``create_folder`` (``antre init``,
    ``antre demo``) or when it is the default one in the user data directory."""
    settings = config.resolve(args.db)
    if settings.source == str(config.config_path()):
        warning = config.exposure_warning(config.config_path(), settings.db_url)
        if warning:
            print(f"antre: {warning}", file=sys.stderr)
    log.info("store %s (from %s)", describe_url(settings.db_url), settings.source)
    store = Store.open(settings.db_url, check_integrity=check_integrity,
                       create_folder=create_folder or settings.source == "default",
                       clock_margin_s=config.clock_margin_s(settings))
    args.store_url = settings.db_url
    args.tz = "Asia/Jakarta"
    with store.reading() as s:
        row = s.get(Site, 1)
        if row is not None:
            args.tz = row.timezone
    return store


def operator() -> str:
    """Who runs this command, for a site revision's record: the system user, marked CLI."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        name = "?"
    return f"{name} (CLI)"


def now(args: argparse.Namespace) -> dt.datetime:
    """The command's clock (``main(clock=...)``; the wall clock by default)."""
    clock: Callable[[], dt.datetime] = args.clock
    return clock()


def action(args: argparse.Namespace, fn: Callable[..., Any], *fargs: Any, **kw: Any) -> Any:
    """Run one user action in one transaction, after closing yesterday if a day has passed."""
    store = open_store(args)
    try:
        instant = now(args)
        with store.transaction() as s:
            rules.roll_over(s, now=instant)
        with store.transaction() as s:
            return fn(s, *fargs, now=instant, **kw)
    finally:
        skew = rules.clock_skew(store.engine)
        if skew is not None:
            print(f"antre: Peringatan: {rules.skew_warning(skew)}", file=sys.stderr)
        store.dispose()

