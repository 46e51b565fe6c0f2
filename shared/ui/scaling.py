"""Fit a screen designed at full HD to the window it is shown in, in either orientation.

Kiosk and display screens are designed for a 1920x1080 landscape panel and a 1080x1920
portrait one. ``fit(w, h)`` says which design applies and how much to scale it, so a 720p
TV or a windowed demo keeps the proportions, and a portrait panel gets the portrait layout
at full size instead of the landscape one shrunk to 56 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LONG_SIDE = 1920
SHORT_SIDE = 1080
MIN_SCALE = 0.3


@dataclass(frozen=True)
class Fit:
    scale: float
    portrait: bool

    def px(self, value: float) -> int:
        """A design size in pixels at this scale (never below 1)."""
        return max(1, round(value * self.scale))

    def sizes(self, design: Mapping[str, float]) -> dict[str, int]:
        """Every design size scaled, e.g. for a style sheet template."""
        return {k: self.px(v) for k, v in design.items()}


def fit(width: int, height: int) -> Fit:
    portrait = height > width
    base_w, base_h = (SHORT_SIDE, LONG_SIDE) if portrait else (LONG_SIDE, SHORT_SIDE)
    scale = max(MIN_SCALE, round(min(width / base_w, height / base_h), 2))
    return Fit(scale=scale, portrait=portrait)


def changed(old: Fit | None, new: Fit) -> bool:
    """Whether a resize needs the layout redone (ignores sub-percent jitter)."""
    return old is None or old.portrait != new.portrait or abs(old.scale - new.scale) >= 0.01
