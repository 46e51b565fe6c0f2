"""``antre ticket`` and ``antre rollover``: issuing, re-queueing, showing and closing tickets;
closing yesterday."""

from __future__ import annotations

import argparse
from typing import Any

from shared import rules
from shared.cli import common


def cmd_ticket_issue(args: argparse.Namespace) -> int:
    r = common.action(args, rules.issue, args.service, priority=args.priority)
    t = r.ticket
    common.out(args, f"{t.code}  {t.service_name} — {t.agency_name}\n"
                     f"Di depan Anda: {r.ahead} orang, perkiraan tunggu {r.estimated_wait_min} menit.",
               r.to_json())
    return 0


def cmd_ticket_requeue(args: argparse.Namespace) -> int:
    t = common.action(args, rules.requeue, args.ticket)
    common.out(args, f"{t.code} kembali masuk antrean {t.service_name}.", {"ticket": t.to_json()})
    return 0


def cmd_ticket_show(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            t = rules.ticket_info(s, args.ticket, now=common.now(args))
    finally:
        store.dispose()
    common.out(args, common.ticket_line(t), {"ticket": t.to_json()})
    return 0


def cmd_ticket_expire(args: argparse.Namespace) -> int:
    t = common.action(args, rules.expire_ticket, args.ticket)
    common.out(args, f"{t.code} ditutup (kedaluwarsa).", {"ticket": t.to_json()})
    return 0


def cmd_rollover(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.transaction() as s:
            n = rules.roll_over(s, now=common.now(args))
    finally:
        store.dispose()
    common.out(args, f"{n} tiket kemarin ditutup." if n else "Hari layanan sudah terkini.", {"expired": n})
    return 0


def register(sub: Any, add: common.AddCommand) -> tuple[Any, Any]:
    """Returns the ``ticket`` group and its ``issue`` command, which the printer commands extend."""
    ticket_p = sub.add_parser("ticket", help="tickets").add_subparsers(dest="ticket_cmd", required=True)
    sp = issue_p = add(ticket_p, "issue", cmd_ticket_issue, "issue a ticket for SERVICE")
    sp.add_argument("service")
    sp.add_argument("--priority", metavar="CLASS", help="priority class, e.g. lansia")
    add(ticket_p, "requeue", cmd_ticket_requeue, "re-queue a no-show who came back").add_argument("ticket")
    add(ticket_p, "show", cmd_ticket_show, "show one ticket").add_argument("ticket")
    add(ticket_p, "expire", cmd_ticket_expire, "close a waiting or no-show ticket").add_argument("ticket")

    add(sub, "rollover", cmd_rollover, "close yesterday's unserved tickets now")
    return ticket_p, issue_p
