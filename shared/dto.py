"""Frozen views handed to the apps and the CLI. Widgets never see live ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class JsonMixin:
    def to_json(self) -> dict[str, Any]:
        return {k: _jsonable(v) for k, v in asdict(self).items()}  # type: ignore[call-overload]


@dataclass(frozen=True)
class TicketView(JsonMixin):
    id: int
    code: str
    number: int
    business_day: dt.date
    status: str
    service: str
    service_name: str
    agency: str
    agency_name: str
    priority_class: str | None
    issued_at: dt.datetime
    called_at: dt.datetime | None
    counter: str | None
    counter_name: str | None
    call_count: int
    token: str

    @property
    def qr_payload(self) -> str:
        return ticket_reference(self.business_day, self.code, self.token)


def ticket_reference(day: dt.date, code: str, token: str) -> str:
    """What the receipt's QR code holds; the counter app's scanner reads it back."""
    return f"ANTRE1|{day.isoformat()}|{code}|{token}"


@dataclass(frozen=True)
class IssuedTicket(JsonMixin):
    ticket: TicketView
    ahead: int
    estimated_wait_min: int
    site_name: str
    past_closing: str | None = None
    """The service's closing time when the estimated wait runs past it (see rules.waits)."""

    def to_json(self) -> dict[str, Any]:
        t = self.ticket
        return {
            "code": t.code,
            "service": t.service,
            "service_name": t.service_name,
            "agency": t.agency,
            "agency_name": t.agency_name,
            "priority_class": t.priority_class,
            "business_day": t.business_day.isoformat(),
            "issued_at": t.issued_at.isoformat(),
            "ahead": self.ahead,
            "estimated_wait_min": self.estimated_wait_min,
            "past_closing": self.past_closing,
            "reference": t.qr_payload,
        }


@dataclass(frozen=True)
class CallResult(JsonMixin):
    ticket: TicketView | None
    finished: TicketView | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket.to_json() if self.ticket else None,
            "finished": self.finished.to_json() if self.finished else None,
        }


@dataclass(frozen=True)
class CounterView(JsonMixin):
    code: str
    name: str
    agency: str
    zone: str
    state: str
    pause_reason: str | None
    current: str | None
    current_status: str | None
    user: str | None
    services: tuple[str, ...]


@dataclass(frozen=True)
class ServiceView(JsonMixin):
    code: str
    name: str
    agency: str
    agency_name: str
    agency_short: str
    prefix: str
    quota: int | None
    hours: str
    issued_today: int
    waiting: int
    served_today: int
    longest_wait_s: int
    estimated_wait_min: int
    open_counters: int
    available: bool
    unavailable_reason: str | None
    past_closing: str | None = None
    """The closing time when the estimated wait for a new number runs past it."""
    long_wait_s: int = 3600
    """The site's long wait (``[site] long_wait_min``): a visitor waiting this long makes the
    supervisor's view flag the service."""


@dataclass(frozen=True)
class StatusView(JsonMixin):
    site_name: str
    business_day: dt.date
    services: tuple[ServiceView, ...]
    counters: tuple[CounterView, ...]
