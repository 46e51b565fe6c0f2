"""What a site's calendar holds: opening hours per weekday (per service where they differ),
breaks inside a day, holidays and cuti bersama, and the cut-off before closing time.

Its stored form is plain data (:meth:`Calendar.to_data`, the ``[calendar]`` table of a site
file and the site row's config), read back by :func:`calendar_from_data`, which checks every
field and reports each mistake with its place (:class:`Problem`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.errors import Problem
from shared.i18n import say

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOLIDAY_KINDS = {"libur_nasional": say("Libur nasional"), "cuti_bersama": say("Cuti bersama"),
                 "libur_daerah": say("Libur daerah"), "tutup": say("Tutup")}
"""Kinds of dated closure a site usually has; a site may write others (any lowercase word)."""
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class Hours:
    opens: dt.time
    closes: dt.time

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"

    def contains(self, t: dt.time) -> bool:
        return self.opens <= t < self.closes


def parse_hours(value: str) -> Hours:
    m = _HOURS.match(value.strip())
    if not m:
        raise ValueError(f"'{value}' bukan jam yang valid; tulis seperti \"08:00-15:00\"")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h2 == 24 and m2 == 0:
        h2, m2 = 23, 59
    try:
        opens, closes = dt.time(h1, m1), dt.time(h2, m2)
    except ValueError:
        raise ValueError(f"'{value}' bukan jam yang valid (jam 00–23, menit 00–59)") from None
    if closes <= opens:
        raise ValueError(f"'{value}': jam tutup harus setelah jam buka")
    return Hours(opens, closes)


@dataclass(frozen=True)
class Break:
    """A pause inside the day, such as Friday prayer: ``days`` it happens on, its ``hours``,
    and the ``services`` it concerns (empty: all of them)."""

    name: str
    days: tuple[str, ...]
    hours: Hours
    services: tuple[str, ...] = ()

    def applies(self, weekday: str, service: str) -> bool:
        return weekday in self.days and (not self.services or service in self.services)

    def to_data(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "days": list(self.days), "time": str(self.hours)}
        if self.services:
            d["services"] = list(self.services)
        return d


@dataclass(frozen=True)
class Holiday:
    """A dated closure: a national holiday, cuti bersama, a local one; ``kind`` is data."""

    date: dt.date
    name: str
    kind: str = "libur_nasional"

    @property
    def kind_name(self) -> str:
        return HOLIDAY_KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())

    def to_data(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class Calendar:
    """The site's week and its exceptions. ``hours`` is the site's default window; ``week``
    overrides it per weekday; ``service_week`` per service (its flat ``hours`` from the site
    file under the key ``"*"``, its weekdays under their names)."""

    days: tuple[str, ...] = DAYS[:5]
    hours: Hours = field(default_factory=lambda: parse_hours("08:00-15:00"))
    week: tuple[tuple[str, Hours], ...] = ()
    service_week: tuple[tuple[str, tuple[tuple[str, Hours], ...]], ...] = ()
    breaks: tuple[Break, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    cutoff_minutes: int = 0
    cutoff_by_wait: bool = False
    issue_during_breaks: bool = False

    def holiday(self, day: dt.date) -> Holiday | None:
        return next((h for h in self.holidays if h.date == day), None)

    def hours_on(self, service: str, weekday: str) -> Hours | None:
        """The window ``service`` is open on ``weekday`` (None: closed that weekday). The most
        specific entry wins: the service's weekday, the service's hours, the site's weekday,
        the site's hours."""
        if weekday not in self.days:
            return None
        own = dict(dict(self.service_week).get(service, ()))
        return own.get(weekday) or own.get("*") or dict(self.week).get(weekday) or self.hours

    def breaks_on(self, service: str, weekday: str) -> list[Break]:
        return sorted((b for b in self.breaks if b.applies(weekday, service)), key=lambda b: b.hours.opens)

    def to_data(self) -> dict[str, Any]:
        """The ``[calendar]`` table (without the site's days and hours, which live in [site],
        nor the services' own hours, which live with each service)."""
        d: dict[str, Any] = {
            "cutoff_minutes": self.cutoff_minutes,
            "cutoff_by_wait": self.cutoff_by_wait,
            "issue_during_breaks": self.issue_during_breaks,
        }
        if self.week:
            d["hours"] = {day: str(h) for day, h in self.week}
        if self.breaks:
            d["breaks"] = [b.to_data() for b in self.breaks]
        if self.holidays:
            d["holidays"] = [h.to_data() for h in sorted(self.holidays, key=lambda h: h.date)]
        return d


CALENDAR_KEYS = {"cutoff_minutes", "cutoff_by_wait", "issue_during_breaks", "hours", "breaks", "holidays"}


class _Collect:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, fld: str | None, message: str) -> None:
        self.problems.append(Problem(where, fld, message))


def _hours(c: _Collect, where: str, fld: str, value: Any) -> Hours | None:
    if not isinstance(value, str):
        c.add(where, fld, f"harus teks jam seperti \"08:00-15:00\", bukan {value!r}")
        return None
    try:
        return parse_hours(value)
    except ValueError as exc:
        c.add(where, fld, str(exc))
        return None


def _days(c: _Collect, where: str, fld: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        c.add(where, fld, f"harus daftar hari seperti [\"fri\"]; pakai {', '.join(DAYS)}")
        return ()
    bad = [d for d in value if d not in DAYS]
    for d in bad:
        c.add(where, fld, f"'{d}' bukan hari; pakai {', '.join(DAYS)}")
    return tuple(d for d in value if d in DAYS)


def holiday_from_data(c: _Collect, where: str, e: Any) -> Holiday | None:
    if not isinstance(e, dict):
        c.add(where, None, "harus berupa tabel dengan date, name dan kind")
        return None
    for key in sorted(set(e) - {"date", "name", "kind"}):
        c.add(where, key, "tidak dikenal; yang boleh: date, kind, name")
    raw = e.get("date")
    day: dt.date | None = None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        day = raw
    elif isinstance(raw, str):
        try:
            day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            c.add(where, "date", f"'{raw}' bukan tanggal; tulis seperti 2026-12-25")
    elif raw is None:
        c.add(where, "date", "wajib diisi (missing)")
    else:
        c.add(where, "date", f"'{raw}' bukan tanggal; tulis seperti 2026-12-25")
    name = e.get("name")
    if not isinstance(name, str) or not name.strip():
        c.add(where, "name", "wajib diisi: nama hari libur, misalnya \"Hari Raya Natal\"")
        name = None
    kind = e.get("kind", "libur_nasional")
    if not isinstance(kind, str) or not _KIND.match(kind):
        c.add(where, "kind", f"'{kind}' harus satu kata huruf kecil, misalnya "
                             f"{', '.join(sorted(HOLIDAY_KINDS))}")
        kind = None
    if day is None or name is None or kind is None:
        return None
    return Holiday(day, name.strip(), kind)


def calendar_from_data(
    data: Any, *, days: Iterable[str] = DAYS[:5], hours: str = "08:00-15:00",
    service_hours: Iterable[tuple[str, str | None, Any]] = (), where: str = "calendar",
) -> tuple[Calendar | None, list[Problem]]:
    """Check the ``[calendar]`` table (``data``) against the site's ``days`` and ``hours`` and
    the services' own (code, hours, hours_by_day); every mistake comes back as a Problem.

    Service problems are reported at ``services ('CODE')``; the caller knows their index."""
    c = _Collect()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        c.add(where, None, "harus berupa tabel [calendar]")
        data = {}
    for key in sorted(set(data) - CALENDAR_KEYS):
        c.add(where, key, f"tidak dikenal; yang boleh: {', '.join(sorted(CALENDAR_KEYS))}")
    open_days = tuple(d for d in days if d in DAYS)
    base = _hours(c, "[site]", "hours", hours) or parse_hours("08:00-15:00")

    cutoff = data.get("cutoff_minutes", 0)
    if not isinstance(cutoff, int) or isinstance(cutoff, bool) or not 0 <= cutoff <= 240:
        c.add(where, "cutoff_minutes", f"harus bilangan bulat 0–240 (menit sebelum tutup), bukan {cutoff!r}")
        cutoff = 0
    flags: dict[str, bool] = {}
    for key in ("cutoff_by_wait", "issue_during_breaks"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            c.add(where, key, f"harus true atau false, bukan {value!r}")
            value = False
        flags[key] = value

    week: list[tuple[str, Hours]] = []
    raw_week = data.get("hours", {})
    if not isinstance(raw_week, dict):
        c.add(where, "hours", "harus tabel per hari, misalnya [calendar.hours] fri = \"08:00-15:30\"")
        raw_week = {}
    for day, value in raw_week.items():
        if day not in DAYS:
            c.add(f"{where}.hours", day, f"'{day}' bukan hari; pakai {', '.join(DAYS)}")
            continue
        if day not in open_days:
            c.add(f"{where}.hours", day, f"hari '{day}' tidak termasuk [site].days (hari buka)")
            continue
        h = _hours(c, f"{where}.hours", day, value)
        if h is not None:
            week.append((day, h))

    service_week: list[tuple[str, tuple[tuple[str, Hours], ...]]] = []
    for code, flat, by_day in service_hours:
        swhere = f"services ({code!r})"
        own: list[tuple[str, Hours]] = []
        if flat is not None:
            h = _hours(c, swhere, "hours", flat)
            if h is not None:
                own.append(("*", h))
        if by_day is not None:
            if not isinstance(by_day, dict):
                c.add(swhere, "hours_by_day", "harus tabel per hari, misalnya { fri = \"08:00-11:00\" }")
                by_day = {}
            for day, value in by_day.items():
                if day not in open_days:
                    c.add(swhere, "hours_by_day", f"'{day}' bukan hari buka situs ([site].days)")
                    continue
                h = _hours(c, swhere, "hours_by_day", value)
                if h is not None:
                    own.append((day, h))
        if own:
            service_week.append((code, tuple(own)))
    service_codes = {code for code, _, _ in service_hours}

    breaks: list[Break] = []
    raw_breaks = data.get("breaks", [])
    if not isinstance(raw_breaks, list):
        c.add(where, "breaks", "harus daftar [[calendar.breaks]]")
        raw_breaks = []
    for i, e in enumerate(raw_breaks):
        bwhere = f"{where}.breaks[{i}]"
        if not isinstance(e, dict):
            c.add(bwhere, None, "harus berupa tabel [[calendar.breaks]]")
            continue
        for key in sorted(set(e) - {"name", "days", "time", "services"}):
            c.add(bwhere, key, "tidak dikenal; yang boleh: days, name, services, time")
        name = e.get("name", "Istirahat")
        if not isinstance(name, str) or not name.strip():
            c.add(bwhere, "name", "harus teks, misalnya \"Istirahat sholat Jumat\"")
            name = "Istirahat"
        bdays = _days(c, bwhere, "days", e.get("days"))
        for d in bdays:
            if d not in open_days:
                c.add(bwhere, "days", f"hari '{d}' tidak termasuk [site].days (hari buka)")
        span = _hours(c, bwhere, "time", e.get("time")) if "time" in e else None
        if "time" not in e:
            c.add(bwhere, "time", "wajib diisi, misalnya \"11:30-13:00\"")
        services = e.get("services", [])
        if not isinstance(services, list):
            c.add(bwhere, "services", "harus daftar kode layanan")
            services = []
        for s in services:
            if s not in service_codes:
                c.add(bwhere, "services", f"layanan '{s}' tidak ada di [[services]]")
        if span is None or not bdays:
            continue
        brk = Break(name.strip(), bdays, span, tuple(s for s in services if isinstance(s, str)))
        # A break must fall inside the day it pauses (a service that closes early may close
        # during it: then it simply closes).
        week_so_far = Calendar(open_days, base, tuple(week), tuple(service_week))
        for d in brk.days:
            svc = brk.services[0] if brk.services else "*"
            window = week_so_far.hours_on(svc, d)
            if window is not None and not (window.opens < span.opens and span.opens < window.closes):
                c.add(bwhere, "time", f"{span} harus mulai di dalam jam buka {window} hari {d}"
                                      + (f" (layanan '{svc}')" if svc != "*" else ""))
                break
        breaks.append(brk)
    for i, b in enumerate(breaks):
        for other in breaks[i + 1:]:
            shared = set(b.days) & set(other.days)
            both = not b.services or not other.services or set(b.services) & set(other.services)
            if shared and both and b.hours.opens < other.hours.closes and other.hours.opens < b.hours.closes:
                c.add(f"{where}.breaks", None, f"istirahat '{b.name}' dan '{other.name}' bertumpuk "
                                               f"pada hari {', '.join(sorted(shared))}")

    holidays: list[Holiday] = []
    seen: dict[dt.date, str] = {}
    raw_holidays = data.get("holidays", [])
    if not isinstance(raw_holidays, list):
        c.add(where, "holidays", "harus daftar [[calendar.holidays]]")
        raw_holidays = []
    for i, e in enumerate(raw_holidays):
        hwhere = f"{where}.holidays[{i}]"
        holiday = holiday_from_data(c, hwhere, e)
        if holiday is None:
            continue
        if holiday.date in seen:
            c.add(hwhere, "date", f"tanggal {holiday.date} sudah tercatat sebagai '{seen[holiday.date]}'")
            continue
        seen[holiday.date] = holiday.name
        holidays.append(holiday)

    if c.problems:
        return None, c.problems
    return Calendar(
        days=open_days, hours=base, week=tuple(week), service_week=tuple(service_week),
        breaks=tuple(breaks), holidays=tuple(sorted(holidays, key=lambda h: h.date)),
        cutoff_minutes=cutoff, cutoff_by_wait=flags["cutoff_by_wait"],
        issue_during_breaks=flags["issue_during_breaks"],
    ), []


def service_hours_data(cal: Calendar) -> dict[str, dict[str, str]]:
    """The services' own hours, as the site row keeps them: {code: {"*"|day: "HH:MM-HH:MM"}}."""
    return {code: {day: str(h) for day, h in own} for code, own in cal.service_week}


def calendar_from_config(config: dict[str, Any]) -> Calendar:
    """The calendar a loaded site keeps in its config (``[site]`` days and hours, the
    ``[calendar]`` table and the services' hours). It was checked when loaded; a config written
    before calendars existed gives the site's days and hours and nothing else."""
    data = dict(config.get("calendar") or {})
    own = data.pop("service_hours", {}) or {}
    services = [(code, hours.get("*"), {d: h for d, h in hours.items() if d != "*"} or None)
                for code, hours in own.items()]
    cal, problems = calendar_from_data(
        data, days=config.get("days", DAYS[:5]), hours=config.get("hours", "08:00-15:00"),
        service_hours=services)
    if cal is None:
        raise ValueError("; ".join(f"{p.where} {p.field}: {p.message}" for p in problems))
    return cal
