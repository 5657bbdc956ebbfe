"""The file system says no (issue 14, item 6): one ``Error:`` line with advice that fits, no traceback.

A full disk is a real tmpfs of 8 KiB and a read-only folder a real read-only bind
mount, both inside a private mount namespace (``unshare -rm``: no root needed where
user namespaces are enabled, nothing left mounted afterwards).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site, require_tool, run_cli, tree_hashes

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _in_namespace(site: Path, mount: str, command: str) -> subprocess.CompletedProcess:
    """Run ``python -m i18n_pub <command>`` in ``site`` with ``mount`` (a shell line using $SITE) done first."""
    script = f'set -e; {mount}; cd "$SITE"; set +e; "$PY" -m i18n_pub {command}; echo "rc=$?"; ls -AR locales build 2>/dev/null || true'
    return subprocess.run(
        [require_tool("unshare"), "-rm", "sh", "-c", script],
        env={**ENV, "SITE": str(site), "PY": sys.executable}, capture_output=True, text=True, timeout=300, check=False,
    )


def _one_error_line(done: subprocess.CompletedProcess, path: str, what: str, fix: str) -> None:
    assert "rc=1" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert re.fullmatch(rf"Error: {re.escape(path)}\S*: {what} — .*{fix}.*\n", done.stderr), done.stderr
    assert "delete" not in done.stderr
    assert ".tmp" not in done.stdout  # no temporary file left in the folder that refused it


def test_a_full_disk_is_one_error_line_and_leaves_no_temporary(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "locales").mkdir()
    done = _in_namespace(site, 'mount -t tmpfs -o size=8k tmpfs "$SITE/locales"', "translate -l fr --engine pseudo")
    _one_error_line(done, "locales/", "no space left on the device", "free some space")


def test_a_full_disk_under_build_is_one_error_line(tmp_path):
    site = copy_site(tmp_path / "site")
    run_cli("translate", "-l", "fr", "--engine", "pseudo", "--quiet", cwd=site)
    (site / "build").mkdir()
    done = _in_namespace(site, 'mount -t tmpfs -o size=8k tmpfs "$SITE/build"', "publish -l fr")
    _one_error_line(done, "build/feeds/fr.xml", "no space left on the device", "free some space")


@pytest.mark.parametrize("folder, command", [("locales", "translate -l fr --engine pseudo"), ("build", "publish -l fr")])
def test_a_read_only_folder_is_one_error_line(tmp_path, folder, command):
    site = copy_site(tmp_path / "site")
    run_cli("translate", "-l", "fr", "--engine", "pseudo", "--quiet", cwd=site)
    run_cli("publish", "-l", "fr", "--quiet", cwd=site, check=None)
    (site / "locales/fr/badea-literacy-programme-africa.po").unlink()  # something to write again
    (site / "build/feeds/fr.xml").unlink(missing_ok=True)
    before = tree_hashes(site)
    mount = f'mount --bind "$SITE/{folder}" "$SITE/{folder}"; mount -o remount,ro,bind "$SITE/{folder}"'
    done = _in_namespace(site, mount, command)
    _one_error_line(done, f"{folder}/", "the file system is read-only", "writable folder")
    assert tree_hashes(site) == before


@pytest.mark.parametrize("command", [("translate", "-l", "fr", "--engine", "pseudo"), ("publish", "-l", "fr"),
                                     ("status", "-l", "fr"), ("check", "-l", "fr"), ("review", "-l", "fr")])
def test_a_catalog_that_is_a_folder_is_one_error_line(tmp_path, command):
    site = copy_site(tmp_path / "site")
    run_cli("translate", "-l", "fr", "--engine", "pseudo", "--quiet", cwd=site)
    catalog = site / "locales/fr/badea-literacy-programme-africa.po"
    catalog.unlink()
    catalog.mkdir()
    (catalog / "x").write_text("a file inside")
    done = run_cli(*command, cwd=site, check=1)
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert re.fullmatch(
        r"Error: locales/fr/badea-literacy-programme-africa\.po: .*is a folder, not a file — remove or rename that folder.*\n",
        done.stderr,
    ), done.stderr


@pytest.mark.parametrize(
    "value, what",
    [
        ('"sour\\u0000ces"', r"'sources' holds the invisible character U\+0000 control character"),
        ('"' + "a" * 300 + '"', r"'sources' has a folder name of 300 bytes; file systems allow 255"),
        ('"sources/\\u001b[31mred"', r"'sources' holds the invisible character U\+001B control character"),
    ],
)
def test_a_path_the_file_system_cannot_hold_is_refused_at_config_load(site, value, what):
    config = site / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace('languages = ["es", "fr", "ar"]', f'languages = ["es", "fr", "ar"]\nsources = {value}'), "utf-8"
    )
    for command in (("translate", "-l", "fr", "--engine", "none"), ("status",), ("publish", "-l", "fr")):
        done = run_cli(*command, cwd=site, check=1)
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
        assert re.fullmatch(rf"Error: pyproject\.toml:\d+: {what} — \S.*\n", done.stderr), done.stderr
        assert "\x1b" not in done.stderr
