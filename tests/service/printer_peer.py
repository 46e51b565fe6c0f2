"""A network receipt printer on loopback: a real TCP listener in a thread.

It behaves like the raw port 9100 of an Epson-style thermal printer: each connection is one
job, read until the sender closes. Real-time status queries (``DLE EOT n``, n = 1..4) are
answered as they arrive, wherever they are in the stream, and are not part of the job. Its
state (``paper``, ``cover_open``, ``error``, ``offline``) sets the four status bytes as an
Epson's do: paper out or an open cover also sets "offline", with the cause in the others.

``mode`` makes it misbehave:

- ``silent``: never answers status queries (a printer without status support); prints jobs;
- ``stall``: accepts connections and never reads (a jammed or hung printer), with a tiny
  receive buffer;
- ``hang``: answers status until a job arrives, then goes silent for good: it reads the job
  and never answers again (a printer that passed the check, then hung);
- ``drop``: reads about 100 bytes of a job, then resets the connection (rebooted mid-job).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field

DLE_EOT = b"\x10\x04"
_ERRORS = {"": 0, "jam": 0x04, "cutter": 0x08, "broken": 0x20, "overheat": 0x40}


@dataclass
class PrinterState:
    """What the printer would say: ``paper`` 'ok', 'low' or 'out'; ``error`` '', 'jam',
    'cutter', 'broken' or 'overheat'; ``offline`` alone (no cause) as from a panel switch."""

    paper: str = "ok"
    cover_open: bool = False
    error: str = ""
    offline: bool = False

    def answer(self, n: int) -> int:
        """The status byte for ``DLE EOT n``, as an Epson sets it."""
        out = self.paper == "out"
        fixed = 0x12
        if n == 1:
            offline = self.offline or out or self.cover_open or bool(self.error)
            return fixed | (0x08 if offline else 0)
        if n == 2:
            cover = 0x04 if self.cover_open else 0
            return fixed | cover | (0x20 if out else 0) | (0x40 if self.error else 0)
        if n == 3:
            return fixed | _ERRORS[self.error]
        near_end = 0x0C if self.paper in ("low", "out") else 0
        return fixed | near_end | (0x60 if out else 0)


class RealTimeScanner:
    """Splits a byte stream into job bytes and ``DLE EOT n`` queries, across chunk edges."""

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> tuple[bytes, list[int]]:
        data = self._tail + chunk
        self._tail = b""
        job = bytearray()
        queries: list[int] = []
        i = 0
        while i < len(data):
            if data[i] == 0x10:
                if len(data) - i < 3:
                    self._tail = data[i:]
                    break
                if data[i + 1] == 0x04 and 1 <= data[i + 2] <= 4:
                    queries.append(data[i + 2])
                    i += 3
                    continue
            job.append(data[i])
            i += 1
        return bytes(job), queries


@dataclass
class Job:
    data: bytes
    done_at: float  # time.perf_counter() when the last byte of the job arrived


@dataclass
class LoopbackPrinter(PrinterState):
    mode: str = "normal"
    jobs: list[Job] = field(default_factory=list)
    status_queries: int = 0
    hung: bool = False

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.mode == "stall":
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)  # so the accept loop sees close() promptly
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self.job_arrived = threading.Condition(self._lock)
        self._thread = threading.Thread(target=self._serve, name="loopback-printer", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        if self.mode == "stall":
            with self._lock:
                self._held.append(conn)  # never read: the sender's buffers fill up
            return
        scanner = RealTimeScanner()
        chunks: list[bytes] = []
        received = 0
        done = 0.0
        conn.settimeout(5)
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                job, queries = scanner.feed(chunk)
                if job:
                    chunks.append(job)
                    received += len(job)
                    done = time.perf_counter()
                    if self.mode == "hang":
                        self.hung = True
                if self.mode == "drop" and received >= 100:
                    time.sleep(0.1)  # the rest of the job is in our buffer now
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.close()  # a reset, as when a printer reboots mid-job
                    return
                if queries:
                    with self._lock:
                        self.status_queries += len(queries)
                    if self.mode != "silent" and not self.hung:
                        conn.sendall(bytes(self.answer(n) for n in queries))
        except (TimeoutError, OSError):
            pass
        conn.close()
        if chunks:
            with self.job_arrived:
                self.jobs.append(Job(b"".join(chunks), done))
                self.job_arrived.notify_all()

    def wait_jobs(self, n: int, timeout: float = 5.0) -> list[Job]:
        with self.job_arrived:
            self.job_arrived.wait_for(lambda: len(self.jobs) >= n, timeout)
            return list(self.jobs)

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
        with self._lock:
            for conn in self._held:
                conn.close()
        self._thread.join(2)


def closed_port() -> int:
    """A loopback port nobody listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return int(port)
