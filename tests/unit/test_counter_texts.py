"""The counter app's Qt-free words and flags (counter/actions.py)."""

from __future__ import annotations

from counter.actions import LONG_WAIT_S, priority_text, service_alert
from shared.dto import ServiceView


def _service(waiting: int, open_counters: int, longest_wait_s: int) -> ServiceView:
    return ServiceView(
        code="KTP", name="KTP-el", agency="DUKCAPIL", agency_name="Dukcapil", agency_short="Dukcapil",
        prefix="A", quota=None, hours="08:00-15:00", issued_today=waiting, waiting=waiting,
        served_today=0, longest_wait_s=longest_wait_s, estimated_wait_min=0,
        open_counters=open_counters, available=True, unavailable_reason=None)


def test_a_queue_nobody_can_serve_and_a_long_wait_are_flagged_for_the_supervisor():
    assert service_alert(_service(14, 0, 600)) == "Tidak ada loket buka"
    assert service_alert(_service(3, 2, LONG_WAIT_S)) == "Tunggu lama"
    assert service_alert(_service(3, 2, LONG_WAIT_S - 1)) is None
    assert service_alert(_service(0, 0, 0)) is None  # nobody waits: a closed service is fine


def test_priority_classes_are_shown_by_the_sites_names():
    names = {"anak": "Anak / Ibu Membawa Balita"}
    assert priority_text("anak", names) == "Anak / Ibu Membawa Balita"
    assert priority_text("ibu_hamil", names) == "Ibu hamil"  # no name from the site: readable code
    assert priority_text(None, names) == ""
