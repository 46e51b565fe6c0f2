"""Where settings come from: ``--db``, then ``ANTRE_DB_URL``, then the config file, then
a SQLite file in the platform's user data directory.

A station's config file may hold the store's password, so Antre writes such files
owner-only (``write_private``) and warns when it reads one that others can read. The
``[store]`` section may also carry PostgreSQL's TLS settings (``sslmode``, ``sslrootcert``,
``sslcert``, ``sslkey``); they are added to the URL, whichever place the URL came from.
"""

from __future__ import annotations

import logging
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from shared.errors import BadInput

log = logging.getLogger(__name__)

APP = "antre"
ENV_DB = "ANTRE_DB_URL"
ENV_CONFIG = "ANTRE_CONFIG"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def config_path() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'antre.db'}"


@dataclass(frozen=True)
class Settings:
    db_url: str
    source: str  # where db_url came from, for messages
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def read_config(path: Path | None = None) -> dict[str, Any]:
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(f"Berkas konfigurasi {path} tidak valid: {exc}") from None


def resolve(cli_db: str | None = None, *, config_file: Path | None = None) -> Settings:
    path = config_file or config_path()
    raw = read_config(path)
    store = raw.get("store", {})
    if not isinstance(store, dict):
        raise BadInput(f"{path}: [store] harus berupa bagian (tabel) TOML.")
    if cli_db:
        url, source = cli_db, "--db"
    elif os.environ.get(ENV_DB):
        url, source = os.environ[ENV_DB], ENV_DB
    elif "url" in store:
        if not isinstance(store["url"], str) or not store["url"].strip():
            raise BadInput(f"{path}: [store] url harus berupa teks alamat basis data.")
        url, source = store["url"], str(path)
        warn_if_exposed(path, url)
    else:
        return Settings(default_db_url(), "default", raw)
    return Settings(with_tls(url, store, path, strict=source == str(path)), source, raw)


CLOCK_MARGIN_S = (10.0, 3600.0)
DEFAULT_CLOCK_MARGIN_S = 120.0


def clock_margin_s(settings: Settings) -> float:
    """How far this station's clock may be from the server's before it is told (``[store]
    clock_margin_s``, seconds; 120 by default)."""
    value = settings.section("store").get("clock_margin_s", DEFAULT_CLOCK_MARGIN_S)
    low, high = CLOCK_MARGIN_S
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise BadInput(f"{config_path()}: [store] clock_margin_s harus angka detik antara {low:g} dan "
                       f"{high:g}, bukan {value!r}.")
    return float(value)


# --- PostgreSQL TLS ---------------------------------------------------------------------

SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
TLS_FILES = ("sslrootcert", "sslcert", "sslkey")


def check_sslmode(value: object, where: str) -> str:
    if not isinstance(value, str) or value not in SSLMODES:
        raise BadInput(f"{where}: sslmode '{value}' tidak dikenal. Pilih salah satu: {', '.join(SSLMODES)}.")
    return value


def with_tls(url: str, store: dict[str, Any], path: Path, *, strict: bool = True) -> str:
    """``url`` with the ``[store]`` TLS settings added (PostgreSQL only). With ``strict``,
    TLS settings beside a URL that is not PostgreSQL are a mistake in the file."""
    wanted: dict[str, str] = {}
    if "sslmode" in store:
        wanted["sslmode"] = check_sslmode(store["sslmode"], f"{path}: [store]")
    for key in TLS_FILES:
        if key in store:
            value = store[key]
            if not isinstance(value, str) or not Path(value).expanduser().is_file():
                raise BadInput(f"{path}: [store] {key}: berkas '{value}' tidak ditemukan.")
            wanted[key] = str(Path(value).expanduser())
    if not wanted:
        return url
    from sqlalchemy.engine import make_url  # only stations with TLS settings pay for it
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # the store reports the bad URL itself
    if parsed.get_backend_name() != "postgresql":
        if not strict:
            return url
        raise BadInput(f"{path}: [store] sslmode dan berkas sertifikat hanya untuk PostgreSQL.")
    return parsed.update_query_dict(wanted).render_as_string(hide_password=False)


# --- files holding passwords ------------------------------------------------------------

def has_password(url: str) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return bool(make_url(url).password)
    except ArgumentError:
        return False


def exposed(path: Path) -> bool:
    """True when users other than the owner may read ``path`` (POSIX permissions)."""
    if os.name != "posix":
        return False  # on Windows the per-user profile folder is private to its user
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def exposure_warning(path: Path, url: str) -> str | None:
    """One line for an operator when ``path`` holds the store's password and others can read it."""
    if has_password(url) and exposed(path):
        return (f"Peringatan: {path} berisi kata sandi basis data tetapi bisa dibaca pengguna lain. "
                f"Jalankan: chmod 600 {path}")
    return None


def warn_if_exposed(path: Path, url: str) -> None:
    if exposure_warning(path, url):
        log.warning("%s holds the store password but others can read it; run: chmod 600 %s", path, path)


def write_private(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` readable and writable by its owner only.

    The file is created with mode 600 from the start (never briefly world-readable) and
    replaces any old file atomically.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)  # a leftover could carry wider permissions
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
