"""Where settings come from: ``--db``, then ``ANTRE_DB_URL``, then the config file, then
a SQLite file in the platform's user data directory."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from shared.errors import BadInput

APP = "antre"
ENV_DB = "ANTRE_DB_URL"
ENV_CONFIG = "ANTRE_CONFIG"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


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
    raw = read_config(config_file)
    if cli_db:
        return Settings(cli_db, "--db", raw)
    env = os.environ.get(ENV_DB)
    if env:
        return Settings(env, ENV_DB, raw)
    store = raw.get("store", {})
    if isinstance(store, dict) and isinstance(store.get("url"), str):
        return Settings(store["url"], str(config_file or config_path()), raw)
    return Settings(default_db_url(), "default", raw)
