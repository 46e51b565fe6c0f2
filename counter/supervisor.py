"""The supervisor view: every counter's state and ticket, queue lengths and the longest wait
per service; reopen a no-show, expire a ticket, open and close counters from here.

:class:`SupervisorController` runs each action as one transaction in the worker (the rules
check the role again); :class:`SupervisorPage` renders a :class:`~shared.dto.StatusView`
and emits intents.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from counter.actions import COUNTER_STATE_TEXT, STATUS_TEXT, waited_short
from shared import auth, events, rules
from shared.dto import CounterView, StatusView, TicketView
from shared.errors import BadInput, NotFound, RuleRefused
from shared.events import EventView
from shared.store import Store
from shared.ui.feed import FeedFactory
from shared.ui.reload import Reloader
from shared.ui.scaling import Fit
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
REFRESH_DEBOUNCE_MS = 250
HELD_TEXT = {"called": "dipanggil", "serving": "dilayani"}
TICK_MS = 30_000


class SupervisorController(QObject):
    """Signals: ``status_changed(StatusView)``, ``busy_changed(bool)``, ``message(str, str)``.
    Commands: ``start(user_id)``, ``stop()``, ``refresh()``, ``open_counter(code)``,
    ``close_counter(code)``, ``requeue(ref)``, ``expire(ref)``, ``reprint(ref)``."""

    status_changed = Signal(object)
    busy_changed = Signal(bool)
    message = Signal(str, str)

    def __init__(self, store: Store, worker: Worker, *, clock: Clock, feed_factory: FeedFactory,
                 reprint: Callable[[Store, str, dt.datetime], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self._reprint = reprint
        self._user_id: int | None = None
        self._running = False
        self._busy = False
        self._status = Reloader(worker, self._prepare_status, self.status_changed.emit,
                                on_failed=self._on_status_failed, feed_factory=feed_factory,
                                on_events=self._on_events,
                                on_store=lambda ok: self.refresh() if ok else None)
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self.refresh)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def can_reprint(self) -> bool:
        return self._reprint is not None

    def start(self, user_id: int | None) -> None:
        self._user_id = user_id
        self._running = True
        self._status.start()
        self._tick.start()

        def job() -> int:
            with self._store.reading() as s:
                return events.last_event_id(s)

        self._worker.run(job, self._status.follow, lambda f: self.message.emit(f.message, "error"))
        self.refresh()

    def stop(self) -> None:
        self._running = False
        self._tick.stop()
        self._debounce.stop()
        self._status.stop()

    def refresh(self) -> None:
        """Re-read every counter and queue; calls made while loading coalesce."""
        self._status.request()

    def _prepare_status(self) -> Callable[[], StatusView]:
        now = self._clock()

        def job() -> StatusView:
            with self._store.reading() as s:
                return rules.status(s, now=now)

        return job

    def _on_status_failed(self, failure: Failure) -> None:
        log.warning("supervisor refresh failed: %s", failure.message)
        self.message.emit(failure.message, "error")

    def _on_events(self, _batch: list[EventView]) -> None:
        if self._running and not self._debounce.isActive():
            self._debounce.start()

    # --- actions ------------------------------------------------------------------------

    def open_counter(self, code: str) -> None:
        self._act(lambda s, now, u: rules.open_counter_remotely(s, code, now=now, user_id=u))

    def close_counter(self, code: str) -> None:
        self._act(lambda s, now, u: rules.close_counter(s, code, now=now, user_id=u))

    def requeue(self, ref: str) -> None:
        self._act(lambda s, now, u: rules.requeue(s, ref, now=now, user_id=u), needs_ref=ref)

    def expire(self, ref: str) -> None:
        self._act(lambda s, now, u: rules.expire_ticket(s, ref, now=now, user_id=u), needs_ref=ref)

    def reprint(self, ref: str) -> None:
        """Print a visitor's receipt again on this station's printer (outside any
        transaction; a failing printer comes back as one calm line)."""
        printer = self._reprint
        if printer is None:
            self.message.emit("Cetak ulang belum tersedia di komputer ini.", "refusal")
            return
        self._act(None, needs_ref=ref, run=lambda now: printer(self._store, ref, now))

    def _act(
        self, fn: Callable[[Session, dt.datetime, int | None], Any] | None, needs_ref: str | None = None,
        *, run: Callable[[dt.datetime], Any] | None = None,
    ) -> None:
        """One action at the app's clock: ``fn`` in one write transaction, or ``run`` on its own."""
        if not self._running or self._busy:
            return
        if needs_ref is not None and not needs_ref.strip():
            self.message.emit("Ketik atau pindai nomor tiket dulu.", "refusal")
            return
        self._set_busy(True)
        now = self._clock()
        user_id = self._user_id

        def job() -> Any:
            try:
                if user_id is not None:
                    with self._store.reading() as s:
                        auth.require_supervisor(s, user_id)
                if fn is None:
                    assert run is not None
                    return run(now)
                with self._store.transaction() as s:
                    return fn(s, now, user_id)
            except (RuleRefused, NotFound, BadInput) as exc:
                return Failure(exc.message)

        self._worker.run(job, self._on_done, self._on_failed)

    def _on_done(self, result: Any) -> None:
        self._set_busy(False)
        if isinstance(result, Failure):
            self.message.emit(result.message, "refusal")
        elif isinstance(result, CounterView):
            state = COUNTER_STATE_TEXT.get(result.state, result.state).lower()
            self.message.emit(f"{result.name} sekarang {state}.", "info")
        elif isinstance(result, TicketView):
            self.message.emit(f"Tiket {result.code}: {STATUS_TEXT.get(result.status, result.status)}.",
                              "info")
        elif isinstance(result, str):
            self.message.emit(result, "info")
        self.refresh()

    def _on_failed(self, failure: Failure) -> None:
        self._set_busy(False)
        self.message.emit(failure.message, "error")

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


def _item(text: str, *, center: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class SupervisorPage(QWidget):
    back_requested = Signal()
    open_requested = Signal(str)
    close_requested = Signal(str)
    requeue_requested = Signal(str)
    expire_requested = Signal(str)
    reprint_requested = Signal(str)

    COUNTER_HEADERS = ("Loket", "Instansi", "Status", "Tiket", "Petugas")
    SERVICE_HEADERS = ("Layanan", "Instansi", "Tunggu", "Terlama", "Loket")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Tampilan supervisor")
        self.title.setObjectName("pageTitle")
        self.back = QPushButton("Kembali")
        self.back.setObjectName("action")
        self.back.clicked.connect(self.back_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back)

        self.counters = self._table(self.COUNTER_HEADERS, stretch=1)
        self.counters.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.counters.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_button = self._button("Buka loket terpilih")
        self.close_button = self._button("Tutup loket terpilih")
        self.open_button.clicked.connect(lambda: self._for_selected(self.open_requested))
        self.close_button.clicked.connect(lambda: self._for_selected(self.close_requested))
        counter_actions = QHBoxLayout()
        counter_actions.addWidget(self.open_button)
        counter_actions.addWidget(self.close_button)

        self.services = self._table(self.SERVICE_HEADERS, stretch=0)
        self.services.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.ref = QLineEdit()
        self.ref.setPlaceholderText("Nomor tiket (A012) atau pindai QR")
        self.requeue_button = self._button("Antre lagi (tidak hadir)")
        self.expire_button = self._button("Batalkan tiket")
        self.reprint_button = self._button("Cetak ulang struk")
        self.requeue_button.clicked.connect(lambda: self.requeue_requested.emit(self.ref.text()))
        self.expire_button.clicked.connect(lambda: self.expire_requested.emit(self.ref.text()))
        self.reprint_button.clicked.connect(lambda: self.reprint_requested.emit(self.ref.text()))
        ticket_row = QHBoxLayout()
        ticket_row.addWidget(self.ref, 2)
        for b in (self.requeue_button, self.expire_button, self.reprint_button):
            ticket_row.addWidget(b, 1)

        self.counters_title = QLabel("Loket")
        self.services_title = QLabel("Antrean per layanan")
        for t in (self.counters_title, self.services_title):
            t.setObjectName("waitingTitle")
        left = QVBoxLayout()
        left.addWidget(self.counters_title)
        left.addWidget(self.counters, 1)
        left.addLayout(counter_actions)
        right = QVBoxLayout()
        right.addWidget(self.services_title)
        right.addWidget(self.services, 1)
        self._body = QHBoxLayout()
        self._body.addLayout(left, 5)
        self._body.addLayout(right, 6)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)
        self._layout.addLayout(self._body, 1)
        self._layout.addLayout(ticket_row)
        self._busy = False

    @staticmethod
    def _table(headers: tuple[str, ...], *, stretch: int) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(list(headers))
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setWordWrap(False)
        h = t.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return t

    @staticmethod
    def _button(text: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName("action")
        return b

    def set_reprint_available(self, ok: bool) -> None:
        self.reprint_button.setVisible(ok)

    def selected_counter(self) -> str | None:
        rows = self.counters.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.counters.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def select_counter(self, code: str) -> None:
        for row in range(self.counters.rowCount()):
            item = self.counters.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                self.counters.selectRow(row)
                return

    def _for_selected(self, signal: Any) -> None:
        code = self.selected_counter()
        if code is not None:
            signal.emit(code)

    def show_status(self, status: StatusView) -> None:
        selected = self.selected_counter()
        self.title.setText(f"Tampilan supervisor · {status.site_name}")
        short = {svc.agency: svc.agency_short for svc in status.services}
        self.counters.setRowCount(len(status.counters))
        for row, c in enumerate(status.counters):
            name = _item(c.name)
            name.setData(Qt.ItemDataRole.UserRole, c.code)
            state = COUNTER_STATE_TEXT.get(c.state, c.state)
            if c.state == "paused" and c.pause_reason:
                state += f" ({c.pause_reason})"
            ticket = f"{c.current} {HELD_TEXT.get(c.current_status or '', '')}" if c.current else "—"
            agency = _item(short.get(c.agency, c.agency))
            for col, item in enumerate((name, agency, _item(state), _item(ticket), _item(c.user or "—"))):
                self.counters.setItem(row, col, item)
        open_now = sum(1 for c in status.counters if c.state == "open")
        self.counters_title.setText(f"Loket ({open_now} dari {len(status.counters)} buka)")
        services = [s for s in status.services if s.waiting or s.open_counters]
        self.services.setRowCount(len(services))
        for row, svc in enumerate(services):
            longest = waited_short(svc.longest_wait_s) if svc.waiting else "—"
            for col, item in enumerate((_item(svc.name), _item(svc.agency_short),
                                        _item(str(svc.waiting), center=True),
                                        _item(longest, center=True),
                                        _item(str(svc.open_counters), center=True))):
                self.services.setItem(row, col, item)
        waiting = sum(s.waiting for s in status.services)
        self.services_title.setText(f"Antrean per layanan ({waiting} menunggu)")
        if selected is not None:
            self.select_counter(selected)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for b in (self.open_button, self.close_button, self.requeue_button, self.expire_button,
                  self.reprint_button):
            b.setEnabled(not busy)

    def apply_fit(self, f: Fit) -> None:
        m = f.px(22)
        self._layout.setContentsMargins(m, m, m, m)
        self._layout.setSpacing(m // 2)
        self._body.setSpacing(m)
        for t in (self.counters, self.services):
            t.verticalHeader().setDefaultSectionSize(f.px(50))
