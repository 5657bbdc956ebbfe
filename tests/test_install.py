"""A built wheel, installed into a fresh environment, works far from the clone: schemas and site strings inside.

No network: the wheel is built without build isolation (setuptools comes from
the test environment), installed with ``--no-index --no-deps``, and the
dependencies come from the test environment's site-packages through a ``.pth``
file, which puts that folder on the path without its editable install of the
clone (``.pth`` files are read only in site folders themselves).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import feedparser
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_a_wheel_installed_elsewhere_runs_init_translate_publish(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "i18n_pub", source / "i18n_pub", ignore=shutil.ignore_patterns("__pycache__"))
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), ".", cwd=source, env=env
    )
    assert "deprecat" not in (built.stdout + built.stderr).lower()
    (wheel,) = (tmp_path / "dist").glob("i18n_pub-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packaged = [p.relative_to(REPO).as_posix() for p in sorted((REPO / "i18n_pub").rglob("*")) if p.suffix in (".po", ".rng", ".json")]
    assert packaged and set(packaged) <= set(names), set(packaged) - set(names)

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    _run(
        sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index", "--no-deps", str(wheel), cwd=tmp_path, env=env
    )
    site_packages = _run(
        str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path, env=env
    ).stdout.strip()
    Path(site_packages, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(str(python), "-c", "import i18n_pub; print(i18n_pub.__file__)", cwd=elsewhere, env=env).stdout
    assert where.startswith(site_packages)
    command = str(venv / "bin" / "i18n-pub")
    assert "init" in _run(command, "--help", cwd=elsewhere, env=env).stdout
    _run(command, "init", "site", "-l", "de", "--engine", "pseudo", "--base-url", "https://example.org", cwd=elsewhere, env=env)
    _run(command, "translate", "--all", cwd=elsewhere / "site", env=env)
    _run(command, "publish", "--all", cwd=elsewhere / "site", env=env)
    feed = feedparser.parse(str(elsewhere / "site/build/feeds/de.xml"))
    assert feed.feed.language == "de" and len(feed.entries) == 1 and feed.entries[0].i18n_engine["name"] == "pseudo"
