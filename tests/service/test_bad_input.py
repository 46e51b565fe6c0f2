"""Bad input gets one calm line, never "kesalahan tak terduga" (issue 15, findings 7-10):
a damaged SQLite file, a site file that `check` passes but the store would refuse, command
lines the catch-all used to answer, and the announcement's {layanan} and {instansi}."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shared import cli, site
from shared.errors import StoreDamaged
from shared.limits import TEXT
from shared.selftest import FAILED, check_store
from shared.store import Store
from tests.conftest import MINI_SITE, T0
from tests.support import issue, open_counter

UNEXPECTED = "kesalahan tak terduga"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv), clock=lambda: T0)
    out, err = capsys.readouterr()
    return code, out, err


def one_calm_line(err: str) -> str:
    assert err.startswith("antre: ")
    assert err.count("\n") == 1, err
    assert UNEXPECTED not in err
    assert "Traceback" not in err
    return err


# --- finding 7: a damaged SQLite file ------------------------------------------------------

@pytest.fixture
def damaged(tmp_path: Path, station_files: Path) -> tuple[str, Path]:
    """A SQLite store with the mini site and some tickets whose ticket table's root page is
    overwritten, as a failing disk or a pulled plug mid-copy leaves it."""
    path = tmp_path / "antre.db"
    url = f"sqlite:///{path}"
    st = Store.open(url)
    with st.transaction() as s:
        site.apply_site(s, site.load_site_file(MINI_SITE), now=T0)
    open_counter(st, "L1")
    for _ in range(30):
        issue(st, "KTP")
    st.dispose()  # the last connection checkpoints the write-ahead log into the file
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ticket'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x0d" + b"\xa5" * (page_size - 1))
    return url, path


@pytest.mark.parametrize("argv", [
    ["init"], ["db", "check"], ["status"], ["ticket", "issue", "KTP"], ["counter", "next", "L1"],
])
def test_a_damaged_sqlite_file_gets_one_line_naming_the_file_and_the_restore_steps(damaged, capsys, argv):
    url, path = damaged
    code, out, err = run(capsys, "--db", url, *argv)
    assert code == 1
    line = one_calm_line(err)
    assert str(path) in line
    assert "rusak" in line
    assert "docs/deploy.md" in line
    assert "Basis data siap" not in out


def test_an_app_refuses_to_start_on_a_damaged_file_and_its_self_test_says_why(damaged, monkeypatch):
    from shared.ui.app import open_store

    url, path = damaged
    with pytest.raises(StoreDamaged) as info:
        open_store(url)
    assert str(path) in info.value.message
    monkeypatch.setenv("ANTRE_DB_URL", url)
    check, store = check_store(None)
    assert store is None
    assert check.status == FAILED
    assert "rusak" in check.detail
    assert "docs/deploy.md" in check.detail


def test_a_whole_file_passes_the_check(tmp_path, station_files, capsys):
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    assert run(capsys, "--db", url, "init")[0] == 0
    code, out, _ = run(capsys, "--db", url, "db", "check")
    assert code == 0
    assert "Boleh:" in out


# --- finding 8: what `site check` passes, `site load` loads on both stores ------------------

def _site_at_the_limits(tmp_path: Path) -> Path:
    text = MINI_SITE.read_text(encoding="utf-8")
    text = text.replace('name = "MPP Uji"', f'name = "{"S" * TEXT["site.name"]}"')
    text = text.replace('name = "Polres"',
                        f'name = "{"P" * TEXT["agency.name"]}"\nshort = "{"p" * TEXT["agency.short"]}"')
    text = text.replace('name = "KTP-el"', f'name = "{"K" * TEXT["service.name"]}"')
    text = text.replace('name = "Loket 4"', f'name = "{"L" * TEXT["counter.name"]}"')
    text = text.replace('zone = "Lantai 2"', f'zone = "{"Z" * TEXT["counter.zone"]}"')
    text = text.replace("quota = 3", "quota = 99999").replace("priority_ratio = 2", "priority_ratio = 20")
    path = tmp_path / "limits.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_site_at_every_limit_passes_check_and_loads_on_both_stores(
        store_url, station_files, tmp_path, capsys):
    path = _site_at_the_limits(tmp_path)
    assert run(capsys, "--db", store_url, "site", "check", str(path))[0] == 0
    code, _, err = run(capsys, "--db", store_url, "site", "load", str(path))
    assert code == 0, err


@pytest.mark.parametrize(("old", "new"), [
    ('name = "Polres"', 'name = ""'),
    ('name = "Loket 4"', f'name = "{"L" * (TEXT["counter.name"] + 1)}"'),
    ("quota = 3", "quota = 3000000000"),
    ("priority_ratio = 2", f"priority_ratio = {2**40}"),
    ("priority_ratio = 2", 'priority_ratio = 2\nannouncement = "Nomor {nomor} ke {loket} }"'),
])
def test_what_check_refuses_load_refuses_too_and_nothing_is_loaded(
        store_url, station_files, tmp_path, capsys, old, new):
    path = tmp_path / "bad.toml"
    path.write_text(MINI_SITE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for command in ("check", "load"):
        code, _, err = run(capsys, "--db", store_url, "site", command, str(path))
        assert code == 2
        assert err.startswith("antre: Berkas situs tidak valid")
        assert UNEXPECTED not in err
    code, _, err = run(capsys, "--db", store_url, "site", "show")
    assert code == 2
    assert "Situs belum dimuat" in err


# --- finding 9: command lines the catch-all used to answer --------------------------------

def test_events_since_past_the_id_type_is_one_calm_line(tmp_path, station_files, capsys):
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    code, _, err = run(capsys, "--db", url, "events", "--since", str(10**20))
    assert code == 2
    assert "--since" in one_calm_line(err)


def test_a_db_under_a_plain_file_is_one_calm_line(tmp_path, station_files, capsys):
    plain = tmp_path / "plain.txt"
    plain.write_text("not a folder")
    for argv in (["status"], ["init"]):
        code, _, err = run(capsys, "--db", f"sqlite:///{plain / 'antre.db'}", *argv)
        assert code == 2
        assert str(plain) in one_calm_line(err)


def test_a_postgresql_url_with_a_non_numeric_port_is_one_calm_line(station_files, capsys):
    code, _, err = run(capsys, "--db", "postgresql://antre@server:lima/antre", "status")
    assert code == 2
    assert "port" in one_calm_line(err)


def test_only_init_creates_a_missing_folder(tmp_path, station_files, capsys):
    folder = tmp_path / "typo" / "antre"
    url = f"sqlite:///{folder / 'antre.db'}"
    for argv in (["status"], ["ticket", "issue", "KTP"], ["site", "load", str(MINI_SITE)]):
        code, _, err = run(capsys, "--db", url, *argv)
        assert code == 1
        assert str(folder) in one_calm_line(err)
        assert not folder.exists()
    assert run(capsys, "--db", url, "init")[0] == 0
    assert (folder / "antre.db").is_file()


# --- finding 10: the announcement's {layanan} and {instansi} ------------------------------

def test_announce_text_renders_the_service_and_the_agency(tmp_path, station_files, capsys):
    path = tmp_path / "site.toml"
    path.write_text(MINI_SITE.read_text(encoding="utf-8").replace(
        "priority_ratio = 2",
        'priority_ratio = 2\nannouncement = "Nomor {nomor}, {layanan} {instansi}, ke {loket}"'),
        encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    assert run(capsys, "--db", url, "site", "load", str(path))[0] == 0
    code, out, _ = run(capsys, "--db", url, "announce-text", "SK007", "P1")
    assert code == 0
    assert out.strip() == "Nomor es ka tujuh, SKCK Polres, ke loket empat"
