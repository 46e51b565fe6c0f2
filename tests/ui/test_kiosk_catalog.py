"""The kiosk's English comes from a real Qt catalog (resources/translations/kiosk_en.ts,
compiled to kiosk_en.qm by ``make translations``): every visitor-facing sentence has a
finished translation, with the same placeholders, and the committed .qm is the compiled .ts.
The core's sentences a visitor reads (a rule's refusal, the receipt) reach them in the
language they chose."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import catalogs
from kiosk.app import build
from kiosk.texts import CONTEXT, EN, ID, TEXTS, text, wait
from shared.paths import resource
from shared.printing import PrinterSettings
from shared.store import Store
from tests.support import SteppingClock, issue
from tests.ui.test_kiosk import FakePrinter, start_kiosk, tap, to_service

TS = resource("translations", "kiosk_en.ts")
QM = resource("translations", "kiosk_en.qm")
FIELDS = re.compile(r"\{(\w+)\}")


def _messages() -> dict[str, tuple[str, str | None]]:
    """source: (translation, its type) for the kiosk's context of the .ts file."""
    out = {}
    for context in ET.parse(TS).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out[message.findtext("source") or ""] = (translation.text or "", translation.get("type"))
    return out


def test_every_visitor_facing_sentence_has_a_finished_english_translation() -> None:
    messages = _messages()
    missing = [source for source in TEXTS.values() if source not in messages]
    assert not missing, f"not in {TS.name} (run make translations): {missing}"
    for source in TEXTS.values():
        translation, kind = messages[source]
        assert translation.strip(), f"untranslated: {source!r}"
        assert kind not in ("unfinished", "obsolete", "vanished"), f"{kind}: {source!r}"
        assert set(FIELDS.findall(translation)) == set(FIELDS.findall(source)), source
    assert set(messages) == set(TEXTS.values()), "the catalog holds sentences the kiosk no longer says"


def test_the_compiled_catalog_gives_english_for_every_key() -> None:
    catalogs.install()
    translator = catalogs.catalog(EN)
    assert translator is not None
    assert not translator.isEmpty(), f"{QM} did not load"
    for key, source in TEXTS.items():
        assert translator.translate(CONTEXT, source), key
    assert text("ahead", EN, n=3, wait=wait(12, EN)) == "Ahead of you: 3 · estimated wait about 12 min"
    assert text("ahead", ID, n=3, wait=wait(128)) == (
        "Di depan Anda: 3 orang · perkiraan tunggu ± 2 jam 8 menit")


def test_the_committed_catalog_is_the_compiled_source(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.fail("pyside6-lrelease (PySide6) is missing")
    fresh = tmp_path / "kiosk_en.qm"
    subprocess.run([lrelease, str(TS), "-qm", str(fresh)], check=True, capture_output=True, timeout=60)
    assert fresh.read_bytes() == QM.read_bytes(), "run make translations and commit the .qm"


# --- the core's sentences reach an English-reading visitor ---------------------------------
# (the rules' refusal reasons and the receipt come from the core's gettext catalog,
# shared.i18n; tests/unit/test_core_catalog.py checks that catalog sentence by sentence)


def test_a_visitor_reading_english_gets_the_rules_refusal_in_english(
    qtbot: QtBot, store: Store, clock: SteppingClock,
) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=FakePrinter()))
    try:
        w = kiosk.window
        tap(qtbot, w.language)
        for _ in range(3):  # the mini site's KK has a quota of 3
            issue(store, "KK", clock)
        kiosk.controller.issue("KK", None, w.language_code)  # the tap that lost the race
        qtbot.waitUntil(lambda: w.page == "notice")
        assert w.notice.title.text() == "We are sorry"
        assert w.notice.text.text() == "Kartu Keluarga: today's quota is used up (3 numbers)."
    finally:
        kiosk.stop()


def test_the_receipt_is_printed_in_the_language_the_visitor_chose(
    qtbot: QtBot, store: Store, clock: SteppingClock,
) -> None:
    printer = FakePrinter()
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer))
    try:
        w = kiosk.window
        tap(qtbot, w.language)
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: len(printer.printed) == 1 and w.page == "ticket")
        issued, context = printer.printed[0]
        assert context.lang == EN
        lines = context.receipt(issued, PrinterSettings()).lines()
        assert "Your queue number" in lines
        assert "Nobody is ahead of you" in lines
        assert "Show this QR code at the counter" in lines
        w.go_home(reset=True)  # the next visitor starts in Indonesian
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: len(printer.printed) == 2)
        issued, context = printer.printed[1]
        assert context.lang == ID
        assert "Di depan Anda: 1 orang" in context.receipt(issued, PrinterSettings()).lines()
    finally:
        kiosk.stop()
