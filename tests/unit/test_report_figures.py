"""The pure parts of reports: periods, percentiles and the SKM grade bands."""

from __future__ import annotations

import datetime as dt

import pytest

from shared import reports
from shared.errors import BadInput
from shared.reports import period
from shared.reports.figures import percentile


@pytest.mark.parametrize(("ikm", "grade"), [
    (100, "A"), (88.31, "A"), (88.305, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"),
    (65.00, "C"), (64.99, "D"), (25, "D"),
])
def test_the_grade_bands_of_permenpanrb_14_2017(ikm: float, grade: str) -> None:
    assert reports.grade(ikm)[0] == grade


def test_percentiles_are_nearest_rank_on_kept_buckets() -> None:
    waits = {30: 1, 66: 1, 102: 1, 228: 1}  # buckets of WAIT_BUCKET_S
    b = reports.WAIT_BUCKET_S
    assert percentile(waits, 0.5) == 66 * b
    assert percentile(waits, 0.9) == 228 * b
    assert percentile({7: 10}, 0.9) == 7 * b
    assert percentile({}, 0.5) is None


def test_periods_come_from_words_and_cover_whole_months_and_years() -> None:
    assert period.parse("month", "2024-02").last == dt.date(2024, 2, 29)
    assert period.parse("year", "2026").length == 365
    assert period.parse("range", "2026-11-01", "2026-11-15").length == 15
    assert period.parse("day", "2026-11-28").label == "Sabtu, 28 November 2026"
    with pytest.raises(BadInput):
        period.parse("month", "2026-13")
    with pytest.raises(BadInput):
        period.parse("range", "2026-11-15", "2026-11-01")


def test_the_site_file_gives_targets_and_survey_wording_and_checks_them() -> None:
    from shared.errors import SiteFileError
    from shared.site import parse_site
    from shared.site.spec import DEFAULT_SURVEY_QUESTIONS

    base = ('[site]\nname = "MPP"\n[[agencies]]\ncode = "A"\nname = "A"\n'
            '[[services]]\ncode = "S"\nagency = "A"\nname = "S"\nprefix = "S"\n{extra}\n'
            '[[counters]]\ncode = "L1"\nname = "L1"\nagency = "A"\nservices = ["S"]\n{survey}')
    spec = parse_site(base.format(extra="", survey=""))
    assert spec.services[0].target_wait_min == 30
    assert spec.survey.questions == DEFAULT_SURVEY_QUESTIONS
    wording = '[survey]\nanswers = ["1", "2", "3", "4"]\n'
    spec = parse_site(base.format(extra="target_wait_min = 15", survey=wording))
    assert spec.services[0].target_wait_min == 15
    assert spec.survey.answers == ("1", "2", "3", "4")
    with pytest.raises(SiteFileError) as bad:
        parse_site(base.format(extra="target_wait_min = 0", survey='[survey]\nquestions = ["x"]\n'))
    assert any("target_wait_min" in p for p in bad.value.problems)
    assert any("tepat 9" in p for p in bad.value.problems)
