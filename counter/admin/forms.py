"""The console's forms as plain data, no Qt: which fields each table has, turning rows of
text into a site's data and back, and placing the validator's problems at their cells.

The validator is the site file's (:func:`shared.site.revisions.check`): a form only carries
text, so a quota typed as "dua" reaches the validator as text and comes back as its own
Indonesian message, next to the quota's cell."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shared.errors import Problem


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, number, list, table (day = hours, ...)
    optional: bool = False


@dataclass(frozen=True)
class Table:
    """One list of the site: where it lives in the data, its title and its columns."""

    path: tuple[str, ...]
    title: str
    columns: tuple[Column, ...]

    @property
    def where(self) -> str:
        """The name the validator uses for its entries (``services``, ``calendar.holidays``)."""
        return ".".join(self.path)


TABLES: tuple[Table, ...] = (
    Table(("agencies",), "Instansi", (
        Column("code", "Kode"), Column("name", "Nama"), Column("short", "Nama singkat", optional=True),
        Column("description", "Keterangan di kios", optional=True))),
    Table(("services",), "Layanan", (
        Column("code", "Kode"), Column("agency", "Instansi"), Column("name", "Nama"),
        Column("prefix", "Awalan"), Column("quota", "Kuota", "int", optional=True),
        Column("hours", "Jam", optional=True), Column("hours_by_day", "Jam per hari", "table", optional=True),
        Column("service_minutes", "Menit per layanan", "number", optional=True),
        Column("target_wait_min", "Target tunggu (menit)", "int", optional=True))),
    Table(("counters",), "Loket", (
        Column("code", "Kode"), Column("name", "Nama"), Column("agency", "Instansi"),
        Column("services", "Layanan", "list"), Column("zone", "Zona", optional=True))),
    Table(("users",), "Pengguna", (
        Column("username", "Nama pengguna"), Column("name", "Nama lengkap", optional=True),
        Column("role", "Peran"), Column("agency", "Instansi", optional=True))),
    Table(("priority_classes",), "Kelas prioritas", (Column("code", "Kode"), Column("name", "Nama"))),
    Table(("calendar", "holidays"), "Hari libur", (
        Column("date", "Tanggal"), Column("name", "Nama"), Column("kind", "Jenis"))),
    Table(("calendar", "breaks"), "Istirahat", (
        Column("name", "Nama"), Column("days", "Hari", "list"), Column("time", "Jam"),
        Column("services", "Hanya layanan", "list", optional=True))),
)
TABLE = {t.where: t for t in TABLES}

SITE_FIELDS: tuple[Column, ...] = (
    Column("name", "Nama situs"), Column("timezone", "Zona waktu"), Column("hours", "Jam buka"),
    Column("days", "Hari buka", "list"), Column("priority_ratio", "Rasio prioritas", "int"),
    Column("announcement", "Templat pengumuman"), Column("number_mode", "Cara membaca nomor"),
    Column("requeue", "Nomor yang kembali"), Column("marquee", "Teks berjalan", optional=True),
    Column("footer", "Kaki struk", optional=True),
    Column("long_wait_min", "Tunggu lama (menit)", "int", optional=True),
)
CALENDAR_FIELDS: tuple[Column, ...] = (
    Column("cutoff_minutes", "Berhenti memberi nomor (menit sebelum tutup)", "int"),
)
CALENDAR_FLAGS = (("cutoff_by_wait", "Berhenti juga bila perkiraan tunggu melewati jam tutup"),
                  ("issue_during_breaks", "Kios tetap memberi nomor saat istirahat"))


def show(value: Any, kind: str) -> str:
    """A value as the text of its cell."""
    if value is None:
        return ""
    if kind == "list" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == "table" and isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read(text: str, kind: str) -> Any:
    """A cell's text as data. What does not parse stays text, for the validator to name."""
    text = text.strip()
    if kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "table":
        pairs: dict[str, str] = {}
        for part in (p.strip() for p in text.split(",") if p.strip()):
            day, _, hours = part.partition(" ")
            pairs[day.strip()] = hours.strip()
        return pairs
    if kind == "int" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text) if "." in text else int(text)
    return text


def rows(table: Table, data: dict[str, Any]) -> list[list[str]]:
    """The table's entries as rows of cell texts."""
    return [[show(entry.get(c.key), c.kind) for c in table.columns] for entry in entries(table, data)]


def entries(table: Table, data: dict[str, Any]) -> list[dict[str, Any]]:
    node: Any = data
    for key in table.path:
        node = node.get(key, {} if key != table.path[-1] else []) if isinstance(node, dict) else []
    return list(node) if isinstance(node, list) else []


def put_rows(table: Table, data: dict[str, Any], cells: Iterable[list[str]]) -> None:
    """Write rows of cell texts back into ``data`` (in place). Empty optional cells are left
    out, as a site file would leave them out; a wholly empty row is dropped."""
    out = []
    for row in cells:
        if not any(cell.strip() for cell in row):
            continue
        entry: dict[str, Any] = {}
        for c, cell in zip(table.columns, row, strict=False):
            if c.optional and not cell.strip():
                continue
            entry[c.key] = read(cell, c.kind)
        out.append(entry)
    node = data
    for key in table.path[:-1]:
        node = node.setdefault(key, {})
    if out or table.path[-1] in node or len(table.path) == 1:
        node[table.path[-1]] = out


_INDEXED = re.compile(r"^(?P<where>[a-z_.]+)\[(?P<index>\d+)\]")
_BY_CODE = re.compile(r"^(?P<where>[a-z_]+) \('(?P<code>[^']*)'\)$")


@dataclass(frozen=True)
class Place:
    """Where a problem shows: a table's row and column, or a form's field (row None)."""

    where: str
    row: int | None
    field: str | None


def place(problem: Problem, data: dict[str, Any]) -> Place:
    """The cell or field a validator's problem belongs to."""
    m = _INDEXED.match(problem.where)
    if m:
        return Place(m["where"], int(m["index"]), problem.field)
    m = _BY_CODE.match(problem.where)
    if m and m["where"] in TABLE:
        table = TABLE[m["where"]]
        key = table.columns[0].key
        for i, entry in enumerate(entries(table, data)):
            if str(entry.get(key)) == m["code"]:
                return Place(table.where, i, problem.field)
    where = {"[site]": "site", "top level": "site"}.get(problem.where, problem.where)
    return Place(where, None, problem.field)


def placed(problems: Iterable[Problem], data: dict[str, Any]) -> dict[Place, list[str]]:
    out: dict[Place, list[str]] = {}
    for p in problems:
        out.setdefault(place(p, data), []).append(p.message)
    return out


def week_hours(data: dict[str, Any]) -> dict[str, str]:
    return dict(data.get("calendar", {}).get("hours", {}) or {})


def put_week_hours(data: dict[str, Any], hours: dict[str, str]) -> None:
    cal = data.setdefault("calendar", {})
    kept = {day: h.strip() for day, h in hours.items() if h.strip()}
    if kept:
        cal["hours"] = kept
    else:
        cal.pop("hours", None)
