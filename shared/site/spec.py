"""What a site file holds: the site's settings, agencies, services, counters and users,
checked and frozen (:class:`SiteSpec`), and the opening hours they are written in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_PRIORITY_CLASSES: tuple[tuple[str, str], ...] = (
    ("lansia", "Lansia"),
    ("disabilitas", "Penyandang disabilitas"),
    ("ibu_hamil", "Ibu hamil"),
    ("anak", "Anak-anak"),
)
DEFAULT_ANNOUNCEMENT = "Nomor antrian {nomor}, silakan menuju {loket}"
TEMPLATE_FIELDS = frozenset({"nomor", "loket", "layanan", "instansi"})
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
    target_wait_min: int = 30


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
    survey: SurveySpec = field(default_factory=lambda: SurveySpec())


# The SKM's nine elements (PermenPANRB 14/2017), in the guideline's order: u1 … u9.
SURVEY_ELEMENTS: tuple[str, ...] = (
    "Persyaratan",
    "Sistem, mekanisme dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
)
DEFAULT_SURVEY_QUESTIONS: tuple[str, ...] = (
    "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan dengan standar pelayanan?",
    "Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Anda tentang penanganan pengaduan, saran dan masukan?",
    "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?",
)
DEFAULT_SURVEY_ANSWERS: tuple[str, ...] = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")


@dataclass(frozen=True)
class SurveySpec:
    """The SKM questionnaire's wording: nine questions (one per element) and four answers, 1 to 4."""

    questions: tuple[str, ...] = DEFAULT_SURVEY_QUESTIONS
    answers: tuple[str, ...] = DEFAULT_SURVEY_ANSWERS

    def to_config(self) -> dict[str, Any]:
        return {"questions": list(self.questions), "answers": list(self.answers)}

