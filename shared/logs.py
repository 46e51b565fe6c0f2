"""Logging to a rotating file in the platform log directory, set up once per process."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from shared.config import log_dir


def setup(app: str, *, level: int = logging.INFO, directory: Path | None = None) -> Path | None:
    """Log to ``<log dir>/<app>.log`` (1 MB x 5). Returns the file, or None if not writable."""
    root = logging.getLogger()
    root.setLevel(level)
    directory = directory or log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{app}.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
