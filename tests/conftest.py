"""Shared fixtures: a private copy of the sample site per test, real tools, real schemas.

A missing tool or test data file fails the test; ``make test`` installs the
tools, so a skip would only hide a broken set-up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Every Atom feed a test writes goes through the W3C Feed Validator at the end of the session.
pytest_plugins = ["tests.feed_validation"]

REPO = Path(__file__).resolve().parents[1]
# Third-party test material, copied into the repository with its licences (tests/data/shared/README.md).
SHARED = REPO / "tests" / "data" / "shared"
CLI = [sys.executable, "-m", "i18n_pub"]

# `make check` (pytest -m "not slow") must finish in under two minutes on two cores; `make test` runs
# everything. Besides the tests marked slow where they stand (kills, benchmark smoke, engine faults, the
# wheel), these modules are slow as a whole: each runs the command line over whole sites many times
# (hostile input by kind, file system faults, real corpora, import servers, every check on real
# catalogs), 7 s or more of the suite each when measured with pytest --durations. The unit tests, the
# doctests and a few end-to-end modules (feed, status, incremental, reference, consumers) stay in make check.
SLOW_MODULES = frozenset(
    {
        "test_apertium", "test_catalog_edits", "test_checks", "test_engine_answers", "test_errors", "test_feed_archives",
        "test_feed_updated", "test_filesystem_errors", "test_fuzzy_memory", "test_gettext_fidelity", "test_glossary_site",
        "test_hostile", "test_hostile_glossary", "test_hostile_text", "test_import", "test_import_pipeline", "test_lock",
        "test_markdown_corpora", "test_newcomer", "test_online_engines", "test_pipeline", "test_po_write",
        "test_publish_stream", "test_quality", "test_review", "test_reviewed_work", "test_reviews", "test_secrets",
        "test_site_memory", "test_site_trust", "test_sources_cli",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: run make test, which installs it")
    return path


def shared_file(relative: str) -> Path:
    """A file of the third-party test material; ``relative`` as laid out in ``tests/data/shared``."""
    path = SHARED / relative.removeprefix("data/")
    if not path.exists():
        pytest.fail(f"{path} is missing: it is part of the repository")
    return path


def copy_site(destination: Path, *, with_locales: bool = False) -> Path:
    """A copy of this repository's sample site: config, sources, glossary (and catalogs if asked)."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "pyproject.toml", destination / "pyproject.toml")
    for folder in ("sources", "glossary") + (("locales",) if with_locales else ()):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, destination / folder)
    return destination


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "site")


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, check: int | None = 0) -> subprocess.CompletedProcess:
    """Run the real ``i18n-pub`` in a subprocess, as a user would."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    done = subprocess.run([*CLI, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600)
    if check is not None:
        assert done.returncode == check, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


def msgfmt_check(path: Path) -> None:
    """GNU gettext's own verdict: ``msgfmt -c`` accepts the file without a single warning."""
    msgfmt = require_tool("msgfmt")
    done = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr, f"msgfmt -c {path}:\n{done.stderr}"


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".i18n-pub" not in p.parts
    }
