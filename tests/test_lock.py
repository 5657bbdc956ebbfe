"""One run per site (the lock) and atomic writes (fsutil)."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from i18n_pub import fsutil
from tests.conftest import REPO, run_cli, tree_hashes

HOLDER = """
import sys, time
from pathlib import Path
from i18n_pub.config import load_config
from i18n_pub.lock import site_lock
with site_lock(load_config(Path(sys.argv[1]))):
    print("locked", flush=True)
    time.sleep(60)
"""


def _hold_lock(site: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(site)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_run_names_the_holder_exits_1_and_writes_nothing(site):
    holder = _hold_lock(site)
    try:
        assert (site / ".i18n-pub/lock").read_text().strip() == str(holder.pid)
        before = tree_hashes(site)
        for command in (["translate", "-l", "es", "--engine", "pseudo"], ["extract"], ["publish", "-l", "es"], ["review", "-l", "es"]):
            done = run_cli(*command, cwd=site, check=1)
            assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
            assert re.fullmatch(
                rf"Error: \.i18n-pub/lock: another i18n-pub run \(process {holder.pid}\) is working on this site"
                rf" — wait for it to finish, or stop it with kill {holder.pid}\n",
                done.stderr,
            ), done.stderr
        assert tree_hashes(site) == before
        # Reading commands do not need the lock.
        run_cli("status", cwd=site)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The kernel dropped the dead holder's lock: the next run goes ahead.
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    assert (site / ".i18n-pub/lock").read_text() == ""
    # one catalog per article (beside _site.po, the site strings the SPEC puts there)
    assert len(list((site / "locales/es").glob("[!_]*.po"))) == len(list((site / "sources").glob("*.md")))


def test_atomic_write_keeps_permissions_and_gives_new_files_the_umask_mode(tmp_path):
    target = tmp_path / "x.po"
    fsutil.atomic_write(target, b"one")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600
    target.chmod(0o640)
    fsutil.atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "x.po"
    target.write_bytes(b"old")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", disk_full)
    with pytest.raises(OSError):
        fsutil.atomic_write(target, b"new content")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["x.po"]


@pytest.mark.slow  # what a killed run leaves
def test_the_next_run_removes_what_a_killed_run_left_behind(site):
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    stale = site / "locales/es/.x.po.i18n-pub-ab_cd123.tmp"
    stale.write_text("half a catalog")
    keep = site / "locales/es/.notes.tmp"  # not ours: left alone
    keep.write_text("mine")
    # A translator's own temporary file, named as tempfile names them: the old ".<name>.<8 chars>.tmp"
    # pattern deleted it (issue 14, item 14). Only a name with our mark is ours.
    translators = site / "locales/es/.notes.20241130.tmp"
    translators.write_text("my notes")
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    assert not stale.exists() and keep.exists() and translators.read_text() == "my notes"
