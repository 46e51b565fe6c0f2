"""Hardware the kiosk drives, as small protocols; :mod:`kiosk.printer` has the real one."""

from __future__ import annotations

from typing import Protocol

from shared.dto import IssuedTicket
from shared.printing import PrintResult, ReceiptContext


class ReceiptPrinter(Protocol):
    """The kiosk's receipt printer. Both calls run in the worker, so they may block (each
    within the printer's time limit); both raise ``PrinterError`` with its Indonesian line."""

    def check(self) -> None:
        """Before issuing: raise when the printer is offline or out of paper."""

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        """Print a just-issued ticket. A failure is recorded in the store before raising."""
        ...

    def test_page(self) -> str:
        """For staff: check, print a sample receipt, and say how it went in one line."""
        ...
