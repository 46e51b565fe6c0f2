"""Which counter a clerk's PC opens: ``--counter``, else the config file's ``[counter]``."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.actions import allowed, waited_short, waited_text
from counter.app import fixed_counter, parse_args


def test_the_counter_comes_from_the_command_line_then_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("ANTRE_CONFIG", str(config))
    assert fixed_counter(parse_args([])) is None  # no file: the clerk chooses
    config.write_text('[counter]\ncode = "L05"\n', encoding="utf-8")
    assert fixed_counter(parse_args([])) == "L05"
    assert fixed_counter(parse_args(["--counter", "L02"])) == "L02"


def test_wait_times_read_naturally() -> None:
    assert waited_text(30) == "< 1 menit"
    assert waited_text(12 * 60 + 5) == "12 menit"
    assert waited_text(3600) == "1 jam"
    assert waited_text(3900) == "1 jam 5 menit"
    assert waited_short(5 * 60) == "5 mnt"
    assert waited_short(3900) == "1 j 05 m"


def test_only_next_call_and_requeue_make_sense_without_a_ticket() -> None:
    assert allowed(None) == {"next", "call", "requeue"}
