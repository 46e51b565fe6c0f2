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
from tests.service.printer_peer import LoopbackPrinter, PrinterState, RealTimeScanner, closed_port
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


def ticket_status(store: Store) -> list[str]:
    with store.reading() as s:
        return list(s.scalars(select(Ticket.status)))


def events_of(store: Store, kind: str) -> list[Event]:
    with store.reading() as s:
        return list(s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


# --- the network connection -------------------------------------------------------------

def test_a_normal_job_arrives_whole_and_the_printer_confirms_it(printer: LoopbackPrinter) -> None:
    job = bytes(range(256)) * 400  # 100 kB, many TCP segments
    assert printing.send(network(printer.port), job) is True
    assert [j.data for j in printer.wait_jobs(1)] == [job]  # the status queries are not printed
    assert printer.status_queries == 4  # DLE EOT 1..4, after the job


def test_a_closed_port_fails_fast_with_one_line() -> None:
    started = time.monotonic()
    with pytest.raises(PrinterError, match=r"^Printer \(127\.0\.0\.1:\d+\) tidak terhubung\.") as info:
        printing.send(network(closed_port(), timeout=10), b"\x1b@hello")
    assert time.monotonic() - started < 2  # long before the 10 s limit
    assert "\n" not in info.value.message
    assert info.value.exit_code == 1
    assert info.value.cause == "not_connected"


def test_a_printer_that_never_reads_fails_the_check_within_the_status_wait() -> None:
    """The issue's first report: a hung printer accepts the connection and never reads."""
    stalled = LoopbackPrinter(mode="stall")
    try:
        for _ in range(2):  # and it is asked again every time: no "does not answer" memory
            started = time.monotonic()
            with pytest.raises(PrinterError, match=r"tidak menjawab pertanyaan status dalam 1\.5 ") as info:
                printing.check(network(stalled.port))  # a 2 s timeout: the status wait is shorter
            assert 1.4 < time.monotonic() - started < 2.5
            assert info.value.cause == "no_answer"
            assert "check_status = false" in info.value.message
    finally:
        stalled.close()


def test_a_receipt_sent_to_a_printer_that_never_reads_is_not_reported_as_printed() -> None:
    """A receipt fits in the socket buffer, so sending it succeeds: only the missing answer
    after it tells that nothing was printed."""
    stalled = LoopbackPrinter(mode="stall")
    try:
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"tidak mengonfirmasi struk dalam 0\.5 detik") as info:
            printing.send(network(stalled.port, timeout=0.5), b"x" * 500)
        assert 0.4 < time.monotonic() - started < 2.5
        assert info.value.unconfirmed
    finally:
        stalled.close()


def test_a_big_job_to_a_printer_that_never_reads_times_out_while_sending() -> None:
    stalled = LoopbackPrinter(mode="stall")
    try:
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"tidak menerima struk dalam 0\.5 detik") as info:
            printing.send(network(stalled.port, timeout=0.5), b"x" * 8_000_000)
        assert 0.4 < time.monotonic() - started < 2.5
        assert not info.value.unconfirmed  # it never took the job
    finally:
        stalled.close()


def test_a_printer_that_answers_status_and_then_goes_silent_has_failed() -> None:
    hanging = LoopbackPrinter(mode="hang")
    try:
        settings = network(hanging.port, timeout=1)
        assert printing.check(settings).answered
        with pytest.raises(PrinterError, match=r"tidak mengonfirmasi struk") as info:
            printing.send(settings, b"\x1b@hello\n")
        assert info.value.unconfirmed
        assert hanging.wait_jobs(1)[0].data == b"\x1b@hello\n"  # it has the bytes; it said nothing
        with pytest.raises(PrinterError, match=r"tidak menjawab pertanyaan status"):
            printing.check(settings)  # the next visitor's check finds it silent, every time
    finally:
        hanging.close()


def test_paper_out_reported_together_with_offline_is_named_paper_out(printer: LoopbackPrinter) -> None:
    printer.paper = "out"
    assert printer.answer(1) & 0x08  # like an Epson: no paper sets "offline" too
    with pytest.raises(PrinterError) as info:
        printing.check(network(printer.port))
    assert info.value.message == (f"Printer (127.0.0.1:{printer.port}) tidak siap: kertas habis "
                                  "(pasang gulungan kertas baru).")
    assert "offline" not in info.value.message
    assert info.value.cause == "paper_out"


@pytest.mark.parametrize(("state", "named", "cause"), [
    ({"cover_open": True}, "penutup printer terbuka", "cover_open"),
    ({"error": "cutter"}, "pisau pemotong macet", "cutter"),
    ({"error": "jam"}, "kertas tersangkut", "jam"),
    ({"error": "broken"}, "hubungi teknisi", "broken"),
    ({"error": "overheat"}, "kepala cetak terlalu panas", "overheat"),
    ({"offline": True}, "offline tanpa sebab yang dilaporkan", "offline"),
    ({"cover_open": True, "paper": "out"}, "kertas habis (pasang gulungan kertas baru); penutup printer "
                                           "terbuka", "paper_out"),
])
def test_every_fault_is_named_by_its_real_cause_for_staff(
    printer: LoopbackPrinter, state: dict[str, object], named: str, cause: str
) -> None:
    for key, value in state.items():
        setattr(printer, key, value)
    with pytest.raises(PrinterError, match=r"^Printer \(127\.0\.0\.1:\d+\) tidak siap: ") as info:
        printing.check(network(printer.port))
    assert named in info.value.message
    assert info.value.cause == cause


def test_paper_near_its_end_still_prints_and_says_so(printer: LoopbackPrinter) -> None:
    printer.paper = "low"
    status = printing.check(network(printer.port))
    assert (status.online, status.paper, status.answered) == (True, "low", True)
    assert "kertas hampir habis" in status.message
    assert printing.send(network(printer.port), b"\x1b@") is True


def test_a_printer_recovers_by_itself_when_the_fault_clears(printer: LoopbackPrinter) -> None:
    printer.paper = "out"
    with pytest.raises(PrinterError):
        printing.check(network(printer.port))
    printer.paper = "ok"
    assert printing.check(network(printer.port)).paper == "ok"


def test_a_printer_without_status_must_say_so_in_its_config() -> None:
    silent = LoopbackPrinter(mode="silent")
    try:
        with pytest.raises(PrinterError, match=r"isi check_status = false di \[printer\]"):
            printing.check(network(silent.port))
        settings = dataclasses.replace(network(silent.port), check_status=False)
        status = printing.check(settings)
        assert (status.online, status.paper, status.answered) == (True, "unknown", False)
        assert printing.send(settings, b"\x1b@hello\n") is False  # there, printed means sent
        assert silent.wait_jobs(1)[0].data == b"\x1b@hello\n"
        assert silent.status_queries == 4  # only the first check asked
    finally:
        silent.close()


def test_with_check_status_off_nothing_is_asked(printer: LoopbackPrinter) -> None:
    settings = dataclasses.replace(network(printer.port), check_status=False)
    printing.check(settings)
    printing.send(settings, b"\x1b@")
    printer.wait_jobs(1)
    assert printer.status_queries == 0


def test_an_os_error_is_one_indonesian_line_and_its_own_words_go_to_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import errno
    import logging

    from shared.printing.connection import _explain

    caplog.set_level(logging.INFO, logger="shared.printing.connection")  # the station log's level
    settings = network(9100)
    cut = _explain(OSError(errno.ENOTCONN, "Transport endpoint is not connected"), settings, "confirm")
    assert cut.message == "Sambungan ke printer (127.0.0.1:9100) terputus saat mencetak."
    odd = _explain(OSError(errno.EIO, "Input/output error"), settings, "send")
    assert odd.message == "Printer (127.0.0.1:9100) bermasalah; rincian galatnya ada di log kios."
    assert "Transport endpoint is not connected" in caplog.text
    assert "Input/output error" in caplog.text


# --- tickets and the store ---------------------------------------------------------------

def test_an_issued_ticket_is_printed_with_its_number_and_qr_reference(
    store: Store, printer: LoopbackPrinter
) -> None:
    issued = issue(store, "KTP", priority="lansia")
    result = printing.print_issued(store, issued, network(printer.port), context(store), now=T0)
    [job] = printer.wait_jobs(1)
    assert result.confirmed
    assert result.line() == f"Struk A001 dicetak di 127.0.0.1:{printer.port}."
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
        with pytest.raises(PrinterError, match=r"^Sambungan ke printer \(127\.0\.0\.1:\d+\) terputus saat "
                                               r"mencetak\.$"):
            printing.print_issued(store, issued, network(dropping.port), context(store), now=T0)
    finally:
        dropping.close()
    [failed] = events_of(store, "printer_failed")
    assert failed.ticket_id == issued.ticket.id
    assert failed.data["code"] == "SK001"
    assert failed.data["cause"] == "disconnected"
    assert "terputus" in failed.data["reason"]
    assert events_of(store, "printer_unconfirmed") == []
    with store.reading() as s:
        assert s.scalars(select(Ticket.status)).all() == ["waiting"]


def test_a_receipt_the_printer_never_confirms_is_recorded_as_unconfirmed_and_the_ticket_kept(
    store: Store,
) -> None:
    hanging = LoopbackPrinter(mode="hang")
    try:
        issued = issue(store, "KTP")
        settings = network(hanging.port, timeout=0.5)
        printing.check(settings)
        with pytest.raises(PrinterError, match="tidak mengonfirmasi struk"):
            printing.print_issued(store, issued, settings, context(store), now=T0)
    finally:
        hanging.close()
    [unconfirmed] = events_of(store, "printer_unconfirmed")
    assert unconfirmed.ticket_id == issued.ticket.id
    assert unconfirmed.data["cause"] == "no_answer"
    assert events_of(store, "printer_failed") == []
    assert ticket_status(store) == ["waiting"]


def test_a_printer_that_runs_out_of_paper_with_the_job_is_a_failure_naming_it(
    store: Store, printer: LoopbackPrinter
) -> None:
    issued = issue(store, "KTP")
    printer.paper = "out"  # after the check, before the job: the answer after the job says so
    with pytest.raises(PrinterError, match=r"kertas habis .*Struk tertahan di printer") as info:
        printing.print_issued(store, issued, network(printer.port), context(store), now=T0)
    assert info.value.cause == "paper_out"
    [failed] = events_of(store, "printer_failed")
    assert failed.data["cause"] == "paper_out"


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
    assert all(e.data["confirmed"] for e in reprinted)


def test_a_reprint_checks_the_printer_first_and_prints_nothing_when_it_cannot(
    store: Store, printer: LoopbackPrinter
) -> None:
    """The issue's fourth report: with the paper out, a reprint was held by the printer and
    came out later, after the clerk had been told it printed."""
    issue(store, "KTP")
    printer.paper = "out"
    with pytest.raises(PrinterError, match="kertas habis"):
        printing.reprint(store, "A001", settings=network(printer.port), now=T0)
    assert printer.wait_jobs(1, timeout=0.3) == []  # not one byte of the receipt was sent
    [failed] = events_of(store, "printer_failed")
    assert (failed.data["reprint"], failed.data["cause"]) == (True, "paper_out")
    assert events_of(store, "receipt_reprinted") == []


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
    assert result.line() == f"Struk A001 disimpan sebagai gambar: {result.preview_png}"


# --- the command line --------------------------------------------------------------------

def antre(store_url: str, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The antre CLI as a station runs it, logging beside ``config`` (see :func:`cli_log`)."""
    env = dict(os.environ, ANTRE_DB_URL=store_url, ANTRE_CONFIG=str(config),
               XDG_STATE_HOME=str(config.parent / "state"))
    return subprocess.run([sys.executable, "-m", "shared", *args], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def cli_log(config: Path) -> str:
    """The end of the CLI's log for this test: a failure shows the traceback behind it."""
    logs = sorted((config.parent / "state").glob("**/antre-cli.log"))
    return logs[0].read_text(encoding="utf-8")[-4000:] if logs else "(no log)"


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
    assert out.returncode == 0, (out.stderr, cli_log(config))
    assert "Struk SK001 dicetak di 127.0.0.1:" in out.stdout
    assert antre(store_url, config, "ticket", "reprint", "SK001").returncode == 0
    test = antre(store_url, config, "printer", "test")
    assert test.returncode == 0, (test.stderr, cli_log(config))
    assert "kertas cukup" in test.stdout
    jobs = printer.wait_jobs(3)
    assert b"SK001\n" in jobs[0].data
    assert b"CETAK ULANG" in jobs[1].data
    assert b"TES001" in jobs[2].data

    printer.paper = "out"
    for args in (("ticket", "reprint", "SK001"), ("printer", "test"), ("ticket", "issue", "SKCK", "--print")):
        failed = antre(store_url, config, *args)
        assert failed.returncode == 1, (args, failed.stderr, cli_log(config))
        assert failed.stderr == f"antre: Printer (127.0.0.1:{printer.port}) tidak siap: kertas habis " \
                                "(pasang gulungan kertas baru).\n", cli_log(config)
    assert len(printer.wait_jobs(4, timeout=0.3)) == 3  # nothing more reached the paper

    stalled = LoopbackPrinter(mode="stall")  # accepts the connection, never reads
    try:
        config.write_text(f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {stalled.port}\n',
                          encoding="utf-8")
        for args in (("ticket", "reprint", "SK001"), ("printer", "test"),
                     ("ticket", "issue", "SKCK", "--print")):
            failed = antre(store_url, config, *args)
            assert failed.returncode == 1, args
            assert failed.stderr.startswith(f"antre: Printer (127.0.0.1:{stalled.port}) tersambung tetapi "
                                            "tidak menjawab pertanyaan status")
            assert failed.stderr.count("\n") == 1
    finally:
        stalled.close()
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
    assert not result.confirmed  # a file cannot answer: printed means written
    assert result.line() == (f"Struk TES001 dikirim ke {device}; printer ini tidak melaporkan apakah "
                             "sudah tercetak.")


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


class SerialPeer(PrinterState):
    """A serial printer on a pseudo-terminal: collects what arrives, answers DLE EOT as an
    Epson does (``silent``: never answers)."""

    def __init__(self, silent: bool = False) -> None:
        import threading
        import tty

        super().__init__()
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        self.device = os.ttyname(self.slave)
        self.silent = silent
        self.received = bytearray()
        self._scanner = RealTimeScanner()
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
            job, queries = self._scanner.feed(chunk)
            self.received += job
            if queries and not self.silent:
                os.write(self.master, bytes(self.answer(n) for n in queries))

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


def test_a_serial_printer_confirms_the_whole_job_and_reports_its_paper() -> None:
    peer = SerialPeer()
    try:
        settings = printing.from_section({"connection": "serial", "device": peer.device, "timeout": 2})
        assert printing.check(settings).paper == "ok"
        receipt = printing.sample_receipt("MPP Uji", T0)
        assert printing.print_receipt(receipt, settings).confirmed
        job = printing.render_escpos(receipt)
        assert peer.wait_for(len(job)) == job
        peer.paper = "out"
        with pytest.raises(PrinterError, match=r"^Printer \(/dev/pts/\d+ \(9600 baud\)\) tidak siap: kertas"):
            printing.check(settings)
    finally:
        peer.close()


def test_a_serial_printer_that_does_not_answer_fails_within_the_status_wait() -> None:
    peer = SerialPeer(silent=True)
    try:
        settings = printing.from_section({"connection": "serial", "device": peer.device, "timeout": 2})
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"tidak menjawab pertanyaan status dalam 1\.5 detik"):
            printing.check(settings)
        assert time.monotonic() - started < 2.5
        with pytest.raises(PrinterError, match="tidak mengonfirmasi struk dalam 2 detik") as info:
            printing.print_receipt(printing.sample_receipt("MPP Uji", T0), settings)
        assert info.value.unconfirmed
        unasked = dataclasses.replace(settings, check_status=False)
        assert not printing.print_receipt(printing.sample_receipt("MPP Uji", T0), unasked).confirmed
    finally:
        peer.close()
