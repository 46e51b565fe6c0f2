"""How the calendar speaks: dates, times and waits in a visitor's words (one place each)."""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember")


def long_date(day: dt.date) -> str:
    """``Senin, 28 Desember 2026``."""
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def hhmm(t: dt.time | dt.datetime) -> str:
    """``13:00`` (Indonesian signs write hours with a colon or a dot; Antre uses the colon)."""
    return f"{t:%H:%M}"


def wait_text(minutes: int, lang: str = "id") -> str:
    """An estimated wait as a visitor reads it: ``± 8 menit``, ``± 1 jam``, ``± 2 jam 8 menit``
    (English: ``about 2 h 8 min``). The one formatter of waits for every screen."""
    minutes = max(0, int(minutes))
    h, m = divmod(minutes, 60)
    if lang == "en":
        parts = ([f"{h} h"] if h else []) + ([f"{m} min"] if m or not h else [])
        return "about " + " ".join(parts)
    parts = ([f"{h} jam"] if h else []) + ([f"{m} menit"] if m or not h else [])
    return "± " + " ".join(parts)
