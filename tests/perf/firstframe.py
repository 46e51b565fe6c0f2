"""Cold-start probes: a ``python -c`` script per app imports the helpers below, then runs
the app's real entry point; the benchmark runs it with :func:`cold_starts`.

The probe prints ``FRAME <perf_counter>`` when the first top-level window paints, then
``then()`` drives the app to its idle page and ``report_rss(app)`` prints ``RSS <MB>`` and
quits. The runner compares FRAME with its own clock taken just before starting the process.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

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


# --- the runner's side --------------------------------------------------------------------

def cold_starts(script: str, args: Sequence[str], *, env: Mapping[str, str], n: int,
                what: str) -> tuple[list[float], list[float]]:
    """Start the probe ``script`` ``n`` times: seconds from process start to first frame,
    and the idle RSS (MB) each run printed."""
    repo_root = Path(__file__).resolve().parents[2]
    starts, rss = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, *args], cwd=repo_root, env=dict(env),
                              capture_output=True, text=True, timeout=120, check=False)
        lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
        if "FRAME" not in lines or "RSS" not in lines:
            raise RuntimeError(f"{what} did not start: {done.stderr.strip()[-500:]}")
        starts.append(float(lines["FRAME"]) - t0)
        rss.append(float(lines["RSS"]))
    return starts, rss
