"""Reports and the SKM survey: how the floor went over a day, a range, a month or a year,
and what its visitors said (docs/reports.md defines every figure). Qt-free.

- :mod:`~shared.reports.period`: the days a report covers, always given by the caller;
- :mod:`~shared.reports.cells`: a period's cells, stored or computed; a day's figures per
  service, counter and clerk are defined, computed and stored by the rollover in
  :mod:`shared.rules.summary`;
- :mod:`~shared.reports.figures`: cells added up per agency, service, counter or clerk;
- :mod:`~shared.reports.survey`: the SKM answers and their index (IKM);
- :mod:`~shared.reports.build`: a period's report; :mod:`~shared.reports.export`: CSV,
  XLSX and JSON.
"""

from shared.reports.build import Report, build, keep_closed_days, rebuild
from shared.reports.cells import WAIT_BUCKET_S
from shared.reports.figures import BY, Figures, Row
from shared.reports.period import Period, date_range, day, month, year
from shared.reports.survey import ELEMENTS, Index, check_ticket, grade, questionnaire, record_answer

__all__ = [
    "BY",
    "ELEMENTS",
    "WAIT_BUCKET_S",
    "Figures",
    "Index",
    "Period",
    "Report",
    "Row",
    "build",
    "check_ticket",
    "date_range",
    "day",
    "grade",
    "keep_closed_days",
    "month",
    "questionnaire",
    "rebuild",
    "record_answer",
    "year",
]
