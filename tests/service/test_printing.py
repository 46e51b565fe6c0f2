"""Printing against a real TCP printer on loopback and a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from shared import printing, rules
from shared.dto import IssuedTicket
from shared.errors import BadInput, NotFound
from shared.models import Event, Ticket
from shared.printing import PrinterError, PrinterSettings
from shared.store import Store
from tests.conftest import MINI_SITE, T0
from tests.service.printer_peer import PAPER_OUT, LoopbackPrinter, closed_port
from tests.when import WIB

pytestmark = pytest.mark.filterwarnings(
    r"ignore:The Result\.tuples\(\) method is deprecated:sqlalchemy.exc.SADeprecationWarning")


@pytest.fixture
def printer() -> Iterator[LoopbackPrinter]:
    p = LoopbackPrinter()
    yield p
    p.close()


def network(port: int, timeout: float = 2.0) -> PrinterSettings:
    return PrinterSettings(connection="network", host="127.0.0.1", port=port, timeout=timeout)


def issue(store: Store, service: str = "KTP", priority: str | None = None) -> IssuedTicket:
    with store.transaction() as s:
        return rules.issue(s, service, now=T0, priority=priority)


def context(store: Store) -> printing.ReceiptContext:
    with store.reading() as s:
        return printing.receipt_context(s)


def events_of(store: Store, kind: str) -> list[Event]:
    with store.reading() as s:
        return list(s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


# --- the network connection -------------------------------------------------------------

def test_a_normal_job_arrives_whole(printer: LoopbackPrinter) -> None:
    job = bytes(range(256)) * 400  # 100 kB, many TCP segments
    printing.send(network(printer.port), job)
    assert [j.data for j in printer.wait_jobs(1)] == [job]


def test_a_closed_port_fails_fast_with_one_line() -> None:
    started = time.monotonic()
    with pytest.raises(PrinterError, match=r"^Printer \(127\.0\.0\.1:\d+\) tidak terhubung\.") as info:
        printing.send(network(closed_port(), timeout=10), b"\x1b@hello")
    assert time.monotonic() - started < 2  # long before the 10 s limit
    assert "\n" not in info.value.message
    assert info.value.exit_code == 1


def test_a_printer_that_never_reads_times_out_within_the_limit() -> None:
    stalled = LoopbackPrinter(mode="stall")
    try:
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"tidak menjawab dalam 0\.5 detik"):
            printing.send(network(stalled.port, timeout=0.5), b"x" * 8_000_000)
        took = time.monotonic() - started
        assert 0.4 < took < 2.5
    finally:
        stalled.close()


def test_the_status_check_reports_paper_out_and_an_offline_printer(printer: LoopbackPrinter) -> None:
    assert printing.check(network(printer.port)).paper == "ok"
    printer.paper = PAPER_OUT
    with pytest.raises(PrinterError, match=r"^Kertas printer \(127\.0\.0\.1:\d+\) habis\.$"):
        printing.check(network(printer.port))
    printer.paper, printer.online = 0x12, 0x12 | 0x08
    with pytest.raises(PrinterError, match="sedang offline"):
        printing.check(network(printer.port))
    with pytest.raises(PrinterError, match="tidak terhubung"):
        printing.check(network(closed_port()))


def test_a_printer_that_does_not_answer_status_queries_counts_as_ready_and_is_not_asked_again() -> None:
    silent = LoopbackPrinter(mode="silent")
    try:
        status = printing.check(network(silent.port))
        assert (status.online, status.paper) == (True, "unknown")
        assert silent.status_queries == 1
        printing.check(network(silent.port))  # no second wait for an answer that never comes
        assert silent.status_queries == 1
    finally:
        silent.close()
        from shared.printing import connection

        connection._NO_STATUS.discard(network(silent.port).where)  # a later test may get this port


def test_with_check_status_off_nothing_is_asked(printer: LoopbackPrinter) -> None:
    printing.check(dataclasses.replace(network(printer.port), check_status=False))
    assert printer.status_queries == 0


# --- tickets and the store ---------------------------------------------------------------

def test_an_issued_ticket_is_printed_with_its_number_and_qr_reference(
    store: Store, printer: LoopbackPrinter
) -> None:
    issued = issue(store, "KTP", priority="lansia")
    result = printing.print_issued(store, issued, network(printer.port), context(store), now=T0)
    [job] = printer.wait_jobs(1)
    assert result.bytes_sent == len(job.data)
    assert b"A001\n" in job.data
    assert issued.ticket.qr_payload.encode() in job.data
    assert b"PRIORITAS: Lansia" in job.data
    assert b"MPP Uji" in job.data
    assert events_of(store, "printer_failed") == []


def test_a_printer_that_drops_mid_job_is_a_failure_and_the_ticket_is_kept(store: Store) -> None:
    dropping = LoopbackPrinter(mode="drop")
    try:
        issued = issue(store, "SKCK")
        with pytest.raises(PrinterError, match=r"terputus saat mencetak"):
            printing.print_issued(store, issued, network(dropping.port), context(store), now=T0)
    finally:
        dropping.close()
    [failed] = events_of(store, "printer_failed")
    assert failed.ticket_id == issued.ticket.id
    assert failed.data["code"] == "SK001"
    assert "terputus" in failed.data["reason"]
    with store.reading() as s:
        assert s.scalars(select(Ticket.status)).all() == ["waiting"]


def test_a_ticket_can_be_reprinted_by_code_or_by_its_qr_reference(
    store: Store, printer: LoopbackPrinter
) -> None:
    first = issue(store, "KTP")
    issue(store, "KTP")
    second_ref = issue(store, "KTP").ticket.qr_payload
    printing.reprint(store, "a-1", settings=network(printer.port), now=T0)
    printing.reprint(store, second_ref, settings=network(printer.port), now=T0)
    jobs = printer.wait_jobs(2)
    assert b"A001\n" in jobs[0].data
    assert b"CETAK ULANG" in jobs[0].data
    assert b"Tidak ada antrean di depan Anda" in jobs[0].data
    assert b"A003\n" in jobs[1].data
    assert b"Di depan Anda: 2 orang" in jobs[1].data
    reprinted = events_of(store, "receipt_reprinted")
    assert [(e.ticket_id, e.data["code"]) for e in reprinted] == [(first.ticket.id, "A001"), (
        reprinted[1].ticket_id, "A003")]


def test_a_failed_reprint_is_recorded_and_raised(store: Store) -> None:
    issue(store, "KTP")
    with pytest.raises(PrinterError):
        printing.reprint(store, "A001", settings=network(closed_port()), now=T0)
    [failed] = events_of(store, "printer_failed")
    assert failed.data["reprint"] is True
    assert events_of(store, "receipt_reprinted") == []


def test_reprinting_an_unknown_or_forged_ticket_is_refused(store: Store, printer: LoopbackPrinter) -> None:
    ref = issue(store, "KTP").ticket.qr_payload
    with pytest.raises(NotFound):
        printing.reprint(store, "A009", settings=network(printer.port), now=T0)
    with pytest.raises(BadInput, match="tidak sah"):
        printing.reprint(store, ref[:-1] + ("0" if ref[-1] != "0" else "1"),
                         settings=network(printer.port), now=T0)
    assert printer.jobs == []


def test_preview_saves_the_receipt_as_a_png(store: Store, tmp_path: Path) -> None:
    issued = issue(store, "KTP")
    settings = PrinterSettings(folder=str(tmp_path / "struk"))
    result = printing.print_issued(store, issued, settings, context(store), now=T0)
    assert result.preview_png == tmp_path / "struk" / f"{T0.astimezone(WIB).date().isoformat()}-A001.png"
    assert result.preview_png.read_bytes().startswith(b"\x89PNG")


# --- the command line --------------------------------------------------------------------

def antre(store_url: str, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTRE_DB_URL=store_url, ANTRE_CONFIG=str(config))
    return subprocess.run([sys.executable, "-m", "shared", *args], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def test_the_cli_prints_reprints_and_fails_with_exit_code_1(
    store_url: str, tmp_path: Path, printer: LoopbackPrinter
) -> None:
    config = tmp_path / "station.toml"
    config.write_text(f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer.port}\n'
                      'timeout = 2\n', encoding="utf-8")
    site = MINI_SITE.read_text(encoding="utf-8").replace("priority_ratio = 2",
                                                         "priority_ratio = 2\nalways_open = true")
    site_file = tmp_path / "site.toml"
    site_file.write_text(site, encoding="utf-8")
    assert antre(store_url, config, "site", "load", str(site_file)).returncode == 0

    out = antre(store_url, config, "ticket", "issue", "SKCK", "--print")
    assert out.returncode == 0, out.stderr
    assert "Struk SK001 dicetak di 127.0.0.1:" in out.stdout
    assert antre(store_url, config, "ticket", "reprint", "SK001").returncode == 0
    test = antre(store_url, config, "printer", "test")
    assert test.returncode == 0, test.stderr
    assert "kertas cukup" in test.stdout
    jobs = printer.wait_jobs(3)
    assert b"SK001\n" in jobs[0].data
    assert b"CETAK ULANG" in jobs[1].data
    assert b"TES001" in jobs[2].data

    config.write_text(f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {closed_port()}\n',
                      encoding="utf-8")
    for args in (("ticket", "reprint", "SK001"), ("printer", "test"), ("ticket", "issue", "SKCK", "--print")):
        failed = antre(store_url, config, *args)
        assert failed.returncode == 1, args
        assert failed.stderr.startswith("antre: Printer (127.0.0.1:")
        assert failed.stderr.count("\n") == 1
    # The printer was checked before issuing: no ticket was handed out without a receipt.
    assert "SK002" not in antre(store_url, config, "status").stdout
    config.write_text('[printer]\nconnection = "netwerk"\n', encoding="utf-8")
    wrong = antre(store_url, config, "printer", "test")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("antre: Konfigurasi [printer] connection:")


# --- the other connections ----------------------------------------------------------------

def test_a_file_printer_receives_the_exact_job(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    settings = PrinterSettings(connection="file", path=str(device))
    assert printing.check(settings).online
    receipt = printing.sample_receipt("MPP Uji", T0)
    result = printing.print_receipt(receipt, settings)
    assert device.read_bytes() == printing.render_escpos(receipt)
    assert result.bytes_sent == device.stat().st_size


def test_a_file_printer_in_a_missing_folder_is_one_line() -> None:
    settings = PrinterSettings(connection="file", path="/nonexistent-antre/lp0")
    with pytest.raises(PrinterError, match=r"^Printer \(/nonexistent-antre/lp0\) tidak ada: folder"):
        printing.check(settings)
    with pytest.raises(PrinterError, match="tidak terhubung"):
        printing.send(settings, b"\x1b@")


@pytest.mark.parametrize(("raw", "cls", "package"), [
    ({"connection": "usb", "vendor_id": 0x04B8, "product_id": 0x0202}, "Usb", "pyusb"),
    ({"connection": "serial", "device": "/dev/ttyUSB9"}, "Serial", "pyserial"),
    ({"connection": "cups", "name": "TM-T82"}, "CupsPrinter", "pycups"),
    ({"connection": "win32", "name": "TM-T82"}, "Win32Raw", "pywin32"),
])
def test_a_connection_whose_driver_is_not_installed_says_which_package_to_install(
    raw: dict[str, object], cls: str, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escpos import printer as ep

    # python-escpos's own answer on a machine without the package (as on this one, today).
    monkeypatch.setattr(getattr(ep, cls), "is_usable", staticmethod(lambda: False))
    settings = printing.from_section(raw)
    for action in (lambda: printing.send(settings, b"\x1b@"), lambda: printing.check(settings)):
        with pytest.raises(PrinterError, match=rf"butuh {package}") as info:
            action()
        assert "\n" not in info.value.message


class SerialPeer:
    """A serial printer on a pseudo-terminal: collects what arrives, answers DLE EOT."""

    def __init__(self, paper: int = 0x12) -> None:
        import threading
        import tty

        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        self.device = os.ttyname(self.slave)
        self.paper = paper
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import select as sel

        while not self._stop.is_set():
            ready, _, _ = sel.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if chunk in (b"\x10\x04\x01", b"\x10\x04\x04"):
                os.write(self.master, bytes([0x12 if chunk[-1] == 1 else self.paper]))
                continue
            self.received += chunk

    def wait_for(self, n: int) -> bytes:
        deadline = time.monotonic() + 5
        while len(self.received) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self.master)
        os.close(self.slave)


def test_a_serial_printer_receives_the_whole_job_and_reports_its_paper() -> None:
    peer = SerialPeer()
    try:
        settings = printing.from_section({"connection": "serial", "device": peer.device, "timeout": 2})
        assert printing.check(settings).paper == "ok"
        receipt = printing.sample_receipt("MPP Uji", T0)
        printing.print_receipt(receipt, settings)
        job = printing.render_escpos(receipt)
        assert peer.wait_for(len(job)) == job
        peer.paper = PAPER_OUT
        with pytest.raises(PrinterError, match=r"^Kertas printer \(/dev/pts/\d+ \(9600 baud\)\) habis\.$"):
            printing.check(settings)
    finally:
        peer.close()
