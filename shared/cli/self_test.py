"""``antre self-test``: the checks of :mod:`shared.selftest`, run from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.cli.common import AddCommand
from shared.rules import utc_now
from shared.selftest import run_cli


def cmd_self_test(args: argparse.Namespace) -> int:
    # The command's clock (``main(clock=...)``), which the clock check compares with the store's.
    return run_cli(args.db, sys.stdout, as_json=bool(getattr(args, "json", False)),
                   clock=getattr(args, "clock", utc_now))


def register(sub: Any, *, add: AddCommand, **_parsers: Any) -> None:
    """Add ``antre self-test`` to the ``antre`` parser."""
    add(sub, "self-test", cmd_self_test,
        "check this installation: store, site, migrations, libraries, printer and voice "
        "settings (exit 0 when all pass)")

