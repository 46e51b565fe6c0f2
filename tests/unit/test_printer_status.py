"""Reading an ESC/POS printer's four real-time status bytes (DLE EOT 1..4), pure."""

from __future__ import annotations

import pytest

from shared.printing.status import ASK_ALL, RealTimeStatus, is_status_byte
from tests.service.printer_peer import PrinterState, RealTimeScanner


def status_of(state: PrinterState) -> RealTimeStatus:
    return RealTimeStatus.parse(bytes(state.answer(n) for n in (1, 2, 3, 4)))


def test_one_write_asks_all_four_statuses() -> None:
    job, queries = RealTimeScanner().feed(ASK_ALL)
    assert (job, queries) == (b"", [1, 2, 3, 4])


def test_a_healthy_printer_has_no_fault_and_paper() -> None:
    status = status_of(PrinterState())
    assert (status.offline, status.paper, status.faults) == (False, "ok", ())


def test_paper_out_with_offline_is_paper_out_not_offline() -> None:
    status = status_of(PrinterState(paper="out"))
    assert status.offline
    assert [f.kind for f in status.faults] == ["paper_out"]
    assert str(status.faults[0]) == "kertas habis (pasang gulungan kertas baru)"


def test_the_paper_end_stop_alone_is_paper_out() -> None:
    """A printer without a roll-paper sensor byte still says why it stopped (DLE EOT 2 bit 5)."""
    status = RealTimeStatus.parse(bytes([0x12 | 0x08, 0x12 | 0x20, 0x12, 0x12]))
    assert status.paper == "out"
    assert [f.kind for f in status.faults] == ["paper_out"]


def test_paper_near_its_end_is_a_warning_not_a_fault() -> None:
    status = status_of(PrinterState(paper="low"))
    assert (status.paper, status.faults) == ("low", ())


@pytest.mark.parametrize(("state", "kinds"), [
    (PrinterState(cover_open=True), ["cover_open"]),
    (PrinterState(error="cutter"), ["cutter"]),
    (PrinterState(error="jam"), ["jam"]),
    (PrinterState(error="broken"), ["broken"]),
    (PrinterState(error="overheat"), ["overheat"]),
    (PrinterState(offline=True), ["offline"]),
    (PrinterState(paper="out", cover_open=True), ["paper_out", "cover_open"]),
])
def test_each_cause_is_named(state: PrinterState, kinds: list[str]) -> None:
    assert [f.kind for f in status_of(state).faults] == kinds


def test_the_feed_button_and_waiting_for_recovery_are_named_only_while_they_hold_the_printer() -> None:
    feeding = RealTimeStatus.parse(bytes([0x12 | 0x08 | 0x40, 0x12 | 0x08, 0x12, 0x12]))
    assert [f.kind for f in feeding.faults] == ["feeding"]
    waiting = RealTimeStatus.parse(bytes([0x12 | 0x08 | 0x20, 0x12, 0x12, 0x12]))
    assert [f.kind for f in waiting.faults] == ["waiting"]
    pressed_online = RealTimeStatus.parse(bytes([0x12 | 0x40, 0x12, 0x12, 0x12]))
    assert pressed_online.faults == ()


def test_only_bytes_of_the_status_form_are_answers() -> None:
    assert is_status_byte(0x12)
    assert is_status_byte(0x7E)  # every variable bit set
    assert not is_status_byte(0x14)  # automatic status back's first byte: 0xx1xx00
    assert not is_status_byte(0x00)
    assert not is_status_byte(0x92)
    with pytest.raises(ValueError, match="not four real-time status bytes"):
        RealTimeStatus.parse(b"\x12\x12\x12")
    with pytest.raises(ValueError, match="not four real-time status bytes"):
        RealTimeStatus.parse(b"\x12\x12\x12\x00")


def test_the_stand_in_printer_splits_queries_from_the_job_across_chunk_edges() -> None:
    scanner = RealTimeScanner()
    assert scanner.feed(b"\x1b@hello\x10") == (b"\x1b@hello", [])
    assert scanner.feed(b"\x04") == (b"", [])
    assert scanner.feed(b"\x04world\x10\x04\x01") == (b"world", [4, 1])
