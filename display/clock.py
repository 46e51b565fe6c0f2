"""Dates and times as the board writes them, in the board's language (Bahasa Indonesia unless
the station chose English). Pure; no locale needed: the words are shared.calendar's.

>>> import datetime as dt
>>> long_datetime(dt.datetime(2026, 11, 28, 9, 15))
'Sabtu, 28 November 2026 09:15'
"""

from __future__ import annotations

import datetime as dt

from shared import calendar


def long_date(day: dt.date, lang: str = "id") -> str:
    """'Sabtu, 28 November 2026' (English: 'Saturday, 28 November 2026')."""
    return calendar.long_date(day, lang)


def long_datetime(when: dt.datetime, lang: str = "id") -> str:
    """'Sabtu, 28 November 2026 09:15' (``when`` already in the site's time zone)."""
    return f"{long_date(when.date(), lang)} {when:%H:%M}"


def ms_to_midnight(now: dt.datetime, tz: dt.tzinfo) -> int:
    """Milliseconds from ``now`` until one second after the next local midnight in ``tz``
    (when the board clears yesterday's calls), never less than a second."""
    local = now.astimezone(tz)
    target = dt.datetime.combine(local.date(), dt.time(0, 0, 1), tz)
    if target <= local:
        target += dt.timedelta(days=1)
    return max(1000, int((target - local).total_seconds() * 1000))
