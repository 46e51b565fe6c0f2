"""The calendar as pure rules: a site's week, its breaks, holidays and cut-off, at the minute
before and after every boundary. Instants come from the coming Saturday (tests/when.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from shared import calendar, site
from shared.calendar import Kind, moment, wait_text
from shared.calendar.importing import merge, parse_csv, parse_ics, read_holidays
from shared.errors import SiteFileError
from tests.conftest import MINI_SITE, T0
from tests.when import WIB

SAT = T0.astimezone(WIB).date()
FRI = SAT - dt.timedelta(days=1)
MON = SAT + dt.timedelta(days=2)  # made a holiday below
TUE = SAT + dt.timedelta(days=3)


def calendar_site(extra: str = "", *, during_breaks: bool = False) -> str:
    """The mini site with a calendar: Friday prayer 11:30-13:00, Monday a holiday, Saturday
    until 12:00, a 30-minute cut-off and the cut-off by wait."""
    return MINI_SITE.read_text(encoding="utf-8") + f"""
[calendar]
cutoff_minutes = 30
cutoff_by_wait = true
issue_during_breaks = {str(during_breaks).lower()}

[calendar.hours]
sat = "08:00-12:00"

[[calendar.breaks]]
name = "Istirahat sholat Jumat"
days = ["fri"]
time = "11:30-13:00"

[[calendar.holidays]]
date = "{MON.isoformat()}"
name = "Hari Raya Uji"
kind = "libur_nasional"

[[calendar.holidays]]
date = "{TUE.isoformat()}"
name = "Cuti bersama Hari Raya Uji"
kind = "cuti_bersama"
{extra}"""


def cal(**kw: object) -> calendar.Calendar:
    return site.parse_site(calendar_site(**kw)).calendar  # type: ignore[arg-type]


def at(day: dt.date, hh: int, mm: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), WIB)


def test_friday_prayer_break_stops_issuing_from_its_first_minute_to_its_last():
    c = cal()
    assert moment(c, "KTP", at(FRI, 11, 29)).issuing
    brk = moment(c, "KTP", at(FRI, 11, 30))
    assert (brk.kind, brk.issuing) == (Kind.BREAK, False)
    assert brk.reason == "Istirahat sholat Jumat (11:30–13:00). Layanan dilanjutkan pukul 13:00."
    assert brk.resumes == at(FRI, 13, 0)
    assert not moment(c, "KTP", at(FRI, 12, 59)).issuing
    assert moment(c, "KTP", at(FRI, 13, 0)).kind == Kind.OPEN


def test_a_site_may_keep_issuing_during_a_break_and_still_says_when_counters_resume():
    c = cal(during_breaks=True)
    m = moment(c, "KTP", at(FRI, 12, 0))
    assert m.issuing
    assert m.kind == Kind.BREAK
    assert m.notice is not None
    assert "melayani lagi pukul 13:00" in m.notice


def test_a_break_happens_only_on_its_days():
    assert moment(cal(), "KTP", at(SAT, 11, 15)).kind == Kind.OPEN  # Saturday: no prayer break


def test_a_holiday_issues_nothing_and_names_itself_and_the_next_opening():
    m = moment(cal(), "KTP", at(MON, 9, 0))
    assert m.kind == Kind.HOLIDAY
    assert not m.issuing
    assert "Hari ini libur nasional: Hari Raya Uji." in (m.reason or "")
    # Tuesday is cuti bersama, so the next opening is Wednesday at 08:00.
    wed = MON + dt.timedelta(days=2)
    assert m.resumes == at(wed, 8, 0)
    assert calendar.long_date(wed) in (m.reason or "")
    cuti = moment(cal(), "KTP", at(TUE, 9, 0))
    assert "Hari ini cuti bersama: Cuti bersama Hari Raya Uji." in (cuti.reason or "")


def test_the_day_after_the_holidays_is_an_ordinary_day():
    wed = MON + dt.timedelta(days=2)
    assert moment(cal(), "KTP", at(wed, 8, 0)).kind == Kind.OPEN
    assert moment(cal(), "KTP", at(wed, 7, 59)).kind == Kind.BEFORE_OPEN


def test_the_cut_off_starts_n_minutes_before_closing_and_says_so_plainly():
    c = cal()  # Saturday closes at 12:00 for the site, cut-off 30 minutes before
    assert moment(c, "KTP", at(SAT, 11, 29)).issuing
    m = moment(c, "KTP", at(SAT, 11, 30))
    assert m.kind == Kind.CUTOFF
    assert m.reason is not None
    assert m.reason.startswith(
        "Pengambilan nomor hari ini sudah ditutup pukul 11:30 (layanan tutup pukul 12:00).")
    assert moment(c, "KTP", at(SAT, 11, 59)).kind == Kind.CUTOFF
    assert moment(c, "KTP", at(SAT, 12, 0)).kind == Kind.CLOSED


def test_weekday_hours_and_a_services_own_hours_win_in_order():
    c = cal()
    assert c.hours_on("KTP", "sat") == calendar.parse_hours("08:00-12:00")  # the site's Saturday
    assert c.hours_on("KTP", "mon") == calendar.parse_hours("08:00-15:00")  # the site's hours
    assert c.hours_on("KK", "mon") == calendar.parse_hours("08:00-12:00")  # KK's own
    assert c.hours_on("KTP", "sun") is None


def test_a_service_may_have_its_own_hours_on_one_weekday():
    text = calendar_site().replace(
        'prefix = "SK"\n', 'prefix = "SK"\nhours_by_day = { fri = "08:00-11:00" }\n')
    c = site.parse_site(text).calendar
    assert c.hours_on("SKCK", "fri") == calendar.parse_hours("08:00-11:00")
    assert c.hours_on("SKCK", "thu") == calendar.parse_hours("08:00-15:00")
    assert moment(c, "SKCK", at(FRI, 10, 29)).issuing
    assert moment(c, "SKCK", at(FRI, 10, 30)).kind == Kind.CUTOFF


def test_cut_off_by_estimated_wait_counts_the_breaks_the_wait_spans():
    c = cal()
    thu = FRI - dt.timedelta(days=1)  # 08:00-15:00, cut-off at 14:30
    assert moment(c, "KTP", at(thu, 13, 0), wait_min=120).issuing  # served at 15:00 sharp
    m = moment(c, "KTP", at(thu, 13, 0), wait_min=121)
    assert m.kind == Kind.CUTOFF
    assert "Perkiraan tunggu ± 2 jam 1 menit melewati jam tutup pukul 15:00" in (m.reason or "")
    # Friday 10:00 with 3 h of queue: 90 min to the prayer break, 90 after it: reached 14:30.
    assert moment(c, "KTP", at(FRI, 10, 0), wait_min=180).issuing
    assert not moment(c, "KTP", at(FRI, 10, 0), wait_min=211).issuing  # reached 15:01


@pytest.mark.parametrize(("minutes", "said"), [
    (0, "± 0 menit"), (8, "± 8 menit"), (59, "± 59 menit"), (60, "± 1 jam"), (128, "± 2 jam 8 menit"),
])
def test_long_waits_read_in_hours_and_minutes(minutes, said):
    assert wait_text(minutes) == said


def test_waits_in_english():
    assert wait_text(128, "en") == "about 2 h 8 min"
    assert wait_text(5, "en") == "about 5 min"


def test_site_check_places_each_calendar_mistake_at_its_field():
    bad = calendar_site("""
[[calendar.breaks]]
name = "Rapat"
days = ["sun"]
time = "13:00-12:00"

[[calendar.holidays]]
date = "31-02-2027"
name = ""
kind = "Libur Besar"
""").replace("cutoff_minutes = 30", "cutoff_minutes = -5")
    with pytest.raises(SiteFileError) as exc:
        site.parse_site(bad, "situs.toml")
    places = {(p.where, p.field) for p in exc.value.details}
    assert ("calendar", "cutoff_minutes") in places
    assert ("calendar.breaks[1]", "days") in places
    assert ("calendar.breaks[1]", "time") in places
    assert ("calendar.holidays[2]", "date") in places
    assert ("calendar.holidays[2]", "name") in places
    assert ("calendar.holidays[2]", "kind") in places
    assert any("situs.toml: calendar.breaks[1], field 'days': hari 'sun' tidak termasuk" in line
               for line in exc.value.problems)


def test_overlapping_breaks_and_a_date_listed_twice_are_refused():
    bad = calendar_site(f"""
[[calendar.breaks]]
name = "Rapat"
days = ["fri"]
time = "12:30-14:00"

[[calendar.holidays]]
date = "{MON.isoformat()}"
name = "Lagi"
""")
    with pytest.raises(SiteFileError) as exc:
        site.parse_site(bad)
    text = "\n".join(exc.value.problems)
    assert "bertumpuk" in text
    assert "sudah tercatat sebagai 'Hari Raya Uji'" in text


def test_a_site_without_a_calendar_keeps_its_days_and_hours():
    spec = site.load_site_file(MINI_SITE)
    assert spec.calendar.holidays == ()
    assert moment(spec.calendar, "KTP", at(SAT, 14, 59)).issuing
    assert moment(spec.calendar, "KTP", at(SAT + dt.timedelta(days=1), 9, 0)).kind == Kind.CLOSED_DAY


def test_the_stored_config_gives_back_the_same_calendar():
    spec = site.parse_site(calendar_site())
    assert calendar.calendar_from_config(spec.config()) == spec.calendar


def test_csv_holidays_with_indonesian_headers_and_day_first_dates(tmp_path: Path):
    f = tmp_path / "libur.csv"
    f.write_text("tanggal,nama,jenis\n25/12/2026,Hari Raya Natal,\n24/12/2026,Cuti Bersama Natal,\n"
                 "2027-01-01,Tahun Baru,libur_nasional\n\n", encoding="utf-8")
    got = read_holidays(f).holidays
    assert [(h.date.isoformat(), h.kind) for h in got] == [
        ("2026-12-25", "libur_nasional"), ("2026-12-24", "cuti_bersama"), ("2027-01-01", "libur_nasional")]


def test_csv_mistakes_name_their_line():
    with pytest.raises(SiteFileError, match=r"libur\.csv: baris 3: '2026-13-01' bukan tanggal"):
        parse_csv("date,name\n2026-12-25,Natal\n2026-13-01,Salah\n", "libur.csv")
    with pytest.raises(SiteFileError, match="baris 1 harus judul kolom"):
        parse_csv("2026-12-25,Natal\n", "libur.csv")


ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Uji//Libur//ID\r
BEGIN:VEVENT\r
UID:1@uji\r
DTSTART;VALUE=DATE:20270310\r
DTEND;VALUE=DATE:20270311\r
SUMMARY:Hari Suci Nyepi\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@uji\r
DTSTART;VALUE=DATE:20270329\r
DTEND;VALUE=DATE:20270401\r
SUMMARY:Libur Idul Fitri\r
CATEGORIES:Cuti Bersama\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_icalendar_all_day_events_become_one_holiday_per_day():
    got = parse_ics(ICS, "libur.ics").holidays
    assert [(h.date.isoformat(), h.name, h.kind) for h in got] == [
        ("2027-03-10", "Hari Suci Nyepi", "libur_nasional"),
        ("2027-03-29", "Libur Idul Fitri", "cuti_bersama"),
        ("2027-03-30", "Libur Idul Fitri", "cuti_bersama"),
        ("2027-03-31", "Libur Idul Fitri", "cuti_bersama"),
    ]


def test_an_imported_date_replaces_the_one_already_listed():
    old = (calendar.Holiday(MON, "Lama"), calendar.Holiday(TUE, "Tetap"))
    new = (calendar.Holiday(MON, "Baru"), calendar.Holiday(MON + dt.timedelta(days=7), "Tambahan"))
    merged, added, replaced = merge(old, new)
    assert [h.name for h in merged] == ["Baru", "Tetap", "Tambahan"]
    assert (added, replaced) == (1, 1)
