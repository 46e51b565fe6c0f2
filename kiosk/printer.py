"""The station's receipt printer for the kiosk: :mod:`shared.printing` behind the port."""

from __future__ import annotations

from kiosk.controller import Clock
from shared import printing, rules
from shared.dto import IssuedTicket
from shared.printing import PrinterSettings, PrintResult, ReceiptContext
from shared.store import Store


class StationPrinter:
    """Checks and prints through the connection in this station's ``[printer]`` settings."""

    def __init__(self, store: Store, settings: PrinterSettings, clock: Clock = rules.utc_now) -> None:
        self._store = store
        self.settings = settings
        self._clock = clock

    def check(self) -> None:
        printing.check(self.settings)

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        return printing.print_issued(self._store, issued, self.settings, context, now=self._clock())

    def test_page(self) -> str:
        status = printing.check(self.settings)
        result = printing.print_receipt(printing.sample_receipt("Antre — tes printer", self._clock()),
                                        self.settings)
        where = f"disimpan di {result.preview_png}" if result.preview_png else f"dicetak di {result.where}"
        return f"{status.message} Struk percobaan {where}."
