"""Where bundled resources live: beside the packages in a checkout, or inside a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    env = os.environ.get("ANTRE_RESOURCES")
    if env:
        return Path(env)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def demo_site_file() -> Path:
    return resource("sites", "demo-batu.toml")


def is_frozen() -> bool:
    """True inside a PyInstaller bundle (``make bundle``)."""
    return bool(getattr(sys, "frozen", False))


def app_command(name: str) -> list[str]:
    """The command that starts the app ``name`` (``kiosk``, ``counter`` or ``display``) as a
    separate process: ``python -m kiosk`` from a checkout or an install, or the sibling
    ``antre-kiosk`` executable in the bundle's folder when frozen (``sys.executable`` is then
    the running program, which cannot run ``-m``)."""
    if not is_frozen():
        return [sys.executable, "-m", name]
    exe = f"antre-{name}" + (".exe" if sys.platform == "win32" else "")
    return [str(Path(sys.executable).resolve().parent / exe)]
