"""Site files: the TOML that describes one MPP (agencies, services, counters, users).

Loading is two steps. :func:`parse_site` validates the whole file and either returns a
:class:`SiteSpec` or raises :class:`SiteFileError` listing every mistake with the entry and
the field. :func:`apply_site` then writes the spec in the caller's transaction. A mistake
therefore never leaves a half-loaded site. Re-applying is an upsert by code: entities that
left the file are deactivated, never deleted, so tickets that already exist stay valid.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared import events
from shared.errors import SiteFileError
from shared.models import Agency, Counter, CounterService, PriorityClass, Role, Service, Site, User

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_PRIORITY_CLASSES: tuple[tuple[str, str], ...] = (
    ("lansia", "Lansia"),
    ("disabilitas", "Penyandang disabilitas"),
    ("ibu_hamil", "Ibu hamil"),
    ("anak", "Anak-anak"),
)
DEFAULT_ANNOUNCEMENT = "Nomor antrian {nomor}, silakan menuju {loket}"
TEMPLATE_FIELDS = frozenset({"nomor", "loket", "layanan", "instansi"})
_CODE = re.compile(r"^[A-Z0-9_]{1,32}$")
_PREFIX = re.compile(r"^[A-Z]{1,3}$")
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


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
class SiteSettings:
    name: str
    timezone: str = "Asia/Jakarta"
    hours: str = "08:00-15:00"
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    priority_ratio: int = 2
    announcement: str = DEFAULT_ANNOUNCEMENT
    number_mode: str = "whole"
    requeue: str = "original"
    marquee: str = ""
    footer: str = ""
    always_open: bool = False

    def to_config(self) -> dict[str, Any]:
        d = asdict(self)
        d["days"] = list(self.days)
        return d


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    short: str


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    agency: str
    name: str
    prefix: str
    quota: int | None
    hours: str | None
    service_minutes: float


@dataclass(frozen=True)
class CounterSpec:
    code: str
    name: str
    agency: str
    services: tuple[str, ...]
    zone: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    name: str
    role: str
    agency: str | None
    password_hash: str | None


@dataclass(frozen=True)
class SiteSpec:
    settings: SiteSettings
    priority_classes: tuple[tuple[str, str], ...]
    agencies: tuple[AgencySpec, ...]
    services: tuple[ServiceSpec, ...]
    counters: tuple[CounterSpec, ...]
    users: tuple[UserSpec, ...] = field(default=())


class _Checker:
    """Collects every problem instead of stopping at the first one."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def add(self, where: str, fld: str | None, message: str) -> None:
        at = f"{where}, field '{fld}'" if fld else where
        self.problems.append(f"{self.source}: {at}: {message}")

    def get(
        self,
        entry: dict[str, Any],
        where: str,
        name: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        if name not in entry:
            if required:
                self.add(where, name, "wajib diisi (missing)")
            return default
        value = entry[name]
        # bool is an int in Python; a quota of `true` is still a mistake.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            expected = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.add(where, name, f"harus bertipe {_TYPE_NAMES.get(expected, expected)}, "
                     f"bukan {type(value).__name__} ({value!r})")
            return default
        return value


_TYPE_NAMES = {"str": "teks (string)", "int": "bilangan bulat (integer)", "bool": "true/false",
               "list": "daftar (list)", "int/float": "angka"}


def _label(section: str, index: int, entry: Any, key: str) -> str:
    ident = entry.get(key) if isinstance(entry, dict) else None
    return f"{section}[{index}] ({key} {ident!r})" if ident is not None else f"{section}[{index}]"


def _entries(data: dict[str, Any], section: str, c: _Checker) -> list[dict[str, Any]]:
    raw = data.get(section, [])
    if not isinstance(raw, list):
        c.add(section, None, f"harus berupa daftar [[{section}]]")
        return []
    out = []
    for i, e in enumerate(raw):
        if isinstance(e, dict):
            out.append(e)
        else:
            c.add(f"{section}[{i}]", None, "harus berupa tabel [[...]]")
            out.append({})
    return out


def _unknown_keys(c: _Checker, where: str, entry: dict[str, Any], allowed: set[str]) -> None:
    for key in sorted(set(entry) - allowed):
        c.add(where, key, f"tidak dikenal; yang boleh: {', '.join(sorted(allowed))}")


def parse_site(text: str, source: str = "<site>") -> SiteSpec:
    """Validate a whole site file. Raises SiteFileError with every problem found."""
    c = _Checker(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteFileError([f"{source}: bukan TOML yang valid: {exc}"]) from None

    _unknown_keys(c, "top level", data,
                  {"site", "priority_classes", "agencies", "services", "counters", "users"})
    settings = _parse_settings(data, c)

    classes: list[tuple[str, str]] = []
    seen_classes: set[str] = set()
    for i, e in enumerate(_entries(data, "priority_classes", c)):
        where = _label("priority_classes", i, e, "code")
        _unknown_keys(c, where, e, {"code", "name"})
        code = c.get(e, where, "code", str)
        name = c.get(e, where, "name", str)
        if code is not None:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", code):
                c.add(where, "code", f"'{code}' harus huruf kecil/angka/garis bawah")
            elif code in seen_classes:
                c.add(where, "code", f"kode '{code}' dipakai dua kali")
            seen_classes.add(code)
        if code and name:
            classes.append((code, name))
    if "priority_classes" not in data:
        classes = list(DEFAULT_PRIORITY_CLASSES)

    agencies: list[AgencySpec] = []
    agency_codes: set[str] = set()
    for i, e in enumerate(_entries(data, "agencies", c)):
        where = _label("agencies", i, e, "code")
        _unknown_keys(c, where, e, {"code", "name", "short"})
        code = _code(c, e, where, agency_codes)
        name = c.get(e, where, "name", str)
        short = c.get(e, where, "short", str, required=False, default=name)
        if code and name:
            agencies.append(AgencySpec(code, name, short or name))
    if not agencies and not c.problems:
        c.add("agencies", None, "minimal satu instansi ([[agencies]])")

    services: list[ServiceSpec] = []
    service_codes: set[str] = set()
    prefixes: dict[str, str] = {}
    service_agency: dict[str, str] = {}
    for i, e in enumerate(_entries(data, "services", c)):
        where = _label("services", i, e, "code")
        _unknown_keys(c, where, e,
                      {"code", "agency", "name", "prefix", "quota", "hours", "service_minutes"})
        code = _code(c, e, where, service_codes)
        agency = c.get(e, where, "agency", str)
        if agency is not None and agency not in agency_codes:
            c.add(where, "agency", f"instansi '{agency}' tidak ada di [[agencies]]")
        name = c.get(e, where, "name", str)
        prefix = c.get(e, where, "prefix", str)
        if prefix is not None:
            if not _PREFIX.match(prefix):
                c.add(where, "prefix", f"'{prefix}' harus 1–3 huruf besar A–Z")
            elif prefix in prefixes:
                c.add(where, "prefix", f"awalan '{prefix}' sudah dipakai layanan '{prefixes[prefix]}'")
            else:
                prefixes[prefix] = code or "?"
        quota = c.get(e, where, "quota", int, required=False)
        if quota is not None and quota <= 0:
            c.add(where, "quota", f"harus lebih dari 0, bukan {quota} (hapus baris ini untuk tanpa kuota)")
        hours = c.get(e, where, "hours", str, required=False)
        if hours is not None:
            try:
                parse_hours(hours)
            except ValueError as exc:
                c.add(where, "hours", str(exc))
        minutes = c.get(e, where, "service_minutes", (int, float), required=False, default=5)
        if minutes is not None and not 0 < minutes <= 240:
            c.add(where, "service_minutes", f"harus antara 0 dan 240 menit, bukan {minutes}")
        if code and agency and name and prefix:
            if agency in agency_codes:
                service_agency[code] = agency
            services.append(ServiceSpec(code, agency, name, prefix, quota, hours, float(minutes or 5)))

    counters: list[CounterSpec] = []
    counter_codes: set[str] = set()
    served: set[str] = set()
    for i, e in enumerate(_entries(data, "counters", c)):
        where = _label("counters", i, e, "code")
        _unknown_keys(c, where, e, {"code", "name", "agency", "services", "zone"})
        code = _code(c, e, where, counter_codes)
        name = c.get(e, where, "name", str)
        agency = c.get(e, where, "agency", str)
        if agency is not None and agency not in agency_codes:
            c.add(where, "agency", f"instansi '{agency}' tidak ada di [[agencies]]")
        svc = c.get(e, where, "services", list, default=[])
        for s in svc:
            if not isinstance(s, str) or s not in service_codes:
                c.add(where, "services", f"layanan '{s}' tidak ada di [[services]]")
        if isinstance(svc, list) and not svc and "services" in e:
            c.add(where, "services", "minimal satu layanan")
        zone = c.get(e, where, "zone", str, required=False, default="")
        if code and name and agency:
            served.update(s for s in svc if isinstance(s, str))
            counters.append(CounterSpec(code, name, agency, tuple(s for s in svc if isinstance(s, str)),
                                        zone or ""))

    users: list[UserSpec] = []
    usernames: set[str] = set()
    for i, e in enumerate(_entries(data, "users", c)):
        where = _label("users", i, e, "username")
        _unknown_keys(c, where, e, {"username", "name", "role", "agency", "password_hash"})
        username = c.get(e, where, "username", str)
        if username is not None:
            if not re.fullmatch(r"[a-z0-9_.-]{2,64}", username):
                c.add(where, "username", f"'{username}' harus 2–64 huruf kecil/angka/._-")
            elif username in usernames:
                c.add(where, "username", f"'{username}' dipakai dua kali")
            usernames.add(username)
        name = c.get(e, where, "name", str, required=False, default="")
        role = c.get(e, where, "role", str)
        if role is not None and role not in {r.value for r in Role}:
            c.add(where, "role", f"'{role}' bukan peran yang dikenal (clerk, supervisor, admin)")
        agency = c.get(e, where, "agency", str, required=False)
        if agency is not None and agency not in agency_codes:
            c.add(where, "agency", f"instansi '{agency}' tidak ada di [[agencies]]")
        if role == Role.CLERK and agency is None:
            c.add(where, "agency", "petugas (clerk) wajib punya instansi")
        pw = c.get(e, where, "password_hash", str, required=False)
        if pw is not None and not pw.startswith("$argon2"):
            c.add(where, "password_hash",
                  "harus hash argon2 ($argon2id$...); buat dengan 'antre user passwd'")
        if username and role:
            users.append(UserSpec(username, name or username, role, agency, pw))

    for i, cs in enumerate(counters):
        for s in cs.services:
            if service_agency.get(s) not in (None, cs.agency):
                c.add(_label("counters", i, {"code": cs.code}, "code"), "services",
                      f"layanan '{s}' milik instansi '{service_agency[s]}', bukan '{cs.agency}'")
    for s in services:
        if s.code not in served:
            c.add(f"services ({s.code!r})", None, "tidak dilayani loket mana pun; tambahkan ke [[counters]]")

    if c.problems or settings is None:
        raise SiteFileError(c.problems)
    return SiteSpec(settings, tuple(classes), tuple(agencies), tuple(services), tuple(counters),
                    tuple(users))


def _code(c: _Checker, e: dict[str, Any], where: str, seen: set[str]) -> str | None:
    code: str | None = c.get(e, where, "code", str)
    if code is None:
        return None
    if not _CODE.match(code):
        c.add(where, "code", f"'{code}' harus huruf besar/angka/garis bawah (maks. 32)")
        return None
    if code in seen:
        c.add(where, "code", f"kode '{code}' dipakai dua kali")
        return None
    seen.add(code)
    return code


def _parse_settings(data: dict[str, Any], c: _Checker) -> SiteSettings | None:
    raw = data.get("site")
    if not isinstance(raw, dict):
        c.add("[site]", None, "bagian [site] wajib ada")
        return None
    where = "[site]"
    _unknown_keys(c, where, raw, {f for f in SiteSettings.__dataclass_fields__})
    defaults = SiteSettings(name="")
    name = c.get(raw, where, "name", str)
    tz = c.get(raw, where, "timezone", str, required=False, default=defaults.timezone)
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        c.add(where, "timezone", f"zona waktu '{tz}' tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar)")
    hours = c.get(raw, where, "hours", str, required=False, default=defaults.hours)
    try:
        parse_hours(hours)
    except ValueError as exc:
        c.add(where, "hours", str(exc))
    days = c.get(raw, where, "days", list, required=False, default=list(defaults.days))
    for d in days:
        if d not in DAYS:
            c.add(where, "days", f"'{d}' bukan hari; pakai {', '.join(DAYS)}")
    ratio = c.get(raw, where, "priority_ratio", int, required=False, default=defaults.priority_ratio)
    if ratio is not None and ratio < 0:
        c.add(where, "priority_ratio", "tidak boleh negatif (0 = prioritas selalu didahulukan)")
    template = c.get(raw, where, "announcement", str, required=False, default=defaults.announcement)
    for fld in re.findall(r"{([^{}]*)}", template):
        if fld not in TEMPLATE_FIELDS:
            allowed = ", ".join("{" + f + "}" for f in sorted(TEMPLATE_FIELDS))
            c.add(where, "announcement", f"'{{{fld}}}' tidak dikenal; yang boleh: {allowed}")
    if "{nomor}" not in template:
        c.add(where, "announcement", "harus memuat {nomor}")
    mode = c.get(raw, where, "number_mode", str, required=False, default=defaults.number_mode)
    if mode not in {"whole", "digits"}:
        c.add(where, "number_mode", f"'{mode}' harus \"whole\" atau \"digits\"")
    requeue = c.get(raw, where, "requeue", str, required=False, default=defaults.requeue)
    if requeue not in {"original", "end"}:
        c.add(where, "requeue", f"'{requeue}' harus \"original\" atau \"end\"")
    marquee = c.get(raw, where, "marquee", str, required=False, default="")
    footer = c.get(raw, where, "footer", str, required=False, default="")
    always_open = c.get(raw, where, "always_open", bool, required=False, default=False)
    if name is None:
        return None
    return SiteSettings(
        name=name, timezone=tz, hours=hours, days=tuple(d for d in days if d in DAYS),
        priority_ratio=ratio if ratio is not None else 2, announcement=template, number_mode=mode,
        requeue=requeue, marquee=marquee, footer=footer, always_open=bool(always_open),
    )


def load_site_file(path: str | Path) -> SiteSpec:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SiteFileError([f"{p}: tidak bisa dibaca: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise SiteFileError([f"{p}: bukan teks UTF-8"]) from None
    return parse_site(text, source=p.name)


@dataclass(frozen=True)
class ApplyReport:
    agencies: int
    services: int
    counters: int
    users: int
    deactivated: int


def apply_site(session: Session, spec: SiteSpec, *, now: dt.datetime) -> ApplyReport:
    """Write ``spec`` into the store (upsert by code). The caller owns the transaction."""
    site = session.get(Site, 1)
    cfg = spec.settings.to_config()
    if site is None:
        session.add(Site(id=1, name=spec.settings.name, timezone=spec.settings.timezone,
                         config=cfg, loaded_at=now, revision=1))
    else:
        site.name, site.timezone, site.config, site.loaded_at = (
            spec.settings.name, spec.settings.timezone, cfg, now)
        site.revision += 1

    deactivated = 0
    classes = {pc.code: pc for pc in session.scalars(select(PriorityClass))}
    for code, name in spec.priority_classes:
        if code in classes:
            classes[code].name, classes[code].active = name, True
        else:
            session.add(PriorityClass(code=code, name=name, active=True))
    for code, pc in classes.items():
        if code not in dict(spec.priority_classes) and pc.active:
            pc.active = False
            deactivated += 1

    agencies = {a.code: a for a in session.scalars(select(Agency))}
    for pos, a in enumerate(spec.agencies):
        agency = agencies.get(a.code)
        if agency is None:
            agency = Agency(code=a.code)
            session.add(agency)
            agencies[a.code] = agency
        agency.name, agency.short, agency.position, agency.active = a.name, a.short, pos, True
    wanted = {a.code for a in spec.agencies}
    deactivated += _deactivate(agencies.values(), lambda r: r.code not in wanted)
    session.flush()

    services = {s.code: s for s in session.scalars(select(Service))}
    # Free every prefix first so two services can swap prefixes in one reload.
    for existing in services.values():
        existing.prefix = f"~{existing.id}"
    session.flush()
    for pos, ss in enumerate(spec.services):
        svc = services.get(ss.code)
        if svc is None:
            svc = Service(code=ss.code, avg_service_s=ss.service_minutes * 60)
            session.add(svc)
            services[ss.code] = svc
        svc.agency_id = agencies[ss.agency].id
        svc.name, svc.prefix, svc.quota, svc.hours, svc.position, svc.active = (
            ss.name, ss.prefix, ss.quota, ss.hours, pos, True)
    wanted = {s.code for s in spec.services}
    deactivated += _deactivate(services.values(), lambda r: r.code not in wanted)
    session.flush()

    counters = {c.code: c for c in session.scalars(select(Counter))}
    for pos, cs in enumerate(spec.counters):
        counter = counters.get(cs.code)
        if counter is None:
            counter = Counter(code=cs.code)
            session.add(counter)
            counters[cs.code] = counter
        counter.name, counter.agency_id, counter.zone, counter.position, counter.active = (
            cs.name, agencies[cs.agency].id, cs.zone, pos, True)
    wanted = {c.code for c in spec.counters}
    deactivated += _deactivate(counters.values(), lambda r: r.code not in wanted)
    session.flush()
    session.execute(delete(CounterService))
    session.add_all(
        CounterService(counter_id=counters[cs.code].id, service_id=services[code].id)
        for cs in spec.counters
        for code in cs.services
    )

    users = {u.username: u for u in session.scalars(select(User))}
    for us in spec.users:
        user = users.get(us.username)
        if user is None:
            user = User(username=us.username, failed_logins=0)
            session.add(user)
        user.full_name, user.role, user.active = us.name, us.role, True
        user.agency_id = agencies[us.agency].id if us.agency else None
        if us.password_hash:
            user.password_hash = us.password_hash
    wanted = {u.username for u in spec.users}
    if spec.users:
        deactivated += _deactivate(users.values(), lambda r: r.username not in wanted)

    events.emit(session, "site_loaded", at=now, name=spec.settings.name,
                agencies=len(spec.agencies), services=len(spec.services), counters=len(spec.counters))
    return ApplyReport(len(spec.agencies), len(spec.services), len(spec.counters), len(spec.users),
                       deactivated)


def _deactivate(rows: Iterable[Any], pred: Callable[[Any], bool]) -> int:
    n = 0
    for r in rows:
        if pred(r) and r.active:
            r.active = False
            n += 1
    return n
