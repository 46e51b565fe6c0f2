"""The queue rules, by action: a pure, UI-free service layer.

Every public function takes a Session, changes rows, emits events through
:mod:`shared.events`, and never commits: the caller owns one transaction per user action.
The modules, from the actions down to what they share:

- :mod:`~shared.rules.issuing`: a new ticket; :mod:`~shared.rules.calling`: next, a ticket
  by its code, recall; :mod:`~shared.rules.serving`: start, finish, no-show, transfer,
  requeue, expire; :mod:`~shared.rules.counters`: open, pause, close;
- :mod:`~shared.rules.reading`: the read models (services, a counter's board, status);
- :mod:`~shared.rules.day`: the clock, the business day, closing yesterday;
- :mod:`~shared.rules.waits`: opening hours and estimated waits;
- :mod:`~shared.rules.states`: ticket states and the actions each allows;
- :mod:`~shared.rules.lookups`, :mod:`~shared.rules.tables`, :mod:`~shared.rules.catalog`:
  finding rows, building views, the site cached per revision.

Concurrency:
- SQLite: every write transaction starts with BEGIN IMMEDIATE (see :mod:`shared.store`),
  so writers are serialised and read-then-update is safe.
- PostgreSQL: the counter's row is locked first (FOR UPDATE), waiting tickets are claimed
  with ``FOR UPDATE SKIP LOCKED`` in a single conditional UPDATE, and numbers come from an
  atomic upsert on ``day_sequence``. Two counters can never claim the same ticket.

Callers use the package as one module (``from shared import rules; rules.issue(...)``):
the names below are its public API.
"""

from shared.rules.calling import call_next, call_ticket, recall
from shared.rules.counters import (
    close_counter,
    counter_state,
    counter_ticket,
    counter_view,
    open_counter,
    open_counter_remotely,
    pause_counter,
)
from shared.rules.day import (
    Clock,
    business_day,
    clock_skew,
    describe_skew,
    roll_over,
    skew_warning,
    store_now,
    utc_now,
)
from shared.rules.issuing import issue
from shared.rules.lookups import load_site, parse_ticket_ref, ticket_service
from shared.rules.reading import (
    CounterDay,
    ServiceChoice,
    agency_short,
    counter_board,
    priority_names,
    service_choices,
    service_views,
    status,
    ticket_info,
    waiting_list,
)
from shared.rules.serving import expire_ticket, finish, no_show, requeue, start, transfer
from shared.rules.states import HELD, TicketAction, allows, statuses_allowing
from shared.rules.waits import (
    availability,
    estimate_wait_min,
    service_availability,
    service_moment,
    site_calendar,
    typical_service_s,
)

__all__ = [
    "HELD",
    "Clock",
    "CounterDay",
    "ServiceChoice",
    "TicketAction",
    "agency_short",
    "allows",
    "availability",
    "business_day",
    "call_next",
    "call_ticket",
    "clock_skew",
    "close_counter",
    "counter_board",
    "counter_state",
    "counter_ticket",
    "counter_view",
    "describe_skew",
    "estimate_wait_min",
    "expire_ticket",
    "finish",
    "issue",
    "load_site",
    "no_show",
    "open_counter",
    "open_counter_remotely",
    "parse_ticket_ref",
    "pause_counter",
    "priority_names",
    "recall",
    "requeue",
    "roll_over",
    "service_availability",
    "service_choices",
    "service_moment",
    "service_views",
    "site_calendar",
    "skew_warning",
    "start",
    "status",
    "statuses_allowing",
    "store_now",
    "ticket_info",
    "ticket_service",
    "transfer",
    "typical_service_s",
    "utc_now",
    "waiting_list",
]
