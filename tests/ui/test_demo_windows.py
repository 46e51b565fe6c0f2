"""``antre demo`` opens its three apps side by side, windowed, and says how to leave each."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect

from shared import cli
from shared.ui.app import base_arguments, tile_rect, tile_spec
from tests.conftest import MINI_SITE


def test_three_tiles_cover_the_screen_side_by_side_without_overlapping() -> None:
    area = QRect(0, 24, 1920, 1056)  # a desktop with a panel on top
    tiles = [tile_rect(area, i, 3) for i in (1, 2, 3)]
    assert [t.x() for t in tiles] == [0, 640, 1280]
    assert all(t.y() == 24 and t.height() == 1056 and t.width() == 640 for t in tiles)
    assert not any(a.intersects(b) for i, a in enumerate(tiles) for b in tiles[i + 1:])


def test_a_wrong_tile_is_refused_by_the_argument_parser() -> None:
    parser = base_arguments("antre-kiosk", "tes")
    assert parser.parse_args(["--tile", "2/3"]).tile == (2, 3)
    for wrong in ("4/3", "0/3", "x"):
        with pytest.raises(argparse.ArgumentTypeError):
            tile_spec(wrong)


class Launched:
    def __init__(self) -> None:
        self.commands: list[list[str]] = []

    def __call__(self, cmd: list[str], **_kw: Any) -> Any:
        self.commands.append(cmd)
        return self

    def wait(self) -> int:
        return 0


def test_the_demo_opens_kiosk_counter_and_display_side_by_side_and_says_how_to_quit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANTRE_DB_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("ANTRE_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    launched = Launched()
    monkeypatch.setattr(subprocess, "Popen", launched)
    assert cli.main(["demo", "--site", str(MINI_SITE)]) == 0
    apps = {cmd[cmd.index("-m") + 1]: cmd for cmd in launched.commands}
    assert set(apps) == {"kiosk", "counter", "display"}
    slots = {name: cmd[cmd.index("--tile") + 1] for name, cmd in apps.items()}
    assert slots == {"kiosk": "1/3", "counter": "2/3", "display": "3/3"}
    assert "--windowed" in apps["display"]  # never full screen over the other two
    said = capsys.readouterr().out
    assert said.count("Ctrl+Shift+Q") == 2  # the kiosk's admin page and the display
    assert "Ctrl+C" in said
    assert "Tutup jendela atau" not in said
