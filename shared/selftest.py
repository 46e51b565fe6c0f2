"""Self-test of an installed station: ``antre self-test`` and ``antre-<app> --self-test``.

Each check is one printed line: ``OK``, ``GAGAL`` (failed) or ``LEWAT`` (not run, because an
earlier check failed), what was checked, and a short Indonesian reason. The exit code is 0
when every check passed, else 1. A check never raises: an unexpected error is logged with
its traceback (``shared.logs``) and reported as one line that points at the log.

Nothing here changes anything: the store is opened as the apps open it but with
``upgrade_schema=False``, and a SQLite file that does not exist is not created. The Qt-free
checks live here; drawing one frame of an app offscreen is :mod:`shared.ui.selftest`.

Every app imports this module at start, so the printer and voice modules (and Alembic) are
imported inside the checks that use them: a display has no printer, a kiosk no voice.
"""

from __future__ import annotations

import array
import datetime as dt
import importlib.util
import json
import logging
import sys
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from shared import __version__, config, paths, pgroles, rules
from shared.errors import KnownError
from shared.migrations import HEAD
from shared.models import Site
from shared.store import Store, alembic_config, current_revision, describe_url

log = logging.getLogger(__name__)

OK, FAILED, SKIPPED = "OK", "GAGAL", "LEWAT"

PHRASE = "Nomor antrean A satu, silakan menuju loket satu"
"""What the display's voice check says (to a file; nothing is played)."""
SILENT_PEAK = 1000
"""A 16-bit WAV whose loudest sample stays below this is silence, not speech."""

@dataclass(frozen=True)
class Check:
    """The outcome of one check: ``status`` is ``OK``, ``GAGAL`` or ``LEWAT``."""

    name: str
    status: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == OK

    def line(self) -> str:
        return f"{self.status:<7}{self.name}: {self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "status": self.status, "detail": self.detail}


def passed(name: str, detail: str) -> Check:
    return Check(name, OK, detail)


def failed(name: str, detail: str) -> Check:
    return Check(name, FAILED, detail)


def skipped(name: str, detail: str) -> Check:
    return Check(name, SKIPPED, detail)


def one_line(text: str) -> str:
    return "; ".join(part.strip() for part in text.strip().splitlines() if part.strip())


def guarded(name: str, fn: Callable[[], Check]) -> Check:
    """Run one check; whatever it raises becomes a failed check, never a traceback."""
    try:
        return fn()
    except KnownError as exc:
        return failed(name, one_line(exc.message))
    except Exception as exc:
        log.exception("self-test: the %s check failed unexpectedly", name)
        return failed(name, unexpected(exc))


def unexpected(exc: BaseException) -> str:
    """The line for a bug (its traceback is in the log file)."""
    return f"kesalahan tak terduga ({type(exc).__name__}); rinciannya ada di berkas log."


def header(program: str, app_name: str) -> str:
    return f"{program} {__version__} — {app_name}: uji mandiri"


class Report:
    """Prints each check as it completes (a hang shows where), then the verdict."""

    def __init__(self, out: TextIO, title: str, *, as_json: bool = False) -> None:
        self._out = out
        self._title = title
        self._json = as_json
        self.checks: list[Check] = []
        if not as_json:
            self._write(title)

    def _write(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def add(self, check: Check) -> Check:
        self.checks.append(check)
        if not self._json:
            self._write(check.line())
        return check

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def finish(self) -> int:
        """Print the verdict; returns the exit code (0 when every check passed)."""
        names = [c.name for c in self.checks if c.status == FAILED]
        if self._json:
            self._write(json.dumps({"ok": self.ok, "title": self._title, "version": __version__,
                                    "checks": [c.to_json() for c in self.checks]}, ensure_ascii=False))
        elif self.ok:
            self._write(f"Uji mandiri lulus ({len(self.checks)} pemeriksaan).")
        else:
            self._write(f"Uji mandiri gagal: {', '.join(names) or 'ada pemeriksaan yang dilewati'}.")
        return 0 if self.ok else 1


# --- the store --------------------------------------------------------------------------

def _missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist (opening it would create it)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None  # Store.open says why
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database).expanduser()
    return None if path.exists() else path


def check_store(db: str | None) -> tuple[Check, Store | None]:
    """Open the configured store as the apps do, without migrating, and look for the site.
    Returns the check and the store when it opened (even without a site, so an app can still
    draw its frame); the caller disposes of it."""
    name = "basis data"
    try:
        url = config.resolve(db).db_url
    except KnownError as exc:
        return failed(name, one_line(exc.message)), None
    shown = describe_url(url)
    missing = _missing_sqlite_file(url)
    if missing is not None:
        return failed(name, f"{shown}: berkas {missing} belum ada; jalankan 'antre init' lalu "
                            "'antre site load BERKAS'."), None
    try:
        store = Store.open(url, upgrade_schema=False, check_integrity=True)
    except KnownError as exc:
        message = one_line(exc.message)
        return failed(name, message if shown in message else f"{shown}: {message}"), None
    except Exception as exc:
        log.exception("self-test: opening the store failed unexpectedly")
        return failed(name, unexpected(exc)), None
    return guarded(name, lambda: _site_check(name, shown, store)), store


def _site_check(name: str, shown: str, store: Store) -> Check:
    revision = current_revision(store.engine) or "kosong"
    with store.reading() as s:
        site = s.get(Site, 1)
        site_name = site.name if site is not None else None
    if site_name is None:
        return failed(name, f"{shown} (skema {revision}): belum ada situs; muat dengan "
                            "'antre site load BERKAS'.")
    return passed(name, f'{shown} (skema {revision}, situs "{site_name}")')


# --- the station's hardware settings ----------------------------------------------------

PrinterCheck = Literal["status", "settings", "unused"]
VoiceCheck = Literal["speak", "settings", "unused"]
RoleNeed = Literal["issue", "queue", "read", "any"]
"""What the station's PostgreSQL role must allow: the kiosk issues, the counter runs queue
actions, the display only reads."""


@dataclass(frozen=True)
class Station:
    """What an app's self-test checks besides the store and a frame.

    ``printer``: ``status`` asks the printer as the kiosk does before issuing, ``settings``
    only reads ``[printer]``. ``voice``: ``speak`` synthesises a sentence to a file with the
    real engine, ``settings`` only reads ``[voice]``. ``unused`` reports "tidak dipakai"."""

    printer: PrinterCheck = "unused"
    voice: VoiceCheck = "unused"
    role: RoleNeed = "any"
    player: bool = False
    """The display: QtMultimedia must load its backend and decode the chime."""


def check_printer(settings: config.Settings, mode: PrinterCheck) -> Check:
    name = "printer"
    if mode == "unused":
        return passed(name, "tidak dipakai")
    from shared.printing.connection import check
    from shared.printing.settings import from_section

    printer = from_section(settings.section("printer"))
    if mode == "settings":
        return passed(name, f"{printer.connection} — {printer.where} (pengaturan [printer] benar; "
                            "printer tidak dihubungi)")
    status = check(printer)
    return passed(name, f"{printer.connection} — {status.message}")


class Voice(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class NamedSynth(Protocol):
    """What the voice check needs from a synthesiser (``Pyttsx3Synth`` in the apps)."""

    @property
    def voice(self) -> Voice: ...

    def synthesize(self, text: str, path: Path) -> None: ...


SynthFactory = Callable[[Any], NamedSynth]


def wav_levels(path: Path) -> tuple[float, int]:
    """(seconds, loudest sample on a 16-bit scale) of a PCM WAV file."""
    with wave.open(str(path), "rb") as f:
        rate, width, frames = f.getframerate(), f.getsampwidth(), f.readframes(f.getnframes())
        channels = f.getnchannels()
    if width == 2:
        samples = array.array("h", frames)
        peak = max((abs(s) for s in samples), default=0)
    elif width == 1:  # unsigned 8-bit
        peak = max((abs(b - 128) for b in frames), default=0) * 256
    else:
        peak = 32767 if any(frames) else 0
    seconds = len(frames) / (width * channels * rate) if rate and width and channels else 0.0
    return seconds, peak


def check_voice(settings: config.Settings, mode: VoiceCheck, *,
                synth_factory: SynthFactory | None = None) -> Check:
    name = "suara"
    if mode == "unused":
        return passed(name, "tidak dipakai")
    from shared.voice.settings import from_section

    voice = from_section(settings.section("voice"))
    if not voice.enabled:
        return passed(name, 'dimatikan ([voice] engine = "none"): hanya bunyi bel')
    if mode == "settings":
        return passed(name, f'{voice.engine}, suara "{voice.voice}" (pengaturan [voice] benar; '
                            "tidak diucapkan)")
    chime = paths.resource("sounds", "chime.wav")
    if voice.chime and not chime.is_file():
        return failed(name, f"bunyi bel tidak ditemukan: {chime}")
    if synth_factory is None:
        from shared.voice.engine import Pyttsx3Synth

        synth_factory = Pyttsx3Synth
    synth = synth_factory(voice)
    with tempfile.TemporaryDirectory(prefix="antre-uji-") as folder:
        wav = Path(folder) / "uji.wav"
        synth.synthesize(PHRASE, wav)
        seconds, peak = wav_levels(wav)
    if peak < SILENT_PEAK:
        return failed(name, f"suara {synth.voice.name} menghasilkan audio senyap ({seconds:.1f} detik).")
    with_chime = f", bel {chime.name}" if voice.chime else ""
    return passed(name, f'{synth.voice.name} ({synth.voice.id}), "{PHRASE}": {seconds:.1f} detik audio'
                        + with_chime)


# --- the station's role and its config file ---------------------------------------------

_RIGHTS = {"issue": "ambil nomor", "queue": "aksi loket", "admin": "admin"}
_SUGGESTED = {"issue": "kiosk", "queue": "counter", "read": "display"}


def check_role(store: Store, need: RoleNeed) -> Check:
    """On PostgreSQL: the role may do what this station does, and says if it may do more."""
    name = "peran"
    if not store.is_postgresql:
        return passed(name, "SQLite: satu PC, tanpa peran basis data")
    rights = pgroles.privileges(store)
    role = rights["role"]
    may = [label for key, label in _RIGHTS.items() if rights[key]]
    summary = f"{role} (boleh: {', '.join(may) if may else 'hanya membaca'})"
    if need in ("issue", "queue") and not rights[need]:
        return failed(name, f"{summary}: stasiun ini perlu hak {_RIGHTS[need]}. Pasang berkas "
                            f"{_SUGGESTED[need]}.toml dari 'antre db roles'.")
    extra = [k for k in _RIGHTS if rights[k] and k != need]
    if need != "any" and extra:
        summary += (f"; lebih dari yang perlu: disarankan peran {_SUGGESTED[need]} dari "
                    "'antre db roles'")
    return passed(name, summary)


def check_clock(store: Store, station_now: dt.datetime, margin_s: float) -> Check:
    """On PostgreSQL: this PC's clock is within its margin of the server's (the store's clock)."""
    name = "jam"
    if not store.is_postgresql:
        return passed(name, "SQLite: jam PC ini adalah jam basis data")
    with store.reading() as s:
        server: dt.datetime = s.execute(select(func.now())).scalar_one()
    skew = station_now - server.astimezone(dt.UTC)
    if abs(skew.total_seconds()) > margin_s:
        return failed(name, f"jam PC ini {rules.describe_skew(skew)} dari jam server (batas {margin_s:g} "
                            "detik). Antre memakai jam server; setel jam PC ini (NTP).")
    return passed(name, f"selisih dengan jam server {abs(skew.total_seconds()):.1f} detik "
                        f"(batas {margin_s:g} detik)")


def check_config_file(db: str | None) -> Check:
    """A config file that holds the store's password is readable by its owner only."""
    name = "berkas konfigurasi"
    path = config.config_path()
    if not path.exists():
        return passed(name, f"{path} tidak ada (pengaturan bawaan)")
    url = config.read_config(path).get("store", {}).get("url")
    if isinstance(url, str) and config.has_password(url) and config.exposed(path):
        return failed(name, f"{path} berisi kata sandi basis data tetapi bisa dibaca pengguna lain. "
                            f"Jalankan: chmod 600 {path}")
    return passed(name, f"{path}")


def station_checks(db: str | None, station: Station, *,
                   synth_factory: SynthFactory | None = None) -> list[Check]:
    """The printer and voice checks of ``station``, from this station's config file."""

    def with_settings(name: str, fn: Callable[[config.Settings], Check]) -> Check:
        return guarded(name, lambda: fn(config.resolve(db)))

    return [
        with_settings("printer", lambda s: check_printer(s, station.printer)),
        with_settings("suara", lambda s: check_voice(s, station.voice, synth_factory=synth_factory)),
    ]


# --- what the bundle must carry (the command-line self-test) ----------------------------

def check_migrations() -> Check:
    """Alembic finds the migration scripts (``antre init`` needs them) and agrees on HEAD."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
    except CommandError as exc:  # e.g. a bundle built without shared/migrations
        return failed("migrasi", f"skrip migrasi tidak ditemukan: {one_line(str(exc))}")
    if head != HEAD:
        return failed("migrasi", f"skrip migrasi di {script.dir}: terbaru {head}, program ini "
                                 f"mengharapkan {HEAD}.")
    return passed("migrasi", f"terbaru {head}, di {script.dir}")


def check_libraries() -> Check:
    """The libraries loaded by name at run time, which a bundle can miss: psycopg's
    implementation, python-escpos's printer profiles, pyttsx3's driver for this platform."""
    import psycopg

    import shared.printing  # noqa: F401 - points python-escpos at its profile cache first

    capabilities = importlib.import_module("escpos.capabilities")

    profiles = len(capabilities.CAPABILITIES.get("profiles", {}))
    if profiles == 0:
        return failed("pustaka", "profil printer python-escpos (capabilities.json) tidak termuat.")
    driver = "sapi5" if sys.platform == "win32" else "nsss" if sys.platform == "darwin" else "espeak"
    if importlib.util.find_spec(f"pyttsx3.drivers.{driver}") is None:
        return failed("pustaka", f"driver suara pyttsx3 '{driver}' tidak ada.")
    return passed("pustaka", f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), driver suara pyttsx3 "
                             f"{driver}, {profiles} profil printer dari {capabilities.capabilities_path}")


def _margin(db: str | None) -> float:
    return config.clock_margin_s(config.resolve(db))


def run_cli(
    db: str | None, out: TextIO, *, as_json: bool = False, clock: Callable[[], dt.datetime] = rules.utc_now,
) -> int:
    """``antre self-test``; ``clock`` is this PC's time, compared with the store's."""
    report = Report(out, header("antre", "Antre (baris perintah)"), as_json=as_json)
    check, store = check_store(db)
    report.add(check)
    report.add(guarded("berkas konfigurasi", lambda: check_config_file(db)))
    if store is not None:
        st = store
        report.add(guarded("peran", lambda: check_role(st, "any")))
        report.add(guarded("jam", lambda: check_clock(st, clock(), _margin(db))))
        store.dispose()
    report.add(guarded("migrasi", check_migrations))
    report.add(guarded("pustaka", check_libraries))
    for c in station_checks(db, Station(printer="settings", voice="settings")):
        report.add(c)
    return report.finish()
