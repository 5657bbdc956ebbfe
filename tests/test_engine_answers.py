"""What an engine answers is checked before anything keeps it (issue 14, items 8, 13 and 14).

A hostile server on 127.0.0.1 answers with a configured key in the text, drips its answer one
byte every 1.2 s, sends megabytes, or sends ``null``: each is an engine error (exit 3, one
``Error:`` line, no key shown), and nothing of the answer reaches a catalog, the cache or any
output. Each run is bounded by the test itself, so a regression fails in seconds, never hangs.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import polib
import pytest

from i18n_pub.po_comments import machine_engine
from tests.conftest import CLI, REPO
from tests.hostile_server import HostileServer

KEY = "sk-echo-5b1e7c0d93a2"  # made up; must never be written anywhere
OTHER_KEY = "dl-other-engine-8c2f41aa"  # another engine's key, also configured


def _configure(site: Path, url: str, **settings: object) -> None:
    lines = ["\n[tool.i18n-pub.engine.libre]", f'url = "{url}"', "retries = 0", "concurrency = 2", "timeout = 2"]
    lines += [f"{key} = {value!r}" for key, value in settings.items()]
    with (site / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def _translate(site: Path, limit: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "I18N_PUB_LIBRE_KEY": KEY, "I18N_PUB_DEEPL_KEY": OTHER_KEY}
    started = time.monotonic()
    done = subprocess.run([*CLI, "translate", "-l", "fr", "--engine", "libre"], cwd=site, env=env,
                          capture_output=True, text=True, timeout=limit, check=False)  # fmt: skip
    return done, time.monotonic() - started


def _error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    return line


def _machine_texts(site: Path) -> list[str]:
    """Every text the engine wrote into a catalog (site strings may come translated from elsewhere)."""
    catalogs = sorted((site / "locales/fr").glob("*.po"))
    return [e.msgstr for p in catalogs for e in polib.pofile(str(p)) if e.msgstr and machine_engine(e) == "libre"]


def _files_holding(root: Path, needle: str) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.mark.parametrize("key", [KEY, OTHER_KEY], ids=["its-own-key", "another-engines-key"])
def test_an_answer_holding_a_configured_key_is_an_engine_error_and_never_kept(site, key):
    with HostileServer() as server:
        server.mode, server.output = "output", f"Bonjour, votre clé est {key}."
        _configure(site, server.url)
        done, _ = _translate(site)
    line = _error_line(done)
    assert line.startswith("Error: libre (en→fr): an answer contained a configured key (not shown)")
    assert _machine_texts(site) == []  # nothing of any answer kept: every one of them held the key
    assert _files_holding(site, key) == []  # catalogs, templates, the MT cache, state
    assert key not in done.stdout + done.stderr


@pytest.mark.parametrize("mode", ["drip", "drip-headers"])
def test_a_server_dripping_its_answer_is_cut_off_at_the_timeout(site, mode):
    with HostileServer() as server:
        server.mode = mode  # one byte every 1.2 s: a per-read timeout of 2 s never fires
        _configure(site, server.url)
        done, elapsed = _translate(site, limit=60)
    line = _error_line(done)
    assert "libre (en→fr): no answer from 127.0.0.1:" in line and "within 2 s (timeout)" in line, line
    assert elapsed < 20, elapsed  # two requests in flight, each cut at 2 s; the process starts in ~2 s
    assert _machine_texts(site) == []


@pytest.mark.parametrize("mode", ["huge", "huge-chunked"])
def test_an_answer_longer_than_the_limit_is_an_engine_error(site, mode):
    with HostileServer() as server:
        server.mode, server.size = mode, 3_000_000
        _configure(site, server.url)
        done, _ = _translate(site)
    line = _error_line(done)
    assert "is longer than 1,000,000 bytes" in line and "max-answer-bytes" in line, line
    assert _machine_texts(site) == []


def test_the_answer_limit_is_a_setting(site):
    with HostileServer() as server:
        server.mode, server.size = "huge", 3_000
        _configure(site, server.url, **{"max-answer-bytes": 2048})
        done, _ = _translate(site)
    assert "is longer than 2,048 bytes" in _error_line(done)


def test_a_null_answer_is_an_engine_error_not_the_english_text(site):
    with HostileServer() as server:
        server.mode, server.output = "output", None  # {"translatedText": null}
        _configure(site, server.url)
        done, _ = _translate(site)
    line = _error_line(done)
    assert "an answer could not be read (null instead of a text)" in line, line
    assert _machine_texts(site) == []  # before: every msgstr was its English msgid, marked "mt: libre"
