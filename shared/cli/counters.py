"""``antre counter``: a counter's actions, as the counter app does them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from shared import rules
from shared.cli import common
from shared.dto import CounterView

_COUNTER_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "next": (rules.call_next, ""),
    "recall": (rules.recall, "dipanggil ulang"),
    "start": (rules.start, "mulai dilayani"),
    "done": (rules.finish, "selesai"),
    "no-show": (rules.no_show, "tidak hadir"),
    "open": (rules.open_counter, "buka"),
    "pause": (rules.pause_counter, "jeda"),
    "close": (rules.close_counter, "tutup"),
}


def cmd_counter(args: argparse.Namespace) -> int:
    fn, verb = _COUNTER_ACTIONS[args.action]
    if args.action == "pause":
        result = common.action(args, fn, args.counter, args.reason or "")
    else:
        result = common.action(args, fn, args.counter)
    if args.action == "next":
        if result.ticket is None:
            human = "Tidak ada yang menunggu."
        else:
            t = result.ticket
            human = f"Memanggil {t.code} ({t.service_name}) ke {t.counter_name}."
        if result.finished is not None:
            human = f"{result.finished.code} selesai. " + human
        common.out(args, human, result.to_json())
    elif isinstance(result, CounterView):
        reason = f" ({result.pause_reason})" if result.pause_reason else ""
        common.out(args, f"{result.name}: {verb}{reason}", {"counter": result.to_json()})
    else:
        common.out(args, f"{result.code}: {verb}.", {"ticket": result.to_json()})
    return 0


def cmd_counter_call(args: argparse.Namespace) -> int:
    r = common.action(args, rules.call_ticket, args.counter, args.ticket)
    assert r.ticket is not None
    common.out(args, f"Memanggil {r.ticket.code} ke {r.ticket.counter_name}.", r.to_json())
    return 0


def cmd_counter_transfer(args: argparse.Namespace) -> int:
    t = common.action(args, rules.transfer, args.counter, args.service)
    common.out(args, f"{t.code} dialihkan ke {t.service_name} ({t.agency_name}).", {"ticket": t.to_json()})
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    counter_p = sub.add_parser("counter", help="counter actions").add_subparsers(
        dest="counter_cmd", required=True)
    for action in _COUNTER_ACTIONS:
        sp = add(counter_p, action, cmd_counter, f"counter {action}")
        sp.add_argument("counter")
        sp.set_defaults(action=action)
        if action == "pause":
            sp.add_argument("--reason", required=True, help="istirahat, sholat, rapat, ...")
    sp = add(counter_p, "call", cmd_counter_call, "call a specific ticket")
    sp.add_argument("counter")
    sp.add_argument("ticket")
    sp = add(counter_p, "transfer", cmd_counter_transfer, "transfer the counter's ticket")
    sp.add_argument("counter")
    sp.add_argument("service")
