"""``--self-test`` of the three apps, in-process: each app's real ``main()`` checks the store,
its station settings, and draws one frame of its real window offscreen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from counter.app import main as counter_main
from display.app import main as display_main
from kiosk.app import main as kiosk_main
from shared import __version__, rules
from shared.migrations import HEAD
from shared.store import Store
from shared.ui import selftest as ui_selftest
from tests.conftest import PG_ADMIN_URL
from tests.deployment import Deployment
from tests.support import loaded_store, need_audio_output, need_voice
from tests.ui.test_display_voice import NO_SOUND_CARD
from tests.when import server_clock

Main = Callable[..., int]
"""An app's ``main(argv, *, clock=...)``."""

pytestmark = pytest.mark.usefixtures("station_files")


def self_test(main: Main, url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str]]:
    code = main(["--db", url, "--self-test"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    lines = captured.out.splitlines()
    return code, {"header": lines[0], "verdict": lines[-1]} | {
        x[7:].split(":", 1)[0]: x for x in lines[1:-1]}


def test_the_kiosk_passes_on_a_loaded_store_and_keeps_the_frame(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = self_test(kiosk_main, loaded_store(tmp_path), capsys)
    assert code == 0, lines
    assert lines["header"] == f"antre-kiosk {__version__} — Antre Kios: uji mandiri"
    assert lines["basis data"].endswith(f'(skema {HEAD}, situs "MPP Uji")')
    assert lines["printer"] == "OK     printer: preview — Pratinjau: struk ditampilkan di layar."
    assert lines["suara"] == "OK     suara: tidak dipakai"
    assert lines["tampilan"].startswith("OK     tampilan: 1280x800, ")
    frame = QImage(str(tmp_path / "state" / "antre" / "log" / "antre-kiosk-uji.png"))
    assert (frame.width(), frame.height()) == (1280, 800)
    assert lines["verdict"] == "Uji mandiri lulus (7 pemeriksaan)."


def test_the_counter_passes_on_a_loaded_store(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = self_test(counter_main, loaded_store(tmp_path), capsys)
    assert code == 0, lines
    assert lines["header"].startswith("antre-counter ")
    assert "printer tidak dihubungi" in lines["printer"]
    assert lines["tampilan"].startswith("OK     tampilan: 1366x768, ")


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_the_display_passes_and_its_voice_really_speaks(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_voice()
    need_audio_output()
    code, lines = self_test(display_main, loaded_store(tmp_path), capsys)
    assert code == 0, lines
    assert lines["printer"] == "OK     printer: tidak dipakai"
    assert lines["suara"].startswith("OK     suara: ")
    assert "detik audio" in lines["suara"]
    assert lines["pemutar"].startswith(
        "OK     pemutar: QtMultimedia (FFmpeg) membuka chime.wav; keluaran suara: ")
    assert lines["tampilan"].startswith("OK     tampilan: 1280x720, ")
    assert lines["verdict"] == "Uji mandiri lulus (8 pemeriksaan)."


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_the_player_check_fails_when_there_is_no_audio_output(qtbot: QtBot) -> None:
    check = ui_selftest.check_player(outputs=list)
    assert not check.ok
    assert "tidak ada keluaran suara" in check.detail
    assert ui_selftest.check_player(outputs=lambda: ["HDMI"]).ok


def test_an_empty_store_fails_with_the_schema_reason_and_draws_nothing(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    code, lines = self_test(kiosk_main, f"sqlite:///{db}", capsys)
    assert code == 1
    assert "Skema basis data perlu diperbarui" in lines["basis data"]
    assert lines["basis data"].startswith("GAGAL  ")
    assert lines["tampilan"] == "LEWAT  tampilan: tidak diuji karena basis data tidak terbuka."
    assert lines["verdict"] == "Uji mandiri gagal: basis data."


def test_a_store_without_a_site_fails_and_the_kiosk_never_loads(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_selftest, "FIRST_LOAD_S", 0.5)
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    Store.open(url).dispose()
    code, lines = self_test(kiosk_main, url, capsys)
    assert code == 1
    assert "belum ada situs" in lines["basis data"]
    assert lines["tampilan"].startswith("GAGAL  tampilan: halaman pertama belum termuat setelah 0.5 detik")
    assert lines["verdict"] == "Uji mandiri gagal: basis data, tampilan."


def test_a_bad_printer_entry_fails_naming_the_field(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str], station_files: Path
) -> None:
    station_files.write_text('[printer]\nconnection = "usb"\nvendor_id = "0x04b8"\n', encoding="utf-8")
    code, lines = self_test(kiosk_main, loaded_store(tmp_path), capsys)
    assert code == 1
    reason = 'Konfigurasi [printer] product_id: wajib diisi untuk connection = "usb".'
    assert lines["printer"] == f"GAGAL  printer: {reason}"
    # The kiosk itself refuses to start on that mistake, and says the same.
    assert lines["tampilan"] == f"GAGAL  tampilan: aplikasi tidak dapat dimulai: {reason}"


def test_a_flat_frame_is_not_a_drawn_window(qtbot: QtBot) -> None:
    flat = QImage(64, 48, QImage.Format.Format_RGB32)
    flat.fill(QColor("#102040"))
    assert ui_selftest.frame_verdict(flat) == (
        "jendela tergambar satu warna rata (#102040): isinya tidak tampil.")
    assert ui_selftest.frame_verdict(QImage()) == "jendela tidak tergambar (gambar kosong)."
    flat.setPixelColor(3, 3, QColor("white"))
    assert ui_selftest.frame_verdict(flat) is None


# --- on PostgreSQL, with the station roles of `antre db roles` -----------------------------



def station_clock(config_file: Path) -> Callable[[], dt.datetime]:
    """The station's clock, set right: on PostgreSQL, the server's time (the suite may run as
    if on another day, which moves this process's wall clock and not the server's)."""
    if "postgresql" not in config_file.read_text(encoding="utf-8"):
        return rules.utc_now
    return server_clock(PG_ADMIN_URL)


def station_self_test(
    main: Main, config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, str]]:
    monkeypatch.setenv("ANTRE_CONFIG", str(config_file))
    code = main(["--self-test"], clock=station_clock(config_file))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    lines = captured.out.splitlines()
    return code, {"verdict": lines[-1]} | {x[7:].split(":", 1)[0]: x for x in lines[1:-1]}


@pytest.mark.postgresql
@pytest.mark.parametrize(("app", "main"), [("kiosk", kiosk_main), ("counter", counter_main),
                                           ("display", display_main)])
def test_each_app_passes_with_its_own_station_role(
    qtbot: QtBot, deployment: Deployment, app: str, main: Main,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    if app == "display":
        need_voice()
    code, lines = station_self_test(main, deployment.configs[app], monkeypatch, capsys)
    assert code == 0, lines
    role = deployment.roles.name(app)
    assert lines["peran"].startswith(f"OK     peran: {role} (boleh: ")
    assert "lebih dari yang perlu" not in lines["peran"]
    assert lines["berkas konfigurasi"] == f"OK     berkas konfigurasi: {deployment.configs[app]}"
    assert lines["tampilan"].startswith("OK     tampilan: ")


@pytest.mark.postgresql
def test_a_kiosk_with_the_displays_config_fails_and_names_the_right_file(
    qtbot: QtBot, deployment: Deployment, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines = station_self_test(kiosk_main, deployment.configs["display"], monkeypatch, capsys)
    assert code == 1
    assert lines["peran"] == (
        f"GAGAL  peran: {deployment.roles.display} (boleh: hanya membaca): stasiun ini perlu hak "
        "ambil nomor. Pasang berkas kiosk.toml dari 'antre db roles'.")


@pytest.mark.postgresql
def test_a_display_run_with_the_admin_account_passes_but_says_it_may_do_too_much(
    qtbot: QtBot, deployment: Deployment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    need_voice()
    admin = tmp_path / "admin.toml"
    admin.write_text(f'[store]\nurl = "{deployment.admin_url}"\n')
    admin.chmod(0o600)
    code, lines = station_self_test(display_main, admin, monkeypatch, capsys)
    assert code == 0, lines
    assert "lebih dari yang perlu: disarankan peran display" in lines["peran"]


def test_a_config_file_with_a_password_that_others_can_read_fails(
    qtbot: QtBot, station_files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    station_files.write_text('[store]\nurl = "postgresql://k:secret@127.0.0.1:9/antre"\n')
    station_files.chmod(0o644)
    code, lines = station_self_test(counter_main, station_files, monkeypatch, capsys)
    assert code == 1
    assert lines["berkas konfigurasi"] == (
        f"GAGAL  berkas konfigurasi: {station_files} berisi kata sandi basis data tetapi bisa dibaca "
        f"pengguna lain. Jalankan: chmod 600 {station_files}")
    station_files.chmod(0o600)
    code, lines = station_self_test(counter_main, station_files, monkeypatch, capsys)
    assert lines["berkas konfigurasi"] == f"OK     berkas konfigurasi: {station_files}"
    assert code == 1  # the store on port 9 is not there
