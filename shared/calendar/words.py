"""How the calendar speaks: dates, times and waits in a visitor's words (one place each)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTH_NAMES_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date, lang: str = "id") -> str:
    """``Senin, 28 Desember 2026`` (English: ``Monday, 28 December 2026``)."""
    days, months = (DAY_NAMES_EN, MONTH_NAMES_EN) if lang == "en" else (DAY_NAMES, MONTH_NAMES)
    return f"{days[day.weekday()]}, {day.day} {months[day.month - 1]} {day.year}"


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


@dataclass(frozen=True)
class LongDate:
    """A date inside a sentence (:class:`shared.i18n.Text`), said in the reader's language."""

    day: dt.date

    def in_language(self, lang: str) -> str:
        return long_date(self.day, lang)

    def __str__(self) -> str:
        return long_date(self.day)


@dataclass(frozen=True)
class Wait:
    """An estimated wait inside a sentence, said in the reader's language."""

    minutes: int

    def in_language(self, lang: str) -> str:
        return wait_text(self.minutes, lang)

    def __str__(self) -> str:
        return wait_text(self.minutes)
