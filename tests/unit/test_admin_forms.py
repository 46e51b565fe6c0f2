"""The console's forms as data: rows of text back to a site's data unchanged, and each of the
validator's problems placed at its table row and column, or its form field."""

from __future__ import annotations

import pytest

from counter.admin import forms
from shared import site
from shared.errors import Problem, SiteFileError
from shared.site.export import site_data
from tests.unit.test_calendar import calendar_site


def test_every_table_round_trips_the_sites_data_through_its_cells():
    data = site_data(site.parse_site(calendar_site().replace(
        'prefix = "SK"\n', 'prefix = "SK"\nhours_by_day = { fri = "08:00-11:00" }\n')))
    edited = {k: v for k, v in data.items()}
    for table in forms.TABLES:
        forms.put_rows(table, edited, forms.rows(table, data))
    assert site.parse_site_data(edited) == site.parse_site_data(data)


def test_a_quota_typed_in_words_reaches_the_validator_as_text_and_is_placed_at_its_cell():
    data = site_data(site.parse_site(calendar_site()))
    table = forms.TABLE["services"]
    cells = forms.rows(table, data)
    quota = [c.key for c in table.columns].index("quota")
    cells[2][quota] = "lima puluh"
    forms.put_rows(table, data, cells)
    with pytest.raises(SiteFileError) as exc:
        site.parse_site_data(data)
    placed = forms.placed(exc.value.details, data)
    assert placed == {forms.Place("services", 2, "quota"): [
        "harus bertipe bilangan bulat (integer), bukan str ('lima puluh')"]}


@pytest.mark.parametrize(("where", "field", "expected"), [
    ("[site]", "marquee", forms.Place("site", None, "marquee")),
    ("calendar.holidays[1]", "date", forms.Place("calendar.holidays", 1, "date")),
    ("calendar", "cutoff_minutes", forms.Place("calendar", None, "cutoff_minutes")),
    ("services ('KK')", None, forms.Place("services", 1, None)),
])
def test_problems_are_placed_by_index_or_by_code(where, field, expected):
    data = site_data(site.parse_site(calendar_site()))
    assert forms.place(Problem(where, field, "x"), data) == expected


def test_empty_optional_cells_are_left_out_and_empty_rows_dropped():
    data: dict = {}
    table = forms.TABLE["calendar.breaks"]
    forms.put_rows(table, data, [["Rapat", "mon, tue", "12:00-13:00", ""], ["", "", "", ""]])
    assert data == {"calendar": {"breaks": [
        {"name": "Rapat", "days": ["mon", "tue"], "time": "12:00-13:00"}]}}
