"""The bundle as shipped: PyInstaller builds ``build.spec``, then each frozen program checks
itself against a fresh SQLite store that the frozen ``antre`` creates (running the
migrations from inside the bundle) and fills from the bundled demo site file.

The build reuses ``build/test-bundle/`` (PyInstaller's work folder and the bundle), so a
second run here only re-collects. A cold build takes about a minute on two cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared import __version__
from shared.migrations import HEAD
from tests.support import need_voice

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build" / "test-bundle"
BUILD_TIMEOUT_S = 1200
SELF_TEST_TIMEOUT_S = 120
EXE = ".exe" if sys.platform == "win32" else ""


@pytest.fixture(scope="module")
def bundle() -> Path:
    """``dist/antre`` as ``make bundle`` builds it, in build/test-bundle/dist/antre."""
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--workpath", str(WORK / "work"), "--distpath", str(WORK / "dist"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False)
    if done.returncode != 0:
        pytest.fail(f"PyInstaller failed ({done.returncode}):\n{done.stderr[-4000:]}")
    folder = WORK / "dist" / "antre"
    for program in ("antre", "antre-kiosk", "antre-counter", "antre-display", "antre-admin"):
        assert (folder / f"{program}{EXE}").is_file(), f"{program} is missing from {folder}"
    return folder


STATION_ENV = {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "ANTRE_DB_URL"}


def station_env(folder: Path) -> dict[str, str]:
    """A station with no config file, its own data and log folders, and no screen: the
    self-test must go offscreen by itself."""
    env = {k: v for k, v in os.environ.items() if k not in STATION_ENV}
    return env | {"ANTRE_CONFIG": str(folder / "config.toml"), "XDG_DATA_HOME": str(folder / "data"),
                  "XDG_STATE_HOME": str(folder / "state"), "XDG_CONFIG_HOME": str(folder / "config")}


def frozen(bundle: Path, program: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / f"{program}{EXE}"), *args], capture_output=True, text=True,
                          env=env, timeout=SELF_TEST_TIMEOUT_S, check=False)


@pytest.fixture(scope="module")
def station(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str], Path]:
    """(store URL, environment, folder): a fresh SQLite store that the frozen ``antre`` made
    (so the migrations ran from inside the bundle) and filled from the bundled demo site."""
    folder = tmp_path_factory.mktemp("station")
    env = station_env(folder)
    url = f"sqlite:///{folder / 'antre.db'}"
    init = frozen(bundle, "antre", "--db", url, "init", env=env)
    assert init.returncode == 0, init.stderr
    assert init.stdout.strip() == f"Basis data siap: {url}"
    site_file = bundle / "_internal" / "resources" / "sites" / "demo-batu.toml"
    load = frozen(bundle, "antre", "--db", url, "site", "load", str(site_file), env=env)
    assert load.returncode == 0, load.stderr
    assert "Situs 'Mal Pelayanan Publik Kota Batu' dimuat" in load.stdout
    return url, env, folder


def checks(stdout: str) -> dict[str, str]:
    """``{check name: status}`` from a self-test report."""
    found = {}
    for line in stdout.splitlines()[1:-1]:
        status, rest = line[:7].strip(), line[7:]
        found[rest.split(":", 1)[0]] = status
    return found


def test_the_frozen_cli_finds_migrations_libraries_and_the_site(
    bundle: Path, station: tuple[str, dict[str, str], Path]
) -> None:
    url, env, _folder = station
    done = frozen(bundle, "antre", "--db", url, "self-test", env=env)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"antre {__version__} — Antre (baris perintah): uji mandiri\n")
    assert checks(done.stdout) == {"basis data": "OK", "berkas konfigurasi": "OK", "peran": "OK",
                                   "jam": "OK", "migrasi": "OK", "pustaka": "OK", "printer": "OK",
                                   "suara": "OK"}
    internal = bundle / "_internal"
    # Alembic found the scripts inside the bundle; psycopg runs its bundled binary build;
    # python-escpos reads the bundled profiles (the runtime hook's ESCPOS_CAPABILITIES_FILE).
    assert f"OK     migrasi: terbaru {HEAD}, di {internal / 'shared' / 'migrations'}\n" in done.stdout
    assert "(binary)" in done.stdout
    assert f"profil printer dari {internal / 'escpos' / 'capabilities.json'}\n" in done.stdout


@pytest.mark.parametrize(("program", "app_name"), [
    ("antre-kiosk", "Antre Kios"), ("antre-counter", "Antre Loket"), ("antre-display", "Antre Layar"),
    ("antre-admin", "Antre Admin")])
def test_each_frozen_app_passes_its_self_test_offscreen(
    bundle: Path, station: tuple[str, dict[str, str], Path], program: str, app_name: str
) -> None:
    if program == "antre-display":
        need_voice()
    url, env, folder = station
    done = frozen(bundle, program, "--db", url, "--self-test", env=env)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{program} {__version__} — {app_name}: uji mandiri"
    assert lines[1] == f'OK     basis data: {url} (skema {HEAD}, situs "Mal Pelayanan Publik Kota Batu")'
    expected = {"basis data": "OK", "berkas konfigurasi": "OK", "peran": "OK", "jam": "OK", "printer": "OK",
                "suara": "OK", "tampilan": "OK"}
    if program == "antre-display":
        # QtMultimedia's FFmpeg backend loads and decodes the chime inside the bundle.
        expected["pemutar"] = "OK"
    assert checks(done.stdout) == expected
    assert lines[-1] == f"Uji mandiri lulus ({len(expected)} pemeriksaan)."
    assert (folder / "state" / "antre" / "log" / f"{program}-uji.png").is_file()


def test_a_frozen_app_fails_its_self_test_calmly_when_the_store_is_not_there(
    bundle: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'absent.db'}"
    done = frozen(bundle, "antre-kiosk", "--db", url, "--self-test", env=station_env(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert checks(done.stdout) == {"basis data": "GAGAL", "berkas konfigurasi": "OK", "printer": "OK",
                                   "suara": "OK", "tampilan": "LEWAT"}
    assert not (tmp_path / "absent.db").exists()
