"""``make translations``, its gettext half: the core's visitor-facing sentences (every
``say("...")`` of :mod:`shared`, see :mod:`shared.i18n`) into the catalogs.

1. extract the ids with Babel into ``resources/translations/antre.pot`` (no header, no line
   numbers, sorted: the file changes only when a sentence does);
2. update each ``<lang>/LC_MESSAGES/antre.po`` from it (created on first run): new sentences
   come in untranslated, sentences no longer said are dropped; a translator then fills in
   the ``msgstr`` lines (any PO editor, e.g. Poedit, or a text editor);
3. compile each ``.po`` to the ``antre.mo`` that Python's :mod:`gettext` reads at run time.

The ``.po`` keeps its own header and dates, so running this twice changes nothing; a test
(tests/unit/test_core_catalog.py) fails when a sentence has no finished translation or the
committed ``.mo`` is not the compiled ``.po``.

Run: ``python packaging/catalogs.py`` (Babel is a development dependency).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
DOMAIN = "antre"
LANGUAGES = ("en",)
KEYWORDS = {"say": None}  # shared.i18n.say(msgid, **values): the first argument is the id
SOURCES = ("shared",)


def template() -> Catalog:
    """Every ``say`` id of the core, as a catalog with no translations."""
    catalog = Catalog(project="Antre", charset="utf-8", fuzzy=False)
    for source in SOURCES:
        for _file, _line, message, comments, context in extract_from_dir(
            ROOT / source,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            catalog.add(message, None, auto_comments=comments, context=context)
    return catalog


def _po(catalog: Catalog, *, omit_header: bool = False) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=omit_header, no_location=True, sort_output=True, width=96)
    return out.getvalue()


def compiled(po_path: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file: finished translations only (no fuzzy ones)."""
    with po_path.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")  # noqa: T201 (a build tool's own output)


def main() -> int:
    pot = template()
    _write(FOLDER / f"{DOMAIN}.pot", _po(pot, omit_header=True))
    for lang in LANGUAGES:
        po_path = FOLDER / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.exists():
            with po_path.open("rb") as f:
                catalog = read_po(f, locale=lang)
            created = catalog.creation_date
            catalog.update(pot, no_fuzzy_matching=True)
            catalog.creation_date = created  # keep the header as it was: no churn
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=lang, project="Antre", charset="utf-8", fuzzy=False)
            catalog.update(pot, no_fuzzy_matching=True)
        _write(po_path, _po(catalog))
        _write(po_path.with_suffix(".mo"), compiled(po_path))
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        if missing:
            print(f"{po_path.relative_to(ROOT)}: {len(missing)} sentence(s) to translate", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
