"""What the kiosk offers: agencies and their services, as frozen views. No Qt here."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import calendar, rules
from shared.dto import ServiceView
from shared.models import Agency, PriorityClass
from shared.printing import ReceiptContext, receipt_context

# The usual classes first, in the order a visitor reads them; any others after, by name.
_PRIORITY_ORDER = ("lansia", "disabilitas", "ibu_hamil", "anak")


@dataclass(frozen=True)
class AgencyEntry:
    code: str
    short: str
    name: str
    services: tuple[ServiceView, ...]
    description: str = ""
    """What the agency does, in plain words (the site's ``description``); "" when none."""

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.services)

    @property
    def available(self) -> bool:
        """At least one of its services can issue a ticket now."""
        return any(s.available for s in self.services)


@dataclass(frozen=True)
class Catalog:
    site_name: str
    business_day: dt.date
    agencies: tuple[AgencyEntry, ...]
    rolled_over: bool = True
    """False when the store still holds an earlier business day (nobody closed yesterday)."""
    priorities: tuple[tuple[str, str], ...] = ()
    """The site's active priority classes as (code, name)."""
    receipt: ReceiptContext | None = None
    notice: str | None = None
    """What the calendar says about the whole site now (a holiday, a break and when service
    resumes, the cut-off, closed), in Indonesian; None on an ordinary open hour."""
    notice_kind: str = "open"
    """The calendar's kind of that moment (shared.calendar.Kind): holiday, break, cutoff..."""

    def agency(self, code: str) -> AgencyEntry | None:
        return next((a for a in self.agencies if a.code == code), None)


def group(
    services: Iterable[ServiceView], descriptions: Mapping[str, str] | None = None
) -> tuple[AgencyEntry, ...]:
    """Services (already in display order) grouped by agency, keeping that order; each
    agency with its plain description from ``descriptions`` (by agency code), if any."""
    by_agency: dict[str, list[ServiceView]] = {}
    for svc in services:
        by_agency.setdefault(svc.agency, []).append(svc)
    described = descriptions or {}
    return tuple(
        AgencyEntry(code=code, short=svcs[0].agency_short or svcs[0].agency_name,
                    name=svcs[0].agency_name, services=tuple(svcs), description=described.get(code, ""))
        for code, svcs in by_agency.items()
    )


def fold(text: str) -> str:
    """``text`` as a search compares it: lower case, without diacritics ("Périzinan" →
    "perizinan"), punctuation as spaces ("KTP-el" → "ktp el"), single spaces."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                    if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


@dataclass(frozen=True)
class Match:
    """An agency a search found, and which of its services' names matched (empty when the
    agency's own name, short name, code or description did)."""

    agency: AgencyEntry
    services: tuple[ServiceView, ...] = ()


def _found(word: str, hay: str) -> bool:
    """A typed word matches the start of a word of ``hay`` ("akt" finds "Akta"), or, from
    four letters on, anywhere once the spaces are gone ("ektp" finds "e-KTP")."""
    return any(w.startswith(word) for w in hay.split()) or (len(word) >= 4 and word in hay.replace(" ", ""))


def search(agencies: Iterable[AgencyEntry], query: str) -> tuple[Match, ...]:
    """The agencies that match every word of ``query``, each word found in the agency's short
    name, name, code or description or in one of its services' names, case- and
    diacritic-insensitive. Best first: an agency whose short name or code starts with the
    query, then one whose own words hold every word, then one found through its services;
    the site's order within each."""
    words = fold(query).split()
    if not words:
        return ()
    ranked: list[tuple[int, int, Match]] = []
    for position, agency in enumerate(agencies):
        own = fold(f"{agency.short} {agency.name} {agency.code} {agency.description}")
        names = [(svc, fold(svc.name)) for svc in agency.services]
        if not all(_found(w, own) or any(_found(w, n) for _, n in names) for w in words):
            continue
        rest = [w for w in words if not _found(w, own)]
        services = tuple(svc for svc, n in names if rest and all(_found(w, n) for w in rest))
        if rest and not services:  # the words are spread over several services: show them all
            services = tuple(svc for svc, n in names if any(_found(w, n) for w in rest))
        phrase = " ".join(words)
        starts = fold(agency.short).startswith(phrase) or fold(agency.code).startswith(phrase)
        rank = 0 if starts else 1 if not rest else 2
        ranked.append((rank, position, Match(agency, services)))
    return tuple(m for _, _, m in sorted(ranked, key=lambda r: (r[0], r[1])))


def _descriptions(session: Session) -> dict[str, str]:
    rows = session.execute(select(Agency.code, Agency.description).where(Agency.description != ""))
    return {code: description for code, description in rows}


def _priorities(session: Session) -> tuple[tuple[str, str], ...]:
    rows = session.execute(
        select(PriorityClass.code, PriorityClass.name).where(PriorityClass.active.is_(True))).all()

    def rank(row: tuple[str, str]) -> tuple[int, str]:
        code, name = row
        return (_PRIORITY_ORDER.index(code) if code in _PRIORITY_ORDER else len(_PRIORITY_ORDER), name)

    return tuple(sorted(((r.code, r.name) for r in rows), key=rank))


def load_catalog(session: Session, now: dt.datetime) -> Catalog:
    site = rules.load_site(session)
    day = rules.business_day(site, now)
    today = rules.service_moment(site.config or {}, site.timezone, calendar.SITE, None, now)
    return Catalog(
        site_name=site.name,
        business_day=day,
        agencies=group(rules.service_views(session, now=now), _descriptions(session)),
        rolled_over=site.business_day == day,
        priorities=_priorities(session),
        receipt=receipt_context(session),
        notice=today.text,
        notice_kind=str(today.kind),
    )
