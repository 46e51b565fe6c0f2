"""Helpers several test modules share (fixtures live in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shared import site
from shared.store import Store
from tests.conftest import MINI_SITE, T0


def need_voice() -> None:
    """Real speech needs espeak-ng with an Indonesian voice: required in CI, skipped elsewhere."""
    from shared.voice.engine import Pyttsx3Synth, VoiceUnavailable
    from shared.voice.settings import from_section

    try:
        Pyttsx3Synth(from_section({}))
    except VoiceUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"espeak-ng with an Indonesian voice is required in CI: {exc.message}")
        pytest.skip(exc.message)


def loaded_store(tmp_path: Path) -> str:
    """A SQLite store in ``tmp_path`` with the mini site loaded; returns its URL."""
    url = f"sqlite:///{tmp_path / 'antre.db'}"
    store = Store.open(url)
    try:
        with store.transaction() as s:
            site.apply_site(s, site.load_site_file(MINI_SITE), now=T0)
    finally:
        store.dispose()
    return url
