"""The display's reads from the store. No Qt: each function takes a Session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from display.board import BOARD_KINDS
from shared import events, rules
from shared.events import EventView
from shared.site import DEFAULT_ANNOUNCEMENT

REPLAY_LIMIT = 200
"""Enough of today's latest calls to fill the board even with many recalls among them."""


@dataclass(frozen=True)
class SiteInfo:
    name: str
    timezone: str
    marquee: str = ""
    announcement: str = DEFAULT_ANNOUNCEMENT
    number_mode: str = "whole"


@dataclass(frozen=True)
class Snapshot:
    """What the board needs at start-up: the site, today's calls, and where the feed stands."""

    site: SiteInfo
    business_day: dt.date
    last_event_id: int
    events: list[EventView] = field(default_factory=list)


def site_info(session: Session) -> SiteInfo:
    site = rules.load_site(session)
    cfg = site.config or {}
    return SiteInfo(
        name=site.name,
        timezone=site.timezone,
        marquee=str(cfg.get("marquee") or ""),
        announcement=str(cfg.get("announcement") or DEFAULT_ANNOUNCEMENT),
        number_mode=str(cfg.get("number_mode") or "whole"),
    )


def snapshot(session: Session, now: dt.datetime) -> Snapshot:
    """Today's board events up to the feed's current end, oldest first.

    The feed position is read first, and the replay stops at it, so an event committed in
    between is delivered once, by the feed, and never twice."""
    last_id = events.last_event_id(session)
    site = rules.load_site(session)
    day = rules.business_day(site, now)
    replay = events.events_of_day(session, day, BOARD_KINDS, up_to=last_id, limit=REPLAY_LIMIT)
    return Snapshot(site=site_info(session), business_day=day, last_event_id=last_id, events=replay)
