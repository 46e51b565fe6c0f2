"""Reading a site file: the TOML is checked whole, and every mistake is listed with its entry
and field (:class:`~shared.errors.SiteFileError`), or a :class:`SiteSpec` comes back."""

from __future__ import annotations

import re
import string
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any

from shared.calendar import DAYS, calendar_from_data, parse_hours
from shared.errors import Problem, SiteFileError
from shared.limits import NUMBER, TEXT
from shared.models import Role
from shared.site.spec import (
    DEFAULT_PRIORITY_CLASSES,
    TEMPLATE_FIELDS,
    AgencySpec,
    CounterSpec,
    ServiceSpec,
    SiteSettings,
    SiteSpec,
    SurveySpec,
    UserSpec,
)

_CODE = re.compile(r"^[A-Z0-9_]{1,32}$")
_PREFIX = re.compile(r"^[A-Z]{1,3}$")


class _Checker:
    """Collects every problem instead of stopping at the first one."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        self.details: list[Problem] = []

    def add(self, where: str, fld: str | None, message: str) -> None:
        at = f"{where}, field '{fld}'" if fld else where
        self.problems.append(f"{self.source}: {at}: {message}")
        self.details.append(Problem(where, fld, message))

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

    def text(
        self,
        entry: dict[str, Any],
        where: str,
        name: str,
        column: str,
        *,
        required: bool = True,
        default: str | None = None,
        may_be_empty: bool = False,
    ) -> str | None:
        """A text field that must fit its store column (``limits.TEXT``) and, unless
        ``may_be_empty``, hold more than blanks."""
        value: str | None = self.get(entry, where, name, str, required=required, default=default)
        if value is None or name not in entry:
            return value
        if not value.strip() and not may_be_empty:
            self.add(where, name, "tidak boleh kosong")
            return None
        limit = TEXT[column]
        if len(value) > limit:
            self.add(where, name, f"terlalu panjang: {len(value)} karakter, paling banyak {limit}")
        return value

    def number(self, where: str, name: str, value: float | None, field: str, hint: str = "") -> bool:
        """Whether ``value`` (when given) lies in its range of ``limits.NUMBER``."""
        low, high = NUMBER[field]
        if value is None or low <= value <= high:
            return True
        self.add(where, name, f"harus antara {low:g} dan {high:g}, bukan {value}{hint}")
        return False


def template_problems(template: str) -> list[str]:
    """What is wrong with an announcement template: unbalanced braces, unknown fields, or
    a field with a format (``{nomor:>5}``), which the voice cannot read."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return ["kurung kurawal { } tidak berpasangan (tulis {{ atau }} untuk tanda kurung itu sendiri)"]
    allowed = ", ".join("{" + f + "}" for f in sorted(TEMPLATE_FIELDS))
    problems, fields = [], set()
    for _, fld, spec, conversion in parts:
        if fld is None:
            continue
        if fld not in TEMPLATE_FIELDS:
            problems.append(f"'{{{fld}}}' tidak dikenal; yang boleh: {allowed}")
        elif spec or conversion:
            problems.append(f"'{{{fld}}}' ditulis tanpa format (tanpa ':' atau '!')")
        fields.add(fld)
    if "nomor" not in fields:
        problems.append("harus memuat {nomor}")
    return problems


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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteFileError([f"{source}: bukan TOML yang valid: {exc}"]) from None
    return parse_site_data(data, source)


def parse_site_data(data: dict[str, Any], source: str = "<site>") -> SiteSpec:
    """Validate a site given as data (a site file as read, or an admin's edit of one): the one
    validator of sites. Raises SiteFileError with every problem found."""
    c = _Checker(source)
    _unknown_keys(c, "top level", data,
                  {"site", "priority_classes", "agencies", "services", "counters", "users", "calendar",
                   "survey"})
    settings = _parse_settings(data, c)

    classes: list[tuple[str, str]] = []
    seen_classes: set[str] = set()
    for i, e in enumerate(_entries(data, "priority_classes", c)):
        where = _label("priority_classes", i, e, "code")
        _unknown_keys(c, where, e, {"code", "name"})
        code = c.get(e, where, "code", str)
        name = c.text(e, where, "name", "priority_class.name")
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
        _unknown_keys(c, where, e, {"code", "name", "short", "description"})
        code = _code(c, e, where, agency_codes)
        name = c.text(e, where, "name", "agency.name")
        short = c.text(e, where, "short", "agency.short", required=False)
        description = c.text(e, where, "description", "agency.description", required=False,
                             may_be_empty=True)
        if short is None and "short" not in e and name is not None and len(name) > TEXT["agency.short"]:
            c.add(where, "short", f"wajib diisi: nama instansi lebih dari {TEXT['agency.short']} karakter "
                  "dan tidak muat di ubin kios")
        if code and name:
            agencies.append(AgencySpec(code, name, short or name, description.strip() if description else ""))
    if not agencies and not c.problems:
        c.add("agencies", None, "minimal satu instansi ([[agencies]])")

    services: list[ServiceSpec] = []
    service_codes: set[str] = set()
    prefixes: dict[str, str] = {}
    service_agency: dict[str, str] = {}
    service_hours: list[tuple[str, str | None, Any]] = []
    service_where: dict[str, str] = {}
    for i, e in enumerate(_entries(data, "services", c)):
        where = _label("services", i, e, "code")
        _unknown_keys(c, where, e, {"code", "agency", "name", "prefix", "quota", "hours", "hours_by_day",
                                    "service_minutes", "target_wait_min"})
        code = _code(c, e, where, service_codes)
        agency = c.get(e, where, "agency", str)
        if agency is not None and agency not in agency_codes:
            c.add(where, "agency", f"instansi '{agency}' tidak ada di [[agencies]]")
        name = c.text(e, where, "name", "service.name")
        prefix = c.get(e, where, "prefix", str)
        if prefix is not None:
            if not _PREFIX.match(prefix):
                c.add(where, "prefix", f"'{prefix}' harus 1–3 huruf besar A–Z")
            elif prefix in prefixes:
                c.add(where, "prefix", f"awalan '{prefix}' sudah dipakai layanan '{prefixes[prefix]}'")
            else:
                prefixes[prefix] = code or "?"
        quota = c.get(e, where, "quota", int, required=False)
        c.number(where, "quota", quota, "service.quota", " (hapus baris ini untuk tanpa kuota)")
        hours = c.get(e, where, "hours", str, required=False)
        by_day = c.get(e, where, "hours_by_day", dict, required=False)
        if code:  # checked with the calendar, which knows the site's days
            service_hours.append((code, hours, by_day))
            service_where[f"services ({code!r})"] = where
        minutes = c.get(e, where, "service_minutes", (int, float), required=False, default=5)
        if minutes is not None and not 0 < minutes <= 240:
            c.add(where, "service_minutes", f"harus antara 0 dan 240 menit, bukan {minutes}")
        target = c.get(e, where, "target_wait_min", int, required=False, default=30)
        if target is not None and not 1 <= target <= 480:
            c.add(where, "target_wait_min", f"harus antara 1 dan 480 menit, bukan {target}")
        if code and agency and name and prefix:
            if agency in agency_codes:
                service_agency[code] = agency
            services.append(ServiceSpec(
                code, agency, name, prefix, quota, hours, float(minutes or 5),
                tuple((d, h) for d, h in (by_day or {}).items() if isinstance(h, str)),
                int(target or 30)))

    counters: list[CounterSpec] = []
    counter_codes: set[str] = set()
    served: set[str] = set()
    for i, e in enumerate(_entries(data, "counters", c)):
        where = _label("counters", i, e, "code")
        _unknown_keys(c, where, e, {"code", "name", "agency", "services", "zone"})
        code = _code(c, e, where, counter_codes)
        name = c.text(e, where, "name", "counter.name")
        agency = c.get(e, where, "agency", str)
        if agency is not None and agency not in agency_codes:
            c.add(where, "agency", f"instansi '{agency}' tidak ada di [[agencies]]")
        svc = c.get(e, where, "services", list, default=[])
        for s in svc:
            if not isinstance(s, str) or s not in service_codes:
                c.add(where, "services", f"layanan '{s}' tidak ada di [[services]]")
        if isinstance(svc, list) and not svc and "services" in e:
            c.add(where, "services", "minimal satu layanan")
        zone = c.text(e, where, "zone", "counter.zone", required=False, default="", may_be_empty=True)
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
        name = c.text(e, where, "name", "app_user.full_name", required=False, default="", may_be_empty=True)
        role = c.get(e, where, "role", str)
        if role is not None and role not in {r.value for r in Role}:
            c.add(where, "role", f"'{role}' bukan peran yang dikenal (clerk, supervisor, admin)")
        agency = c.get(e, where, "agency", str, required=False)
        if agency is not None and agency not in agency_codes:
            c.add(where, "agency", f"instansi '{agency}' tidak ada di [[agencies]]")
        if role == Role.CLERK and agency is None:
            c.add(where, "agency", "petugas (clerk) wajib punya instansi")
        pw = c.get(e, where, "password_hash", str, required=False)
        if pw is not None and len(pw) > TEXT["app_user.password_hash"]:
            c.add(where, "password_hash", f"terlalu panjang: {len(pw)} karakter, paling banyak "
                  f"{TEXT['app_user.password_hash']}")
        elif pw is not None and not pw.startswith("$argon2"):
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

    calendar, problems = calendar_from_data(
        data.get("calendar"), days=settings.days if settings else DAYS[:5],
        hours=settings.hours if settings and _valid_hours(settings.hours) else "08:00-15:00",
        service_hours=service_hours)
    for p in problems:
        c.add(service_where.get(p.where, p.where), p.field, p.message)

    survey = _parse_survey(data, c)

    if c.problems or settings is None or calendar is None:
        raise SiteFileError(c.problems, c.details)
    return SiteSpec(settings, tuple(classes), tuple(agencies), tuple(services), tuple(counters),
                    tuple(users), calendar, survey)


def _valid_hours(value: str) -> bool:
    try:
        parse_hours(value)
    except ValueError:
        return False
    return True


def _parse_survey(data: dict[str, Any], c: _Checker) -> SurveySpec:
    """The [survey] section: the SKM's nine questions and four answers, each optional."""
    raw = data.get("survey", {})
    defaults = SurveySpec()
    if not isinstance(raw, dict):
        c.add("[survey]", None, "harus berupa tabel [survey]")
        return defaults
    where = "[survey]"
    _unknown_keys(c, where, raw, {"questions", "answers"})
    wording: dict[str, tuple[str, ...]] = {}
    for key, default, n in (("questions", defaults.questions, 9), ("answers", defaults.answers, 4)):
        value = c.get(raw, where, key, list, required=False, default=list(default))
        if len(value) != n or not all(isinstance(v, str) and v.strip() for v in value):
            c.add(where, key, f"harus berisi tepat {n} teks yang tidak kosong, bukan {len(value)}")
            value = list(default)
        wording[key] = tuple(v.strip() for v in value)
    return SurveySpec(wording["questions"], wording["answers"])


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
    name = c.text(raw, where, "name", "site.name")
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
    c.number(where, "priority_ratio", ratio, "site.priority_ratio",
             " (panggilan biasa per satu panggilan prioritas)")
    template = c.get(raw, where, "announcement", str, required=False, default=defaults.announcement)
    for problem in template_problems(template if template is not None else defaults.announcement):
        c.add(where, "announcement", problem)
    mode = c.get(raw, where, "number_mode", str, required=False, default=defaults.number_mode)
    if mode not in {"whole", "digits"}:
        c.add(where, "number_mode", f"'{mode}' harus \"whole\" atau \"digits\"")
    requeue = c.get(raw, where, "requeue", str, required=False, default=defaults.requeue)
    if requeue not in {"original", "end"}:
        c.add(where, "requeue", f"'{requeue}' harus \"original\" atau \"end\"")
    marquee = c.get(raw, where, "marquee", str, required=False, default="")
    footer = c.get(raw, where, "footer", str, required=False, default="")
    always_open = c.get(raw, where, "always_open", bool, required=False, default=False)
    long_wait = c.get(raw, where, "long_wait_min", int, required=False, default=defaults.long_wait_min)
    c.number(where, "long_wait_min", long_wait, "site.long_wait_min", " menit")
    if name is None:
        return None
    return SiteSettings(
        name=name, timezone=tz, hours=hours, days=tuple(d for d in days if d in DAYS),
        priority_ratio=ratio if ratio is not None else 2, announcement=template, number_mode=mode,
        requeue=requeue, marquee=marquee, footer=footer, always_open=bool(always_open),
        long_wait_min=long_wait if long_wait is not None else defaults.long_wait_min,
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

