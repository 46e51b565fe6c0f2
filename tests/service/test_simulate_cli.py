"""``antre simulate`` as an operator runs it: a real process, a table, a CSV, a chart, a
recommendation, one calm line per mistake, and a profile learnt from a real store."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from shared import rules, simulate
from shared.store import Store
from tests.conftest import MINI_SITE, T0
from tests.support import act
from tests.when import WIB

ROOT = Path(__file__).resolve().parents[2]
PROFILE = f"""
site = "{MINI_SITE}"
date = 2030-01-05
patience_min = 90
[services.KTP]
arrivals = {{9 = 14, 10 = 10}}
service_min = {{mean = 5, sd = 2}}
[services.SKCK]
arrivals = {{9 = 6, 10 = 6}}
service_min = {{mean = 6, sd = 2}}
[[staffing]]
counters = ["L1", "L2", "P1"]
hours = "08:00-15:00"
"""


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTRE_CONFIG=str(tmp_path / "none.toml"), XDG_STATE_HOME=str(tmp_path / "state"))
    return subprocess.run(
        [sys.executable, "-m", "shared", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    p = tmp_path / "profil.toml"
    p.write_text(PROFILE, encoding="utf-8")
    return p


def test_the_table_the_csv_and_the_chart_of_simulated_days(tmp_path: Path, profile: Path) -> None:
    out_csv, png = tmp_path / "hasil.csv", tmp_path / "grafik.png"
    r = run(
        tmp_path,
        "simulate",
        str(profile),
        "--runs",
        "4",
        "--seed",
        "9",
        "--csv",
        str(out_csv),
        "--chart",
        str(png),
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("MPP Uji — simulasi, Sabtu, 5 Januari 2030 (4 kali, benih 9)")
    assert lines[1].split()[:3] == ["Layanan", "Terbit", "Layani"]
    ktp = next(line for line in lines if line.startswith("KTP "))
    assert ktp.split()[-2:] == ["10", "ok"] or ktp.split()[-2:] == ["10", "MELEBIHI"]
    assert "p90 tunggu per jam" in r.stdout
    assert "Utilisasi" in r.stdout
    rows = list(csv.DictReader(out_csv.read_text(encoding="utf-8").splitlines()))
    assert {row["baris"] for row in rows} == {"layanan", "jam", "loket"}
    ktp_row = next(row for row in rows if row["baris"] == "layanan" and row["layanan"] == "KTP")
    assert float(ktp_row["terbit"]) > 10
    assert float(ktp_row["tunggu_p90_menit"]) >= float(ktp_row["tunggu_p50_menit"])
    assert {row["jam"] for row in rows if row["baris"] == "jam" and row["layanan"] == "KTP"} >= {"9", "10"}
    l1 = next(row for row in rows if row["loket"] == "L1")
    assert 0 < float(l1["utilisasi"]) <= 1.5
    assert float(l1["jam_loket"]) == 7
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.width >= 800
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 20  # text, a line and bars, not a blank page


def test_the_same_seed_prints_the_same_table(tmp_path: Path, profile: Path) -> None:
    a = run(tmp_path, "simulate", str(profile), "--runs", "3", "--seed", "4")
    b = run(tmp_path, "simulate", str(profile), "--runs", "3", "--seed", "4", "--workers", "1")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout


def test_recommend_prints_a_plan_and_writes_it_as_staffing_tables(tmp_path: Path, profile: Path) -> None:
    plan = tmp_path / "rencana.toml"
    r = run(tmp_path, "simulate", str(profile), "--recommend", "--runs", "4", "--write-plan", str(plan))
    assert r.returncode == 0, r.stderr
    assert "Rencana loket yang disarankan" in r.stdout
    assert next(line for line in r.stdout.splitlines() if line.startswith("DUKCAPIL"))
    spec = simulate.load_profile(profile).site
    shifts = simulate.load_staffing(plan, spec)
    assert shifts
    again = run(tmp_path, "simulate", str(profile), "--staffing", str(plan), "--runs", "4")
    assert again.returncode == 0, again.stderr
    assert "MELEBIHI" not in again.stdout


def test_a_bad_profile_is_one_calm_line_per_mistake_and_exit_2(tmp_path: Path, profile: Path) -> None:
    profile.write_text(PROFILE.replace("mean = 5", "mean = -5").replace('"P1"', '"P9"'), encoding="utf-8")
    r = run(tmp_path, "simulate", str(profile))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == "antre: Profil simulasi tidak valid (2 kesalahan):"
    assert lines[1].startswith("profil.toml: services.KTP.service_min.mean: ")
    assert lines[2] == "profil.toml: staffing[0].counters: loket 'P9' tidak ada di berkas situs"
    r = run(tmp_path, "simulate", str(tmp_path / "tidak-ada.toml"))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 2
    assert "tidak bisa dibaca" in r.stderr
    r = run(tmp_path, "simulate", str(profile), "--runs", "0")
    assert r.returncode == 2


def test_learn_fits_a_profile_from_the_stores_history(store: Store, store_url: str, tmp_path: Path) -> None:
    day = T0.astimezone(WIB).date()
    at = T0
    for i in range(12):
        act(store, rules.issue, "KTP" if i % 3 else "SKCK", at=at, priority="lansia" if i == 5 else None)
        at += dt.timedelta(minutes=4)
    for _ in range(6):
        for counter in ("L1", "P1"):
            act(store, rules.open_counter, counter, at=at)
            if act(store, rules.call_next, counter, at=at).ticket:
                act(store, rules.start, counter, at=at + dt.timedelta(minutes=1))
                act(store, rules.finish, counter, at=at + dt.timedelta(minutes=7))
        at += dt.timedelta(minutes=8)
    out = tmp_path / "belajar.toml"
    r = run(
        tmp_path,
        "--db",
        store_url,
        "simulate",
        "--learn",
        str(out),
        "--until",
        day.isoformat(),
        "--days",
        "7",
    )
    assert r.returncode == 0, r.stderr
    assert "1 hari" in r.stdout
    learnt = simulate.load_profile(out)
    ktp = learnt.service("KTP")
    assert ktp is not None
    assert dict(ktp.arrivals) == {9: 8.0}
    assert ktp.service_mean_min == pytest.approx(6.0, abs=0.05)
    assert ktp.priority_share == pytest.approx(1 / 12, abs=0.001)
    assert (tmp_path / "belajar-situs.toml").exists()
    # A site file named on the command line (relative to where the command runs) is named
    # relative to the profile's own folder.
    other = tmp_path / "lain" / "profil.toml"
    other.parent.mkdir()
    site_arg = str(MINI_SITE.relative_to(ROOT))
    r = run(
        tmp_path,
        "--db",
        store_url,
        "simulate",
        "--learn",
        str(other),
        "--until",
        day.isoformat(),
        "--site",
        site_arg,
    )
    assert r.returncode == 0, r.stderr
    assert simulate.load_profile(other).site.settings.name == "MPP Uji"
