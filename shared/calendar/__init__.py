"""The site's calendar: opening hours per weekday and per service, breaks inside a day (the
Friday prayer), holidays and cuti bersama, and the cut-off before closing.

- :mod:`~shared.calendar.spec`: what a calendar holds, checked from its data;
- :mod:`~shared.calendar.state`: the rule, may a service issue at this instant (pure);
- :mod:`~shared.calendar.importing`: holidays from a CSV or an iCalendar file;
- :mod:`~shared.calendar.words`: dates, hours and waits in a visitor's words.
"""

from shared.calendar.importing import Imported, merge, read_holidays
from shared.calendar.spec import (
    DAYS,
    HOLIDAY_KINDS,
    Break,
    Calendar,
    Holiday,
    Hours,
    calendar_from_config,
    calendar_from_data,
    parse_hours,
    service_hours_data,
)
from shared.calendar.state import SITE, Kind, Moment, moment, next_opening
from shared.calendar.words import hhmm, long_date, wait_text
from shared.errors import Problem

__all__ = [
    "DAYS",
    "HOLIDAY_KINDS",
    "SITE",
    "Break",
    "Calendar",
    "Holiday",
    "Hours",
    "Imported",
    "Kind",
    "Moment",
    "Problem",
    "calendar_from_config",
    "calendar_from_data",
    "hhmm",
    "long_date",
    "merge",
    "moment",
    "next_opening",
    "parse_hours",
    "read_holidays",
    "service_hours_data",
    "wait_text",
]
