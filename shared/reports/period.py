"""The period a report covers: a day, a range, a month or a year of business days.

Always given by the caller (a command's arguments, a date picker): a report never reads the
wall clock to decide which days it covers."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from shared.errors import BadInput

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True)
class Period:
    """Business days ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise BadInput(f"Periode terbalik: {self.first:%d-%m-%Y} sesudah {self.last:%d-%m-%Y}.")

    def days(self) -> Iterator[dt.date]:
        d = self.first
        while d <= self.last:
            yield d
            d += dt.timedelta(days=1)

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1


def day(d: dt.date) -> Period:
    return Period(d, d, f"{WEEKDAYS[d.weekday()]}, {d.day} {_MONTHS[d.month - 1]} {d.year}")


def date_range(first: dt.date, last: dt.date) -> Period:
    return Period(first, last, f"{first:%d-%m-%Y} s.d. {last:%d-%m-%Y}")


def month(year: int, month_no: int) -> Period:
    if not 1 <= month_no <= 12:
        raise BadInput(f"Bulan {month_no} tidak ada (1–12).")
    last = calendar.monthrange(year, month_no)[1]
    return Period(dt.date(year, month_no, 1), dt.date(year, month_no, last),
                  f"{_MONTHS[month_no - 1]} {year}")


def year(year_no: int) -> Period:
    return Period(dt.date(year_no, 1, 1), dt.date(year_no, 12, 31), f"Tahun {year_no}")


def parse(kind: str, value: str, until: str | None = None) -> Period:
    """A period from a command's words: ``day 2026-11-28``, ``range 2026-11-01 2026-11-15``,
    ``month 2026-11``, ``year 2026``."""
    try:
        if kind == "day":
            return day(dt.date.fromisoformat(value))
        if kind == "range":
            if until is None:
                raise BadInput("Rentang perlu dua tanggal: AWAL AKHIR (YYYY-MM-DD).")
            return date_range(dt.date.fromisoformat(value), dt.date.fromisoformat(until))
        if kind == "month":
            y, m = value.split("-")
            return month(int(y), int(m))
        if kind == "year":
            return year(int(value))
    except ValueError:
        raise BadInput(f"'{value}' bukan {_WHAT[kind]} yang valid.") from None
    raise BadInput(f"Jenis periode '{kind}' tidak dikenal (day, range, month, year).")


_WHAT = {"day": "tanggal (YYYY-MM-DD)", "range": "tanggal (YYYY-MM-DD)", "month": "bulan (YYYY-MM)",
         "year": "tahun (YYYY)"}
