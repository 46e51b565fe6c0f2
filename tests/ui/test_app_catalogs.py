"""The counter's and the display's English come from real Qt catalogs
(resources/translations/{counter,display}_en.ts, compiled to .qm by ``make translations``):
every sentence the code marks has a finished translation with the same fields, the
committed .ts holds exactly what the code says, the .qm is the compiled .ts, and a station
set to English shows no Indonesian of its own on the clerk's screen or the board."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from counter import actions
from counter.app import build as build_counter
from counter.app import parse_args as parse_counter_args
from counter.session import Clerk
from display.app import build as build_display
from shared.errors import BadInput
from shared.paths import resource
from shared.store import Store
from shared.ui import translation
from shared.ui.app import station_language
from tests.support import SteppingClock, issue
from tests.ui.test_counter import add_clerk
from tests.ui.test_display import start_display

ROOT = Path(__file__).resolve().parents[2]
APPS = ("counter", "display")
FIELDS = re.compile(r"\{(\w+)\}")
# Words of the apps' own Indonesian; site names (services, agencies, counters) are not checked.
INDONESIAN = re.compile(r"\b(tiket|menunggu|berikutnya|panggil\w*|selesai|hadir|alihkan|antrean|loket|"
                        r"tekan|nomor|keluar|jeda|lanjutkan|dilayani|belum|tombol|sebelumnya|silakan|"
                        r"jumlah|menuju|layar|petugas|hari ini|sabtu|minggu|senin)\b", re.IGNORECASE)


def _lupdate() -> str:
    found = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("pyside6-lupdate (PySide6) is missing")
    return found


def _messages(ts: Path, context: str) -> dict[str, tuple[str, str | None]]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        assert ctx.findtext("name") == context, f"{ts.name}: a context other than {context!r}"
        for message in ctx.iter("message"):
            translation_ = message.find("translation")
            assert translation_ is not None
            out[message.findtext("source") or ""] = (translation_.text or "", translation_.get("type"))
    return out


@pytest.mark.parametrize("app", APPS)
def test_every_sentence_of_the_app_has_a_finished_english_translation(app: str, tmp_path: Path) -> None:
    committed = resource("translations", f"{app}_en.ts")
    messages = _messages(committed, app)
    assert messages, f"{committed.name} is empty"
    for source, (text, kind) in messages.items():
        assert text.strip(), f"untranslated in {committed.name}: {source!r}"
        assert kind not in ("unfinished", "obsolete", "vanished"), f"{kind}: {source!r}"
        assert set(FIELDS.findall(text)) == set(FIELDS.findall(source)), source
    # What the code says now, collected as make translations does: the same sentences.
    fresh = tmp_path / f"{app}.ts"
    sources = sorted(str(p) for p in (ROOT / app).glob("*.py"))
    subprocess.run([_lupdate(), *sources, "-tr-function-alias", "translate+=tr", "-ts", str(fresh),
                    "-no-obsolete", "-locations", "none"], check=True, capture_output=True, timeout=120)
    said = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    assert said == set(messages), (
        f"run make translations and translate: new {sorted(said - set(messages))}, "
        f"gone {sorted(set(messages) - said)}")


@pytest.mark.parametrize("app", APPS)
def test_the_committed_app_catalog_is_the_compiled_source(app: str, tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.fail("pyside6-lrelease (PySide6) is missing")
    fresh = tmp_path / f"{app}_en.qm"
    subprocess.run([lrelease, str(resource("translations", f"{app}_en.ts")), "-qm", str(fresh)],
                   check=True, capture_output=True, timeout=60)
    assert fresh.read_bytes() == resource("translations", f"{app}_en.qm").read_bytes(), (
        "run make translations and commit the .qm")


def test_the_core_state_words_the_counter_shows_are_in_its_catalog() -> None:
    shown = set(actions.STATUS_TEXT.values()) | set(actions.COUNTER_STATE_TEXT.values())
    assert shown <= set(actions.STATE_WORDS), sorted(shown - set(actions.STATE_WORDS))


@pytest.fixture
def english() -> Iterator[None]:
    assert translation.install("counter", "en")
    assert translation.install("display", "en")
    try:
        yield
    finally:
        translation.install("counter", "id")
        translation.install("display", "id")


def visible_words(w: QWidget) -> list[str]:
    shown = [x for x in w.findChildren(QLabel) + w.findChildren(QAbstractButton) if x.isVisibleTo(w)]
    return [x.text() for x in shown if x.text()] + [x.toolTip() for x in shown if x.toolTip()]


def untranslated(texts: list[str], site_words: set[str]) -> list[str]:
    out = []
    for text in texts:
        for word in site_words:
            text = text.replace(word, "")
        if INDONESIAN.search(text):
            out.append(text)
    return out


def test_a_counter_set_to_english_shows_the_clerk_english(
    qtbot: QtBot, store: Store, clock: SteppingClock, english: None,
) -> None:
    issue(store, "KTP", clock)
    issue(store, "KK", clock, priority="lansia")
    rina: Clerk = add_clerk(store)
    app = build_counter(store, "L1", clock=clock, clerk=rina)
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    app.start()
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.counter_name.text() == "Loket 1")
        qtbot.waitUntil(lambda: not app.controller.busy and len(w.model.tickets) == 2)
        assert w.work_page.caption.text() == "CURRENT TICKET"
        assert w.buttons["next"].text().startswith("Next")
        assert w.waiting_title.text() == "Waiting: 2 · ★ priority 1"
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.code.text() == "B001")
        assert w.status_text.text() == "Called"
        assert w.status.text().startswith("Calling B001")
        headers = [w.model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
        assert headers == ["Number", "Service", "Priority", "Wait"]
        site = {"Loket 1", "Kartu Keluarga", "KTP-el", "Dukcapil", "DUKCAPIL", "Lansia", "Rina", "L1"}
        assert untranslated(visible_words(w), site) == []
    finally:
        app.stop()


def test_a_board_set_to_english_shows_the_hall_english(
    qtbot: QtBot, store: Store, clock: SteppingClock, english: None,
) -> None:
    app = start_display(qtbot, build_display(store, clock=clock))
    try:
        w = app.window
        assert w.empty.text().startswith("No calls yet.")
        assert w.history_title.text() == "EARLIER CALLS"
        qtbot.waitUntil(lambda: w.clock.text().startswith("Saturday, "))
        assert untranslated(visible_words(w), {"Antre"}) == []
    finally:
        app.stop()


def test_a_station_takes_its_language_from_lang_or_its_config_section_and_names_a_wrong_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("ANTRE_CONFIG", str(config))
    assert station_language(parse_counter_args([]), "counter") == "id"  # no file: Indonesian
    config.write_text('[counter]\nlang = "en"\n[display]\nlang = "fr"\n', encoding="utf-8")
    assert station_language(parse_counter_args([]), "counter") == "en"
    assert station_language(parse_counter_args(["--lang", "id"]), "counter") == "id"  # --lang wins
    with pytest.raises(BadInput, match=r"\[display\] lang: bahasa 'fr' tidak dikenal"):
        station_language(parse_counter_args([]), "display")
    with pytest.raises(SystemExit):
        parse_counter_args(["--lang", "fr"])
