"""One rehearsal on one store: set the store up, start the stations, inject the faults on
their schedule, stop, and hand everything to :mod:`tests.rehearsal.check`.

The stations are real processes (``python -m tests.rehearsal.counters`` and
``python -m tests.rehearsal.stations``), started with one :class:`~tests.rehearsal.plan.DayClock`
whose origin lies a little in the future, so that all of them are up when the day begins.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shared import rules, site
from shared.store import Store
from tests.rehearsal import check, pgserver
from tests.rehearsal.plan import CLOCK_AHEAD_S, COUNTER_PROCESSES, SITE, DayPlan, day_plan

REPO_ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_S = 300.0
"""How long the stations may take to start (imports, Qt, the voice engine) on a busy box."""
READY_S = 5.0
"""Real seconds from handing out the clock to the day's first instant (windows, first reads)."""
KILLED = 1
"""The counter process killed mid-action (its index in COUNTER_PROCESSES)."""
SKEWED = 2
"""The counter process whose clock runs ahead for a while."""


@contextlib.contextmanager
def _store_url(kind: str, folder: Path) -> Iterator[tuple[str, Any, str]]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'antre.db'}", None, ""
        return
    with pgserver.server() as pg, pgserver.database(pg) as (url, name):
        yield url, pg, name


def rehearse(
    kind: str, hours: float, speed: float, seed: int = 19, keep: Path | None = None
) -> dict[str, Any]:
    """Run the day on a store of ``kind``; returns its figures (``check.figures``)."""
    folder = Path(tempfile.mkdtemp(prefix=f"antre-rehearsal-{kind}-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    plan = day_plan(hours, speed, seed, postgresql=kind == "postgresql")
    print(
        f"[rehearsal] {kind}: {len(plan.arrivals)} visitors over {hours:g} h at {speed:g}x, "
        f"about {plan.end_s + READY_S:.0f} s after the stations start; logs in {folder}",
        flush=True,
    )
    with _store_url(kind, folder) as (url, pg, dbname):
        _prepare(url, plan)
        run = _Run(folder, url, plan, pg, dbname)
        try:
            run.day()
        finally:
            run.stop_all()
        return check.figures(kind, url, plan, run.record(), folder)


def _prepare(url: str, plan: DayPlan) -> None:
    store = Store.open(url, trust_station_clock=True)
    try:
        spec = site.load_site_file(SITE)
        before = plan.start - dt.timedelta(hours=1)
        with store.transaction() as s:
            site.apply_site(s, spec, now=before)
        with store.transaction() as s:
            rules.roll_over(s, now=before)
    finally:
        store.dispose()


class _Run:
    def __init__(self, folder: Path, url: str, plan: DayPlan, pg: Any, dbname: str) -> None:
        self.folder, self.url, self.plan, self.pg, self.dbname = folder, url, plan, pg, dbname
        self.origin = math.inf
        self.clock = plan.clock(self.origin)
        self.clock_file = folder / "clock.json"
        self.clock_file.unlink(missing_ok=True)
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.moments: dict[str, Any] = {"origin": self.origin}
        self.stop_after = plan.end_s
        self.env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            ANTRE_CONFIG=str(folder / "absent.toml"),
            XDG_STATE_HOME=str(folder / "state"),
            PYTHONUNBUFFERED="1",
        )
        self.env.pop("ANTRE_DB_URL", None)

    # --- processes ------------------------------------------------------------------------

    def _spawn(self, name: str, module: str, *args: str) -> None:
        out = (self.folder / f"{name}.out").open("ab")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()

    def _counter_args(self, i: int, *, hang: bool, log: str) -> str:
        fault = self.plan.fault("clock_ahead")
        ahead = []
        if i == SKEWED and fault is not None:
            ahead = [(fault.at_s, fault.at_s + fault.for_s, CLOCK_AHEAD_S)]
        kill = self.plan.fault("counter_kill")
        return json.dumps(
            {
                "url": self.url,
                "clock_file": str(self.clock_file),
                "ahead": ahead,
                "close_s": self.plan.close_s,
                "reopen_s": self.plan.midnight_at_s,
                "counters": list(COUNTER_PROCESSES[i]),
                "log": str(self.folder / log),
                "seed": self.plan.seed * 100 + i,
                "hang_after": kill.at_s if hang and kill is not None else None,
                "stop_after": self.stop_after,
            }
        )

    def start(self) -> None:
        midnight_visitor = self.clock.jump_to + dt.timedelta(seconds=60)  # type: ignore[operator]
        arrivals = [(at.isoformat(), svc) for at, svc, _priority in self.plan.arrivals]
        arrivals.append((midnight_visitor.isoformat(), "KTP"))
        faults = [
            (f.kind, f.at_s, f.for_s) for f in self.plan.faults if f.kind in ("printer_stall", "paper_out")
        ]
        spec = site.load_site_file(SITE)
        agency_of = {svc.code: svc.agency for svc in spec.services}
        common = {"url": self.url, "clock_file": str(self.clock_file), "stop_after": self.stop_after}
        self._spawn(
            "kiosk",
            "tests.rehearsal.stations",
            "kiosk",
            json.dumps(
                {
                    **common,
                    "log": str(self.folder / "kiosk.jsonl"),
                    "arrivals": arrivals,
                    "printer_faults": faults,
                    "agency_of": agency_of,
                }
            ),
        )
        for name in ("display-a", "display-b"):
            self._spawn(
                name,
                "tests.rehearsal.stations",
                "display",
                json.dumps({**common, "log": str(self.folder / f"{name}.jsonl")}),
            )
        for i in range(len(COUNTER_PROCESSES)):
            self._spawn(
                f"counter-{i}",
                "tests.rehearsal.counters",
                self._counter_args(i, hang=i == KILLED, log=f"counter-{i}.jsonl"),
            )

    def stop_all(self) -> None:
        deadline = time.monotonic() + 90
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"[rehearsal] {name} did not stop; killing it", flush=True)
                proc.kill()
                proc.wait(10)
        self.moments["exit_codes"] = {name: p.returncode for name, p in self.procs.items()}

    # --- the day --------------------------------------------------------------------------

    def day(self) -> None:
        t0 = time.monotonic()
        self.start()
        self._wait_for("loaded", time.monotonic() + LOAD_TIMEOUT_S)
        self.moments["loaded_in_s"] = round(time.monotonic() - t0, 1)
        self.origin = time.monotonic() + READY_S
        self.moments["origin"] = self.origin
        self.clock = self.plan.clock(self.origin)
        partial = self.clock_file.with_suffix(".part")
        partial.write_text(str(self.clock), encoding="utf-8")
        partial.rename(self.clock_file)  # every station reads the whole clock, or none of it
        self._wait_for("started", self.origin + 120)
        self.moments["started_in_s"] = round(time.monotonic() - t0, 1)
        print(f"[rehearsal] stations loaded in {self.moments['loaded_in_s']} s; the day begins", flush=True)
        for fault in self.plan.faults:
            self._until(fault.at_s)
            if fault.kind == "counter_kill":
                self._kill_counter(fault.for_s)
            elif fault.kind == "pg_restart" and self.pg is not None:
                down, up = self.pg.restart(fault.for_s, self.dbname)
                self.moments["pg_restart"] = {"down": down, "up": up, "server": self.pg.kind}
                print(f"[rehearsal] PostgreSQL down {up - down:.1f} s ({self.pg.kind})", flush=True)
        self._until(self.stop_after)

    def _until(self, real_s: float) -> None:
        while self.clock.elapsed() < real_s:
            self._no_early_exit()
            time.sleep(min(0.2, max(0.0, real_s - self.clock.elapsed())))

    def _no_early_exit(self) -> None:
        dead = [n for n, p in self.procs.items() if p.poll() is not None and n != "counter-killed"]
        if dead and self.clock.elapsed() < self.stop_after - 5:
            raise RuntimeError(f"station(s) stopped early: {dead}; see {self.folder}")

    def _wait_for(self, event: str, deadline: float) -> None:
        logs = ["kiosk", "display-a", "display-b", *(f"counter-{i}" for i in range(len(COUNTER_PROCESSES)))]
        while time.monotonic() < deadline:
            if all(
                any(r.get("event") == event for r in check.read_log(self.folder / f"{n}.jsonl")) for n in logs
            ):
                return
            dead = [n for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"station(s) stopped while starting: {dead}; see {self.folder}")
            time.sleep(0.2)
        raise RuntimeError(f"the stations were not all {event} in time; see {self.folder}")

    def _kill_counter(self, down_s: float) -> None:
        """kill -9 the counter PC inside its next call's transaction, then start it again."""
        name = f"counter-{KILLED}"
        log = self.folder / f"{name}.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(r.get("event") == "inflight" for r in check.read_log(log)):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("the counter process never reached its call's transaction")
        proc = self.procs.pop(name)
        os.kill(proc.pid, signal.SIGKILL)
        killed = time.monotonic()
        proc.wait(10)
        self.procs["counter-killed"] = proc
        time.sleep(down_s)
        self._spawn(
            name,
            "tests.rehearsal.counters",
            self._counter_args(KILLED, hang=False, log=f"{name}-restarted.jsonl"),
        )
        self.moments["counter_kill"] = {"killed": killed, "restarted": time.monotonic()}
        print(f"[rehearsal] counter PC {KILLED} killed mid-call and restarted", flush=True)

    def record(self) -> dict[str, Any]:
        return dataclasses.asdict(
            _Record(self.moments, self.clock.jump_to.isoformat() if self.clock.jump_to else "")
        )


@dataclasses.dataclass
class _Record:
    moments: dict[str, Any]
    jump_to: str
