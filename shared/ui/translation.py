"""The Qt apps' own words in a station's language: Qt's catalogs (``.ts`` sources compiled to
``.qm``, ``resources/translations/<app>_<lang>.qm``) behind ``QCoreApplication.translate``.

Bahasa Indonesia is the source language, written in the code::

    tr("counter", "Berikutnya")       # "Next" once the English catalog is installed

``make translations`` collects every ``tr(...)`` and ``QT_TRANSLATE_NOOP(...)`` with
``pyside6-lupdate`` (``-tr-function-alias translate+=tr``) and compiles the ``.qm`` files with
``pyside6-lrelease``. A station picks its language with ``--lang en`` or ``lang = "en"`` in its
app's section of the config file (``[counter]``, ``[display]``); :func:`install` loads the
catalog before the window is built. A sentence with no translation stays Indonesian, and a
test fails on it (docs/translations.md).
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QCoreApplication, QTranslator

from shared.errors import BadInput
from shared.i18n import EN, ID
from shared.paths import resource

log = logging.getLogger(__name__)

__all__ = ["EN", "ID", "LANGUAGES", "QT_TRANSLATE_NOOP", "checked_language", "install", "language", "tr"]

LANGUAGES: Final = (ID, EN)
"""What ``--lang`` and ``lang`` accept: Indonesian (the source) and the languages with a catalog."""

_installed: dict[str, QTranslator] = {}
_languages: dict[str, str] = {}


def language(app: str) -> str:
    """The language ``app``'s words are in, in this process ('id' unless :func:`install` set another)."""
    return _languages.get(app, ID)


def tr(context: str, source: str) -> str:
    """``source`` (Indonesian) in the language of the installed catalogs, else as written."""
    return QCoreApplication.translate(context, source)


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    """Marks ``source`` for ``pyside6-lupdate`` where it is defined (a table of labels);
    :func:`tr` translates it where it is shown."""
    del context
    return source


def checked_language(value: object, where: str) -> str:
    """A station's language setting, checked: 'id' or 'en' (BadInput names ``where``)."""
    if value not in LANGUAGES:
        raise BadInput(f"{where}: bahasa {value!r} tidak dikenal; pilih {' atau '.join(LANGUAGES)}.")
    return str(value)


def install(app: str, lang: str) -> bool:
    """Translate ``app``'s words (its ``<app>_<lang>.qm``) into ``lang`` from now on, in
    this process; Indonesian removes any catalog installed before. True when a catalog is
    in use."""
    instance = QCoreApplication.instance()
    previous = _installed.pop(app, None)
    if previous is not None and instance is not None:
        QCoreApplication.removeTranslator(previous)
    _languages.pop(app, None)
    if lang == ID:
        return False
    translator = QTranslator()
    path = resource("translations", f"{app}_{lang}.qm")
    if not translator.load(str(path)):
        log.warning("no %s catalog at %s: the words stay Indonesian", lang, path)
        return False
    QCoreApplication.installTranslator(translator)
    _installed[app] = translator
    _languages[app] = lang
    return True
