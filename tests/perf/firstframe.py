"""Helpers for the cold-start probes: a ``python -c`` script per app that imports these, then
runs the app's real entry point.

The probe prints ``FRAME <perf_counter>`` when the first top-level window paints, then
``then()`` drives the app to its idle page and ``report_rss(app)`` prints ``RSS <MB>`` and
quits. The runner compares FRAME with its own clock taken just before starting the process.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1.0


class FirstFrame(QObject):
    """Prints the moment the first window paints, then runs ``then`` on the next turn."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self._then = then
        self._done = False

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if (not self._done and ev.type() == QEvent.Type.Paint and obj.isWidgetType()
                and obj.isWindow()):  # type: ignore[attr-defined]
            self._done = True
            print("FRAME", time.perf_counter(), flush=True)
            QTimer.singleShot(0, self._then)
        return False


def when(ready: Callable[[], bool], then: Callable[[], None], every_ms: int = 20) -> None:
    """Poll ``ready()`` on the event loop, then run ``then``."""
    if ready():
        then()
    else:
        QTimer.singleShot(every_ms, lambda: when(ready, then, every_ms))


def report_rss(app: QApplication, after_ms: int = 2000) -> None:
    """After ``after_ms`` idle, print the resident memory and quit."""

    def report() -> None:
        print("RSS", rss_mb(), flush=True)
        app.quit()

    QTimer.singleShot(after_ms, report)
