"""``antre simulate``: a discrete-event model of one MPP day, to plan the staffing. Qt-free.

- :mod:`~shared.simulate.profile`: the profile file (demand, service times, the staffing
  plan) on top of a site file, checked with one Indonesian line per mistake;
- :mod:`~shared.simulate.model`: the day itself, driven by the product's own rules
  (calendar and cut-off, quotas, the calling order of :mod:`shared.rules.order`);
- :mod:`~shared.simulate.runs`: many seeds (in parallel) and what they add up to;
- :mod:`~shared.simulate.recommend`: the fewest counter-hours that keep waits on target;
- :mod:`~shared.simulate.chart`: the results as a PNG; :mod:`~shared.simulate.learn`: a
  profile fitted from the store's history (the reports' measures).

:func:`arrivals` is the API ``make rehearse`` drives the real programs with: the day's
visitors (time, service, priority class, and what each will do) for a profile and a seed.
"""

from shared.simulate.model import Arrival, DayResult, arrivals, day_start, simulate_day
from shared.simulate.profile import (
    Profile,
    ProfileError,
    ServiceProfile,
    Shift,
    load_profile,
    load_staffing,
    parse_profile,
)

__all__ = [
    "Arrival",
    "DayResult",
    "Profile",
    "ProfileError",
    "ServiceProfile",
    "Shift",
    "arrivals",
    "day_start",
    "load_profile",
    "load_staffing",
    "parse_profile",
    "simulate_day",
]
