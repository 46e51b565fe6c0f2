"""A counter PC of the rehearsal: ``python -m tests.rehearsal.counters ARGS_JSON``.

One process drives the clerks of its counters through the real rules (:mod:`shared.rules`),
one transaction per action, exactly as the counter app's controller does: open the counter,
call the next visitor, start serving after the walk up, finish after the service time; now
and then a visitor does not come (one recall, then a no-show) or is sent to another
service (a transfer). Every committed action is a line in the process's log (JSON, flushed
at once, so a ``kill -9`` loses nothing that was committed), with its monotonic moment.

On start it picks up where a killed predecessor stopped: a counter holding a ticket goes on
serving it. ``hang_after`` makes the process stop *inside* its next call's transaction
(after the claim, before the commit) and say so, so that the rehearsal can kill it there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests import when
from tests.rehearsal.plan import SERVICES, DayClock, Habits, service_minutes

TRANSFER_TO = {"KTP": "KK", "KK": "KTP", "PKB": "STNK", "STNK": "PKB", "PASPOR": "PASPOR", "JKN": "JKN"}


@dataclass
class Desk:
    """One clerk's counter, as the process knows it."""

    code: str
    state: str = "idle"  # idle, called, recalled, serving
    ticket_id: int | None = None
    ticket_code: str = ""
    service: str = ""
    due: float = 0.0  # real seconds after the clock's origin of the next step
    no_show: bool = False
    at: str = ""  # the last action's instant, as its event carries it
    t0: float = 0.0  # the monotonic moment its transaction began


class Log:
    def __init__(self, path: Path) -> None:
        self._f = path.open("a", encoding="utf-8")

    def write(self, **record: Any) -> None:
        record.setdefault("t", time.monotonic())
        self._f.write(json.dumps(record, default=str) + "\n")
        self._f.flush()


def await_clock(args: dict[str, Any], log: Log, timeout_s: float = 600.0) -> DayClock:
    """The rehearsal's clock, once every station has loaded (the rehearsal writes it to the
    file ``clock_file`` then); a station's skew (``ahead``) is added to it."""
    log.write(event="loaded", pid=os.getpid())
    path = Path(args["clock_file"])
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the rehearsal never gave its clock")
        time.sleep(0.05)
    clock = DayClock.parse(path.read_text(encoding="utf-8"))
    ahead = tuple((float(a), float(b), float(c)) for a, b, c in args.get("ahead", ()))
    return clock.skewed(ahead) if ahead else clock


def main(argv: list[str]) -> int:
    args = json.loads(argv[0])
    when.shift_wall_clock()
    from shared import rules
    from shared.errors import KnownError
    from shared.store import Store

    log = Log(Path(args["log"]))
    clock = await_clock(args, log)
    rng = random.Random(args["seed"] + os.getpid())
    habits = Habits()
    speed = clock.speed
    hang_after = args.get("hang_after")
    stop_after = float(args["stop_after"])
    close_s, reopen_s = float(args["close_s"]), float(args["reopen_s"])
    store = None
    while store is None:  # a PC restarted while the server is down keeps trying, as the app does
        try:
            store = Store.open(args["url"], trust_station_clock=True)
        except KnownError as exc:
            log.write(event="error", action="connect", message=exc.message)
            time.sleep(1.0)
    desks = [Desk(code) for code in args["counters"]]
    log.write(event="started", pid=os.getpid(), counters=args["counters"])

    def act(desk: Desk, what: str, fn: Any, *extra: Any) -> Any:
        now = clock()
        desk.at, desk.t0 = instant_key(now), time.monotonic()
        with store.transaction() as s:
            return fn(s, desk.code, *extra, now=now)

    for desk in desks:  # open, or take up the counter a killed process left
        while True:
            try:
                with store.transaction() as s:
                    rules.roll_over(s, now=clock())
                    rules.open_counter(s, desk.code, now=clock())
                    held = rules.counter_ticket(s, desk.code)
                break
            except KnownError as exc:
                log.write(event="error", counter=desk.code, action="open", message=exc.message)
                time.sleep(1.0)
        if held is not None:
            desk.ticket_id, desk.ticket_code = held.id, held.code
            desk.service = held.service
            desk.state = "serving" if held.status == "serving" else "called"
            desk.due = clock.elapsed()
            log.write(
                event="resumed", counter=desk.code, ticket_id=held.id, code=held.code, status=held.status
            )
        log.write(event="opened", counter=desk.code)

    day = rules.business_day(_Tz(), clock())
    while clock.elapsed() < stop_after:
        now_s = clock.elapsed()
        desk = min(desks, key=lambda d: d.due)
        if desk.state == "idle" and close_s <= max(now_s, desk.due) < reopen_s:
            desk.due = reopen_s  # closing time: nobody new until the next day
            continue
        if desk.due > now_s:
            time.sleep(min(desk.due - now_s, 0.2))
            continue
        try:
            today = rules.business_day(_Tz(), clock())
            if today != day:
                with store.transaction() as s:
                    rules.roll_over(s, now=clock())
                day = today
                log.write(event="day", day=today.isoformat())
            step(desk, act, log, rng, habits, speed, clock, rules, hang_after=hang_after)
        except KnownError as exc:
            log.write(event="error", counter=desk.code, action=desk.state, message=exc.message)
            desk.due = clock.elapsed() + 0.5
    store.dispose()
    log.write(event="stopped")
    return 0


def instant_key(at: dt.datetime) -> str:
    """An instant as both a counter's log and a board's call write it (UTC, milliseconds)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at.isoformat(timespec="milliseconds")


class _Tz:
    timezone = "Asia/Jakarta"


def step(
    desk: Desk,
    act: Any,
    log: Log,
    rng: random.Random,
    habits: Habits,
    speed: float,
    clock: DayClock,
    rules: Any,
    *,
    hang_after: float | None,
) -> None:
    """One clerk's next action, committed; ``desk.due`` set to the one after."""

    def later(sim_s: float) -> float:
        return clock.elapsed() + sim_s / speed

    def done(action: str, **extra: Any) -> None:
        log.write(
            event="action",
            action=action,
            counter=desk.code,
            ticket_id=desk.ticket_id,
            code=desk.ticket_code,
            sim=clock().isoformat(),
            at=desk.at,
            t0=desk.t0,
            **extra,
        )

    if desk.state == "idle":
        if hang_after is not None and clock.elapsed() >= hang_after:
            hang_inside_call(desk, act, log, clock, rules)
        result = act(desk, "next", rules.call_next)
        if result.ticket is None:
            desk.due = later(habits.idle_poll_s)
            return
        t = result.ticket
        desk.ticket_id, desk.ticket_code, desk.service = t.id, t.code, t.service
        desk.state = "called"
        desk.no_show = rng.random() < habits.no_show
        done("called")
        desk.due = later(habits.recall_wait_s if desk.no_show else rng.uniform(*habits.walk_up_s))
    elif desk.state == "called" and desk.no_show:
        act(desk, "recall", rules.recall)
        done("recalled")
        desk.state = "recalled"
        desk.due = later(habits.recall_wait_s)
    elif desk.state == "recalled":
        act(desk, "no_show", rules.no_show)
        done("no_show")
        desk.state, desk.ticket_id = "idle", None
        desk.due = later(5)
    elif desk.state == "called":
        act(desk, "start", rules.start)
        done("started")
        desk.state = "serving"
        desk.due = later(service_minutes(desk.service, rng) * 60)
    elif desk.state == "serving":
        target = TRANSFER_TO.get(desk.service, desk.service)
        if target != desk.service and target in SERVICES and rng.random() < habits.transfer:
            act(desk, "transfer", rules.transfer, target)
            done("transferred", to=target)
        else:
            act(desk, "finish", rules.finish)
            done("finished")
        desk.state, desk.ticket_id = "idle", None
        desk.due = later(rng.uniform(5, 20))


def hang_inside_call(desk: Desk, act: Any, log: Log, clock: DayClock, rules: Any) -> None:
    """Claim the next visitor and stop before the commit, until the rehearsal kills us."""

    def claim(s: Any, code: str, *, now: dt.datetime) -> None:
        result = rules.call_next(s, code, now=now)
        s.flush()
        log.write(
            event="inflight",
            counter=code,
            ticket_id=result.ticket.id if result.ticket else None,
            code=result.ticket.code if result.ticket else "",
        )
        while True:
            time.sleep(1)

    act(desk, "next", claim)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
