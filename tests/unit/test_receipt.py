"""The receipt: what it says, its ESC/POS bytes from python-escpos's Dummy, and its picture."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from shared.errors import BadInput
from shared.printing import Receipt, from_section, render_escpos, render_image, render_png
from shared.printing.receipt import CODE_SIZE, QR_QUIET_LINES, QR_QUIET_MODULES, QR_SIZE

RECEIPT = Receipt(
    site_name="MPP Kota Batu", agency_name="Dinas Kependudukan dan Pencatatan Sipil",
    service_name="KTP-el", code="A012", issued_local=dt.datetime(2026, 11, 28, 10, 30),
    ahead=3, estimated_wait_min=12, reference="ANTRE1|2026-11-28|A012|a1b2c3",
    footer="Simpan tiket ini sampai nomor Anda dipanggil.", priority_name="Lansia (60 tahun ke atas)",
)


def test_the_escpos_job_starts_with_init_and_ends_with_a_cut() -> None:
    data = render_escpos(RECEIPT)
    assert data.startswith(b"\x1b@")  # ESC @
    assert b"\x1dV" in data[-8:]  # GS V: cut


def test_the_escpos_job_carries_every_text_of_the_receipt() -> None:
    data = render_escpos(RECEIPT)
    for text in ("MPP Kota Batu", "KTP-el", "Sabtu, 28 November 2026  10:30", "Di depan Anda: 3 orang",
                 "Perkiraan tunggu: 12 menit",
                 "PRIORITAS: Lansia (60 tahun ke atas)", "Tunjukkan kode QR ini di loket"):
        assert text.encode("ascii") in data, text
    # Long lines wrap between words at the paper's 42 columns, not mid-word by the printer.
    assert b"Simpan tiket ini sampai nomor Anda\ndipanggil.\n" in data


def test_the_number_is_printed_very_large() -> None:
    data = render_escpos(RECEIPT)
    size = ((CODE_SIZE - 1) << 4) | (CODE_SIZE - 1)
    at = data.index(b"A012\n")
    assert bytes([0x1D, 0x21, size]) in data[:at]  # GS ! n: 6x wide, 6x tall
    assert data.rindex(b"\x1d!", 0, at) == data.index(bytes([0x1D, 0x21, size]), 0, at)


def test_the_qr_code_is_native_and_holds_the_ticket_reference() -> None:
    data = render_escpos(RECEIPT)
    ref = RECEIPT.reference.encode()
    # GS ( k, function 180 (store data): pL pH 0x31 0x50 0x30 + data
    store = b"\x1d(k" + (len(ref) + 3).to_bytes(2, "little") + b"\x31\x50\x30" + ref
    assert store in data
    assert b"\x1d(k\x03\x00\x31\x51\x30" in data  # function 181: print the stored symbol


def test_on_58_mm_paper_a_long_number_is_printed_smaller_to_stay_on_one_line() -> None:
    from dataclasses import replace

    data = render_escpos(replace(RECEIPT, code="SKC123"), profile="ZJ-5870")  # 384 dots wide
    at = data.index(b"SKC123\n")
    assert bytes([0x1D, 0x21, 0x44]) in data[:at]  # 5x: 6 chars x 12 dots x 5 = 360 <= 384
    assert bytes([0x1D, 0x21, 0x55]) not in data


def test_the_qr_code_has_error_correction_m_and_a_quiet_zone_clear_of_the_hint() -> None:
    data = render_escpos(RECEIPT)
    assert b"\x1d(k\x03\x00\x31\x45\x31" in data  # function 169: error correction level M (49)
    assert b"\x1d(k\x03\x00\x31\x43" + bytes([QR_SIZE]) in data  # function 167: module size
    printed = data.index(b"\x1d(k\x03\x00\x31\x51\x30")  # function 181: print the symbol
    symbol_starts = data.index(b"\x1d(k\x04\x00\x31\x41")  # function 165: the model, first
    # Blank lines above and below the symbol: at least 30 dots each on common printers (one
    # default line), more than 4 modules of 7 dots, and nothing printed in between.
    assert QR_QUIET_LINES * 30 >= 2 * QR_QUIET_MODULES * QR_SIZE
    before = data[:symbol_starts]
    assert before.endswith(b"\n" * (QR_QUIET_LINES + 1))  # the last text line's own LF, then blank
    after = data[printed + 8:]
    assert after.startswith(b"\n" * QR_QUIET_LINES)
    hint = after.index(b"Tunjukkan kode QR ini di loket")
    assert after[:hint].strip(b"\n").replace(b"\x1ba\x01", b"") == b""  # only the alignment, no text


def test_a_reprint_is_marked_large_near_the_top_and_no_one_ahead_says_that() -> None:
    from dataclasses import replace

    data = render_escpos(replace(RECEIPT, reprint=True, ahead=0, estimated_wait_min=0))
    mark = data.index(b" CETAK ULANG \n")
    assert mark < data.index(b"MPP Kota Batu")  # the first text on the paper
    assert data.count(b"CETAK ULANG") == 1
    assert data.rindex(b"\x1d!", 0, mark) == data.index(b"\x1d!\x22", 0, mark)  # GS ! : 3x wide and tall
    assert b"\x1dB\x01" in data[:mark]  # GS B 1: white on black
    assert b"\x1dB\x00" in data[mark:data.index(b"MPP Kota Batu")]  # and back to normal after it
    assert b"Tidak ada antrean di depan Anda" in data
    assert b"Perkiraan tunggu" not in data
    assert replace(RECEIPT, reprint=True).lines()[0] == "CETAK ULANG"


def test_on_58_mm_paper_the_reprint_mark_still_fits_one_line() -> None:
    from dataclasses import replace

    data = render_escpos(replace(RECEIPT, reprint=True), profile="ZJ-5870")  # 384 dots: 13 x 12 x 2
    mark = data.index(b" CETAK ULANG \n")
    assert data.rindex(b"\x1d!", 0, mark) == data.index(b"\x1d!\x11", 0, mark)


def test_the_picture_is_a_paper_roll_with_the_qr_code() -> None:
    img = render_image(RECEIPT)
    assert img.width == 576
    assert img.height > 700
    again = Image.open(io.BytesIO(render_png(RECEIPT)))
    assert again.size == img.size
    # The QR code is there: decode-free check, its finder pattern is a solid dark square.
    dark = sum(img.histogram()[:64])
    assert dark > 10_000


def test_the_picture_keeps_a_four_module_quiet_zone_around_the_qr_code() -> None:
    from dataclasses import replace

    for receipt in (RECEIPT, replace(RECEIPT, reprint=True)):
        img = render_image(receipt)
        px = img.load()
        assert px is not None
        # The QR is the only dark thing in the middle band between the wait lines and the hint:
        # find its rows and columns, then require white all around it.
        rows = [y for y in range(img.height) if any(px[x, y] < 128 for x in range(150, 426))]
        blocks: list[list[int]] = []
        for y in rows:
            if blocks and y == blocks[-1][-1] + 1:
                blocks[-1].append(y)
            else:
                blocks.append([y])
        qr = max(blocks, key=len)  # the tallest unbroken dark run: the symbol (203 px), not the number
        top, bottom = qr[0], qr[-1]
        cols = [x for x in range(img.width) if any(px[x, y] < 128 for y in range(top, bottom + 1))]
        left, right = cols[0], cols[-1]
        zone = QR_QUIET_MODULES * QR_SIZE
        for y in range(top - zone, top):
            assert all(px[x, y] > 128 for x in range(left - zone, right + zone + 1)), "above"
        for y in range(bottom + 1, bottom + zone + 1):
            assert all(px[x, y] > 128 for x in range(left - zone, right + zone + 1)), "below"


def test_printer_settings_default_to_preview() -> None:
    s = from_section({})
    assert s.connection == "preview"
    assert s.timeout == 5.0


@pytest.mark.parametrize(("raw", "field"), [
    ({"connection": "bluetooth"}, "connection"),
    ({"connection": "network"}, "host"),
    ({"connection": "network", "host": "10.0.0.9", "port": 70000}, "port"),
    ({"connection": "network", "host": "10.0.0.9", "timeout": 0}, "timeout"),
    ({"connection": "usb", "vendor_id": "0x04b8"}, "product_id"),
    ({"connection": "usb", "vendor_id": "epson", "product_id": 1}, "vendor_id"),
    ({"connection": "serial"}, "device"),
    ({"connection": "file"}, "path"),
    ({"profile": "TM-NOPE"}, "profile"),
    ({"check_status": "yes"}, "check_status"),
    ({"prot": 9100}, "prot"),
])
def test_a_wrong_printer_setting_is_named_in_one_indonesian_line(raw: dict[str, object], field: str) -> None:
    with pytest.raises(BadInput, match=rf"^Konfigurasi \[printer\] {field}: ") as info:
        from_section(raw)
    assert "\n" not in info.value.message


def test_usb_ids_may_be_written_in_hex() -> None:
    s = from_section({"connection": "usb", "vendor_id": "0x04b8", "product_id": "0x0202"})
    assert (s.vendor_id, s.product_id) == (0x04B8, 0x0202)
    assert s.where == "USB 04b8:0202"


def test_a_logo_is_printed_as_a_raster_image_above_the_site_name(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("L", (200, 60), 0).save(logo)
    data = render_escpos(RECEIPT, logo=str(logo))
    raster = data.find(b"\x1dv0")  # GS v 0: raster bit image
    assert 0 < raster < data.index(b"MPP Kota Batu")
    assert render_image(RECEIPT, logo=str(logo)).height > render_image(RECEIPT).height


def test_old_previews_are_pruned(tmp_path: Path) -> None:
    import os

    from shared.printing.service import _prune

    for i in range(12):
        p = tmp_path / f"{i:02d}.png"
        p.write_bytes(b"x")
        os.utime(p, (1_700_000_000 + i, 1_700_000_000 + i))
    _prune(tmp_path, keep=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i:02d}.png" for i in range(7, 12)]


def test_printer_profiles_are_cached_in_the_users_private_cache_not_a_new_temp_folder(tmp_path: Path) -> None:
    import os
    import stat
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = ("import datetime as dt, os; from shared import printing; "
            "printing.render_escpos(printing.sample_receipt('MPP', dt.datetime.now(dt.UTC))); "
            "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    folder = Path(done.stdout.strip())
    assert folder.parent == tmp_path / "antre" / "escpos"  # one folder per profiles file
    assert list(folder.glob("*.capabilities.pickle"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
