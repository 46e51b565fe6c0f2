"""Ticket states and the actions each allows: the one table the rules and the counter app read.

The rules refuse an action the table does not allow for the ticket's state (with a sentence
that names the state); the counter app offers only the buttons it allows for the ticket the
counter holds. Pure data, no store and no Qt.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from shared.models import TicketStatus


class TicketAction(enum.StrEnum):
    """What can happen to one ticket. The values are the counter app's action keys."""

    CALL = "call"  # called by its code or receipt QR, out of turn
    RECALL = "recall"  # announced again
    START = "start"  # the visitor has arrived: serving starts
    FINISH = "finish"  # served
    NO_SHOW = "no_show"  # the called visitor did not come
    TRANSFER = "transfer"  # sent to another service, keeping its place
    REQUEUE = "requeue"  # a no-show who came back queues again
    EXPIRE = "expire"  # a supervisor closes it
    CLOSE_DAY = "close_day"  # the day ends with it unserved: it expires


_A = TicketAction
# Keyed by TicketStatus, whose members are their str values, so a plain status string finds its row.
ALLOWS: Mapping[str, frozenset[TicketAction]] = {
    TicketStatus.WAITING: frozenset({_A.CALL, _A.EXPIRE, _A.CLOSE_DAY}),
    TicketStatus.CALLED: frozenset({_A.RECALL, _A.START, _A.FINISH, _A.NO_SHOW, _A.TRANSFER, _A.CLOSE_DAY}),
    TicketStatus.SERVING: frozenset({_A.FINISH, _A.TRANSFER, _A.CLOSE_DAY}),
    TicketStatus.NO_SHOW: frozenset({_A.CALL, _A.REQUEUE, _A.EXPIRE}),
    TicketStatus.DONE: frozenset(),
    TicketStatus.EXPIRED: frozenset(),
}


def allows(status: str, action: TicketAction) -> bool:
    """Whether a ticket in ``status`` (a TicketStatus or its value) allows ``action``."""
    return action in ALLOWS.get(status, frozenset())


def statuses_allowing(action: TicketAction) -> tuple[TicketStatus, ...]:
    """The states that allow ``action``, in TicketStatus order (for SQL ``IN`` lists)."""
    return tuple(status for status in TicketStatus if action in ALLOWS[status])


RESULTS: Mapping[TicketAction, TicketStatus] = {
    _A.CALL: TicketStatus.CALLED, _A.RECALL: TicketStatus.CALLED, _A.START: TicketStatus.SERVING,
    _A.FINISH: TicketStatus.DONE, _A.NO_SHOW: TicketStatus.NO_SHOW, _A.TRANSFER: TicketStatus.WAITING,
    _A.REQUEUE: TicketStatus.WAITING, _A.EXPIRE: TicketStatus.EXPIRED, _A.CLOSE_DAY: TicketStatus.EXPIRED,
}
"""The state each action leaves its ticket in."""

TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    (str(status), RESULTS[action].value)
    for status, actions in ALLOWS.items() for action in actions
    if RESULTS[action] != status
)
"""Every change of state the actions make, as (from, to): what PostgreSQL lets a station do
(shared/pgfunctions.py)."""

HELD = statuses_allowing(TicketAction.FINISH)
"""Called or serving: the counter that called the ticket still holds it."""


PASSED_OVER: Mapping[TicketStatus, TicketStatus] = {
    TicketStatus.SERVING: TicketStatus.DONE,
    TicketStatus.CALLED: TicketStatus.NO_SHOW,
}
"""What "next" (or calling another ticket by its code) makes of the ticket the counter still
holds: one being served is finished; one called but never started ("Mulai layanan") is a
no-show, never counted as served."""


STATUS_TEXT: Mapping[str, str] = {
    TicketStatus.WAITING: "Menunggu",
    TicketStatus.CALLED: "Dipanggil",
    TicketStatus.SERVING: "Sedang dilayani",
    TicketStatus.DONE: "Selesai",
    TicketStatus.NO_SHOW: "Tidak hadir",
    TicketStatus.EXPIRED: "Kedaluwarsa",
}
"""A ticket's state in the words staff read (the counter app, ``antre status``)."""

COUNTER_STATE_TEXT: Mapping[str, str] = {"open": "Buka", "paused": "Jeda", "closed": "Tutup"}
"""A counter's state in the words staff read."""
