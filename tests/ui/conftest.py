"""Fixtures for the app tests: a clock inside the mini site's hours. The store shortcuts and
clocks themselves live in tests/support.py."""

from __future__ import annotations

import pytest

from tests.support import SteppingClock


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()
