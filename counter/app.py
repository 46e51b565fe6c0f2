"""Wiring of the counter app: ``build(...)`` assembles it, ``main()`` runs it.

The life of a clerk's day: log in → choose the counter (or take the one fixed by
``--counter`` or the config file's ``[counter] code``) → work → log out (the counter closes)
→ the log-in page again. A supervisor or admin can also open the supervisor view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject

from counter.controller import CounterController, FeedFactory
from counter.login import LoggedIn, LoginController
from counter.reports import ReportsController
from counter.session import Clerk, Clock, Opened
from counter.supervisor import SupervisorController
from counter.view import CounterWindow
from shared import config, rules
from shared.printing import service as printing
from shared.printing.settings import PrinterSettings
from shared.selftest import Station
from shared.store import Store
from shared.ui.app import AppParts, base_arguments, run
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Loket"
TITLE = "Antre — Loket"
Reprint = Callable[[Store, str, dt.datetime], str]


def printer_reprint(settings: PrinterSettings | None = None) -> Reprint:
    """Reprint on this station's printer (the config file's ``[printer]``, read at each
    reprint unless ``settings`` are given) at the app's ``now``; returns the line to show."""

    def reprint(store: Store, ref: str, now: dt.datetime) -> str:
        return printing.reprint(store, ref, settings=settings, now=now).line()

    return reprint


class Shell(QObject):
    """Moves the window between its pages as the clerk logs in, picks a counter, and leaves."""

    def __init__(self, window: CounterWindow, login: LoginController, counter: CounterController,
                 supervisor: SupervisorController, fixed_counter: str | None) -> None:
        super().__init__(window)
        self.window = window
        self.login = login
        self.counter = counter
        self.supervisor = supervisor
        self.fixed_counter = fixed_counter
        self.clerk: Clerk | None = None
        window.login_requested.connect(login.log_in)
        login.refused.connect(window.show_login_refusal)
        login.busy_changed.connect(window.set_login_busy)
        login.logged_in.connect(self.logged_in)
        window.counter_chosen.connect(self.choose)
        window.supervisor_requested.connect(self._to_supervisor)
        window.supervisor_left.connect(supervisor.stop)
        window.picker_left.connect(self._left_picker)
        counter.logged_out.connect(self._logged_out)

    def logged_in(self, who: LoggedIn) -> None:
        self.clerk = who.clerk
        if self.fixed_counter:
            self.choose(self.fixed_counter)
        elif len(who.counters) == 1 and not who.clerk.supervisor:
            self.choose(who.counters[0].code)  # nothing to choose
        else:
            self.window.show_picker(who.clerk, who.counters)

    def choose(self, code: str) -> None:
        self.counter.start(self.clerk, code)
        self.window.show_work(self.clerk.supervisor if self.clerk else False)

    def _to_supervisor(self) -> None:
        if self.clerk is not None and self.clerk.supervisor:
            self.supervisor.start(self.clerk.user_id)
            self.window.show_supervisor()

    def _logged_out(self, reason: str) -> None:
        self.supervisor.stop()
        name = self.clerk.full_name if self.clerk else ""
        self.clerk = None
        self.window.show_login(reason or (f"{name} sudah keluar." if name else ""))

    def _left_picker(self) -> None:
        self.supervisor.stop()
        if self.clerk is not None:
            self.login.log_out(self.clerk)
        self._logged_out("")


@dataclass
class CounterApp(AppParts[CounterWindow, CounterController]):
    login: LoginController = field(kw_only=True)
    supervisor: SupervisorController = field(kw_only=True)
    reports: ReportsController | None = field(default=None, kw_only=True)
    shell: Shell = field(kw_only=True)
    clerk: Clerk | None = field(default=None, kw_only=True)

    def start(self) -> None:
        """Show the log-in page; with a ``clerk`` given to ``build`` (a kiosk-mode PC, a test,
        a benchmark), go straight to the counter."""
        if self.clerk is not None:
            self.shell.logged_in(LoggedIn(self.clerk, []))
        else:
            self.window.show_login()

    def stop(self) -> None:
        self.supervisor.stop()
        self.controller.stop()
        self.worker.wait()
        self.window.mini.close()


def build(
    store: Store, counter_code: str | None = None, *, clock: Clock = rules.utc_now,
    feed_factory: FeedFactory | None = None, clerk: Clerk | None = None,
    reprint: Reprint | None = None, recap_dir: Path | None = None,
) -> CounterApp:
    """Assemble the counter app. Nothing touches the store until ``start()``. ``reprint``
    defaults to this station's receipt printer."""
    worker = Worker()
    feeds = feed_factory or (lambda last_id: FeedWatcher(store, last_id))
    login = LoginController(store, worker, clock=clock)
    controller = CounterController(store, worker, clock=clock, feed_factory=feeds)
    supervisor = SupervisorController(store, worker, clock=clock, feed_factory=feeds,
                                      reprint=reprint or printer_reprint())
    window = CounterWindow(clock)
    shell = Shell(window, login, controller, supervisor, counter_code)

    def opened(o: Opened) -> None:
        c = controller.clerk
        window.show_opened(o.counter, o.agency_short, o.timezone, o.services, c.full_name if c else "",
                           o.priority_names)

    window.action_requested.connect(controller.run_action)
    window.call_requested.connect(controller.call_ticket)
    window.requeue_requested.connect(controller.requeue)
    window.transfer_requested.connect(controller.transfer)
    window.pause_requested.connect(controller.pause)
    window.resume_requested.connect(controller.resume)
    window.close_requested.connect(controller.close)
    window.logout_requested.connect(controller.log_out)
    controller.counter_opened.connect(opened)
    controller.counter_changed.connect(window.show_counter)
    controller.ticket_changed.connect(window.show_ticket)
    controller.waiting_changed.connect(window.show_waiting)
    controller.day_changed.connect(window.show_day)
    controller.busy_changed.connect(window.set_busy)
    controller.message.connect(window.show_message)
    controller.store_available.connect(window.set_store_available)
    controller.clock_warning.connect(window.show_clock_warning)

    page = window.supervisor
    page.set_reprint_available(supervisor.can_reprint)
    page.open_requested.connect(supervisor.open_counter)
    page.close_requested.connect(supervisor.close_counter)
    page.requeue_requested.connect(supervisor.requeue)
    page.expire_requested.connect(supervisor.expire)
    page.reprint_requested.connect(supervisor.reprint)
    supervisor.status_changed.connect(page.show_status)
    supervisor.busy_changed.connect(page.set_busy)
    supervisor.message.connect(window.show_message)

    reports = ReportsController(store, worker, clock=clock)
    window.reports_shown.connect(reports.open)
    window.reports.report_requested.connect(reports.show)
    window.reports.recap_requested.connect(lambda day: reports.write_recaps(day, recap_dir or recap_folder()))
    reports.today_known.connect(window.reports.set_day)
    reports.report_ready.connect(window.reports.show_report)
    reports.busy_changed.connect(window.reports.set_busy)
    reports.failed.connect(window.reports.show_notice)
    reports.recaps_written.connect(lambda paths: window.reports.show_notice(
        f"Rekap PDF disimpan: {', '.join(p.name for p in paths)} di {paths[0].parent}" if paths else ""))
    return CounterApp(window=window, controller=controller, worker=worker, login=login,
                      supervisor=supervisor, shell=shell, clerk=clerk, reports=reports)


def recap_folder() -> Path:
    """Where the daily recap PDFs go: the user's documents, in an Antre folder."""
    return Path(platformdirs.user_documents_dir()) / "Antre"


def check_counter(store: Store, counter_code: str) -> None:
    """Fail fast, before any window, when the site is not loaded or the counter is unknown."""
    with store.reading() as s:
        rules.load_site(s)
        rules.counter_state(s, counter_code)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = base_arguments("antre-counter", "Antre: aplikasi loket.")
    p.add_argument("--counter", metavar="KODE",
                   help="fixed counter code, e.g. L01 (default: [counter] code in the config file, "
                        "else the clerk chooses after logging in)")
    p.set_defaults(windowed=True)
    return p.parse_args(argv)


def fixed_counter(args: argparse.Namespace) -> str | None:
    if args.counter:
        return str(args.counter)
    code = config.resolve(args.db).section("counter").get("code")
    return str(code) if code else None


def main(argv: Sequence[str] | None = None, *, clock: Clock = rules.utc_now) -> int:
    """Run the counter app; ``clock`` is the station's time (tests and benchmarks pass theirs)."""
    args = parse_args(argv)

    def build_checked(store: Store) -> CounterApp:
        counter = fixed_counter(args)
        with store.reading() as s:
            rules.load_site(s)
        if counter:
            check_counter(store, counter)
        return build(store, counter, clock=clock)

    return run(APP_NAME, "antre-counter", TITLE, "Aplikasi loket", args, build_checked,
               window_size=(1366, 768), station=Station(printer="settings", role="queue"), clock=clock,
               catalog="counter")
