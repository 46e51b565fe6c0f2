"""A network receipt printer on loopback: a real TCP listener in a thread.

It behaves like the raw port 9100 of a thermal printer: each connection is one job, read
until the sender half-closes; DLE EOT status queries are answered like an Epson does.
``mode`` makes it misbehave: "silent" never answers status queries, "stall" accepts but
never reads (with a tiny receive buffer), "drop" reads a little and resets the connection.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field

PAPER_OK = 0x12
PAPER_OUT = 0x12 | 0x60
ONLINE = 0x12
OFFLINE = 0x12 | 0x08


@dataclass
class Job:
    data: bytes
    done_at: float  # time.perf_counter() when the last byte arrived (sender half-closed)


@dataclass
class LoopbackPrinter:
    mode: str = "normal"
    paper: int = PAPER_OK
    online: int = ONLINE
    jobs: list[Job] = field(default_factory=list)
    status_queries: int = 0

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
            self._held.append(conn)  # never read: the sender's buffers fill up
            return
        chunks: list[bytes] = []
        received = 0
        conn.settimeout(5)
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                if chunk in (b"\x10\x04\x01", b"\x10\x04\x04") and not chunks:
                    with self._lock:
                        self.status_queries += 1
                    if self.mode != "silent":
                        conn.sendall(bytes([self.online if chunk[-1] == 1 else self.paper]))
                    continue
                chunks.append(chunk)
                received += len(chunk)
                if self.mode == "drop" and received >= 100:
                    time.sleep(0.1)  # the rest of the job is in our buffer now
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.close()  # a reset, as when a printer reboots mid-job
                    return
        except (TimeoutError, OSError):
            pass
        done = time.perf_counter()
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
