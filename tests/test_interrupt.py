"""Interruption: SIGINT or SIGKILL at any moment of ``translate`` leaves every file as it was or complete.

Three scenarios on copies of the sample site (a first run into three languages
with the pseudo engine, a rerun after every source changed, a first Apertium run).
For each, the *before* and *after* trees are computed once and every PO file in
them passes ``msgfmt -c``. Then ``translate`` is started and killed at random
delays, again and again on the same tree; after every kill each file must be
byte-for-byte its *before* or its *after* version (so it parses: those versions
were checked), and nothing else may appear but a stray temporary, which the next
run removes. Whenever a run is left to finish, the tree must be exactly *after*.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from i18n_pub.fsutil import is_stale_temporary
from tests.conftest import CLI, REPO, copy_site, msgfmt_check, require_tool, run_cli

pytestmark = pytest.mark.slow  # kills runs at random moments: make test runs it, make check does not

EPOCH = {"SOURCE_DATE_EPOCH": "1617000000"}
KILLS_PER_SCENARIO = 12
SEED = 20211127


def _snapshot(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and ".i18n-pub" not in p.relative_to(site).parts
    }


def _restore(site: Path, tree: dict[str, bytes]) -> None:
    shutil.rmtree(site)
    for rel, data in tree.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)


def _edit_every_source(site: Path) -> None:
    for path in sorted((site / "sources").glob("*.md")):
        text = path.read_text("utf-8")
        head, _, body = text.partition("\n---\n")
        path.write_text(head + "\n---\n" + re.sub(r"\bthe\b", "this", body, count=2), "utf-8")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **EPOCH}


def _kill_loop(site: Path, args: list[str], before: dict[str, bytes], after: dict[str, bytes], rng: random.Random, figures: dict) -> None:
    """Kill ``translate`` KILLS_PER_SCENARIO times at random moments, checking the tree after each kill."""
    started = time.monotonic()
    run_cli(*args, cwd=site, env=EPOCH)
    duration = time.monotonic() - started
    assert _snapshot(site) == after
    _restore(site, before)
    kills = 0
    while kills < KILLS_PER_SCENARIO:
        process = subprocess.Popen([*CLI, *args], cwd=site, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        if process.poll() is not None:  # it finished first: the job must be done, exactly
            assert process.returncode == 0
            assert _snapshot(site) == after
            figures["completed runs"] += 1
            _restore(site, before)
            continue
        sig = signal.SIGKILL if kills % 2 else signal.SIGINT
        process.send_signal(sig)
        process.wait()
        kills += 1
        now = _snapshot(site)
        for rel in sorted(set(now) | set(before) | set(after)):
            if rel in now and is_stale_temporary(Path(rel).name):
                figures["stray temporaries"] += 1
                continue
            assert now.get(rel) in (before.get(rel), after.get(rel)), f"{rel} is neither as it was nor complete after {sig.name}"
            figures["files checked"] += 1
        changed = [rel for rel in after if after[rel] != before.get(rel)]
        done = sum(now.get(rel) == after[rel] for rel in changed)
        if 0 < done < len(changed):
            figures["kills mid-write"] += 1
        figures[f"{sig.name} kills"] += 1
    # The next run finishes the job, whatever the last kill left.
    run_cli(*args, cwd=site, env=EPOCH)
    assert _snapshot(site) == after
    assert not [p for p in site.rglob(".*.tmp") if is_stale_temporary(p.name)]


def test_killed_runs_leave_every_file_as_it_was_or_complete_and_the_next_run_finishes(tmp_path):
    require_tool("apertium")
    rng = random.Random(SEED)
    figures = {k: 0 for k in ("SIGINT kills", "SIGKILL kills", "kills mid-write", "completed runs", "files checked", "stray temporaries")}
    site = copy_site(tmp_path / "site")
    pristine = _snapshot(site)

    scratch = copy_site(tmp_path / "scratch")
    pseudo_all = ["translate", "--all", "--engine", "pseudo", "--quiet"]
    run_cli(*pseudo_all, cwd=scratch, env=EPOCH)
    first = _snapshot(scratch)
    _edit_every_source(scratch)
    edited = _snapshot(scratch)
    run_cli(*pseudo_all, cwd=scratch, env=EPOCH)
    second = _snapshot(scratch)
    scratch_es = copy_site(tmp_path / "scratch-es")
    run_cli("translate", "-l", "es", "--quiet", cwd=scratch_es, env=EPOCH)
    apertium = _snapshot(scratch_es)
    for tree in (first, second, apertium):
        assert sum(rel.endswith(".po") for rel in tree) >= 8
        for rel in tree:
            if rel.endswith(".po"):
                (tmp_path / "check.po").write_bytes(tree[rel])
                msgfmt_check(tmp_path / "check.po")
    # every article catalog changes (_site.po holds the site strings, which no source edit touches)
    assert all(second[rel] != edited.get(rel) for rel in second if rel.endswith(".po") and not rel.endswith("/_site.po"))

    scenarios = [
        ("first pseudo run, three languages", pseudo_all, pristine, first),
        ("rerun after every source changed", pseudo_all, edited, second),
        ("first Apertium run", ["translate", "-l", "es", "--quiet"], pristine, apertium),
    ]
    for _name, args, before, after in scenarios:
        _restore(site, before)
        _kill_loop(site, args, before, after, rng, figures)

    print("\ninterruption figures:", figures)
    assert figures["SIGINT kills"] + figures["SIGKILL kills"] == 3 * KILLS_PER_SCENARIO
    assert figures["kills mid-write"] >= 3  # the kills really landed while files were being written
