"""A site as data and as TOML: what a revision keeps, what "export" writes, and what
``antre site load`` reads back unchanged (``parse_site(to_toml(site_data(spec))) == spec``,
password hashes aside). And the difference between two revisions, in an operator's words."""

from __future__ import annotations

from typing import Any

import tomli_w

from shared.site.spec import SiteSpec, SurveySpec

_SECTION_KEYS = {"priority_classes": "code", "agencies": "code", "services": "code", "counters": "code",
                 "users": "username"}
_SECTION_NAMES = {"site": "situs", "priority_classes": "kelas prioritas", "agencies": "instansi",
                  "services": "layanan", "counters": "loket", "users": "pengguna", "calendar": "kalender"}


def site_data(spec: SiteSpec, *, passwords: bool = False) -> dict[str, Any]:
    """The site as a site file's data, in the file's order. Password hashes only when asked
    (a revision never keeps them: passwords are set apart, with ``antre user passwd``)."""
    services = []
    for s in spec.services:
        entry: dict[str, Any] = {"code": s.code, "agency": s.agency, "name": s.name, "prefix": s.prefix}
        if s.quota is not None:
            entry["quota"] = s.quota
        if s.hours is not None:
            entry["hours"] = s.hours
        if s.hours_by_day:
            entry["hours_by_day"] = dict(s.hours_by_day)
        entry["service_minutes"] = s.service_minutes
        entry["target_wait_min"] = s.target_wait_min
        services.append(entry)
    users = []
    for u in spec.users:
        user: dict[str, Any] = {"username": u.username, "name": u.name, "role": u.role}
        if u.agency is not None:
            user["agency"] = u.agency
        if passwords and u.password_hash:
            user["password_hash"] = u.password_hash
        users.append(user)
    data: dict[str, Any] = {
        "site": spec.settings.to_config(),
        "calendar": spec.calendar.to_data(),
        "priority_classes": [{"code": c, "name": n} for c, n in spec.priority_classes],
        "agencies": [{"code": a.code, "name": a.name, "short": a.short}
                     | ({"description": a.description} if a.description else {}) for a in spec.agencies],
        "services": services,
        "counters": [{"code": c.code, "name": c.name, "agency": c.agency, "services": list(c.services),
                      "zone": c.zone} for c in spec.counters],
    }
    if users:
        data["users"] = users
    if spec.survey != SurveySpec():
        data["survey"] = spec.survey.to_config()
    return data


def to_toml(data: dict[str, Any], *, header: str = "") -> str:
    """A site's data as a site file. ``header`` becomes comment lines on top."""
    top = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return top + ("\n" if top else "") + tomli_w.dumps(data)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _fields(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = []
    for key in list(old) + [k for k in new if k not in old]:
        if old.get(key) != new.get(key):
            if key not in new:
                lines.append(f"{label}: {key} dihapus (dulu {_show(old[key])})")
            elif key not in old:
                lines.append(f"{label}: {key} = {_show(new[key])}")
            else:
                lines.append(f"{label}: {key} {_show(old[key])} → {_show(new[key])}")
    return lines


def _keyed(section: str, key: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    name = _SECTION_NAMES[section]
    before = {str(e.get(key)): e for e in old}
    after = {str(e.get(key)): e for e in new}
    lines = [f"+ {name} {k}" + (f" ({after[k]['name']})" if after[k].get("name") else "")
             for k in after if k not in before]
    lines += [f"- {name} {k}" for k in before if k not in after]
    for k in after:
        if k in before:
            lines += _fields(f"{name} {k}", before[k], after[k])
    if not lines and [k for k in before if k in after] != [k for k in after if k in before]:
        lines.append(f"{name}: urutan diubah")
    return lines


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What changed from ``old`` to ``new`` (two sites' data), one line per change:
    ``+ layanan PAJAK (...)``, ``- loket L30``, ``layanan KTP: quota 150 → 120``,
    ``kalender: + libur 2026-12-31 ...``. Empty when they are the same."""
    if old is None:
        return ["situs pertama: " + ", ".join(
            f"{len(new.get(s, []))} {_SECTION_NAMES[s]}" for s in ("agencies", "services", "counters"))]
    lines = _fields("situs", old.get("site", {}), new.get("site", {}))
    oc, nc = dict(old.get("calendar", {})), dict(new.get("calendar", {}))
    lines += _keyed_calendar(oc.pop("holidays", []), nc.pop("holidays", []),
                             oc.pop("breaks", []), nc.pop("breaks", []))
    lines += _fields("kalender", oc, nc)
    lines += _fields("survei", old.get("survey", {}), new.get("survey", {}))
    for section, key in _SECTION_KEYS.items():
        lines += _keyed(section, key, old.get(section, []), new.get(section, []))
    return lines


def _keyed_calendar(
    old_h: list[dict[str, Any]], new_h: list[dict[str, Any]],
    old_b: list[dict[str, Any]], new_b: list[dict[str, Any]],
) -> list[str]:
    before = {h["date"]: h for h in old_h}
    after = {h["date"]: h for h in new_h}
    lines = [f"kalender: + libur {d} {after[d]['name']} ({after[d]['kind']})"
             for d in after if d not in before]
    lines += [f"kalender: - libur {d} {before[d]['name']}" for d in before if d not in after]
    lines += [f"kalender: libur {d} {_show(before[d])} → {_show(after[d])}"
              for d in after if d in before and before[d] != after[d]]
    if old_b != new_b:
        lines += [f"kalender: - istirahat {_show(b)}" for b in old_b if b not in new_b]
        lines += [f"kalender: + istirahat {_show(b)}" for b in new_b if b not in old_b]
    return lines
