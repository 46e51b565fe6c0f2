"""What a site file holds: the site's settings, agencies, services, counters, users and
calendar, checked and frozen (:class:`SiteSpec`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from shared.calendar import Calendar, service_hours_data

DEFAULT_PRIORITY_CLASSES: tuple[tuple[str, str], ...] = (
    ("lansia", "Lansia"),
    ("disabilitas", "Penyandang disabilitas"),
    ("ibu_hamil", "Ibu hamil"),
    ("anak", "Anak-anak"),
)
DEFAULT_ANNOUNCEMENT = "Nomor antrean {nomor}, silakan menuju {loket}"
TEMPLATE_FIELDS = frozenset({"nomor", "loket", "layanan", "instansi"})


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
    long_wait_min: int = 60
    """A visitor waiting this many minutes makes the supervisor's view flag the service."""

    def to_config(self) -> dict[str, Any]:
        d = asdict(self)
        d["days"] = list(self.days)
        return d


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    short: str
    description: str = ""
    """What the agency does, in plain words ("Perizinan usaha"): the kiosk shows it under the
    short name, so an acronym such as DPMPTSP means something to a visitor."""


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    agency: str
    name: str
    prefix: str
    quota: int | None
    hours: str | None
    service_minutes: float
    hours_by_day: tuple[tuple[str, str], ...] = ()
    """Opening hours that differ by weekday for this service, e.g. (("fri", "08:00-11:00"),)."""
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
    calendar: Calendar = field(default_factory=Calendar)
    survey: SurveySpec = field(default_factory=lambda: SurveySpec())

    def config(self) -> dict[str, Any]:
        """The settings the site row keeps: [site], the calendar with the services' hours, and
        the SKM survey's wording."""
        return self.settings.to_config() | {
            "calendar": self.calendar.to_data() | {"service_hours": service_hours_data(self.calendar)},
            "survey": self.survey.to_config()}


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

