"""`antre` commands for the receipt printer; `shared.cli` calls :func:`register`.

- ``antre ticket issue SERVICE --print``: checks the printer, issues, prints the receipt;
- ``antre ticket reprint TICKET``: checks the printer, prints a ticket again (code or
  scanned QR reference);
- ``antre printer test``: reports the printer's status and prints a sample receipt.

A receipt counts as printed only when the printer confirmed it (``shared.printing.connection``).
A printer failure is one line on stderr and exit code 1. With ``--print`` a ticket that
was issued stays issued (its line is on stdout) even when the receipt fails.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from shared import config, rules
from shared.cli import common
from shared.cli.common import AddCommand
from shared.printing import connection, service
from shared.printing.settings import PrinterSettings, from_section


def _settings(args: argparse.Namespace) -> PrinterSettings:
    return from_section(config.resolve(args.db).section("printer"))


def _result_json(result: service.PrintResult) -> dict[str, Any]:
    return {"code": result.code, "connection": result.connection, "printer": result.where,
            "bytes": result.bytes_sent, "confirmed": result.confirmed,
            "preview_png": str(result.preview_png) if result.preview_png else None}


def _issue_and_print(args: argparse.Namespace, plain: Callable[[argparse.Namespace], int]) -> int:
    if not args.print_receipt:
        return plain(args)
    settings = _settings(args)  # a wrong [printer] section stops us before any ticket exists
    connection.check(settings)  # so does a printer that is offline or out of paper
    store = common.open_store(args)
    try:
        now = common.now(args)
        with store.transaction() as s:
            rules.roll_over(s, now=now)
        with store.transaction() as s:
            issued = rules.issue(s, args.service, now=now, priority=args.priority)
        with store.reading() as s:
            context = service.receipt_context(s)
        t = issued.ticket
        human = (f"{t.code}  {t.service_name} — {t.agency_name}\n"
                 f"Di depan Anda: {issued.ahead} orang, perkiraan tunggu {issued.estimated_wait_min} menit.")
        try:
            result = service.print_issued(store, issued, settings, context, now=now)
        except connection.PrinterError:
            common.out(args, human, issued.to_json() | {"printed": None})
            raise
        common.out(args, f"{human}\n{result.line()}", issued.to_json() | {"printed": _result_json(result)})
        return 0
    finally:
        store.dispose()


def cmd_reprint(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = common.open_store(args)
    try:
        result = service.reprint(store, args.ticket, settings=settings, now=common.now(args))
    finally:
        store.dispose()
    common.out(args, result.line(), {"ok": True, "printed": _result_json(result)})
    return 0


def cmd_printer_test(args: argparse.Namespace) -> int:
    settings = _settings(args)
    status = connection.check(settings)
    result = service.print_receipt(service.sample_receipt("Antre — tes printer", common.now(args)), settings)
    common.out(args, f"{status.message}\n{result.line()}",
               {"ok": True, "online": status.online, "paper": status.paper, "status": status.message,
                "printed": _result_json(result)})
    return 0


def register(sub: Any, *, ticket: Any, issue: Any, add: AddCommand, **_parsers: Any) -> None:
    """Add this package's commands to the ``antre`` parser."""
    plain = issue.get_default("func")
    issue.add_argument("--print", action="store_true", dest="print_receipt",
                       help="print the receipt on this station's printer ([printer] in the config file)")
    issue.set_defaults(func=lambda args: _issue_and_print(args, plain))
    add(ticket, "reprint", cmd_reprint, "print a ticket's receipt again (code or QR reference)"
        ).add_argument("ticket")
    printer_p = sub.add_parser("printer", help="the receipt printer").add_subparsers(
        dest="printer_cmd", required=True)
    add(printer_p, "test", cmd_printer_test, "report the printer's status and print a sample receipt")
