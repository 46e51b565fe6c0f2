"""python-escpos's profile cache: written whole by Antre before python-escpos reads it, so
programs starting at once (``antre demo`` starts three) never read half a pickle."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import shared.printing, os\n"
    "from escpos import capabilities as c\n"
    "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'], c.full_load, len(c.CAPABILITIES['profiles']))\n"
)


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCPOS_")}
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def test_programs_starting_at_once_all_load_the_profiles_from_one_whole_cache(tmp_path: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=_env(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [p.communicate(timeout=120) for p in procs]
    for (_out, err), p in zip(results, procs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    lines = {out.split()[0]: out.split()[1:] for out, _ in results}
    assert len(lines) == 1  # one cache folder for one python-escpos
    folder, (full_load, profiles) = next(iter(lines.items()))
    # python-escpos never parsed the profiles itself: the pickle was there, whole, for all
    assert full_load == "False"
    assert int(profiles) > 10
    cached = Path(folder)
    assert cached.parent == tmp_path / "antre" / "escpos"
    pickles = list(cached.iterdir())
    assert [p.suffix for p in pickles] == [".pickle"]  # no partial file left behind
    source = resources.files("escpos") / "capabilities.json"
    assert pickle.loads(pickles[0].read_bytes()) == json.loads(source.read_text(encoding="utf-8"))


def test_another_profiles_file_gets_its_own_cache(tmp_path: Path) -> None:
    other = tmp_path / "capabilities.json"
    source = resources.files("escpos") / "capabilities.json"
    other.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    folders = []
    for extra in ({}, {"ESCPOS_CAPABILITIES_FILE": str(other)}):
        env = _env(tmp_path / "cache") | extra
        done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=120, check=True)
        folders.append(done.stdout.split()[0])
    assert folders[0] != folders[1]
