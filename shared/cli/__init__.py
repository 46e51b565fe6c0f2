"""``antre``: the scriptable face of the same service layer the apps use.

Exit codes: 0 success; 2 bad input or a rule refusal; 1 a store that cannot be reached.
Errors are one line on stderr (a site file lists one line per mistake). Tracebacks go to
the log file, never to the user.

One module per command group (``database``, ``sites``, ``tickets``, ``counters``, ``monitor``,
``users``, ``printer``, ``voice``, ``self_test``, ``report``, ``simulate``), each with a
``register`` that adds its commands to the parser; :mod:`~shared.cli.common` holds what they share.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from shared import __version__, link, logs, rules
from shared.cli import (
    calendar,
    counters,
    database,
    monitor,
    printer,
    report,
    self_test,
    simulate,
    sites,
    tickets,
    users,
    voice,
)
from shared.errors import KnownError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")
    p = argparse.ArgumentParser(
        prog="antre", parents=[common],
        description="Antre — sistem antrean Mal Pelayanan Publik (admin CLI).")
    p.add_argument("--db", help="store URL (sqlite:///path.db or postgresql://user@host/db)")
    p.add_argument("--version", action="version", version=f"antre {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(parent: Any, name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> Any:
        sp = parent.add_parser(name, parents=[common], help=help_, description=help_)
        sp.set_defaults(func=fn)
        return sp

    database.register(sub, add)
    sites.register(sub, add)
    calendar.register(sub, add)
    ticket_p, issue_p = tickets.register(sub, add)
    counters.register(sub, add)
    monitor.register(sub, add)
    report.register(sub, add)
    simulate.register(sub, add)
    users.register(sub, add)
    printer.register(sub, ticket=ticket_p, issue=issue_p, add=add)
    voice.register(sub, add=add)
    self_test.register(sub, add=add)
    return p


def main(argv: Sequence[str] | None = None, *, clock: Callable[[], dt.datetime] = rules.utc_now) -> int:
    """Run one command; ``clock`` is this station's time (tests pass theirs)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.clock = clock
    if not hasattr(args, "json"):
        args.json = False
    args.tz = "Asia/Jakarta"
    logfile = logs.setup("antre-cli")
    link.identify("antre")
    try:
        return int(args.func(args))
    except KnownError as exc:
        print(f"antre: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `antre events | head`
        sys.stderr.close()
        return 0
    except Exception:
        log.exception("unexpected error in %s", args.command)
        print("antre: kesalahan tak terduga; rinciannya ada di log"
              + (f" {logfile}" if logfile else "") + ".", file=sys.stderr)
        return 1

