"""The calendar's rule: may a service issue a number at this local instant, and if not, what
does the visitor read. Pure: the caller passes the instant (its injected clock) and, for the
cut-off by estimated wait, the estimate."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from shared.calendar.spec import DAYS, Calendar
from shared.calendar.words import LongDate, Wait, hhmm
from shared.i18n import Text, lowercase, say

SITE = "*"
"""The service code that stands for the site as a whole: its own hours and the breaks that
concern every service."""

_LOOKAHEAD_DAYS = 62


class Kind(enum.StrEnum):
    OPEN = "open"
    HOLIDAY = "holiday"
    CLOSED_DAY = "closed_day"
    BEFORE_OPEN = "before_open"
    BREAK = "break"
    CUTOFF = "cutoff"
    CLOSED = "closed"


@dataclass(frozen=True)
class Moment:
    """The calendar's answer for one service (or the site) at one local instant.

    ``reason`` is set when no number may be issued; ``notice`` is what the visitor should
    know even when one may (a break while the kiosk keeps issuing). Both are Indonesian
    :class:`~shared.i18n.Text` that a visitor's screen may say in English. ``resumes`` is
    when service starts again, when the calendar knows."""

    kind: Kind
    reason: Text | None = None
    notice: Text | None = None
    resumes: dt.datetime | None = None
    closes: dt.datetime | None = None

    @property
    def issuing(self) -> bool:
        return self.reason is None

    @property
    def text(self) -> Text | None:
        """What to tell a visitor now: the reason, else the notice."""
        return self.reason or self.notice


def next_opening(cal: Calendar, service: str, after: dt.datetime) -> dt.datetime | None:
    """The first instant after the local day of ``after`` when ``service`` opens."""
    day = after.date()
    for ahead in range(1, _LOOKAHEAD_DAYS):
        d = day + dt.timedelta(days=ahead)
        if cal.holiday(d) is not None:
            continue
        hours = cal.hours_on(service, DAYS[d.weekday()])
        if hours is not None:
            return dt.datetime.combine(d, hours.opens, after.tzinfo)
    return None


def _again(cal: Calendar, service: str, local: dt.datetime) -> Text | str:
    """When the service opens again, as the second sentence of a reason ("" when unknown)."""
    when = next_opening(cal, service, local)
    if when is None:
        return ""
    if when.date() == local.date() + dt.timedelta(days=1):
        return say("Layanan buka kembali besok pukul {time}.", time=hhmm(when))
    return say("Layanan buka kembali {date} pukul {time}.", date=LongDate(when.date()), time=hhmm(when))


def _then(reason: Text, again: Text | str) -> Text:
    """A reason and, when known, when service resumes: two sentences."""
    return say("{reason} {again}", reason=reason, again=again) if again else reason


def moment(cal: Calendar, service: str, local: dt.datetime, *, wait_min: int | None = None) -> Moment:
    """May ``service`` issue at ``local`` (an aware instant in the site's timezone)?

    In order: a holiday, a day the service does not open, before opening, after closing, a
    break (refusing, or only noticed when the site keeps issuing during breaks), the cut-off
    N minutes before closing, and, given ``wait_min``, the cut-off when the estimated wait
    (plus the breaks it spans) would run past closing."""
    day, weekday, t = local.date(), DAYS[local.weekday()], local.time()
    holiday = cal.holiday(day)
    if holiday is not None:
        today = say("Hari ini {kind}: {name}.", kind=lowercase(holiday.kind_name), name=holiday.name)
        return Moment(Kind.HOLIDAY, reason=_then(today, _again(cal, service, local)),
                      resumes=next_opening(cal, service, local))
    hours = cal.hours_on(service, weekday)
    if hours is None:
        closed = say("Hari ini layanan tutup.")
        return Moment(Kind.CLOSED_DAY, reason=_then(closed, _again(cal, service, local)),
                      resumes=next_opening(cal, service, local))
    opens = dt.datetime.combine(day, hours.opens, local.tzinfo)
    closes = dt.datetime.combine(day, hours.closes, local.tzinfo)
    if t < hours.opens:
        return Moment(Kind.BEFORE_OPEN, reason=say("Layanan buka pukul {time}.", time=hhmm(hours.opens)),
                      resumes=opens, closes=closes)
    if t >= hours.closes:
        closed = say("Layanan sudah tutup (jam layanan {opens}–{closes}).", opens=hhmm(hours.opens),
                     closes=hhmm(hours.closes))
        return Moment(Kind.CLOSED, reason=_then(closed, _again(cal, service, local)),
                      resumes=next_opening(cal, service, local), closes=closes)
    breaks = cal.breaks_on(service, weekday)
    current = next((b for b in breaks if b.hours.contains(t)), None)
    cutoff = closes - dt.timedelta(minutes=cal.cutoff_minutes)
    if cal.cutoff_minutes and local >= cutoff:
        ended = say("Pengambilan nomor hari ini sudah ditutup pukul {cutoff} (layanan tutup pukul "
                    "{closes}).", cutoff=hhmm(cutoff), closes=hhmm(closes))
        return Moment(Kind.CUTOFF, reason=_then(ended, _again(cal, service, local)),
                      resumes=next_opening(cal, service, local), closes=closes)
    if current is not None:
        resumes = dt.datetime.combine(day, current.hours.closes, local.tzinfo)
        said = {"name": current.name, "opens": hhmm(current.hours.opens),
                "closes": hhmm(current.hours.closes), "time": hhmm(resumes)}
        if not cal.issue_during_breaks:
            paused = say("{name} ({opens}–{closes}). Layanan dilanjutkan pukul {time}.", **said)
            return Moment(Kind.BREAK, reason=paused, resumes=resumes, closes=closes)
        notice: Text | None = say("{name} ({opens}–{closes}). Loket melayani lagi pukul {time}; nomor tetap "
                                  "dapat diambil.", **said)
    else:
        resumes, notice = None, None
    if cal.cutoff_by_wait and wait_min:
        served = _served_at(cal, service, local, wait_min)
        if served > closes:
            late = say("Perkiraan tunggu {wait} melewati jam tutup pukul {closes}, jadi pengambilan nomor "
                       "hari ini sudah ditutup.", wait=Wait(wait_min), closes=hhmm(closes))
            return Moment(Kind.CUTOFF, reason=_then(late, _again(cal, service, local)),
                          resumes=next_opening(cal, service, local), closes=closes)
    return Moment(Kind.BREAK if current else Kind.OPEN, notice=notice, resumes=resumes, closes=closes)


def _served_at(cal: Calendar, service: str, local: dt.datetime, wait_min: int) -> dt.datetime:
    """When a visitor with ``wait_min`` of queue ahead is reached: counters do not serve
    during breaks, so every break the wait spans pushes the moment back."""
    t, left = local, dt.timedelta(minutes=wait_min)
    for b in cal.breaks_on(service, DAYS[local.weekday()]):
        starts = dt.datetime.combine(local.date(), b.hours.opens, local.tzinfo)
        ends = dt.datetime.combine(local.date(), b.hours.closes, local.tzinfo)
        if ends <= t:
            continue
        if starts <= t:
            t = ends
            continue
        if t + left <= starts:
            break
        left -= starts - t
        t = ends
    return t + left
