"""The `antre` command as an operator or a script uses it: real processes, real stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI_SITE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def antre(store_url, tmp_path):
    env = dict(os.environ, ANTRE_DB_URL=store_url, ANTRE_CONFIG=str(tmp_path / "none.toml"),
               XDG_STATE_HOME=str(tmp_path / "state"))

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "shared", *args], env=env, cwd=ROOT, input=stdin,
                              capture_output=True, text=True, timeout=120)
    return run


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_day_at_the_counter_from_the_command_line(antre):
    ok(antre("init"))
    ok(antre("site", "load", str(MINI_SITE)))
    # the mini site closes on Sundays and at 15:00 WIB; the demo flag keeps tests clock-free
    ok(antre("demo", "--no-apps", "--site", str(MINI_SITE)))
    issued = json.loads(ok(antre("ticket", "issue", "KTP", "--json")))
    assert issued["code"] == "A001"
    assert {"code", "service", "agency", "ahead", "estimated_wait_min"} <= issued.keys()
    json.loads(ok(antre("ticket", "issue", "KTP", "--priority", "lansia", "--json")))
    ok(antre("counter", "open", "L1"))
    called = json.loads(ok(antre("counter", "next", "L1", "--json")))
    assert called["ticket"]["code"] == "A002"  # priority first
    ok(antre("counter", "recall", "L1"))
    ok(antre("counter", "start", "L1"))
    ok(antre("counter", "done", "L1"))
    ok(antre("counter", "next", "L1"))
    ok(antre("counter", "no-show", "L1"))
    ok(antre("ticket", "requeue", "A001"))
    ok(antre("counter", "call", "L1", "A001"))
    moved = json.loads(ok(antre("counter", "transfer", "L1", "SKCK", "--json")))
    assert moved["ticket"]["service"] == "SKCK"
    assert json.loads(ok(antre("counter", "next", "L1", "--json"))) == {"ticket": None, "finished": None}
    ok(antre("counter", "pause", "L1", "--reason", "sholat"))
    status = json.loads(ok(antre("status", "--json")))
    assert next(c for c in status["counters"] if c["code"] == "L1")["state"] == "paused"
    ok(antre("counter", "open", "L2"))
    ok(antre("counter", "next", "L2"))  # nobody left for L2: it stays open, holding nothing
    table = ok(antre("status"))
    assert "Loket 1      jeda (sholat)" in table
    assert "Loket 2      buka" in table
    assert "Loket 3      tutup" in table
    assert "paused" not in table  # the states in Indonesian
    assert "closed" not in table
    feed = [json.loads(line) for line in ok(antre("events", "--json")).splitlines()]
    assert [e["id"] for e in feed] == sorted(e["id"] for e in feed)
    assert "ticket_transferred" in {e["kind"] for e in feed}
    since = feed[-3]["id"]
    assert len(ok(antre("events", "--since", str(since))).splitlines()) == 2


def test_announce_text_prints_the_sentence_the_display_will_speak(antre):
    ok(antre("site", "load", str(MINI_SITE)))
    assert ok(antre("announce-text", "A012", "L3")).strip() == (
        "Nomor antrean A dua belas, silakan menuju loket tiga")


def test_user_mistakes_are_one_calm_line_and_exit_2(antre):
    ok(antre("site", "load", str(MINI_SITE)))
    for args in (["ticket", "issue", "NOPE"], ["counter", "next", "L9"], ["counter", "recall", "L1"],
                 ["ticket", "requeue", "zz"], ["counter", "pause", "L1", "--reason", " "]):
        r = antre(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.count("\n") == 1
        assert r.stderr.startswith("antre: ")
        assert "Traceback" not in r.stderr


def test_a_bad_site_file_lists_each_mistake_and_loads_nothing(antre, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI_SITE.read_text().replace('prefix = "B"', 'prefix = "A"').replace(
        'services = ["KK"]', 'services = ["KX"]'))
    r = antre("site", "load", str(bad))
    assert r.returncode == 2
    assert "bad.toml: services[1] (code 'KK'), field 'prefix'" in r.stderr
    assert "bad.toml: counters[2] (code 'L3'), field 'services'" in r.stderr
    r = antre("site", "show")
    assert r.returncode == 2
    assert "Situs belum dimuat" in r.stderr


def test_users_are_added_with_a_hashed_password(antre):
    ok(antre("site", "load", str(MINI_SITE)))
    ok(antre("user", "add", "budi", "--agency", "DUKCAPIL", "--password-stdin", stdin="rahasia-123\n"))
    r = antre("user", "add", "budi", "--password-stdin", stdin="rahasia-123\n")
    assert r.returncode == 2
    assert "sudah ada" in r.stderr
    ok(antre("user", "passwd", "budi", "--password-stdin", stdin="lebih-rahasia\n"))


def test_an_unreachable_store_exits_1_with_one_line(tmp_path):
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path))
    r = subprocess.run([sys.executable, "-m", "shared", "--db", "postgresql://antre@127.0.0.1:9/antre",
                        "status"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.startswith("antre: Basis data tidak dapat dihubungi (postgresql://antre@127.0.0.1:9/antre)")
    assert r.stderr.count("\n") == 1
