"""What the kiosk says, in Bahasa Indonesia first and in English on request.

Names from the site (agencies, services, priority classes) and the rules' own refusals are
shown as the site wrote them: those are Indonesian.
"""

from __future__ import annotations

from typing import Final

from shared.calendar import wait_text

ID: Final = "id"
EN: Final = "en"

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Ambil Nomor Antrian", "Take a Queue Number"),
    "switch": ("English", "Bahasa Indonesia"),
    "choose_agency": ("Silakan pilih instansi tujuan Anda", "Please choose the agency you are visiting"),
    "choose_service": ("Pilih layanan", "Choose a service"),
    "back": ("‹  Kembali", "‹  Back"),
    "prev": ("‹  Sebelumnya", "‹  Previous"),
    "next": ("Berikutnya  ›", "Next  ›"),
    "page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "waiting": ("{n} menunggu", "{n} waiting"),
    "no_queue": ("Tidak ada antrean", "No one waiting"),
    "closed": ("Sedang tutup", "Closed now"),
    "wait_est": ("{n} menunggu · {wait}", "{n} waiting · {wait}"),
    "hours": ("Jam {hours}", "Hours {hours}"),
    "quota_left": ("Sisa kuota: {n}", "Numbers left today: {n}"),
    "unavailable": ("Tidak tersedia saat ini.", "Not available now."),
    "busy": ("Mohon tunggu, nomor antrian Anda sedang dibuat…", "Please wait, your number is being made…"),
    "priority_ask": ("Lansia, disabilitas, ibu hamil, atau membawa anak?  Pilih di sini  ›",
                     "Elderly, disabled, pregnant, or with a small child?  Tap here  ›"),
    "priority_on": ("Nomor prioritas: {name}", "Priority number: {name}"),
    "priority_cancel": ("Batalkan prioritas", "Cancel priority"),
    "priority_title": ("Layanan prioritas", "Priority service"),
    "priority_text": ("Pilih yang sesuai. Petugas dapat meminta Anda menunjukkan bukti.",
                      "Choose what applies to you. Staff may ask for proof."),
    "priority_none": ("Bukan prioritas", "Not priority"),
    "your_number": ("Nomor antrian Anda", "Your queue number"),
    "ahead_none": ("Tidak ada antrean di depan Anda.", "No one is ahead of you."),
    "ahead": ("Di depan Anda: {n} orang · perkiraan tunggu {wait}",
              "Ahead of you: {n} · estimated wait {wait}"),
    "printing": ("Struk sedang dicetak…", "Printing your ticket…"),
    "printed": ("Silakan ambil struk Anda, lalu duduk dan tunggu nomor Anda dipanggil.",
                "Please take your ticket, then sit and wait for your number to be called."),
    "preview": ("Struk ditampilkan di layar. Silakan tunggu nomor Anda dipanggil.",
                "Your ticket is shown on screen. Please wait for your number to be called."),
    "photo": ("Silakan foto atau catat nomor Anda", "Please take a photo of or write down your number"),
    "print_failed": ("Struk tidak dapat dicetak. Nomor Anda tetap berlaku; tunjukkan nomor atau "
                     "kode QR ini di loket.",
                     "The ticket could not be printed. Your number is still valid; show this number "
                     "or QR code at the counter."),
    "no_receipt": ("Nomor Anda berlaku tanpa struk; tunjukkan nomor atau kode QR ini di loket.",
                   "Your number is valid without a ticket; show this number or QR code at the counter."),
    "done": ("Selesai", "Done"),
    "home_soon": ("Layar kembali ke menu awal dalam beberapa detik.",
                  "The screen returns to the start in a few seconds."),
    "sorry": ("Mohon maaf", "We are sorry"),
    "to_home": ("Kembali ke menu awal", "Back to the start"),
    "printer_trouble": ("Printer struk sedang bermasalah", "The ticket printer has a problem"),
    "printer_trouble_text": ("{reason}\nAnda tetap dapat mengambil nomor; nomor akan ditampilkan di "
                             "layar untuk difoto atau dicatat.",
                             "{reason}\nYou can still take a number; it will be shown on screen for "
                             "you to photograph or write down."),
    "printer_paper": ("Kertas struk sedang habis.", "The ticket paper has run out."),
    "printer_down": ("Printer struk sedang tidak dapat mencetak.",
                     "The ticket printer cannot print right now."),
    "without_receipt": ("Ambil nomor tanpa struk", "Take a number without a ticket"),
    "printer_ready": ("Printer struk sudah siap lagi", "The ticket printer is ready again"),
    "printer_ready_text": ("Silakan ambil nomor Anda dengan struk.",
                           "Please take your number with a ticket."),
    "with_receipt": ("Ambil nomor dengan struk", "Take a number with a ticket"),
    "out_text": ("Mohon tunggu sebentar atau hubungi petugas.\nSistem mencoba menyambung kembali.",
                 "Please wait a moment or ask a staff member.\nThe system is reconnecting."),
    "starting": ("Menyiapkan layanan…", "Getting ready…"),
    "wait_title": ("Mohon tunggu", "Please wait"),
}


def printer_reason(cause: str, lang: str = ID) -> str:
    """Why there is no receipt, in a visitor's words: paper, or the printer; never the
    printer's address or its technical line (those are for staff)."""
    return text("printer_paper" if cause == "paper_out" else "printer_down", lang)


def wait(minutes: int, lang: str = ID) -> str:
    """An estimated wait, ``± 2 jam 8 menit`` (the one formatter, shared.calendar.wait_text)."""
    return wait_text(minutes, lang)


def text(key: str, lang: str = ID, **values: object) -> str:
    """The text ``key`` in ``lang`` ('id' or 'en'), with ``values`` filled in."""
    pair = _TEXTS[key]
    chosen = pair[1] if lang == EN else pair[0]
    return chosen.format(**values) if values else chosen
