"""Reports on a real store, SQLite and PostgreSQL: one Saturday played through the queue rules
with an injected clock, then read back as the figures docs/reports.md defines."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from shared import reports, rules
from shared.errors import BadInput, NotFound, RuleRefused
from shared.models import ReportCell, ReportDay, User
from shared.reports import export
from shared.store import Store
from tests.conftest import T0
from tests.support import act, issue, open_counters

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
DAY = T0.astimezone(JAKARTA).date()


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def _users(store: Store) -> dict[str, int]:
    with store.transaction() as s:
        rina = User(username="rina", full_name="Rina", role="clerk", failed_logins=0)
        budi = User(username="budi", full_name="Budi", role="clerk", failed_logins=0)
        s.add_all([rina, budi])
        s.flush()
        return {"rina": rina.id, "budi": budi.id}


def play_saturday(store: Store) -> dict[str, int]:
    """A001 served at L1; A002 a no-show; B001 (KK) sent to KTP and served at L2; SK001 served
    late at P1; A003 still waiting when the day ends."""
    act(store, rules.roll_over, at=T0)
    u = _users(store)
    open_counters(store, "L1", "L2", "L3", "P1")
    issue(store, "KTP", at(0))  # A001
    issue(store, "KTP", at(1))  # A002
    issue(store, "SKCK", at(2))  # SK001
    issue(store, "KK", at(3))  # B001
    act(store, rules.call_next, "L1", at=at(5), user_id=u["rina"])  # A001 waited 300 s
    act(store, rules.start, "L1", at=at(6), user_id=u["rina"])
    act(store, rules.finish, "L1", at=at(10), user_id=u["rina"])  # served in 240 s
    act(store, rules.call_next, "L1", at=at(12), user_id=u["rina"])  # A002 waited 660 s
    act(store, rules.no_show, "L1", at=at(13), user_id=u["rina"])
    act(store, rules.call_next, "L3", at=at(20), user_id=u["rina"])  # B001 waited 1020 s
    act(store, rules.transfer, "L3", "KTP", at=at(21), user_id=u["rina"])
    act(store, rules.call_next, "L2", at=at(25), user_id=u["budi"])  # B001 again: not a first call
    act(store, rules.finish, "L2", at=at(30), user_id=u["budi"])  # served in 300 s (from the call)
    act(store, rules.call_next, "P1", at=at(40), user_id=u["budi"])  # SK001 waited 2280 s
    act(store, rules.start, "P1", at=at(41), user_id=u["budi"])
    act(store, rules.finish, "P1", at=at(45), user_id=u["budi"])  # served in 240 s
    issue(store, "KTP", at(50))  # A003, never called
    return u


def test_a_day_by_service_counts_every_outcome_where_it_happened(store: Store) -> None:
    play_saturday(store)
    with store.reading() as s:
        report = reports.build(s, reports.day(DAY), "service")
    rows = {r.key: r.figures for r in report.rows}
    assert list(rows) == ["KTP", "KK", "SKCK"]
    ktp, kk, skck = rows["KTP"], rows["KK"], rows["SKCK"]
    assert (ktp.issued, ktp.called, ktp.served, ktp.no_show, ktp.transferred) == (3, 2, 2, 1, 0)
    assert (kk.issued, kk.called, kk.served, kk.transferred) == (1, 1, 0, 1)
    assert (skck.issued, skck.called, skck.served) == (1, 1, 1)
    assert ktp.wait_mean_s == pytest.approx(480)
    # KTP's target is 10 minutes (the mini site): A001 in 5, A002 in 11. SKCK's default is 30.
    assert ktp.within_target == pytest.approx(0.5)
    assert kk.within_target == 1.0
    assert skck.within_target == 0.0
    assert ktp.service_mean_s == pytest.approx(270)  # A001 240 s, B001 300 s
    total = report.total
    assert (total.issued, total.called, total.served, total.no_show, total.expired) == (5, 4, 3, 1, 0)
    assert total.wait_mean_s == pytest.approx((300 + 660 + 1020 + 2280) / 4)
    assert total.wait_median_s == 660  # nearest rank: the 2nd of 4
    assert total.wait_p90_s == 2280  # the 4th of 4
    assert total.service_mean_s == pytest.approx(260)


def test_the_clerks_and_counters_have_their_served_count_and_mean_service_time(store: Store) -> None:
    play_saturday(store)
    with store.reading() as s:
        by_clerk = reports.build(s, reports.day(DAY), "clerk")
        by_counter = reports.build(s, reports.day(DAY), "counter")
    assert [(c.name, c.served, c.service_mean_s) for c in by_clerk.clerks] == [
        ("Budi", 2, pytest.approx(270)), ("Rina", 1, pytest.approx(240))]
    counters = {r.key: r.figures for r in by_counter.rows}
    assert counters["L1"].served == 1
    assert counters["L1"].no_show == 1
    assert counters["L1"].called == 2
    assert counters["L3"].transferred == 1
    assert counters["L3"].served == 0
    assert counters["P1"].wait_mean_s == 2280


def test_arrivals_fall_in_their_weekday_and_local_hour(store: Store) -> None:
    play_saturday(store)
    with store.reading() as s:
        report = reports.build(s, reports.day(DAY), "agency")
    hour = T0.astimezone(JAKARTA).hour
    assert report.arrivals[DAY.weekday()][hour] == 5
    assert sum(map(sum, report.arrivals)) == 5
    assert report.waits_by_hour == ((hour, 4, pytest.approx(1065)),)
    assert [(r.key, r.figures.issued) for r in report.rows] == [("DUKCAPIL", 4), ("POLRES", 1)]
    assert [r.key for r in report.sla] == ["DUKCAPIL", "POLRES"]


def test_a_closed_day_is_stored_once_and_reads_the_same_as_computed(store: Store) -> None:
    play_saturday(store)
    act(store, rules.roll_over, at=T0 + dt.timedelta(days=1))  # A003 expires; the rollover stores the day
    period = reports.day(DAY)
    with Session(store.engine) as s:  # the same day computed from its events
        s.execute(delete(ReportCell))
        s.execute(delete(ReportDay))
        computed = reports.build(s, period, "clerk")
        s.rollback()
    assert computed.total.expired == 1
    assert reports.keep_closed_days(store, period, now=T0 + dt.timedelta(days=1)) == 0
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(ReportDay).where(
            ReportDay.span == "day", ReportDay.business_day == DAY)) == 1
        cells = select(func.count()).select_from(ReportCell).where(ReportCell.business_day == DAY)
        assert s.scalar(cells) > 0
        stored = reports.build(s, period, "clerk")
    assert stored == computed
    assert reports.rebuild(store, period, now=T0 + dt.timedelta(days=1)) == 1
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(ReportDay).where(
            ReportDay.span == "day", ReportDay.business_day == DAY)) == 1
        assert reports.build(s, period, "clerk") == computed


def test_a_closed_month_is_added_up_once_and_reads_the_same_as_its_days(store: Store) -> None:
    play_saturday(store)
    act(store, reports.record_answer, "A001", [4] * 9, at=at(60))
    later = T0 + dt.timedelta(days=40)  # a Wednesday in a later month: the whole month is closed
    act(store, rules.roll_over, at=later)
    month = reports.month(DAY.year, DAY.month)
    with store.reading() as s:
        computed = {by: reports.build(s, month, by) for by in reports.BY}
    reports.keep_closed_days(store, month, now=later)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(ReportDay).where(
            ReportDay.span == "day", ReportDay.business_day.between(month.first, month.last))) == month.length
        assert s.scalar(select(func.count()).select_from(ReportDay).where(ReportDay.span == "month")) == 1
        stored = {by: reports.build(s, month, by) for by in reports.BY}
        a_range = reports.build(s, reports.date_range(month.first, DAY), "service")
    assert stored == computed
    assert a_range.total == computed["service"].total


def test_the_open_day_is_never_stored(store: Store) -> None:
    play_saturday(store)
    assert reports.keep_closed_days(store, reports.day(DAY), now=at(60)) == 0
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(ReportDay)) == 0


def test_a_month_adds_its_days_up(store: Store) -> None:
    play_saturday(store)
    monday = T0 + dt.timedelta(days=2)  # the mini site is closed on Sundays
    act(store, rules.roll_over, at=monday)
    issue(store, "KTP", monday)  # maybe in the next month
    reports.keep_closed_days(store, reports.day(DAY), now=monday)
    nxt = DAY + dt.timedelta(days=2)
    with store.reading() as s:
        both = reports.build(s, reports.date_range(DAY, nxt), "service")
        month = reports.build(s, reports.month(DAY.year, DAY.month), "service")
    assert both.total.issued == 6
    assert month.total.issued == (6 if nxt.month == DAY.month else 5)


# --- the SKM survey ---------------------------------------------------------------------

def test_a_served_ticket_is_answered_once_and_only_after_it_is_done(store: Store) -> None:
    play_saturday(store)
    with store.transaction() as s:
        with pytest.raises(RuleRefused, match="belum selesai"):
            reports.record_answer(s, "A002", [4] * 9, now=at(60))  # a no-show
        with pytest.raises(RuleRefused, match="belum selesai"):
            reports.record_answer(s, "A003", [4] * 9, now=at(60))  # still waiting
        with pytest.raises(BadInput):
            reports.record_answer(s, "A001", [5] * 9, now=at(60))
        with pytest.raises(BadInput):
            reports.record_answer(s, "A001", [4] * 8, now=at(60))
    act(store, reports.record_answer, "A001", [4] * 9, at=at(60), profile={"usia": "30–39"})
    with store.transaction() as s, pytest.raises(RuleRefused, match="sudah diisi"):
        reports.check_ticket(s, "A001", now=at(61))
    with store.reading() as s:
        assert reports.check_ticket(s, "SK001", now=at(61)).service_name == "SKCK"


def test_the_index_is_the_mean_of_the_element_means_times_25(store: Store) -> None:
    play_saturday(store)
    act(store, reports.record_answer, "A001", [4] * 9, at=at(60), comment="Cepat")
    act(store, reports.record_answer, "SK001", [3] * 8 + [2], at=at(61))
    with store.reading() as s:
        report = reports.build(s, reports.day(DAY), "agency")
    ikm = report.ikm
    assert ikm is not None
    assert ikm.respondents == 2
    assert ikm.element_means == pytest.approx([3.5] * 8 + [3.0])
    assert ikm.ikm == pytest.approx((8 * 3.5 + 3.0) / 9 * 25)
    assert (ikm.grade, ikm.meaning) == ("B", "Baik")
    assert report.ikm_rows["DUKCAPIL"].ikm == 100
    assert report.ikm_rows["DUKCAPIL"].grade == "A"
    assert report.ikm_rows["POLRES"].respondents == 1
    table = export.table(report)
    assert table[-1][export.COLUMNS.index("Responden SKM")] == 2
    assert table[-1][export.COLUMNS.index("Dilayani")] == 3


def test_the_report_exports_as_csv_xlsx_and_json(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    play_saturday(store)
    with store.reading() as s:
        report = reports.build(s, reports.day(DAY), "service")
    path = tmp_path / "laporan.xlsx"
    export.write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    sheet = wb["Layanan"]
    header = [c.value for c in sheet[3]]
    assert header == list(export.COLUMNS)
    assert [sheet.cell(row=r, column=1).value for r in range(4, 8)] == ["KTP", "KK", "SKCK", "TOTAL"]
    assert sheet.cell(row=7, column=header.index("Diterbitkan") + 1).value == 5
    assert wb["Kedatangan"].cell(row=2 + DAY.weekday(), column=2 + T0.astimezone(JAKARTA).hour).value == 5
    csv_lines = export.to_csv(report).splitlines()
    assert csv_lines[0].startswith("Kode,Nama,Diterbitkan")
    assert csv_lines[-1].startswith("TOTAL,Jumlah,5,4,3,1,0,1,")
    data = export.to_json(report)
    assert data["total"]["served"] == 3
    assert data["rows"][0]["key"] == "KTP"


@pytest.mark.usefixtures("station_files")
def test_antre_report_prints_and_writes_the_files(store: Store, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    import openpyxl

    from shared.cli import main

    play_saturday(store)
    monday = T0 + dt.timedelta(days=2)
    act(store, rules.roll_over, at=monday)
    xlsx, csv = tmp_path / "hari.xlsx", tmp_path / "hari.csv"
    argv = ["--db", store.url, "report", "day", DAY.isoformat(), "--by", "counter",
            "--xlsx", str(xlsx), "--csv", str(csv)]
    assert main([*argv, "--json"], clock=lambda: monday) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in data["rows"]] == ["L1", "L2", "L3", "P1"]
    assert data["total"]["expired"] == 1
    assert openpyxl.load_workbook(xlsx)["Loket"].cell(row=4, column=1).value == "L1"
    assert csv.read_text(encoding="utf-8").splitlines()[-1].startswith("TOTAL,Jumlah,5,")
    assert main(["--db", store.url, "report", "month", f"{DAY:%Y-%m}"], clock=lambda: monday) == 0
    assert "Jumlah" in capsys.readouterr().out
    assert main(["--db", store.url, "report", "month", "2026-13"], clock=lambda: monday) == 2
    assert "Bulan 13 tidak ada" in capsys.readouterr().err


def test_an_agency_report_keeps_only_that_agencys_services_and_answers(store: Store) -> None:
    play_saturday(store)
    act(store, reports.record_answer, "A001", [4] * 9, at=at(60))
    act(store, reports.record_answer, "SK001", [2] * 9, at=at(61))
    with store.reading() as s:
        polres = reports.build(s, reports.day(DAY), "service", agency="POLRES")
        with pytest.raises(NotFound):
            reports.build(s, reports.day(DAY), "service", agency="NOPE")
    assert [r.key for r in polres.rows] == ["SKCK"]
    assert polres.total.issued == 1
    assert polres.ikm is not None
    assert polres.ikm.ikm == 50
    assert polres.agency_name == "Polres"
