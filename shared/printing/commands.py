"""`antre` commands for the printing hardware; `shared.cli` calls :func:`register`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

AddCommand = Callable[[Any, str, Callable[[argparse.Namespace], int], str], Any]


def register(sub: Any, **parsers: Any) -> None:
    """Add this package's commands to the ``antre`` parser (none yet)."""
