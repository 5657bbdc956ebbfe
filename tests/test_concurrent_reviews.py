"""A translator saving reviews while ``translate`` runs never loses one (issue 14, item 1).

The translator here is this test process; ``translate`` runs as its own process
with a slow engine (the local MT server with a delay per request), so it reads
the catalogs, waits for the engine, and writes them back while the reviews keep
coming. Each save is one trial: read the file, review one entry (a new
translation, fuzzy removed) or change an earlier review, and save the whole file,
alternately as Poedit does (a new file renamed over the old one) and in place
(truncate and write, as many text editors do). After the run, every review must
be in the catalog exactly as last saved, and every catalog must pass ``msgfmt -c``.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import CLI, REPO, copy_site, msgfmt_check, run_cli
from tests.mt_server import MTServer

TRIALS = 200  # saves in all, over as many runs as it takes
LANGUAGE = "fr"


def _site(root: Path, url: str) -> Path:
    site = copy_site(root)
    config = site / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    text += f'\n[tool.i18n-pub.engine.libre]\nurl = "{url}"\nconcurrency = 2\ntimeout = 5.0\n'
    config.write_text(text, encoding="utf-8")
    run_cli("translate", "-l", LANGUAGE, "--engine", "none", "--quiet", cwd=site)  # catalogs with empty entries
    return site


def _save(path: Path, po: polib.POFile, in_place: bool) -> None:
    data = str(po).encode("utf-8")
    if in_place:
        with open(path, "r+b") as handle:
            handle.truncate(0)
            handle.write(data)
    else:
        tmp = path.with_name(f"{path.name}~poedit")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def _review_once(catalogs: list[Path], expected: dict, rng: random.Random, number: int) -> bool:
    """One save by the translator: a new review, or now and then a change to an earlier one."""
    path = rng.choice(catalogs)
    try:
        po = polib.pofile(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False  # caught between two writes of ours: a real editor would show an error and retry
    mine = [e for e in po if not e.obsolete and e.msgid and (path, e.msgid) in expected]
    others = [e for e in po if not e.obsolete and e.msgid and (path, e.msgid) not in expected]
    pool = mine if mine and (rng.random() < 0.15 or not others) else others
    if not pool:
        return False
    entry = rng.choice(pool)
    entry.msgstr = f"Révision {number} : {entry.msgid[:20]}"
    if entry.msgid.endswith("\n"):
        entry.msgstr += "\n"
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgid = entry.previous_msgctxt = None
    _save(path, po, in_place=number % 2 == 1)
    expected[(path, entry.msgid)] = entry.msgstr
    return True


def _run_with_reviews(site: Path, rng: random.Random, start: int) -> tuple[int, dict]:
    catalogs = sorted(p for p in (site / "locales" / LANGUAGE).glob("*.po") if not p.name.startswith("_"))
    expected: dict = {}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [*CLI, "translate", "-l", LANGUAGE, "--engine", "libre", "--quiet"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    saves = 0
    while process.poll() is None:
        time.sleep(rng.uniform(0, 0.06))
        saves += _review_once(catalogs, expected, rng, start + saves)
    out, err = process.communicate()
    assert process.returncode == 0, f"translate failed:\n{out}\n{err}"
    return saves, expected


def _lost(expected: dict) -> list[str]:
    lost = []
    for (path, msgid), msgstr in expected.items():
        found = [e for e in polib.pofile(str(path)) if e.msgid == msgid and not e.obsolete]
        if not found or found[0].msgstr != msgstr or "fuzzy" in found[0].flags:
            lost.append(f"{path.name}: {msgid[:40]!r} → {found[0].msgstr[:40] if found else None!r}")
    return lost


@pytest.mark.slow
def test_reviews_saved_during_translate_are_never_lost(tmp_path: Path) -> None:
    rng = random.Random(14)
    trials = lost = rounds = machine = 0
    with MTServer() as server:
        server.behaviour.latency = 0.02
        while trials < TRIALS:
            site = _site(tmp_path / f"round{rounds}", server.url)
            saves, expected = _run_with_reviews(site, rng, trials)
            missing = _lost(expected)
            assert not missing, f"{len(missing)} review(s) lost in round {rounds}:\n" + "\n".join(missing)
            catalogs = sorted((site / "locales" / LANGUAGE).glob("*.po"))
            for path in catalogs:
                msgfmt_check(path)
            # The run did its own work too: machine translations reached the catalogs around the reviews.
            machine += sum(1 for p in catalogs for e in polib.pofile(str(p)) if "fuzzy" in e.flags and e.msgstr)
            trials += saves
            lost += len(missing)
            rounds += 1
    print(f"\nconcurrent saves: {trials} trials in {rounds} translate runs, {lost} reviews lost, "
          f"{machine} machine translations written around them")
    assert machine > 0
