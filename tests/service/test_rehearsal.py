"""A short MPP day, rehearsed (issue 19): two simulated hours, compressed, through the real
kiosk (with its stand-in network printer), four counter PCs and two wall displays, each a
process of its own, with the faults of ``make rehearse`` on their schedule: a counter PC
killed mid-call, a stalled printer, paper out, a PostgreSQL restart, a counter PC whose clock
runs ahead, and midnight. ``make rehearse`` runs the whole day (docs/rehearsal.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import require_pg
from tests.rehearsal.run import rehearse

SHORT_HOURS = 2.0
SHORT_SPEED = 200.0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def test_a_short_mpp_day_loses_no_ticket_and_recovers_from_every_fault_in_time(
    kind: str, tmp_path: Path
) -> None:
    if kind == "postgresql":
        require_pg()
    result = rehearse(kind, SHORT_HOURS, SHORT_SPEED, keep=tmp_path / kind)
    assert result["failures"] == [], f"logs in {tmp_path / kind}"
    assert (result["lost"], result["double_calls"], result["duplicates"]) == (0, 0, 0)
    assert result["tickets"] >= 0.9 * result["visitors"]
    assert result["missed_boards"] == 0
    assert result["unspoken"] == 0
    expected = {"counter_kill", "printer_stall", "paper_out", "clock_ahead", "midnight"}
    if kind == "postgresql":
        expected.add("pg_restart")
    assert set(result["recovery_s"]) == expected
    assert all(v is not None and v <= result["recovery_bound_s"][k] for k, v in result["recovery_s"].items())
