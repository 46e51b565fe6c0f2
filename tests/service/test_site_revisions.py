"""Site revisions on SQLite and PostgreSQL: what the admin console saves, compares, undoes and
exports, and the optimistic check between two admins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from shared import site
from shared.cli import main
from shared.errors import RuleRefused, SiteFileError
from shared.models import Service
from shared.site import revisions
from shared.site.export import site_data, to_toml
from tests.conftest import MINI_SITE, T0
from tests.support import events_of
from tests.unit.test_calendar import calendar_site

LATER = T0 + dt.timedelta(minutes=5)
DEMO = Path(__file__).parents[2] / "resources" / "sites" / "demo-batu.toml"


def test_every_load_is_a_revision_kept_whole_with_who_and_what(store):
    with store.transaction() as s:
        site.apply_site(s, site.parse_site(calendar_site()), now=LATER, by="admin", note="kalender")
    with store.reading() as s:
        history = revisions.history(s)
        assert [r.revision for r in history] == [2, 1]
        assert history[0].author == "admin"
        assert "kalender: + libur" in "\n".join(history[0].changes)
        assert revisions.current(s).data["calendar"]["cutoff_minutes"] == 30
    loaded = events_of(store, "site_loaded")[-1]
    assert loaded.data["revision"] == 2
    assert loaded.data["by"] == "admin"
    assert loaded.data["n_changes"] == len(history[0].changes)


def test_an_admins_edit_is_checked_by_the_site_validator_and_saved_as_the_next_revision(store):
    with store.reading() as s:
        edit = revisions.current(s)
    edit.data["services"][0]["quota"] = 120
    edit.data["site"]["marquee"] = "Selamat datang"
    with store.transaction() as s:
        report = revisions.save(s, edit.data, base_revision=edit.revision, by="admin", now=LATER)
    assert report.revision == edit.revision + 1
    assert report.changes == ("situs: marquee '' → 'Selamat datang'", "layanan KTP: quota = 120")
    with store.reading() as s:
        assert s.scalar(select(Service.quota).where(Service.code == "KTP")) == 120
        assert revisions.changes_between(s, edit.revision, report.revision) == list(report.changes)


def test_a_mistake_is_refused_at_its_field_and_nothing_is_saved(store):
    with store.reading() as s:
        edit = revisions.current(s)
    edit.data["services"][1]["prefix"] = "A"  # KTP's
    with pytest.raises(SiteFileError) as exc, store.transaction() as s:
        revisions.save(s, edit.data, base_revision=edit.revision, by="admin", now=LATER)
    assert [(p.where, p.field) for p in exc.value.details] == [("services[1] (code 'KK')", "prefix")]
    assert exc.value.details[0].message == "awalan 'A' sudah dipakai layanan 'KTP'"
    with store.reading() as s:
        assert revisions.current(s).revision == edit.revision


def test_the_second_of_two_concurrent_saves_is_refused(store):
    with store.reading() as s:
        first, second = revisions.current(s), revisions.current(s)
    first.data["site"]["marquee"] = "dari admin pertama"
    second.data["site"]["footer"] = "dari admin kedua"
    with store.transaction() as s:
        revisions.save(s, first.data, base_revision=first.revision, by="dewi", now=LATER)
    with pytest.raises(RuleRefused, match=r"Situs sudah diubah oleh dewi pukul \d\d:\d\d \(revisi 2\) sejak "
                                          r"Anda mulai menyunting revisi 1"), store.transaction() as s:
        revisions.save(s, second.data, base_revision=second.revision, by="eko", now=LATER)
    with store.reading() as s:
        data = revisions.current(s).data
    assert (data["site"]["marquee"], data["site"]["footer"]) == ("dari admin pertama", "")


def test_saving_no_change_is_refused(store):
    with store.reading() as s:
        edit = revisions.current(s)
    with pytest.raises(RuleRefused, match="Tidak ada perubahan"), store.transaction() as s:
        revisions.save(s, edit.data, base_revision=edit.revision, by="admin", now=LATER)


def test_undo_goes_back_to_any_earlier_revision_as_a_new_one(store):
    for marquee in ("satu", "dua", "tiga"):
        with store.reading() as s:
            edit = revisions.current(s)
        edit.data["site"]["marquee"] = marquee
        with store.transaction() as s:
            revisions.save(s, edit.data, base_revision=edit.revision, by="admin", now=LATER)
    with store.transaction() as s:
        report = revisions.undo_to(s, 2, base_revision=4, by="admin", now=LATER)
    assert report.revision == 5
    with store.reading() as s:
        assert revisions.current(s).data["site"]["marquee"] == "satu"
        assert revisions.history(s)[0].note == "kembali ke revisi 2"
        assert revisions.revision_data(s, 5) == revisions.revision_data(s, 2)


@pytest.mark.parametrize("source", [MINI_SITE, DEMO], ids=["mini", "demo"])
def test_export_writes_a_site_file_that_loads_back_unchanged(store, source, tmp_path):
    spec = site.load_site_file(source)
    with store.transaction() as s:
        site.apply_site(s, spec, now=LATER)
    with store.reading() as s:
        text = revisions.export_toml(s)
    exported = tmp_path / "ekspor.toml"
    exported.write_text(text, encoding="utf-8")
    again = site.load_site_file(exported)
    without_passwords = [u.__class__(u.username, u.name, u.role, u.agency, None) for u in spec.users]
    assert again == spec.__class__(**{**spec.__dict__, "users": tuple(without_passwords)})
    assert to_toml(site_data(again)) in text  # and writing it again gives the same file
    with store.transaction() as s:  # loading it back changes nothing
        report = site.apply_site(s, again, now=LATER)
    assert report.changes == ()


def test_cli_imports_holidays_as_a_new_revision_and_shows_history_diff_and_undo(
        store, store_url, tmp_path, capsys, station_files):
    f = tmp_path / "libur.csv"
    f.write_text("tanggal,nama\n31/12/2026,Cuti bersama akhir tahun\n", encoding="utf-8")
    clock = lambda: LATER  # noqa: E731
    assert main(["--db", store_url, "calendar", "import", str(f)], clock=clock) == 0
    assert "1 hari libur ditambahkan, 0 diganti (revisi 2)" in capsys.readouterr().out
    assert main(["--db", store_url, "site", "diff", "1"], clock=clock) == 0
    assert capsys.readouterr().out.strip() == (
        "kalender: + libur 2026-12-31 Cuti bersama akhir tahun (cuti_bersama)")
    assert main(["--db", store_url, "site", "undo", "1"], clock=clock) == 0
    assert "disimpan sebagai revisi 3" in capsys.readouterr().out
    assert main(["--db", store_url, "calendar", "import", str(tmp_path / "tidak-ada.csv")], clock=clock) == 2
    assert "tidak bisa dibaca" in capsys.readouterr().err


def test_two_services_may_swap_prefixes_and_a_counter_may_drop_a_service_in_one_save(store):
    from shared import rules

    with store.reading() as s:
        edit = revisions.current(s)
    ktp, kk = edit.data["services"][0], edit.data["services"][1]
    ktp["prefix"], kk["prefix"] = kk["prefix"], ktp["prefix"]
    edit.data["counters"][0]["services"] = ["KTP"]
    with store.transaction() as s:
        revisions.save(s, edit.data, base_revision=edit.revision, by="admin", now=LATER)
    with store.reading() as s:
        assert s.scalar(select(Service.prefix).where(Service.code == "KTP")) == "B"
        assert s.scalar(select(Service.prefix).where(Service.code == "KK")) == "A"
        l1 = next(c for c in rules.status(s, now=LATER).counters if c.code == "L1")
    assert list(l1.services) == ["KTP"]
