"""The kiosk's English comes from a real Qt catalog (resources/translations/kiosk_en.ts,
compiled to kiosk_en.qm by ``make translations``): every visitor-facing sentence has a
finished translation, with the same placeholders, and the committed .qm is the compiled .ts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk import catalogs
from kiosk.texts import CONTEXT, EN, ID, TEXTS, text, wait
from shared.paths import resource

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
