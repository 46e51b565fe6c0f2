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
    hours_by_day: tuple[tuple[str, str], ...] = ()
    """Opening hours that differ by weekday for this service, e.g. (("fri", "08:00-11:00"),)."""


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

    def config(self) -> dict[str, Any]:
        """The settings the site row keeps: [site], and the calendar with the services' hours."""
        return self.settings.to_config() | {
            "calendar": self.calendar.to_data() | {"service_hours": service_hours_data(self.calendar)}}

