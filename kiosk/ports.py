"""Hardware the kiosk drives, as small protocols; :mod:`kiosk.printer` has the real one."""

from __future__ import annotations

from typing import Protocol

from shared.dto import IssuedTicket
from shared.printing import PrintResult, ReceiptContext


class ReceiptPrinter(Protocol):
    """The kiosk's receipt printer. Every call runs in the worker, so it may block (within
    the printer's time limit); each raises ``PrinterError`` with its Indonesian line for
    staff and a ``cause`` the kiosk turns into words for visitors."""

    def check(self) -> str:
        """Before issuing, and while a trouble notice is up: raise when the printer cannot
        print (paper out, cover open, offline, hung...); else the staff's status line."""
        ...

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        """Print a just-issued ticket; returns only once the printer confirmed it (where it
        can). A failure is recorded in the store before raising."""
        ...

    def test_page(self) -> str:
        """For staff: check, print a sample receipt, and say how it went in one line."""
        ...
