"""What a rehearsal proved: the store's tickets and events (the truth) against what every
station logged. Returns the figures of ``perf-results/rehearsal.json`` and the list of
``failures`` (empty when the day went well).

- **lost**: a number the kiosk handed out that is not in the store, or a ticket a counter
  held (called or serving) that the day closed on;
- **double_calls**: a ticket called while it was not waiting (by the store's events), or
  logged as called by two counters in one turn;
- **duplicates**: two tickets with one number (or code) of one service on one day, and any
  code the kiosk handed out twice on one day;
- every call and recall reaches both boards (``board_p95_ms``: commit to the board's
  ``called`` signal) and is spoken (``speech_lag_p95_s``: commit to the start of its
  sentence, in floor seconds, i.e. real seconds times the speed);
- ``recovery_s`` per fault, against its bound; no "Traceback" in any station's output.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from shared.models import Event, Ticket
from shared.store import Store
from tests import when
from tests.rehearsal.plan import DayPlan

FINAL = {"done", "no_show"}
CALLS = ("ticket_called", "ticket_recalled")
BOARD_P95_BOUND_MS = 1000.0
SPEECH_REAL_P95_BOUND_S = 2.0
"""Real seconds: the voice keeps up (the floor figure is this times the speed)."""


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut by kill -9
            continue
    return out


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def figures(kind: str, url: str, plan: DayPlan, record: dict[str, Any], folder: Path) -> dict[str, Any]:
    store = Store.open(url, trust_station_clock=True)
    try:
        with store.reading() as s:
            tickets = list(
                s.execute(
                    select(
                        Ticket.id,
                        Ticket.code,
                        Ticket.number,
                        Ticket.issued_service_id,
                        Ticket.business_day,
                        Ticket.status,
                        Ticket.called_at,
                    )
                )
            )
            events = list(
                s.execute(
                    select(Event.id, Event.kind, Event.ticket_id, Event.business_day, Event.data).order_by(
                        Event.id
                    )
                )
            )
    finally:
        store.dispose()
    logs = {p.stem: read_log(p) for p in folder.glob("*.jsonl")}
    kiosk = logs.get("kiosk", [])
    counter_logs = [r for name, rows in logs.items() if name.startswith("counter-") for r in rows]
    failures: list[str] = []
    origin = float(record["moments"]["origin"])
    first_day = plan.start.astimezone(when.WIB).date()

    # --- numbers ------------------------------------------------------------------------
    issued = [r for r in kiosk if r.get("event") == "issued"]
    by_id = {t.id: t for t in tickets}
    missing = [r["code"] for r in issued if r["ticket_id"] not in by_id]
    held_at_close = [t.code for t in tickets if t.status == "expired" and t.called_at is not None]
    unserved = [t.code for t in tickets if t.status == "expired" and t.called_at is None]
    lost = len(missing) + len(held_at_close)
    numbers = collections.Counter((t.issued_service_id, t.business_day, t.number) for t in tickets)
    codes = collections.Counter((t.business_day, t.code) for t in tickets)
    kiosk_codes = collections.Counter((r["day"], r["code"]) for r in issued)
    duplicates = (
        sum(n - 1 for n in numbers.values() if n > 1)
        + sum(n - 1 for n in codes.values() if n > 1)
        + sum(n - 1 for n in kiosk_codes.values() if n > 1)
    )
    if len(issued) < len(plan.arrivals) * 0.9:
        failures.append(f"the kiosk issued only {len(issued)} of {len(plan.arrivals) + 1} visitors' numbers")

    # --- calls ---------------------------------------------------------------------------
    state: dict[int, str] = {}
    double_calls = 0
    for e in events:
        if e.ticket_id is None:
            continue
        if e.kind in ("ticket_issued", "ticket_transferred", "ticket_requeued"):
            state[e.ticket_id] = "waiting"
        elif e.kind == "ticket_called":
            if state.get(e.ticket_id) != "waiting":
                double_calls += 1
            state[e.ticket_id] = "called"
        elif e.kind in ("ticket_finished", "ticket_no_show", "ticket_expired"):
            state[e.ticket_id] = "closed"
    turns: dict[int, set[str]] = collections.defaultdict(set)
    for r in sorted((r for r in counter_logs if r.get("event") == "action"), key=lambda r: r["t"]):
        if r["action"] == "called":
            turns[r["ticket_id"]].add(r["counter"])
            if len(turns[r["ticket_id"]]) > 1:
                double_calls += 1
        elif r["action"] == "transferred":
            turns[r["ticket_id"]].clear()

    # --- boards and voice -----------------------------------------------------------------
    calls = [e for e in events if e.kind in CALLS]
    per_ticket = collections.Counter(e.ticket_id for e in calls)
    actions = sorted(
        (r for r in counter_logs if r.get("event") == "action" and r["action"] in ("called", "recalled")),
        key=lambda r: r["t"],
    )
    board_ms: list[float] = []
    board_points: list[tuple[float, float]] = []
    speech_s: list[float] = []
    speech_points: list[tuple[float, float]] = []
    missed_boards = 0
    missed: list[str] = []
    unspoken = 0
    shown_not_spoken = 0
    for name in ("display-a", "display-b"):
        rows = logs.get(name, [])
        on_board: dict[tuple[int, str], float] = {}
        flashed: set[tuple[int, str]] = set()
        spoken: dict[int, list[float]] = collections.defaultdict(list)
        for r in rows:
            if r.get("event") in ("shown", "on_board") and r.get("ticket_id") is not None:
                on_board.setdefault((r["ticket_id"], r["at"]), r["t"])
                if r["event"] == "shown":
                    flashed.add((r["ticket_id"], r["at"]))
            elif r.get("event") == "spoken" and r.get("ticket_id") is not None:
                spoken[r["ticket_id"]].append(r["t"])
        for c in actions:  # a call is on a board when the board shows that very call (its instant)
            seen = on_board.get((c["ticket_id"], c["at"]))
            if seen is None:
                missed_boards += 1
                missed.append(f"{name}: {c['code']} {c['action']} at {c['t'] - origin:.2f} s")
                continue
            board_ms.append(max(0.0, seen - c["t"]) * 1000)
            board_points.append((c["t"] - origin, board_ms[-1]))
            after = [t for t in spoken.get(c["ticket_id"], []) if t >= c["t0"]]
            if after:
                speech_s.append(max(0.0, min(after) - c["t"]) * plan.speed)
                speech_points.append((c["t"] - origin, speech_s[-1]))
            elif (c["ticket_id"], c["at"]) not in flashed and _overtaken(c, actions):
                # By design: a board back from an outage reads out each counter's last call it
                # missed; an earlier one at the same counter is only shown (display.board.missed_calls).
                shown_not_spoken += 1
            else:
                unspoken += 1
                missed.append(f"{name}: {c['code']} {c['action']} at {c['t'] - origin:.2f} s never spoken")
    commits = collections.Counter(c["ticket_id"] for c in actions)
    # The events are the truth: a call no counter logged (none should exist) is missed too.
    missed_boards += 2 * sum(max(0, n - commits[tid]) for tid, n in per_ticket.items())
    if missed_boards:
        failures.append(f"{missed_boards} call(s) never reached a board: {missed[:4]}")
    if unspoken:
        failures.append(f"{unspoken} call(s) never spoken on a board: {missed[-4:]}")

    # --- faults ----------------------------------------------------------------------------
    recovery: dict[str, float | None] = {}
    bounds = {f.kind: f.bound_s for f in plan.faults}
    fault_spans: list[tuple[str, float, float]] = []
    for fault in plan.faults:
        value = _recovery(fault.kind, plan, record, logs, origin, fault_spans)
        recovery[fault.kind] = None if value is None else round(value, 2)
        if value is None:
            failures.append(f"{fault.kind}: the stations never recovered")
        elif value > fault.bound_s:
            failures.append(
                f"{fault.kind}: recovered in {value:.1f} s, over its bound of {fault.bound_s:.0f} s"
            )
    new_day = [r for r in issued if r["day"] != first_day.isoformat()]
    if not new_day or new_day[0]["number"] != 1:
        failures.append(f"the first number after midnight is not 1: {new_day[:1]}")
    day_events = [e for e in events if e.kind == "day_started"]
    early = [
        e
        for e in day_events
        if e.business_day is not None
        and e.business_day != first_day
        and e.id < max((c.id for c in calls if c.business_day == first_day), default=0)
    ]
    if early:
        failures.append("the business day moved before midnight (a station clock ahead)")

    # --- the windows -----------------------------------------------------------------------
    tracebacks = [p.name for p in folder.glob("*.out") if "Traceback" in p.read_text(errors="replace")]
    if tracebacks:
        failures.append(f"a traceback in {', '.join(sorted(tracebacks))}")
    if lost:
        failures.append(f"{lost} ticket(s) lost: missing {missing[:5]}, held at close {held_at_close[:5]}")
    if double_calls:
        failures.append(f"{double_calls} ticket(s) called twice")
    if duplicates:
        failures.append(f"{duplicates} number(s) handed out twice")
    board_p95 = quantile(board_ms, 95)
    speech_p95 = quantile(speech_s, 95)
    if board_p95 is not None and board_p95 > BOARD_P95_BOUND_MS:
        failures.append(f"board p95 {board_p95:.0f} ms over {BOARD_P95_BOUND_MS:.0f} ms")
    speech_real_p95 = None if speech_p95 is None else speech_p95 / plan.speed
    if speech_real_p95 is not None and speech_real_p95 > SPEECH_REAL_P95_BOUND_S:
        failures.append(
            f"speech lag p95 {speech_real_p95:.2f} real s over {SPEECH_REAL_P95_BOUND_S:.1f} s (voice behind)"
        )
    exit_codes = record["moments"].get("exit_codes", {})
    bad_exit = {n: c for n, c in exit_codes.items() if c != 0 and n != "counter-killed"}
    if bad_exit:
        failures.append(f"stations ended badly: {bad_exit}")

    hourly: collections.Counter[str] = collections.Counter()
    for r in issued:
        local = dt.datetime.fromisoformat(r["sim"]).astimezone(when.WIB)
        hourly[f"{local:%H}" + ("" if local.date() == first_day else " (+1)")] += 1
    pg = record["moments"].get("pg_restart") or {}
    return {
        "tickets": len(tickets),
        "lost": lost,
        "double_calls": double_calls,
        "duplicates": duplicates,
        "board_p95_ms": _round(board_p95, 1),
        "board_p50_ms": _round(quantile(board_ms, 50), 1),
        "speech_lag_p95_s": _round(speech_p95, 2),
        "speech_lag_p50_s": _round(quantile(speech_s, 50), 2),
        "speech_lag_p95_real_s": _round(speech_real_p95, 3),
        "recovery_s": recovery,
        "recovery_bound_s": bounds,
        "calls": len(calls),
        "missed_boards": missed_boards,
        "unspoken": unspoken,
        "shown_not_spoken_after_outage": shown_not_spoken,
        "unserved_at_close": len(unserved),
        "receipts_without_printer": sum(1 for r in issued if not r["receipt"]),
        "visitors": len(plan.arrivals) + 1,
        "hours": plan.hours,
        "speed": plan.speed,
        "seed": plan.seed,
        "pg_server": pg.get("server"),
        "stations_started_in_s": record["moments"].get("started_in_s"),
        "failures": failures,
        "passed": not failures,
        "_chart": {
            "board": board_points,
            "speech": speech_points,
            "faults": fault_spans,
            "hourly": dict(sorted(hourly.items())),
            "day_s": plan.end_s,
        },
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _first(rows: list[dict[str, Any]], after: float, pred: Any) -> float | None:
    found = [r["t"] for r in rows if r["t"] >= after and pred(r)]
    return min(found) if found else None


def _both_boards_after(
    logs: dict[str, list[dict[str, Any]]], counters: list[dict[str, Any]], after: float
) -> float | None:
    """When both boards had shown the first call committed after ``after`` (live, or in the
    rebuild after an outage: a call met there is on the board too, and read out)."""
    calls = sorted(
        (r for r in counters if r.get("event") == "action" and r["action"] == "called" and r["t"] >= after),
        key=lambda r: r["t"],
    )
    for call in calls[:5]:
        seen = []
        for name in ("display-a", "display-b"):
            t = _first(
                logs.get(name, []),
                call["t"],
                lambda r, c=call: r.get("event") in ("shown", "on_board")
                and r.get("ticket_id") == c["ticket_id"],
            )
            if t is None:
                break
            seen.append(t)
        else:
            return max(seen)
    return None


def _recovery(
    kind: str,
    plan: DayPlan,
    record: dict[str, Any],
    logs: dict[str, list[dict[str, Any]]],
    origin: float,
    spans: list[tuple[str, float, float]],
) -> float | None:
    """Real seconds from the fault's end until the floor works again (see docs/rehearsal.md)."""
    kiosk = logs.get("kiosk", [])
    counters = [r for name, rows in logs.items() if name.startswith("counter-") for r in rows]
    moments = record["moments"]
    fault = plan.fault(kind)
    assert fault is not None
    if kind in ("printer_stall", "paper_out"):
        on = _first(kiosk, 0, lambda r: r.get("event") == "fault" and r["kind"] == kind and r["on"])
        off = _first(kiosk, 0, lambda r: r.get("event") == "fault" and r["kind"] == kind and not r["on"])
        if on is None or off is None:
            return None
        spans.append((kind, on - origin, off - origin))
        printed = _first(kiosk, off, lambda r: r.get("event") == "printed")
        return None if printed is None else printed - off
    if kind == "counter_kill":
        kill = moments.get("counter_kill")
        if not kill:
            return None
        spans.append((kind, kill["killed"] - origin, kill["restarted"] - origin))
        again = _first(
            logs.get("counter-1-restarted", []), kill["killed"], lambda r: r.get("event") == "action"
        )
        return None if again is None else again - kill["killed"]
    if kind == "pg_restart":
        pg = moments.get("pg_restart")
        if not pg:
            return None
        spans.append((kind, pg["down"] - origin, pg["up"] - origin))
        issued = _first(kiosk, pg["up"], lambda r: r.get("event") == "issued")
        boards = _both_boards_after(logs, counters, pg["up"])
        if issued is None or boards is None:
            return None
        return max(issued, boards) - pg["up"]
    if kind == "clock_ahead":
        start, end = origin + fault.at_s, origin + fault.at_s + fault.for_s
        spans.append((kind, fault.at_s, fault.at_s + fault.for_s))
        skewed = [r for r in logs.get("counter-2", []) if r.get("event") == "action"]
        acted = _first(skewed, start, lambda r: True)
        boards = _both_boards_after(logs, counters, end)
        if acted is None or acted > end + fault.bound_s or boards is None:
            return None
        return boards - end
    if kind == "midnight":
        at = origin + plan.midnight_at_s
        spans.append((kind, at - origin, at - origin))
        new_day = (plan.start.astimezone(when.WIB).date() + dt.timedelta(days=1)).isoformat()
        done = []
        for name in ("display-a", "display-b"):
            t = _first(logs.get(name, []), 0, lambda r: r.get("event") == "day" and r.get("day") == new_day)
            done.append(t)
        done.append(_first(kiosk, 0, lambda r: r.get("event") == "issued" and r.get("day") == new_day))
        if any(t is None for t in done):
            return None
        return max(t for t in done if t is not None) - at
    return None


def _overtaken(call: dict[str, Any], actions: list[dict[str, Any]]) -> bool:
    """Whether the same counter called someone after ``call``."""
    return any(a["counter"] == call["counter"] and a["t"] > call["t"] for a in actions)
