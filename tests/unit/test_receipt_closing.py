"""A receipt whose estimated wait runs past the service's closing time says so, in one plain
line, on paper and in the preview picture, as the kiosk's ticket page does."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from shared.dto import IssuedTicket, TicketView
from shared.printing import Receipt, render_escpos, render_image
from shared.printing.receipt import receipt_for

RECEIPT = Receipt(
    site_name="MPP Kota Batu",
    agency_name="Dinas Kependudukan dan Pencatatan Sipil",
    service_name="KTP-el",
    code="A012",
    issued_local=dt.datetime(2026, 11, 28, 13, 10),
    ahead=14,
    estimated_wait_min=128,
    reference="ANTRE1|2026-11-28|A012|a1b2c3",
)
LINE = "Perkiraan tunggu melewati jam tutup layanan (15:00)."


def test_a_wait_past_closing_is_one_line_after_the_estimate():
    late = replace(RECEIPT, past_closing="15:00")
    lines = late.lines()
    assert lines[lines.index("Perkiraan tunggu: 128 menit") + 1] == LINE
    assert LINE not in RECEIPT.lines()
    assert LINE not in replace(late, ahead=0).lines()  # nobody ahead: no wait to run past anything


def test_the_printed_receipt_wraps_the_line_between_words_at_the_papers_columns():
    data = render_escpos(replace(RECEIPT, past_closing="15:00"))
    assert b"Perkiraan tunggu melewati jam tutup\nlayanan (15:00).\n" in data
    assert b"melewati" not in render_escpos(RECEIPT)


def test_the_preview_picture_has_room_for_the_line():
    assert render_image(replace(RECEIPT, past_closing="15:00")).height > render_image(RECEIPT).height


def test_the_receipt_takes_the_closing_time_from_the_issued_ticket():
    ticket = TicketView(
        id=1,
        code="A012",
        number=12,
        business_day=dt.date(2026, 11, 28),
        status="waiting",
        service="KTP",
        service_name="KTP-el",
        agency="DUKCAPIL",
        agency_name="Dukcapil",
        priority_class=None,
        issued_at=dt.datetime(2026, 11, 28, 6, 10, tzinfo=dt.UTC),
        called_at=None,
        counter=None,
        counter_name=None,
        call_count=0,
        token="a1b2c3",
    )
    issued = IssuedTicket(
        ticket=ticket, ahead=14, estimated_wait_min=128, site_name="MPP", past_closing="15:00"
    )
    assert receipt_for(issued, timezone="Asia/Jakarta").closing_line == LINE
    assert receipt_for(replace(issued, past_closing=None), timezone="Asia/Jakarta").closing_line == ""
