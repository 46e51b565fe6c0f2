"""Hardware the kiosk drives, as small protocols. The real printer comes in a later issue."""

from __future__ import annotations

from typing import Protocol

from shared.dto import IssuedTicket


class ReceiptPrinter(Protocol):
    """Prints one ticket. Runs in the worker, so it may block; raise ``KnownError`` (with its
    Indonesian message) when the printer is out of paper, offline, ..."""

    def print_ticket(self, issued: IssuedTicket) -> None: ...
