import datetime as dt

import pytest

from shared.errors import BadInput
from shared.rules import estimate_wait_min, parse_ticket_ref


@pytest.mark.parametrize(
    ("typed", "code"),
    [("A012", "A012"), ("a12", "A012"), (" A-012 ", "A012"), ("KTP7", "KTP007"), ("B1000", "B1000")],
)
def test_typed_codes_are_normalised(typed, code):
    assert parse_ticket_ref(typed) == (code, None, None)


def test_a_scanned_receipt_qr_gives_code_day_and_token():
    assert parse_ticket_ref("ANTRE1|2026-11-28|A012|ab12cd") == ("A012", dt.date(2026, 11, 28), "ab12cd")


@pytest.mark.parametrize("bad", ["", "12", "ABCD1", "ANTRE1|x|A1|t", "ANTRE1|2026-11-28|A1"])
def test_garbage_is_refused_with_a_message(bad):
    with pytest.raises(BadInput):
        parse_ticket_ref(bad)


def test_wait_estimate_divides_by_open_counters_and_rounds_up():
    assert estimate_wait_min(0, 300, 2) == 0
    assert estimate_wait_min(3, 300, 1) == 15
    assert estimate_wait_min(3, 300, 2) == 8
    assert estimate_wait_min(1, 300, 0) == 5  # closed counters still give an estimate
