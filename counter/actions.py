"""The clerk's actions: labels, keys, and which are possible for the held ticket. No Qt."""

from __future__ import annotations

from dataclasses import dataclass

from shared.dto import ServiceView, TicketView
from shared.rules.states import COUNTER_STATE_TEXT, STATUS_TEXT, TicketAction, allows

__all__ = ["COUNTER_STATE_TEXT", "STATUS_TEXT"]  # with the names below; the texts live in the core


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
        return f"{self.wrapped or self.label}\n{self.keys_text}"


NEXT = Action("next", "Berikutnya", "F1", "1")
RECALL = Action("recall", "Panggil ulang", "F2", "2")
START = Action("start", "Mulai layanan", "F3", "3")
FINISH = Action("finish", "Selesai", "F4", "4")
NO_SHOW = Action("no_show", "Tidak hadir", "F5", "5")
TRANSFER = Action("transfer", "Alihkan", "F6", "6")
CALL = Action("call", "Panggil nomor", "F7", "7")
REQUEUE = Action("requeue", "Kembalikan ke antrean", "F8", "8", wrapped="Kembalikan\nke antrean")
ACTIONS = (NEXT, RECALL, START, FINISH, NO_SHOW, TRANSFER, CALL, REQUEUE)
BY_KEY = {a.key: a for a in ACTIONS}
# The actions the compact always-on-top window keeps.
MINI = (NEXT, RECALL, START, FINISH, NO_SHOW)
MINI_MODE_KEY = "F12"

PAUSE_REASONS = ("Istirahat", "Sholat", "Rapat")


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




def status_line(ticket: TicketView) -> str:
    text = STATUS_TEXT.get(ticket.status, ticket.status)
    if ticket.status == "called" and ticket.call_count > 1:
        text += f" · panggilan ke-{ticket.call_count}"
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


def waiting_title(tickets: list[TicketView]) -> str:
    """"Menunggu: 14 · ★ prioritas 3" above the clerk's list (which runs in calling order)."""
    if not tickets:
        return "Menunggu: 0"
    priority = sum(1 for t in tickets if t.priority_class)
    return f"Menunggu: {len(tickets)} · ★ prioritas {priority}"


def waited_text(seconds: float) -> str:
    """"12 menit", "1 jam 5 menit", "< 1 menit"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "< 1 menit"
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} jam {minutes} menit" if minutes else f"{hours} jam"
    return f"{minutes} menit"


def waited_short(seconds: float) -> str:
    """The compact form for tables: "12 mnt", "1 j 05 m"."""
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} j {minutes:02d} m" if hours else f"{minutes} mnt"


def priority_text(priority_class: str | None, names: dict[str, str] | None = None) -> str:
    """The site's name for a priority class (from its site file); the code, readable, when
    the site has no name for it."""
    if not priority_class:
        return ""
    if names and priority_class in names:
        return names[priority_class]
    return priority_class.replace("_", " ").capitalize()
