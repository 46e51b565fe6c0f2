"""The kiosk's compiled translation catalogs: Qt's QTranslator over
``resources/translations/kiosk_<lang>.qm`` (made by ``make translations`` from the .ts files
that :mod:`kiosk.texts` feeds)."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from kiosk import texts
from shared.paths import resource

_loaded: dict[str, QTranslator] = {}


def catalog(lang: str) -> QTranslator | None:
    """The compiled catalog of ``lang`` (loaded once), or None when there is none."""
    if lang not in texts.LANGUAGES:
        return None
    if lang not in _loaded:
        translator = QTranslator()
        translator.load(str(resource("translations", f"kiosk_{lang}.qm")))
        _loaded[lang] = translator
    return _loaded[lang]


def lookup(lang: str, source: str) -> str:
    found = catalog(lang)
    return (found.translate(texts.CONTEXT, source) or "") if found is not None else ""


def install() -> None:
    """Let :func:`kiosk.texts.text` translate from the compiled catalogs."""
    texts.use_catalogs(lookup)
