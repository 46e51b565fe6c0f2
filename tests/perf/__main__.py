"""Run the benchmarks: ``python -m tests.perf [NAME ...] [--scale X]`` (``make bench``).

Each registered benchmark is a module ``tests.perf.<name>`` with ``run() -> dict`` (one
object per store: ``{"sqlite": {...}, "postgresql": {...}}``) and ``report(results)``.
Its results go to ``perf-results/<name>.json``. Add a new benchmark by writing the module
and appending its name to ``BENCHMARKS``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys

BENCHMARKS: tuple[str, ...] = ("core", "roles", "counter", "kiosk", "display", "admin", "reports", "simulate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    parser.add_argument("--scale", type=float, default=None,
                        help="multiply sample counts (e.g. 0.1 for a quick look; default 1)")
    parser.add_argument("--tickets", type=int, default=None,
                        help="tickets in the reports year (default 1,000,000; fewer for a smoke run)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    from tests import when

    when.shift_wall_clock()  # ANTRE_TEST_NOW: benchmark as if on another day
    # The app benchmarks drive real windows; a benchmark machine has no screen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale is not None:
        os.environ["ANTRE_BENCH_SCALE"] = str(args.scale)  # inherited by spawned workers
    if args.tickets is not None:
        os.environ["ANTRE_BENCH_TICKETS"] = str(args.tickets)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from tests.perf.common import UNREACHABLE, write_results

    status = 0
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"tests.perf.{name}")
        results = module.run()
        path = write_results(name, results)
        print(f"\n{name}: {json.dumps(results, indent=2, ensure_ascii=False)}")
        module.report(results)
        print(f"\nwrote {path}")
        # Missed targets and an unreachable PostgreSQL are reported, not failures; a
        # benchmark that broke is.
        if any(isinstance(v, dict) and "error" in v and not v["error"].startswith(UNREACHABLE)
               for v in results.values()):
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
