"""What the display drives besides the screen: the voice. The real one is
:class:`display.voice.BoardVoice` (pyttsx3 through QtMultimedia); tests pass a fake."""

from __future__ import annotations

from typing import Protocol

from display.board import Call


class Announcer(Protocol):
    """Speaks a call: ``text`` in a quiet hall, ``short`` ("A dua belas loket tiga") when the
    voice is behind. Must return at once: a real engine queues the text on its own thread."""

    def announce(self, text: str, call: Call, short: str = "") -> None: ...
