"""A simulation profile: how visitors come and how long they take, and the staffing plan.

The profile is a TOML file next to a site file (``site = "..."``); the site file gives the
services, counters, quotas and calendar, the profile gives the day's demand and who sits at
which counter when. :func:`load_profile` checks the whole file and raises
:class:`ProfileError` with one calm Indonesian line per mistake (like ``antre site check``).
docs/simulate.md describes every field.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared import site
from shared.calendar import parse_hours
from shared.errors import KnownError, SiteFileError


class ProfileError(KnownError):
    """A profile file has one or more mistakes; ``problems`` lists them, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(problems)
        super().__init__(f"Profil simulasi tidak valid ({len(problems)} kesalahan):\n{lines}")


@dataclass(frozen=True)
class ServiceProfile:
    """One service's demand: visitors per hour of the day (local hour -> mean arrivals), the
    share of priority visitors, the service time (lognormal, minutes) and transfers after
    service (target service -> share of served visitors)."""

    code: str
    arrivals: tuple[tuple[int, float], ...]
    service_mean_min: float
    service_sd_min: float
    priority_share: float
    transfers: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Shift:
    """When one counter is staffed: open from ``opens`` to ``closes`` (seconds after local
    midnight), except during its ``breaks``."""

    counter: str
    opens: int
    closes: int
    breaks: tuple[tuple[int, int], ...] = ()

    def open_spans(self) -> list[tuple[int, int]]:
        spans, at = [], self.opens
        for b0, b1 in sorted(self.breaks):
            if b0 > at:
                spans.append((at, min(b0, self.closes)))
            at = max(at, b1)
        if at < self.closes:
            spans.append((at, self.closes))
        return [(a, b) for a, b in spans if b > a]


@dataclass(frozen=True)
class Profile:
    site: site.SiteSpec
    services: tuple[ServiceProfile, ...]
    plan: tuple[Shift, ...]
    day: dt.date | None = None
    no_show_rate: float = 0.04
    recall_rate: float = 0.15
    return_rate: float = 0.3
    return_after_min: float = 20.0
    patience_min: float = 120.0
    walk_to_counter_s: float = 30.0
    recall_s: float = 40.0
    no_show_wait_s: float = 90.0
    source: str = "profil"
    site_file: str = field(default="", compare=False)

    def service(self, code: str) -> ServiceProfile | None:
        return next((s for s in self.services if s.code == code), None)


_RATES = ("no_show_rate", "recall_rate", "return_rate")
_POSITIVE = ("return_after_min", "patience_min", "walk_to_counter_s", "recall_s", "no_show_wait_s")


def _seconds(hhmm: str) -> int:
    t = dt.time.fromisoformat(hhmm)
    return t.hour * 3600 + t.minute * 60


def _span(value: Any) -> tuple[int, int]:
    """A span like "08:00-15:00" as seconds after midnight (an Indonesian text on error)."""
    if not isinstance(value, str):
        raise TypeError(f'harus berupa teks "JJ:MM-JJ:MM", bukan {value!r}')
    h = parse_hours(value)
    return _seconds(f"{h.opens:%H:%M}"), _seconds(f"{h.closes:%H:%M}")


class _Check:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}: {message}")

    def number(self, where: str, value: Any, *, low: float = 0.0, high: float | None = None) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, f"harus berupa angka, bukan {value!r}")
            return None
        if value < low or (high is not None and value > high):
            limit = f"antara {low:g} dan {high:g}" if high is not None else f"paling sedikit {low:g}"
            self.add(where, f"harus {limit}, bukan {value}")
            return None
        return float(value)


def _service(
    c: _Check, spec: site.SiteSpec, code: str, e: Any, default_priority: float
) -> ServiceProfile | None:
    where = f"services.{code}"
    if not isinstance(e, dict):
        c.add(where, "harus berupa tabel [services.KODE]")
        return None
    codes = {s.code for s in spec.services}
    if code not in codes:
        c.add(where, "layanan ini tidak ada di berkas situs")
    unknown = set(e) - {"arrivals", "service_min", "priority_share", "transfer"}
    for k in sorted(unknown):
        c.add(f"{where}.{k}", "kolom tidak dikenal")
    arrivals: list[tuple[int, float]] = []
    raw = e.get("arrivals")
    if not isinstance(raw, dict) or not raw:
        c.add(f"{where}.arrivals", "wajib diisi: pengunjung per jam, mis. {8 = 30, 9 = 42}")
    else:
        for hour, n in raw.items():
            if not hour.isdigit() or not 0 <= int(hour) <= 23:
                c.add(f"{where}.arrivals", f"jam '{hour}' harus angka 0 sampai 23")
                continue
            rate = c.number(f"{where}.arrivals.{hour}", n, high=5000)
            if rate is not None:
                arrivals.append((int(hour), rate))
    sm = e.get("service_min")
    mean = sd = None
    if not isinstance(sm, dict) or "mean" not in sm:
        c.add(f"{where}.service_min", "wajib diisi: lama layanan dalam menit, mis. {mean = 8, sd = 4}")
    else:
        mean = c.number(f"{where}.service_min.mean", sm["mean"], low=0.1, high=480)
        sd = c.number(f"{where}.service_min.sd", sm.get("sd", 0.0), high=480)
    share = default_priority
    if "priority_share" in e:
        share = c.number(f"{where}.priority_share", e["priority_share"], high=1) or 0.0
    transfers: list[tuple[str, float]] = []
    raw_t = e.get("transfer", {})
    if not isinstance(raw_t, dict):
        c.add(f"{where}.transfer", "harus berupa tabel, mis. {KK = 0.05}")
    else:
        for target, p in raw_t.items():
            if target not in codes or target == code:
                c.add(f"{where}.transfer", f"layanan tujuan '{target}' tidak ada di berkas situs")
            share_t = c.number(f"{where}.transfer.{target}", p, high=1)
            if share_t is not None:
                transfers.append((target, share_t))
        if sum(p for _, p in transfers) > 1:
            c.add(f"{where}.transfer", "jumlah bagian yang dialihkan melebihi 1")
    if mean is None or sd is None:
        return None
    return ServiceProfile(code, tuple(sorted(arrivals)), mean, sd, share, tuple(transfers))


def _shifts(c: _Check, spec: site.SiteSpec, raw: Any) -> tuple[Shift, ...]:
    counters = [k.code for k in spec.counters]
    if raw is None:  # every counter open through the site's hours
        opens, closes = _span(spec.settings.hours)
        return tuple(Shift(k, opens, closes) for k in counters)
    if not isinstance(raw, list):
        c.add("staffing", "harus berupa daftar [[staffing]]")
        return ()
    out: dict[str, Shift] = {}
    for i, e in enumerate(raw):
        where = f"staffing[{i}]"
        if not isinstance(e, dict):
            c.add(where, "harus berupa tabel")
            continue
        names = e.get("counters")
        if names == "*":
            names = counters
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            c.add(f"{where}.counters", 'wajib diisi: daftar kode loket, mis. ["L01", "L02"], atau "*"')
            continue
        try:
            opens, closes = _span(e.get("hours", spec.settings.hours))
        except (TypeError, ValueError) as exc:
            c.add(f"{where}.hours", str(exc))
            continue
        breaks: list[tuple[int, int]] = []
        raw_b = e.get("breaks", [])
        for b in raw_b if isinstance(raw_b, list) else [raw_b]:
            try:
                breaks.append(_span(b))
            except (TypeError, ValueError) as exc:
                c.add(f"{where}.breaks", str(exc))
        for name in names:
            if name not in counters:
                c.add(f"{where}.counters", f"loket '{name}' tidak ada di berkas situs")
            elif name in out:
                c.add(f"{where}.counters", f"loket '{name}' sudah dijadwalkan di staffing sebelumnya")
            else:
                out[name] = Shift(name, opens, closes, tuple(breaks))
    return tuple(out.values())


_TOP = {"site", "date", "priority_share", "services", "staffing", *_RATES, *_POSITIVE}


def parse_profile(
    data: dict[str, Any], spec: site.SiteSpec, *, source: str = "profil", site_file: str = ""
) -> Profile:
    """A checked :class:`Profile` from a profile's TOML data and its site."""
    c = _Check(source)
    for k in sorted(set(data) - _TOP):
        c.add(k, "kolom tidak dikenal")
    day = None
    if "date" in data:
        raw_day = data["date"]
        if isinstance(raw_day, dt.date) and not isinstance(raw_day, dt.datetime):
            day = raw_day
        else:
            c.add("date", f"harus tanggal TTTT-BB-HH tanpa tanda kutip, bukan {raw_day!r}")
    values: dict[str, float] = {}
    for k in _RATES:
        if k in data:
            v = c.number(k, data[k], high=1)
            if v is not None:
                values[k] = v
    for k in _POSITIVE:
        if k in data:
            v = c.number(k, data[k], low=0, high=24 * 60 * 60)
            if v is not None:
                values[k] = v
    priority = c.number("priority_share", data.get("priority_share", 0.1), high=1) or 0.0
    raw_services = data.get("services")
    services: list[ServiceProfile] = []
    if not isinstance(raw_services, dict) or not raw_services:
        c.add("services", "wajib diisi: satu tabel [services.KODE] per layanan")
    else:
        for code, e in raw_services.items():
            sp = _service(c, spec, code, e, priority)
            if sp is not None:
                services.append(sp)
    plan = _shifts(c, spec, data.get("staffing"))
    if c.problems:
        raise ProfileError(c.problems)
    return Profile(
        site=spec, services=tuple(services), plan=plan, day=day, source=source, site_file=site_file, **values
    )


def load_profile(path: str | Path, *, site_file: str | Path | None = None) -> Profile:
    """Read and check a profile file; its ``site`` is relative to the profile's folder
    (``site_file`` overrides it)."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError([f"{p}: tidak bisa dibaca: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ProfileError([f"{p}: bukan teks UTF-8"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError([f"{p.name}: bukan TOML yang benar: {exc}"]) from None
    if site_file is None:
        raw = data.get("site")
        if not isinstance(raw, str) or not raw.strip():
            raise ProfileError(
                [f'{p.name}: site: wajib diisi: berkas situs, mis. site = "../sites/demo.toml"']
            )
        site_file = p.parent / raw
    try:
        spec = site.load_site_file(site_file)
    except SiteFileError as exc:
        raise ProfileError([f"{p.name}: site: {line}" for line in exc.problems]) from None
    return parse_profile(data, spec, source=p.name, site_file=str(site_file))


def load_staffing(path: str | Path, spec: site.SiteSpec) -> tuple[Shift, ...]:
    """The ``[[staffing]]`` tables of a plan file (``--staffing``, or what ``--write-plan``
    wrote), checked against ``spec``; other tables in the file are ignored."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError([f"{p}: tidak bisa dibaca: {exc.strerror or exc}"]) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError([f"{p.name}: bukan TOML yang benar: {exc}"]) from None
    c = _Check(p.name)
    if "staffing" not in data:
        c.add("staffing", "wajib diisi: satu tabel [[staffing]] per kelompok loket")
    plan = _shifts(c, spec, data.get("staffing"))
    if c.problems:
        raise ProfileError(c.problems)
    return plan
