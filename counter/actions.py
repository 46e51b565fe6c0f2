"""The clerk's actions: labels, keys, and which are possible for the held ticket. No Qt."""

from __future__ import annotations

from dataclasses import dataclass

from shared.dto import TicketView


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    shortcut: str

    @property
    def caption(self) -> str:
        return f"{self.label}  ({self.shortcut})"


NEXT = Action("next", "Berikutnya", "F1")
RECALL = Action("recall", "Panggil ulang", "F2")
START = Action("start", "Mulai layani", "F3")
FINISH = Action("finish", "Selesai", "F4")
NO_SHOW = Action("no_show", "Tidak hadir", "F5")
ACTIONS = (NEXT, RECALL, START, FINISH, NO_SHOW)


def allowed(ticket: TicketView | None) -> frozenset[str]:
    """The actions that make sense for the ticket the counter holds (the rules still decide)."""
    if ticket is None:
        return frozenset({NEXT.key})
    if ticket.status == "called":
        return frozenset({NEXT.key, RECALL.key, START.key, FINISH.key, NO_SHOW.key})
    if ticket.status == "serving":
        return frozenset({NEXT.key, FINISH.key})
    return frozenset({NEXT.key})


STATUS_TEXT = {
    "waiting": "Menunggu",
    "called": "Dipanggil",
    "serving": "Sedang dilayani",
    "done": "Selesai",
    "no_show": "Tidak hadir",
    "expired": "Kedaluwarsa",
}


def status_line(ticket: TicketView) -> str:
    text = STATUS_TEXT.get(ticket.status, ticket.status)
    if ticket.status == "called" and ticket.call_count > 1:
        text += f" · panggilan ke-{ticket.call_count}"
    return text
