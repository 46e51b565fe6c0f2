"""The core's visitor-facing sentences (refusal reasons, the calendar's notices, the receipt)
come in English from a real gettext catalog (resources/translations/en/LC_MESSAGES/antre.po,
compiled to antre.mo by ``make translations``): every sentence the code says has a finished
translation with the same fields, the committed template and .mo are the compiled sources,
and a visitor reading English sees no Indonesian sentence of the core."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import io
import re
import zoneinfo
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from shared.calendar import DAYS, Break, Calendar, Holiday, Hours, Kind, moment
from shared.i18n import DOMAIN, EN, ID, Text, localized, say, translator
from shared.paths import resource
from shared.printing import Receipt, render_escpos

ROOT = Path(__file__).resolve().parents[2]
PO = resource("translations", EN, "LC_MESSAGES", f"{DOMAIN}.po")
MO = PO.with_suffix(".mo")
POT = resource("translations", f"{DOMAIN}.pot")
FIELDS = re.compile(r"\{(\w+)\}")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
INDONESIAN = re.compile(r"\b(layanan|pukul|hari ini|nomor|antrean|tutup|buka|kuota|besok|menit|jam|"
                        r"loket|perkiraan|tunggu|depan|anda|tidak|sudah|kembali|prioritas|cetak)\b",
                        re.IGNORECASE)


def _said_in_code() -> set[str]:
    """Every ``say("...")`` id of shared/, as Babel extracts it."""
    return {message for _f, _l, message, _c, _ctx in extract_from_dir(
        ROOT / "shared", method_map=[("**.py", "python")], keywords={"say": None})}


def _catalog() -> dict[str, tuple[str, bool]]:
    with PO.open("rb") as f:
        catalog = read_po(f, locale=EN)
    return {m.id: (m.string, m.fuzzy) for m in catalog if m.id and isinstance(m.id, str)
            and isinstance(m.string, str)}


def test_every_sentence_of_the_core_has_a_finished_english_translation() -> None:
    said, catalog = _said_in_code(), _catalog()
    assert said, "no say() found: the extraction is broken"
    missing = sorted(said - set(catalog))
    assert not missing, f"not in {PO.name} (run make translations, then translate): {missing}"
    for msgid in said:
        translation, fuzzy = catalog[msgid]
        assert translation.strip(), f"untranslated: {msgid!r}"
        assert not fuzzy, f"fuzzy (check it, then remove the flag): {msgid!r}"
        assert set(FIELDS.findall(translation)) == set(FIELDS.findall(msgid)), msgid
    assert set(catalog) == said, "the catalog holds sentences the core no longer says (make translations)"


def test_the_committed_template_and_compiled_catalog_match_their_sources() -> None:
    with POT.open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert template == _said_in_code(), "run make translations and commit antre.pot"
    with PO.open("rb") as f:
        catalog = read_po(f, locale=EN)
    fresh = io.BytesIO()
    write_mo(fresh, catalog, use_fuzzy=False)
    assert fresh.getvalue() == MO.read_bytes(), "run make translations and commit antre.mo"


def test_the_runtime_reads_the_compiled_catalog_and_falls_back_to_indonesian() -> None:
    assert isinstance(translator(EN), gettext.GNUTranslations), f"{MO} did not load"
    reason = say("Layanan buka pukul {time}.", time="08:00")
    assert reason == "Layanan buka pukul 08:00."  # the value is the Indonesian sentence
    assert localized(reason, ID) == "Layanan buka pukul 08:00."
    assert localized(reason, EN) == "The service opens at 08:00."
    assert localized(reason, "fr") == "Layanan buka pukul 08:00."  # no catalog: Indonesian
    assert localized("KTP-el", EN) == "KTP-el"  # a name from the site stays as written
    nested = say("{service}: {reason}", service="KTP-el", reason=reason)
    assert localized(nested, EN) == "KTP-el: The service opens at 08:00."


def _calendar(**changes: object) -> Calendar:
    base = Calendar(
        hours=Hours(dt.time(8), dt.time(15)),
        breaks=(Break("Istirahat", DAYS[:5], Hours(dt.time(12), dt.time(13))),),
        holidays=(Holiday(dt.date(2026, 12, 25), "Natal", "cuti_bersama"),),
    )
    return dataclasses.replace(base, **changes)


MONDAY = dt.date(2026, 12, 21)


@pytest.mark.parametrize(("kind", "cal", "local", "wait_min"), [
    (Kind.HOLIDAY, _calendar(), dt.datetime(2026, 12, 25, 9, tzinfo=JAKARTA), None),
    (Kind.CLOSED_DAY, _calendar(), dt.datetime(2026, 12, 26, 9, tzinfo=JAKARTA), None),
    (Kind.BEFORE_OPEN, _calendar(), dt.datetime.combine(MONDAY, dt.time(7), JAKARTA), None),
    (Kind.CLOSED, _calendar(), dt.datetime.combine(MONDAY, dt.time(16), JAKARTA), None),
    (Kind.BREAK, _calendar(), dt.datetime.combine(MONDAY, dt.time(12, 30), JAKARTA), None),
    (Kind.CUTOFF, _calendar(cutoff_minutes=30), dt.datetime.combine(MONDAY, dt.time(14, 45), JAKARTA), None),
    (Kind.CUTOFF, _calendar(cutoff_by_wait=True), dt.datetime.combine(MONDAY, dt.time(14), JAKARTA), 128),
])
def test_every_refusal_of_the_calendar_reads_in_english(
    kind: Kind, cal: Calendar, local: dt.datetime, wait_min: int | None,
) -> None:
    said = moment(cal, "*", local, wait_min=wait_min)
    assert said.kind == kind
    assert isinstance(said.reason, Text)
    english = localized(said.reason, EN)
    assert not INDONESIAN.search(english), english
    assert localized(said.reason, ID) == said.reason


def test_a_break_the_kiosk_issues_through_is_noticed_in_english() -> None:
    cal = _calendar(issue_during_breaks=True)
    said = moment(cal, "*", dt.datetime.combine(MONDAY, dt.time(12, 30), JAKARTA))
    assert said.reason is None
    assert localized(said.notice, EN) == (
        "Istirahat (12:00–13:00). Counters serve again at 13:00; you can still take a number.")


RECEIPT = Receipt(
    site_name="MPP Kota Batu", agency_name="Disdukcapil", service_name="KTP-el", code="A012",
    issued_local=dt.datetime(2026, 11, 28, 10, 30), ahead=3, estimated_wait_min=12,
    reference="ANTRE1|2026-11-28|A012|a1b2c3", priority_name="Lansia", reprint=True,
)
SITE_WORDS = {"MPP Kota Batu", "Disdukcapil", "KTP-el", "A012"}


def test_every_fixed_line_of_an_english_receipt_is_english() -> None:
    english = dataclasses.replace(RECEIPT, lang=EN)
    for line in english.lines():
        if line in SITE_WORDS:
            continue
        assert not INDONESIAN.search(line.replace("Lansia", "")), f"untranslated on the receipt: {line!r}"
    assert english.lines()[:1] == ["REPRINT"]
    assert "Saturday, 28 November 2026  10:30" in english.lines()
    assert "PRIORITY: Lansia" in english.lines()  # the class's name is the site's
    nobody = dataclasses.replace(english, ahead=0)
    assert nobody.wait_line == "Nobody is ahead of you"
    assert nobody.estimate_line == ""


def test_the_english_receipt_prints_in_english_and_the_default_stays_indonesian() -> None:
    data = render_escpos(dataclasses.replace(RECEIPT, lang=EN))
    for text in ("Your queue number", "Ahead of you: 3", "Estimated wait: 12 min",
                 "Show this QR code at the counter", "PRIORITY: Lansia"):
        assert text.encode("ascii") in data, text
    assert b"Tunjukkan" not in data
    assert "Tunjukkan kode QR ini di loket" in RECEIPT.lines()
    assert "Nomor antrean Anda" in RECEIPT.lines()
