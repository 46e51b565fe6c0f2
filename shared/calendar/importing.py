"""Holidays and cuti bersama from a file: a CSV (date, name, kind) or an iCalendar (.ics)
as published by calendar services. Every row or event becomes one :class:`Holiday` per day;
every mistake is reported with its line or event."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shared.calendar.spec import Holiday
from shared.errors import SiteFileError

_CUTI = re.compile(r"cuti\s+bersama", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_HEADERS = {"date": "date", "tanggal": "date", "name": "name", "nama": "name", "keterangan": "name",
            "kind": "kind", "jenis": "kind"}
_MAX_SPAN_DAYS = 31


@dataclass(frozen=True)
class Imported:
    holidays: tuple[Holiday, ...]
    source: str


def guess_kind(name: str, default: str) -> str:
    """``cuti_bersama`` when the name says so, else ``default``."""
    return "cuti_bersama" if _CUTI.search(name) else default


def _date(raw: str) -> dt.date:
    raw = raw.strip()
    m = _DMY.match(raw)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        return dt.date(y, mo, d)
    return dt.date.fromisoformat(raw)


def parse_csv(text: str, source: str, *, kind: str = "libur_nasional") -> Imported:
    """``date,name[,kind]`` (or ``tanggal,nama[,jenis]``) with a header line; dates as
    2026-12-25 or 25/12/2026."""
    problems: list[str] = []
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise SiteFileError([f"{source}: berkas kosong"])
    header = [_HEADERS.get(h.strip().lower(), "") for h in rows[0]]
    if "date" not in header or "name" not in header:
        raise SiteFileError([f"{source}: baris 1 harus judul kolom: date,name,kind "
                             "(atau tanggal,nama,jenis)"])
    out: list[Holiday] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        try:
            day = _date(cells.get("date", ""))
        except ValueError:
            problems.append(f"{source}: baris {n}: '{cells.get('date', '')}' bukan tanggal "
                            "(tulis 2026-12-25 atau 25/12/2026)")
            continue
        name = cells.get("name", "").strip()
        if not name:
            problems.append(f"{source}: baris {n}: nama hari libur kosong")
            continue
        out.append(Holiday(day, name, (cells.get("kind") or "").strip() or guess_kind(name, kind)))
    if problems:
        raise SiteFileError(problems)
    return Imported(tuple(out), source)


def parse_ics(data: bytes, source: str, *, kind: str = "libur_nasional") -> Imported:
    """Every VEVENT of an iCalendar file: an all-day event (DTSTART;VALUE=DATE) is one holiday
    per day up to DTEND (exclusive); its SUMMARY is the name, and a CATEGORIES naming
    cuti bersama (or the summary saying so) makes it one."""
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise SiteFileError([f"{source}: bukan berkas iCalendar yang valid ({exc})"]) from None
    problems: list[str] = []
    out: list[Holiday] = []
    for n, event in enumerate(cal.walk("VEVENT"), start=1):
        name = str(event.get("SUMMARY", "")).strip()
        start = event.decoded("DTSTART", None)
        if not name or start is None:
            problems.append(f"{source}: acara ke-{n}: SUMMARY dan DTSTART wajib ada")
            continue
        first = start.date() if isinstance(start, dt.datetime) else start
        end = event.decoded("DTEND", None)
        last = (end.date() if isinstance(end, dt.datetime) else end) if end is not None else None
        if last is None or last <= first:
            last = first + dt.timedelta(days=1)
        if (last - first).days > _MAX_SPAN_DAYS:
            problems.append(f"{source}: acara ke-{n} ('{name}'): lebih dari {_MAX_SPAN_DAYS} hari")
            continue
        categories = " ".join(_categories(event.get("CATEGORIES")))
        this_kind = guess_kind(f"{name} {categories}", kind)
        day = first
        while day < last:
            out.append(Holiday(day, name, this_kind))
            day += dt.timedelta(days=1)
    if problems:
        raise SiteFileError(problems)
    return Imported(tuple(out), source)


def _categories(value: object) -> Iterable[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    words: list[str] = []
    for item in items:
        cats = getattr(item, "cats", None)
        words.extend(str(c) for c in cats) if cats is not None else words.append(str(item))
    return words


def read_holidays(path: str | Path, *, kind: str = "libur_nasional") -> Imported:
    """A CSV or an iCalendar file, told apart by its content (BEGIN:VCALENDAR) or name."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SiteFileError([f"{p}: tidak bisa dibaca: {exc.strerror or exc}"]) from None
    if p.suffix.lower() in {".ics", ".ical"} or data.lstrip(b"\xef\xbb\xbf").startswith(b"BEGIN:VCALENDAR"):
        return parse_ics(data, p.name, kind=kind)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SiteFileError([f"{p.name}: bukan teks UTF-8"]) from None
    return parse_csv(text, p.name, kind=kind)


def merge(existing: Iterable[Holiday], new: Iterable[Holiday]) -> tuple[tuple[Holiday, ...], int, int]:
    """The holidays after an import: an imported date replaces the one already there.
    Returns (holidays by date, added, replaced)."""
    by_date = {h.date: h for h in existing}
    added = replaced = 0
    for h in new:
        if h.date in by_date:
            replaced += by_date[h.date] != h
        else:
            added += 1
        by_date[h.date] = h
    return tuple(sorted(by_date.values(), key=lambda h: h.date)), added, replaced
