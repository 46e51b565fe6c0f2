"""Two kinds of error, as in qutebrowser: ones the user can act on, and bugs.

Every ``KnownError`` carries one calm line in Bahasa Indonesia (``message``) that the apps
and the CLI show as is. Anything that is not a ``KnownError`` is a bug: it is logged with
its traceback and the user sees a generic "out of service" notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class KnownError(Exception):
    """An error caused by the environment or by the user's input, with a message to show."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleRefused(KnownError):
    """A queue rule refused the action (quota full, outside hours, wrong state...)."""


class NotFound(KnownError):
    """A service, counter, ticket or user that does not exist."""


class BadInput(KnownError):
    """Malformed input on the command line or in a form."""


class StoreUnavailable(KnownError):
    """The store cannot be reached (server down, file locked for too long, no permission)."""

    exit_code = 1


class StoreDamaged(KnownError):
    """The SQLite file is damaged: only a backup brings it back (docs/deploy.md, part 7)."""

    exit_code = 1


class NotPermitted(KnownError):
    """The station's database role may not do this (PostgreSQL per-app roles)."""

    exit_code = 1


class SchemaMismatch(KnownError):
    """The store's schema is newer than this program, or cannot be upgraded."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One mistake in a site: where (``services[1] (code 'KK')``, ``calendar.breaks[0]``),
    which field, and why, in Indonesian. A form shows ``message`` next to ``field``."""

    where: str
    field: str | None
    message: str


class SiteFileError(KnownError):
    """A site file has one or more mistakes. ``problems`` lists them, one line each;
    ``details`` has the same mistakes as :class:`Problem` s, for a form to place."""

    def __init__(self, problems: list[str], details: Sequence[Problem] = ()) -> None:
        self.problems = problems
        self.details = tuple(details)
        lines = "\n".join(problems)
        super().__init__(f"Berkas situs tidak valid ({len(problems)} kesalahan):\n{lines}")
