"""Rehearse a compressed MPP day through the real programs (``make rehearse``):
``python -m tests.rehearsal [--store sqlite|postgresql] [--hours H] [--speed X] [--seed N]``.

Writes ``perf-results/rehearsal.json`` and ``perf-results/rehearsal.html`` and exits 1 when
the day broke a promise (docs/rehearsal.md).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from tests import when

FULL_HOURS = 8.0
FULL_SPEED = 60.0
STORES = ("sqlite", "postgresql")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.rehearsal", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", choices=STORES, action="append", help="the store(s) to rehearse on (default: both)"
    )
    parser.add_argument("--hours", type=float, default=FULL_HOURS, help="open hours from 08:00 (default 8)")
    parser.add_argument(
        "--speed", type=float, default=FULL_SPEED, help="how many times faster than real time (default 60)"
    )
    parser.add_argument("--seed", type=int, default=19, help="the visitors' random seed (default 19)")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the results (default perf-results)"
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the stations' logs in this folder")
    args = parser.parse_args(argv)
    when.shift_wall_clock()  # ANTRE_TEST_NOW: rehearse as if on another day
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from tests.rehearsal import report
    from tests.rehearsal.run import rehearse

    results = {}
    for kind in args.store or STORES:
        keep = args.keep / kind if args.keep else None
        results[kind] = rehearse(kind, args.hours, args.speed, args.seed, keep=keep)
        print(report.summary(kind, results[kind]), flush=True)
    json_path, html_path = report.write(results, args.out)
    print(f"wrote {json_path} and {html_path}")
    return 0 if all(r["passed"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
