"""What the kiosk says: Bahasa Indonesia in the code, other languages from a Qt catalog.

Every visitor-facing sentence is written here in Indonesian, the source language, marked with
``QT_TRANSLATE_NOOP("kiosk", ...)`` so ``pyside6-lupdate`` finds it
(``make translations`` updates ``resources/translations/kiosk_en.ts`` and compiles
``kiosk_en.qm`` with ``pyside6-lrelease``). A visitor who switches to English gets the
English from the compiled catalog; a sentence with no translation stays Indonesian, and a
test fails on it. Names from the site (agencies, services, priority classes) are shown as the
site wrote them. The core's own sentences (a rule's refusal, the calendar's notice, the receipt)
come from the core's gettext catalog (:mod:`shared.i18n`): the kiosk passes its visitor's
language to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from shared.calendar import wait_text

ID: Final = "id"
EN: Final = "en"
CONTEXT: Final = "kiosk"
LANGUAGES: Final = (EN,)
"""The languages with a catalog (``resources/translations/kiosk_<lang>.qm``)."""

Lookup = Callable[[str, str], str]
"""(language, Indonesian source) -> its translation, or "" when the catalog has none."""


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    """Marks ``source`` for ``pyside6-lupdate``; returns it unchanged (this module stays Qt-free)."""
    del context
    return source


TEXTS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("kiosk", "Ambil Nomor Antrean"),
    "switch": QT_TRANSLATE_NOOP("kiosk", "English"),
    "choose_agency": QT_TRANSLATE_NOOP("kiosk", "Silakan pilih instansi tujuan Anda"),
    "choose_service": QT_TRANSLATE_NOOP("kiosk", "Pilih layanan"),
    "back": QT_TRANSLATE_NOOP("kiosk", "‹  Kembali"),
    "prev": QT_TRANSLATE_NOOP("kiosk", "‹  Sebelumnya"),
    "next": QT_TRANSLATE_NOOP("kiosk", "Berikutnya  ›"),
    "page": QT_TRANSLATE_NOOP("kiosk", "Halaman {page} dari {pages}"),
    "waiting": QT_TRANSLATE_NOOP("kiosk", "{n} menunggu"),
    "no_queue": QT_TRANSLATE_NOOP("kiosk", "Tidak ada antrean"),
    "closed": QT_TRANSLATE_NOOP("kiosk", "Sedang tutup"),
    "wait_est": QT_TRANSLATE_NOOP("kiosk", "{n} menunggu · {wait}"),
    "hours": QT_TRANSLATE_NOOP("kiosk", "Jam {hours}"),
    "quota_left": QT_TRANSLATE_NOOP("kiosk", "Sisa kuota: {n}"),
    "unavailable": QT_TRANSLATE_NOOP("kiosk", "Tidak tersedia saat ini."),
    "search_open": QT_TRANSLATE_NOOP("kiosk", "Cari instansi atau layanan  ›"),
    "search_placeholder": QT_TRANSLATE_NOOP("kiosk", "Ketik di sini…"),
    "search_hint": QT_TRANSLATE_NOOP("kiosk", "Ketik nama instansi, singkatan, atau layanan yang Anda cari."),
    "search_found": QT_TRANSLATE_NOOP("kiosk", "{n} ditemukan. Sentuh untuk memilih."),
    "search_more": QT_TRANSLATE_NOOP("kiosk", "{n} ditemukan, {shown} ditampilkan. Ketik lebih banyak "
                                     "huruf."),
    "search_none": QT_TRANSLATE_NOOP("kiosk", "Tidak ditemukan. Coba kata lain."),
    "search_services": QT_TRANSLATE_NOOP("kiosk", "Layanan: {names}"),
    "key_space": QT_TRANSLATE_NOOP("kiosk", "Spasi"),
    "key_delete": QT_TRANSLATE_NOOP("kiosk", "⌫  Hapus"),
    "key_clear": QT_TRANSLATE_NOOP("kiosk", "Kosongkan"),
    "busy": QT_TRANSLATE_NOOP("kiosk", "Mohon tunggu, nomor antrean Anda sedang dibuat…"),
    "priority_ask": QT_TRANSLATE_NOOP("kiosk", "Lansia, disabilitas, ibu hamil, atau membawa balita?  Pilih "
                               "di sini  ›"),
    "priority_on": QT_TRANSLATE_NOOP("kiosk", "Nomor prioritas: {name}"),
    "then_agency": QT_TRANSLATE_NOOP("kiosk", "sekarang pilih instansi"),
    "then_service": QT_TRANSLATE_NOOP("kiosk", "sekarang pilih layanan"),
    "priority_cancel": QT_TRANSLATE_NOOP("kiosk", "Batalkan prioritas"),
    "priority_title": QT_TRANSLATE_NOOP("kiosk", "Layanan prioritas"),
    "priority_text": QT_TRANSLATE_NOOP("kiosk", "Pilih yang sesuai. Petugas dapat meminta Anda menunjukkan "
                               "bukti."),
    "priority_none": QT_TRANSLATE_NOOP("kiosk", "Bukan prioritas"),
    "your_number": QT_TRANSLATE_NOOP("kiosk", "Nomor antrean Anda"),
    "past_closing": QT_TRANSLATE_NOOP("kiosk", "Perkiraan tunggu melewati jam tutup layanan ({time})."),
    "ahead_none": QT_TRANSLATE_NOOP("kiosk", "Tidak ada antrean di depan Anda."),
    "ahead": QT_TRANSLATE_NOOP("kiosk", "Di depan Anda: {n} orang · perkiraan tunggu {wait}"),
    "printing": QT_TRANSLATE_NOOP("kiosk", "Struk sedang dicetak…"),
    "printed": QT_TRANSLATE_NOOP("kiosk", "Silakan ambil struk Anda, lalu duduk dan tunggu nomor Anda "
                               "dipanggil."),
    "preview": QT_TRANSLATE_NOOP("kiosk", "Struk ditampilkan di layar. Silakan tunggu nomor Anda dipanggil."),
    "photo": QT_TRANSLATE_NOOP("kiosk", "Silakan foto atau catat nomor Anda"),
    "print_failed": QT_TRANSLATE_NOOP("kiosk", "Struk tidak dapat dicetak. Nomor Anda tetap berlaku; "
                               "tunjukkan nomor atau kode QR ini di loket."),
    "no_receipt": QT_TRANSLATE_NOOP("kiosk", "Nomor Anda berlaku tanpa struk; tunjukkan nomor atau kode "
                               "QR ini di loket."),
    "done": QT_TRANSLATE_NOOP("kiosk", "Selesai"),
    "home_soon": QT_TRANSLATE_NOOP("kiosk", "Layar kembali ke menu awal dalam beberapa detik."),
    "sorry": QT_TRANSLATE_NOOP("kiosk", "Mohon maaf"),
    "to_home": QT_TRANSLATE_NOOP("kiosk", "Kembali ke menu awal"),
    "printer_trouble": QT_TRANSLATE_NOOP("kiosk", "Printer struk sedang bermasalah"),
    "printer_trouble_text": QT_TRANSLATE_NOOP("kiosk", "{reason}\nAnda tetap dapat mengambil nomor; "
                                              "nomor akan ditampilkan di layar untuk difoto atau "
                                              "dicatat."),
    "printer_paper": QT_TRANSLATE_NOOP("kiosk", "Kertas struk habis."),
    "printer_down": QT_TRANSLATE_NOOP("kiosk", "Printer struk sedang tidak dapat mencetak."),
    "without_receipt": QT_TRANSLATE_NOOP("kiosk", "Ambil nomor tanpa struk"),
    "printer_ready": QT_TRANSLATE_NOOP("kiosk", "Printer struk sudah siap lagi"),
    "printer_ready_text": QT_TRANSLATE_NOOP("kiosk", "Silakan ambil nomor Anda dengan struk."),
    "with_receipt": QT_TRANSLATE_NOOP("kiosk", "Ambil nomor dengan struk"),
    "out_text": QT_TRANSLATE_NOOP("kiosk", "Mohon tunggu sebentar atau hubungi petugas.\nSistem mencoba "
                               "menyambung kembali."),
    "starting": QT_TRANSLATE_NOOP("kiosk", "Menyiapkan layanan…"),
    "wait_title": QT_TRANSLATE_NOOP("kiosk", "Mohon tunggu"),
}
"""Every sentence the kiosk shows a visitor, by key, in Indonesian (the source language)."""

_lookup: list[Lookup] = []


def use_catalogs(lookup: Lookup) -> None:
    """Where translations come from: :func:`kiosk.catalogs.install` gives the compiled Qt
    catalogs when the kiosk is built."""
    _lookup[:] = [lookup]


def translated(source: str, lang: str) -> str:
    """``source`` (an Indonesian sentence of :data:`TEXTS`) in ``lang``; the source itself
    in Indonesian, or when no catalog has a translation for it."""
    if lang == ID or not _lookup:
        return source
    return _lookup[0](lang, source) or source


def printer_reason(cause: str, lang: str = ID) -> str:
    """Why there is no receipt, in a visitor's words: paper, or the printer; never the
    printer's address or its technical line (those are for staff)."""
    return text("printer_paper" if cause == "paper_out" else "printer_down", lang)


def wait(minutes: int, lang: str = ID) -> str:
    """An estimated wait, ``± 2 jam 8 menit`` (the one formatter, shared.calendar.wait_text)."""
    return wait_text(minutes, lang)


def text(key: str, lang: str = ID, **values: object) -> str:
    """The text ``key`` in ``lang`` ('id' or 'en'), with ``values`` filled in."""
    chosen = translated(TEXTS[key], lang)
    return chosen.format(**values) if values else chosen
