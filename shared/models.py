"""The store's tables, as typed SQLAlchemy 2 models.

History is never deleted: tickets and events only move forward in state, and a site
entity that disappears from a reloaded site file is deactivated, not removed.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.limits import TEXT


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC, returns aware UTC. Refuses naive input so no local time sneaks in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    EXPIRED = "expired"


class CounterState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class Role(enum.StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


class Site(Base):
    """The single row describing this MPP. ``config`` holds the validated site-file settings."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TEXT["site.name"]))
    timezone: Mapped[str] = mapped_column(String(TEXT["site.timezone"]), default="Asia/Jakarta")
    business_day: Mapped[dt.date | None] = mapped_column(Date)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    loaded_at: Mapped[dt.datetime]
    # Bumped by every site load; processes cache the catalog (services, agencies) per revision.
    revision: Mapped[int] = mapped_column(Integer, default=1)


class PriorityClass(Base):
    __tablename__ = "priority_class"

    code: Mapped[str] = mapped_column(String(TEXT["priority_class.code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(TEXT["priority_class.name"]))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(TEXT["agency.code"]), unique=True)
    name: Mapped[str] = mapped_column(String(TEXT["agency.name"]))
    short: Mapped[str] = mapped_column(String(TEXT["agency.short"]))
    description: Mapped[str] = mapped_column(String(TEXT["agency.description"]), default="",
                                             server_default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Service(Base):
    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(TEXT["service.code"]), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    name: Mapped[str] = mapped_column(String(TEXT["service.name"]))
    prefix: Mapped[str] = mapped_column(String(TEXT["service.prefix"]))
    quota: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[str | None] = mapped_column(String(TEXT["service.hours"]))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The site file's guess of a typical service time; estimates prefer today's real ones.
    avg_service_s: Mapped[float] = mapped_column(Float, default=300.0)
    # The site file's target: a visitor should be called within this many minutes (reports' SLA).
    target_wait_min: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Counter(Base):
    __tablename__ = "counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(TEXT["counter.code"]), unique=True)
    name: Mapped[str] = mapped_column(String(TEXT["counter.name"]))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    zone: Mapped[str] = mapped_column(String(TEXT["counter.zone"]), default="")
    state: Mapped[str] = mapped_column(String(TEXT["counter.state"]), default=CounterState.CLOSED)
    pause_reason: Mapped[str | None] = mapped_column(String(TEXT["counter.pause_reason"]))
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", use_alter=True, name="fk_counter_current_ticket")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Regular calls since this counter last called a priority ticket (drives the ratio).
    regular_streak: Mapped[int] = mapped_column(Integer, default=1_000)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CounterService(Base):
    __tablename__ = "counter_service"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(TEXT["app_user.username"]), unique=True)
    full_name: Mapped[str] = mapped_column(String(TEXT["app_user.full_name"]), default="")
    role: Mapped[str] = mapped_column(String(TEXT["app_user.role"]), default=Role.CLERK)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    # Deferred: a station's role may not read it, so loading a user never asks for it.
    password_hash: Mapped[str | None] = mapped_column(String(TEXT["app_user.password_hash"]), deferred=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DaySequence(Base):
    """The last number handed out per service per business day. Upserted atomically on issue."""

    __tablename__ = "day_sequence"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    business_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class EventTurn(Base):
    """One row whose lock orders event ids on PostgreSQL (``antre_event_turn()``): only the
    writers' function may take it, unlike an advisory lock, which any role can hold."""

    __tablename__ = "event_turn"

    id: Mapped[int] = mapped_column(primary_key=True)


OPEN_STATUSES_SQL = "status IN ('waiting', 'called', 'serving')"
"""A ticket still open, as SQL: what the rollover expires (the statuses that allow closing the
day, :mod:`shared.rules.states`) and the ``ix_ticket_open`` index holds."""


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("issued_service_id", "business_day", "number", name="uq_ticket_number"),
        UniqueConstraint("business_day", "code", name="uq_ticket_code"),
        # Partial indexes keep call-next flat however long the history grows (STACK-NOTES):
        # the claim reads them in calling order and stops at the first ticket it may take.
        Index(
            "ix_ticket_waiting_regular",
            "business_day",
            "queued_at",
            "id",
            sqlite_where=text("status = 'waiting' AND priority_class IS NULL"),
            postgresql_where=text("status = 'waiting' AND priority_class IS NULL"),
        ),
        Index(
            "ix_ticket_waiting_priority",
            "business_day",
            "queued_at",
            "id",
            sqlite_where=text("status = 'waiting' AND priority_class IS NOT NULL"),
            postgresql_where=text("status = 'waiting' AND priority_class IS NOT NULL"),
        ),
        Index("ix_ticket_service_day", "service_id", "business_day", "status"),
        # The rollover's "tickets of past days still open": a handful, however long the history.
        Index("ix_ticket_open", "business_day", sqlite_where=text(OPEN_STATUSES_SQL),
              postgresql_where=text(OPEN_STATUSES_SQL)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_day: Mapped[dt.date] = mapped_column(Date)
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(TEXT["ticket.code"]))
    token: Mapped[str] = mapped_column(String(TEXT["ticket.token"]))
    priority_class: Mapped[str | None] = mapped_column(String(TEXT["ticket.priority_class"]))
    status: Mapped[str] = mapped_column(String(TEXT["ticket.status"]), default=TicketStatus.WAITING)
    issued_at: Mapped[dt.datetime]
    # Place in the queue. Equals issued_at, except after a re-queue with requeue="end".
    queued_at: Mapped[dt.datetime]
    called_at: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    call_count: Mapped[int] = mapped_column(Integer, default=0)


class Event(Base):
    """Append-only feed. Every reader (display, counter list, CLI) follows it by id."""

    __tablename__ = "event"
    # Reports read a day's events at once (shared.rules.summary).
    __table_args__ = (Index("ix_event_day", "business_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(TEXT["event.kind"]))
    business_day: Mapped[dt.date | None] = mapped_column(Date)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)


class SiteRevision(Base):
    """One saved state of the site, whole (as a site file's data, without password hashes),
    with who saved it and what changed against the revision before. ``revision`` is the
    site row's revision it produced; undo saves an earlier one's data again."""

    __tablename__ = "site_revision"

    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime]
    author: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changes: Mapped[list[str]] = mapped_column(JSON, default=list)


class ReportDay(Base):
    """A closed business day whose report cells are stored (see :mod:`shared.reports`)."""

    __tablename__ = "report_day"

    business_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    span: Mapped[str] = mapped_column(String(8), primary_key=True)  # "day", or "month" from its 1st
    built_at: Mapped[dt.datetime]
    tickets: Mapped[int] = mapped_column(Integer, default=0)


class ReportCell(Base):
    """One closed day's figures for one service, counter and clerk (docs/reports.md).

    ``waits`` maps a waiting time, in whole buckets of :data:`shared.reports.WAIT_BUCKET_S`,
    to how many tickets waited that long; ``arrivals`` maps weekday x 24 + hour of the day to
    tickets issued; ``wait_hours`` maps an hour of issue to [tickets first called, their waits' sum]."""

    __tablename__ = "report_cell"
    __table_args__ = (Index("ix_report_cell_day", "span", "business_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_day: Mapped[dt.date] = mapped_column(Date)
    span: Mapped[str] = mapped_column(String(8), default="day")
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    issued: Mapped[int] = mapped_column(Integer, default=0)
    called: Mapped[int] = mapped_column(Integer, default=0)
    wait_sum_s: Mapped[float] = mapped_column(Float, default=0.0)
    within_target: Mapped[int] = mapped_column(Integer, default=0)
    served: Mapped[int] = mapped_column(Integer, default=0)
    service_sum_s: Mapped[float] = mapped_column(Float, default=0.0)
    no_show: Mapped[int] = mapped_column(Integer, default=0)
    expired: Mapped[int] = mapped_column(Integer, default=0)
    transferred: Mapped[int] = mapped_column(Integer, default=0)
    waits: Mapped[dict[str, Any]] = mapped_column(default=dict)
    arrivals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    wait_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SurveyResponse(Base):
    """One SKM answer (PermenPANRB 14/2017), at most one per ticket, after it was served.

    It records where the visitor was served (service, agency, counter), never who they are:
    the profile is what the visitor chose to tell (age band, sex, education, occupation)."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("ticket_id", name="uq_survey_ticket"),
        Index("ix_survey_day", "business_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    business_day: Mapped[dt.date] = mapped_column(Date)
    answered_at: Mapped[dt.datetime]
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    u1: Mapped[int] = mapped_column(Integer)
    u2: Mapped[int] = mapped_column(Integer)
    u3: Mapped[int] = mapped_column(Integer)
    u4: Mapped[int] = mapped_column(Integer)
    u5: Mapped[int] = mapped_column(Integer)
    u6: Mapped[int] = mapped_column(Integer)
    u7: Mapped[int] = mapped_column(Integer)
    u8: Mapped[int] = mapped_column(Integer)
    u9: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
