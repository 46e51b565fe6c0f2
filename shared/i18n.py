"""Words for visitors in the visitor's language: Bahasa Indonesia in the code, other
languages from a gettext catalog.

Indonesian is the source language. A sentence of the core that a visitor may read (a
refusal's reason, the calendar's notice, the receipt's lines) is written as::

    say("Layanan buka pukul {time}.", time=hhmm(opens))

The result *is* the Indonesian sentence (a ``str``), so logs, the CLI and the staff's screens
use it as before; it also keeps its message id and values, so a screen that knows its
visitor's language shows ``localized(reason, "en")``. The language is always passed in,
per visitor: nothing here reads the process's locale.

``make translations`` extracts every ``say(...)`` id with Babel (``pybabel extract -k say``)
into ``resources/translations/antre.pot``, updates ``<lang>/LC_MESSAGES/antre.po`` and
compiles ``antre.mo``; Python's own :mod:`gettext` reads the ``.mo`` here. A sentence with no
translation stays Indonesian, and a test fails on it (docs/translations.md).
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Protocol, runtime_checkable

from shared.paths import resource

ID: Final = "id"
EN: Final = "en"
DOMAIN: Final = "antre"
LANGUAGES: Final = (EN,)
"""The languages with a catalog (``resources/translations/<lang>/LC_MESSAGES/antre.mo``)."""


@runtime_checkable
class Localizable(Protocol):
    """A value that reads differently in each language (a sentence, a wait, a date)."""

    def in_language(self, lang: str) -> str: ...


class Text(str):
    """An Indonesian sentence that can say itself in another language.

    Its ``str`` value is the Indonesian text; ``msgid`` is the catalog's key (the Indonesian
    template) and ``values`` fill its ``{fields}``. A value may itself be
    :class:`Localizable` (a reason inside a refusal, a wait, a date): it is said in the same
    language."""

    msgid: str
    values: Mapping[str, object]

    def __new__(cls, msgid: str, values: Mapping[str, object] | None = None) -> Text:
        values = dict(values or {})
        self = super().__new__(cls, _fill(msgid, values, ID))
        self.msgid = msgid
        self.values = values
        return self

    def in_language(self, lang: str) -> str:
        if lang == ID:
            return str.__str__(self)
        return _fill(translator(lang).gettext(self.msgid), self.values, lang)


def say(msgid: str, /, **values: object) -> Text:
    """``msgid`` (an Indonesian template, found by ``pybabel extract -k say``) with ``values``."""
    return Text(msgid, values)


def localized(value: object, lang: str) -> str:
    """``value`` as a visitor reading ``lang`` sees it: a :class:`Text` (or any
    :class:`Localizable`) in that language; anything else, such as a name from the site, as is."""
    if isinstance(value, Localizable):
        return value.in_language(lang)
    return str(value)


@dataclass(frozen=True)
class _Lower:
    value: object

    def in_language(self, lang: str) -> str:
        return localized(self.value, lang).lower()

    def __str__(self) -> str:
        return str(self.value).lower()


def lowercase(value: object) -> Localizable:
    """``value`` in lower case, in whichever language it is said (a holiday's kind mid-sentence)."""
    return _Lower(value)


def _fill(template: str, values: Mapping[str, object], lang: str) -> str:
    if not values:
        return template
    return template.format(**{key: localized(value, lang) for key, value in values.items()})


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (read once); no translation for Indonesian, or for a
    language with no catalog (its sentences then stay Indonesian)."""
    if lang == ID or lang not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(
        DOMAIN, localedir=str(resource("translations")), languages=[lang], fallback=True
    )
