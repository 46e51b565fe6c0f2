"""The clerk's actions: labels, keys, and which are possible for the held ticket. No Qt.

The words are Indonesian, the source language of the counter's Qt catalog
(``resources/translations/counter_en.ts``): labels are marked ``QT_TRANSLATE_NOOP`` for
``pyside6-lupdate`` and the pages translate them where they show them; the functions that
build a sentence take the pages' ``tr`` (:func:`shared.ui.translation.tr`), which this
module cannot import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shared.dto import ServiceView, TicketView
from shared.rules.states import COUNTER_STATE_TEXT, STATUS_TEXT, TicketAction, allows

__all__ = ["COUNTER_STATE_TEXT", "STATUS_TEXT"]  # with the names below; the texts live in the core

CONTEXT = "counter"
Translate = Callable[[str, str], str]
"""(context, Indonesian source) -> the station's language (the pages pass Qt's translate)."""


def as_written(context: str, source: str) -> str:
    del context
    return source


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    del context
    return source


STATE_WORDS = (
    QT_TRANSLATE_NOOP("counter", "Menunggu"), QT_TRANSLATE_NOOP("counter", "Dipanggil"),
    QT_TRANSLATE_NOOP("counter", "Sedang dilayani"), QT_TRANSLATE_NOOP("counter", "Selesai"),
    QT_TRANSLATE_NOOP("counter", "Tidak hadir"), QT_TRANSLATE_NOOP("counter", "Kedaluwarsa"),
    QT_TRANSLATE_NOOP("counter", "Buka"), QT_TRANSLATE_NOOP("counter", "Jeda"),
    QT_TRANSLATE_NOOP("counter", "Tutup"),
)
"""The core's words for ticket and counter states (:data:`STATUS_TEXT`,
:data:`COUNTER_STATE_TEXT`), marked for the counter's catalog (a test keeps them in step)."""


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    shortcut: str  # the F-key
    numpad: str  # the numpad digit, for clerks who keep a hand on it
    wrapped: str = ""  # the label over two lines, for a long one on a narrow button

    @property
    def keys_text(self) -> str:
        return f"{self.shortcut} · Num {self.numpad}"

    @property
    def caption(self) -> str:
        return self.caption_in(as_written)

    def caption_in(self, tr: Translate) -> str:
        """The button's two lines, its label in the station's language."""
        return f"{tr(CONTEXT, self.wrapped or self.label)}\n{self.keys_text}"


NEXT = Action("next", QT_TRANSLATE_NOOP("counter", "Berikutnya"), "F1", "1")
RECALL = Action("recall", QT_TRANSLATE_NOOP("counter", "Panggil ulang"), "F2", "2")
START = Action("start", QT_TRANSLATE_NOOP("counter", "Mulai layanan"), "F3", "3")
FINISH = Action("finish", QT_TRANSLATE_NOOP("counter", "Selesai"), "F4", "4")
NO_SHOW = Action("no_show", QT_TRANSLATE_NOOP("counter", "Tidak hadir"), "F5", "5")
TRANSFER = Action("transfer", QT_TRANSLATE_NOOP("counter", "Alihkan"), "F6", "6")
CALL = Action("call", QT_TRANSLATE_NOOP("counter", "Panggil nomor"), "F7", "7")
REQUEUE = Action("requeue", QT_TRANSLATE_NOOP("counter", "Kembalikan ke antrean"), "F8", "8",
                 wrapped=QT_TRANSLATE_NOOP("counter", "Kembalikan\nke antrean"))
ACTIONS = (NEXT, RECALL, START, FINISH, NO_SHOW, TRANSFER, CALL, REQUEUE)
BY_KEY = {a.key: a for a in ACTIONS}
# The actions the compact always-on-top window keeps.
MINI = (NEXT, RECALL, START, FINISH, NO_SHOW)
MINI_MODE_KEY = "F12"

PAUSE_REASONS = (QT_TRANSLATE_NOOP("counter", "Istirahat"), QT_TRANSLATE_NOOP("counter", "Sholat"),
                 QT_TRANSLATE_NOOP("counter", "Rapat"))


# Actions on the ticket the counter holds; the others (next, call a number, re-queue a
# no-show) act on the queue or on a ticket the clerk names, so they are always offered.
ON_HELD = (RECALL, START, FINISH, NO_SHOW, TRANSFER)


def allowed(ticket: TicketView | None) -> frozenset[str]:
    """The actions that make sense for the ticket the counter holds, as the table of ticket
    states allows them (:mod:`shared.rules.states`; the rules still decide)."""
    always = {NEXT.key, CALL.key, REQUEUE.key}
    if ticket is None:
        return frozenset(always)
    return frozenset(always | {a.key for a in ON_HELD if allows(ticket.status, TicketAction(a.key))})




def status_line(ticket: TicketView, tr: Translate = as_written) -> str:
    text = tr(CONTEXT, STATUS_TEXT.get(ticket.status, ticket.status))
    if ticket.status == "called" and ticket.call_count > 1:
        text += tr("counter", " · panggilan ke-{n}").format(n=ticket.call_count)
    return text


LONG_WAIT_S = 60 * 60  # a visitor waiting this long is worth a supervisor's look


def service_alert(svc: ServiceView, long_wait_s: int = LONG_WAIT_S) -> str | None:
    """Why a service needs the supervisor now: visitors wait and no counter for it is open,
    or the oldest has waited too long. None when all is well."""
    if svc.waiting and not svc.open_counters:
        return "Tidak ada loket buka"
    if svc.waiting and svc.longest_wait_s >= long_wait_s:
        return "Tunggu lama"
    return None


def waiting_title(tickets: list[TicketView], tr: Translate = as_written) -> str:
    """"Menunggu: 14 · ★ prioritas 3" above the clerk's list (which runs in calling order)."""
    if not tickets:
        return tr("counter", "Menunggu: {n}").format(n=0)
    priority = sum(1 for t in tickets if t.priority_class)
    return tr("counter", "Menunggu: {n} · ★ prioritas {priority}").format(n=len(tickets), priority=priority)


def waited_text(seconds: float, tr: Translate = as_written) -> str:
    """"12 menit", "1 jam 5 menit", "< 1 menit"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return tr("counter", "< 1 menit")
    hours, minutes = divmod(minutes, 60)
    if hours:
        if minutes:
            return tr("counter", "{hours} jam {minutes} menit").format(hours=hours, minutes=minutes)
        return tr("counter", "{hours} jam").format(hours=hours)
    return tr("counter", "{minutes} menit").format(minutes=minutes)


def waited_short(seconds: float, tr: Translate = as_written) -> str:
    """The compact form for tables: "12 mnt", "1 j 05 m"."""
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return tr("counter", "{hours} j {minutes} m").format(hours=hours, minutes=f"{minutes:02d}")
    return tr("counter", "{minutes} mnt").format(minutes=minutes)


def priority_text(priority_class: str | None, names: dict[str, str] | None = None) -> str:
    """The site's name for a priority class (from its site file); the code, readable, when
    the site has no name for it."""
    if not priority_class:
        return ""
    if names and priority_class in names:
        return names[priority_class]
    return priority_class.replace("_", " ").capitalize()
