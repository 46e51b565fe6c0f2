"""The SKM survey (PermenPANRB 14/2017): one answer per served ticket, and its index (IKM).

An answer gives each of the nine elements a score from 1 to 4, with an optional comment and
the optional respondent profile the guideline describes. It records where the visitor was
served (service, agency, counter), never who they are. The index of a set of answers:

- the mean score of each element;
- IKM = the mean of the nine element means x 25 (25 to 100);
- the grade: A "Sangat Baik" (88.31 to 100), B "Baik" (76.61 to 88.30), C "Kurang Baik"
  (65.00 to 76.60), D "Tidak Baik" (25.00 to 64.99).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from shared.errors import BadInput, RuleRefused
from shared.models import Agency, Service, Site, SurveyResponse, Ticket, TicketStatus
from shared.rules.day import business_day
from shared.rules.lookups import find_ticket
from shared.site.spec import DEFAULT_SURVEY_ANSWERS, DEFAULT_SURVEY_QUESTIONS, SURVEY_ELEMENTS

ELEMENTS = SURVEY_ELEMENTS
SCORES = (1, 2, 3, 4)
# The respondent profile of the guideline; every field optional, values from these lists.
PROFILE: Mapping[str, tuple[str, ...]] = {
    "usia": ("< 20", "20–29", "30–39", "40–49", "50–59", "≥ 60"),
    "jenis_kelamin": ("Laki-laki", "Perempuan"),
    "pendidikan": ("SD", "SMP", "SMA", "D1–D3", "D4/S1", "S2", "S3"),
    "pekerjaan": ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya"),
}
COMMENT_MAX = 500
_U = tuple(getattr(SurveyResponse, f"u{i}") for i in range(1, 10))


@dataclass(frozen=True)
class Questionnaire:
    """The site's wording: one question per element, four answers from 1 to 4."""

    questions: tuple[str, ...] = DEFAULT_SURVEY_QUESTIONS
    answers: tuple[str, ...] = DEFAULT_SURVEY_ANSWERS


def questionnaire(session: Session) -> Questionnaire:
    site = session.get(Site, 1)
    cfg = dict((site.config or {}).get("survey") or {}) if site else {}
    questions = tuple(cfg.get("questions") or DEFAULT_SURVEY_QUESTIONS)
    answers = tuple(cfg.get("answers") or DEFAULT_SURVEY_ANSWERS)
    return Questionnaire(questions if len(questions) == 9 else DEFAULT_SURVEY_QUESTIONS,
                         answers if len(answers) == 4 else DEFAULT_SURVEY_ANSWERS)


@dataclass(frozen=True)
class SurveyTicket:
    """A served ticket that may still be answered for: what the visitor sees of it."""

    ticket_id: int
    code: str
    service_name: str
    agency_name: str


def _answerable(session: Session, ref: str, now: dt.datetime) -> tuple[Ticket, Service, Agency]:
    site = session.get(Site, 1)
    if site is None:
        raise RuleRefused("Situs belum dimuat.")
    t = find_ticket(session, ref, business_day(site, now))
    if t.status != TicketStatus.DONE:
        raise RuleRefused(f"Tiket {t.code} belum selesai dilayani. "
                          "Survei bisa diisi setelah layanan selesai.")
    if session.scalar(select(SurveyResponse.id).where(SurveyResponse.ticket_id == t.id)) is not None:
        raise RuleRefused(f"Survei untuk tiket {t.code} sudah diisi. Terima kasih.")
    service = session.get(Service, t.service_id)
    assert service is not None
    agency = session.get(Agency, service.agency_id)
    assert agency is not None
    return t, service, agency


def check_ticket(session: Session, ref: str, *, now: dt.datetime) -> SurveyTicket:
    """Whether the ticket (a typed code or the receipt's QR) may be answered for now."""
    t, service, agency = _answerable(session, ref, now)
    return SurveyTicket(t.id, t.code, service.name, agency.short or agency.name)


def record_answer(
    session: Session, ref: str, scores: Sequence[int], *, now: dt.datetime,
    comment: str | None = None, profile: Mapping[str, str] | None = None,
) -> SurveyTicket:
    """Record one answer for a served ticket; refused before it is done or a second time."""
    if len(scores) != len(ELEMENTS) or any(s not in SCORES for s in scores):
        raise BadInput("Survei perlu sembilan nilai, masing-masing 1 sampai 4.")
    clean: dict[str, str] = {}
    for key, value in (profile or {}).items():
        if key not in PROFILE or value not in PROFILE[key]:
            raise BadInput(f"Profil responden '{key}: {value}' tidak dikenal.")
        clean[key] = value
    text = (comment or "").strip()[:COMMENT_MAX] or None
    t, service, agency = _answerable(session, ref, now)
    session.add(SurveyResponse(
        ticket_id=t.id, business_day=t.business_day, answered_at=now, service_id=service.id,
        agency_id=agency.id, counter_id=t.counter_id, comment=text, profile=clean,
        **{f"u{i}": s for i, s in enumerate(scores, start=1)}))
    session.flush()
    return SurveyTicket(t.id, t.code, service.name, agency.short or agency.name)


# --- the index --------------------------------------------------------------------------

GRADES = (  # (lowest IKM, grade, meaning); an IKM is compared at two decimals
    (88.31, "A", "Sangat Baik"),
    (76.61, "B", "Baik"),
    (65.00, "C", "Kurang Baik"),
    (25.00, "D", "Tidak Baik"),
)


def grade(ikm: float) -> tuple[str, str]:
    value = round(ikm, 2)
    for lowest, letter, meaning in GRADES:
        if value >= lowest:
            return letter, meaning
    return "D", "Tidak Baik"


@dataclass(frozen=True)
class Index:
    respondents: int
    element_means: tuple[float, ...]  # u1 … u9
    ikm: float
    grade: str
    meaning: str


def index_of(respondents: int, element_means: Sequence[float]) -> Index | None:
    if not respondents:
        return None
    ikm = sum(element_means) / len(element_means) * 25
    letter, meaning = grade(ikm)
    return Index(respondents, tuple(element_means), ikm, letter, meaning)


_GROUP_COLUMN: dict[str, Any] = {
    "agency": SurveyResponse.agency_id,
    "service": SurveyResponse.service_id,
    "counter": SurveyResponse.counter_id,
}


def indexes(session: Session, first: dt.date, last: dt.date, by: str | None = None, *,
            agency_id: int | None = None) -> tuple[Index | None, dict[int, Index]]:
    """The period's index, and one per agency, service or counter (none per clerk: an answer
    is about the service, never a judgement the clerk could trace); of one agency if given."""
    in_period: ColumnElement[bool] = SurveyResponse.business_day.between(first, last)
    if agency_id is not None:
        in_period = and_(in_period, SurveyResponse.agency_id == agency_id)
    aggregates = (func.count(), *(func.avg(u) for u in _U))
    total_row = session.execute(select(*aggregates).where(in_period)).one()
    total = index_of(int(total_row[0]), [float(v or 0) for v in total_row[1:]])
    groups: dict[int, Index] = {}
    column = _GROUP_COLUMN.get(by or "")
    if column is not None:
        for row in session.execute(select(column, *aggregates).where(in_period).group_by(column)):
            if row[0] is None:
                continue
            idx = index_of(int(row[1]), [float(v or 0) for v in row[2:]])
            if idx is not None:
                groups[int(row[0])] = idx
    return total, groups
