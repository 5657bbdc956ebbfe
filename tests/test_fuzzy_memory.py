"""Fuzzy memory across the site (issue 19): a new article whose sentences are close to reviewed ones
elsewhere gets them pre-filled, fuzzy, with the score, and its differing numbers and names repaired.

The reviewed article is reviewed with GNU gettext (``msgattrib --clear-fuzzy``); the new
article is the reviewed one with a number and a name changed in one sentence, and the
score expected is counted by hand from the two sentences' words and punctuation.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from tests.conftest import copy_site, msgfmt_check, require_tool, run_cli

SLUG = "icesco-isdb-scholarship-programme"
OLD = "ICESCO and IsDB launch scholarship programme for 1,000 students"
NEW = "ICESCO and IsDB launch scholarship programme for 2,500 students"  # 9 tokens, 1 changed: 89%


def _reviewed_site(tmp_path: Path) -> Path:
    site = copy_site(tmp_path / "site")
    run_cli("translate", "-l", "fr", "--engine", "pseudo", "--quiet", cwd=site)
    path = site / "locales/fr" / f"{SLUG}.po"
    subprocess.run([require_tool("msgattrib"), "--clear-fuzzy", "-o", str(path), str(path)], check=True)
    return site


def _entry(path: Path, msgid: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(path)) if e.msgid == msgid and not e.obsolete)


def test_a_close_sentence_is_prefilled_fuzzy_with_its_score_and_the_number_repaired(tmp_path):
    site = _reviewed_site(tmp_path)
    review = _entry(site / "locales/fr" / f"{SLUG}.po", OLD).msgstr
    # French writes 1,000 as "1 000" with a narrow no-break space (CLDR's group separator for fr).
    assert review.count("1\u202f000") == 1
    source = (site / "sources" / f"{SLUG}.md").read_text("utf-8")
    (site / "sources" / "scholarships-2022.md").write_text(
        source.replace(OLD, NEW), "utf-8"
    )
    run_cli("translate", "-l", "fr", "--engine", "none", cwd=site)
    path = site / "locales/fr/scholarships-2022.po"
    entry = _entry(path, NEW)
    assert "fuzzy" in entry.flags  # pre-filled, not reviewed: a translator must look at it
    assert f"tm: 89% {SLUG}" in entry.tcomment.split("\n")
    assert entry.msgstr == review.replace("1\u202f000", "2\u202f500")  # the number repaired, in French form
    msgfmt_check(path)


def test_a_threshold_of_101_turns_prefilling_off(tmp_path):
    site = _reviewed_site(tmp_path)
    config = site / "pyproject.toml"
    text = config.read_text("utf-8").replace('languages = ["es", "fr", "ar"]', 'languages = ["es", "fr", "ar"]\nfuzzy-threshold = 101')
    config.write_text(text, "utf-8")
    source = (site / "sources" / f"{SLUG}.md").read_text("utf-8")
    (site / "sources" / "scholarships-2022.md").write_text(source.replace(OLD, NEW), "utf-8")
    run_cli("translate", "-l", "fr", "--engine", "none", cwd=site)
    assert _entry(site / "locales/fr/scholarships-2022.po", NEW).msgstr == ""


def test_below_the_threshold_the_engine_translates_and_the_match_is_shown(tmp_path):
    site = _reviewed_site(tmp_path)
    config = site / "pyproject.toml"
    text = config.read_text("utf-8").replace('languages = ["es", "fr", "ar"]', 'languages = ["es", "fr", "ar"]\nfuzzy-threshold = 95')
    config.write_text(text, "utf-8")
    source = (site / "sources" / f"{SLUG}.md").read_text("utf-8")
    (site / "sources" / "scholarships-2022.md").write_text(source.replace(OLD, NEW), "utf-8")
    run_cli("translate", "-l", "fr", "--engine", "pseudo", cwd=site)
    entry = _entry(site / "locales/fr/scholarships-2022.po", NEW)
    lines = entry.tcomment.split("\n")
    assert "mt: pseudo" in lines and f"tm: 89% {SLUG}" in lines  # 89 < 95: the engine's text, the match beside it
    assert "2\u202f500" in entry.msgstr and "fuzzy" in entry.flags

