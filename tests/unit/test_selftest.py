"""The Qt-free self-test: one line per check, exit 0 only when every check passed, and a
reason in Indonesian (never a traceback) for each one that did not."""

from __future__ import annotations

import argparse
import io
import sys
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shared import __version__, paths, selftest
from shared.cli import self_test
from shared.migrations import HEAD
from shared.selftest import Station
from shared.store import Store
from tests.service.printer_peer import LoopbackPrinter
from tests.support import loaded_store, need_voice

pytestmark = pytest.mark.usefixtures("station_files")


def run_cli(url: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = selftest.run_cli(url, out)
    return code, out.getvalue().splitlines()


def line(lines: list[str], name: str) -> str:
    found = [x for x in lines if x[7:].startswith(f"{name}:")]
    assert len(found) == 1, lines
    return found[0]


def test_a_loaded_store_passes_with_one_ok_line_per_check(tmp_path: Path) -> None:
    code, lines = run_cli(loaded_store(tmp_path))
    assert code == 0, lines
    assert lines[0] == f"antre {__version__} — Antre (baris perintah): uji mandiri"
    assert line(lines, "basis data") == (
        f'OK     basis data: sqlite:///{tmp_path / "antre.db"} (skema {HEAD}, situs "MPP Uji")')
    assert line(lines, "migrasi").startswith(f"OK     migrasi: terbaru {HEAD}, di ")
    assert "psycopg" in line(lines, "pustaka")
    assert line(lines, "printer").startswith("OK     printer: preview")
    assert line(lines, "suara").startswith("OK     suara: pyttsx3")
    assert lines[-1] == "Uji mandiri lulus (7 pemeriksaan)."


def test_an_empty_store_fails_with_the_schema_reason_and_is_not_migrated(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    code, lines = run_cli(f"sqlite:///{db}")
    assert code == 1
    assert line(lines, "basis data").startswith("GAGAL  basis data: ")
    assert f"Skema basis data perlu diperbarui (kosong → {HEAD})" in line(lines, "basis data")
    assert lines[-1] == "Uji mandiri gagal: basis data."
    with sqlite3.connect(db) as conn:  # still empty: a self-test never migrates
        assert conn.execute("select count(*) from sqlite_master").fetchone() == (0,)


def test_a_store_without_a_site_fails_naming_the_site(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    Store.open(url).dispose()  # migrated, no site loaded
    code, lines = run_cli(url)
    assert code == 1
    assert f"(skema {HEAD}): belum ada situs" in line(lines, "basis data")


def test_a_missing_sqlite_file_is_reported_and_not_created(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "antre.db"
    code, lines = run_cli(f"sqlite:///{db}")
    assert code == 1
    assert "belum ada; jalankan 'antre init'" in line(lines, "basis data")
    assert not db.parent.exists()


def test_a_bad_printer_entry_fails_naming_the_field(tmp_path: Path, station_files: Path) -> None:
    station_files.write_text('[printer]\nconnection = "network"\nhost = "10.0.0.9"\nport = "x"\n',
                             encoding="utf-8")
    code, lines = run_cli(loaded_store(tmp_path))
    assert code == 1
    assert line(lines, "printer") == "GAGAL  printer: Konfigurasi [printer] port: 'x' bukan angka."
    assert lines[-1] == "Uji mandiri gagal: printer."


def test_a_bad_voice_entry_fails_naming_the_field(tmp_path: Path, station_files: Path) -> None:
    station_files.write_text("[voice]\nrate = 5000\n", encoding="utf-8")
    code, lines = run_cli(loaded_store(tmp_path))
    assert code == 1
    assert line(lines, "suara").startswith("GAGAL  suara: Pengaturan suara [voice] rate tidak valid")


def test_a_broken_config_file_fails_every_check_that_reads_it(tmp_path: Path, station_files: Path) -> None:
    station_files.write_text("[printer\n", encoding="utf-8")
    code, lines = run_cli(loaded_store(tmp_path))
    assert code == 1
    for name in ("basis data", "printer", "suara"):
        assert line(lines, name).startswith(f"GAGAL  {name}: Berkas konfigurasi"), lines


def test_the_kiosk_asks_its_printer_as_before_issuing(station_files: Path) -> None:
    healthy, empty, hung = LoopbackPrinter(), LoopbackPrinter(paper="out"), LoopbackPrinter(mode="stall")
    try:
        for printer, expected in (
            (healthy, "OK     printer: network — Printer (127.0.0.1:{}) siap, kertas cukup."),
            (empty, "GAGAL  printer: Printer (127.0.0.1:{}) tidak siap: kertas habis (pasang gulungan "
                    "kertas baru)."),
            (hung, "GAGAL  printer: Printer (127.0.0.1:{}) tersambung tetapi tidak menjawab pertanyaan "
                   "status dalam 1.5 detik"),
        ):
            station_files.write_text(f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\n'
                                     f"port = {printer.port}\ntimeout = 2\n", encoding="utf-8")
            checks = selftest.station_checks(None, Station(printer="status"))
            assert checks[0].line().startswith(expected.format(printer.port))
            assert checks[1].line() == "OK     suara: tidak dipakai"
        assert not healthy.jobs  # asked, never printed on
    finally:
        healthy.close()
        empty.close()
        hung.close()


def test_the_counter_only_reads_its_printer_settings(station_files: Path) -> None:
    station_files.write_text('[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = 9\n',
                             encoding="utf-8")  # nothing listens there
    [printer, _voice] = selftest.station_checks(None, Station(printer="settings"))
    assert printer.ok
    assert "printer tidak dihubungi" in printer.detail


def test_a_bug_in_a_check_is_one_line_and_its_traceback_goes_to_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> selftest.Check:
        raise ZeroDivisionError

    check = selftest.guarded("printer", broken)
    assert check.line() == ("GAGAL  printer: kesalahan tak terduga (ZeroDivisionError); rinciannya ada "
                            "di berkas log.")
    assert caplog.records[-1].exc_info is not None


# --- the voice check --------------------------------------------------------------------

@dataclass(frozen=True)
class FakeVoice:
    id: str = "fake/id"
    name: str = "Palsu"


class SilentSynth:
    voice = FakeVoice()

    def __init__(self, _settings: Any) -> None:
        pass

    def synthesize(self, text: str, path: Path) -> None:
        with wave.open(str(path), "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(22050)
            f.writeframes(b"\x00\x00" * 22050)


def test_a_voice_that_writes_silence_fails() -> None:
    [_printer, voice] = selftest.station_checks(None, Station(voice="speak"), synth_factory=SilentSynth)
    assert voice.line() == "GAGAL  suara: suara Palsu menghasilkan audio senyap (1.0 detik)."


def test_a_voice_switched_off_passes_as_chime_only(station_files: Path) -> None:
    station_files.write_text('[voice]\nengine = "none"\n', encoding="utf-8")
    [_printer, voice] = selftest.station_checks(None, Station(voice="speak"), synth_factory=SilentSynth)
    assert voice.line() == 'OK     suara: dimatikan ([voice] engine = "none"): hanya bunyi bel'


def test_the_display_voice_check_synthesises_real_indonesian_speech() -> None:
    need_voice()
    [_printer, voice] = selftest.station_checks(None, Station(voice="speak"))
    assert voice.ok, voice.line()
    assert f'"{selftest.PHRASE}"' in voice.detail
    seconds = float(voice.detail.rsplit(": ", 1)[1].split()[0])
    assert 1.0 < seconds < 10.0


# --- the command and the paths ----------------------------------------------------------

def test_antre_self_test_is_one_registered_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="antre")
    parser.add_argument("--db")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(parent: Any, name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> Any:
        sp = parent.add_parser(name, help=help_)
        sp.set_defaults(func=fn)
        return sp

    self_test.register(sub, add=add)
    args = parser.parse_args(["--db", loaded_store(tmp_path), "self-test"])
    assert args.func(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Uji mandiri lulus (7 pemeriksaan)."


def test_apps_are_started_with_python_from_a_checkout_and_as_siblings_when_frozen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    assert paths.app_command("kiosk") == [sys.executable, "-m", "kiosk"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "antre"))
    exe = "antre-display.exe" if sys.platform == "win32" else "antre-display"
    assert paths.app_command("display") == [str(tmp_path / exe)]
