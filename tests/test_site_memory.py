"""The site memory ``locales/<lang>/_memory.po`` (issue 14, item 2): reviews outlive their catalogs.

Reviews are made with GNU gettext's own tools (``msgattrib --clear-fuzzy``), entries
are dropped with ``msgattrib --only-fuzzy`` as a translator's script would, and the
expected translations are read from the reviewed catalog before anything is lost.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import copy_site, msgfmt_check, require_tool, run_cli

LANGUAGE = "fr"
SLUG = "islamic-world-heritage-week"


def _catalog(site: Path, slug: str = SLUG) -> Path:
    return site / "locales" / LANGUAGE / f"{slug}.po"


def _reviews(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.obsolete and e.msgstr and "fuzzy" not in e.flags}


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A site whose one catalog a translator reviewed entirely (msgattrib --clear-fuzzy), and those reviews."""
    site = copy_site(tmp_path / "site")
    run_cli("translate", "-l", LANGUAGE, "--engine", "pseudo", "--quiet", cwd=site)
    path = _catalog(site)
    subprocess.run([require_tool("msgattrib"), "--clear-fuzzy", "-o", str(path), str(path)], check=True)
    po = polib.pofile(str(path))
    po[0].flags.append("fuzzy")  # the title is left to review (msgattrib --only-fuzzy keeps it)
    po.save()
    reviews = _reviews(path)
    assert len(reviews) >= 8
    done = run_cli("translate", "-l", LANGUAGE, "--engine", "pseudo", cwd=site)
    assert f"locales/{LANGUAGE}/_memory.po" in done.stdout
    return site, reviews


def _assert_back_reviewed(path: Path, reviews: dict[str, str]) -> None:
    entries = {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}
    for msgid, msgstr in reviews.items():
        entry = entries[msgid]
        assert entry.msgstr == msgstr and "fuzzy" not in entry.flags, msgid
        assert "tm: _memory" in entry.tcomment.split("\n")
    msgfmt_check(path)


def test_memory_is_a_sorted_compendium_msgfmt_accepts(reviewed) -> None:
    site, reviews = reviewed
    memory = site / "locales" / LANGUAGE / "_memory.po"
    msgfmt_check(memory)
    entries = [e for e in polib.pofile(str(memory)) if e.msgid]
    assert {e.msgid: e.msgstr for e in entries} == reviews
    assert [e.msgid for e in entries] == sorted(reviews)  # stable order: small git diffs
    assert all(not e.flags and not e.occurrences for e in entries)
    # msgmerge reads it as a compendium: an empty catalog of the article gets every review back (all but
    # title and summary, whose msgctxt the memory leaves out: i18n-pub reuses a review in any context).
    template = site / "locales" / "templates" / f"{SLUG}.pot"
    merged = subprocess.run(
        [require_tool("msgmerge"), "-q", "-C", str(memory), "-o", "-", "/dev/null", str(template)],
        check=True, capture_output=True, text=True,
    ).stdout
    in_context = {e.msgid for e in polib.pofile(str(template)) if e.msgctxt}
    assert _reviews_in(merged) == {m: s for m, s in reviews.items() if m not in in_context}
    before = memory.read_bytes()
    assert "wrote" not in run_cli("translate", "-l", LANGUAGE, "--engine", "pseudo", cwd=site).stdout
    assert memory.read_bytes() == before


def _reviews_in(text: str) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(text) if e.msgstr and "fuzzy" not in e.flags and e.msgid}


def test_entries_dropped_by_msgattrib_only_fuzzy_come_back_reviewed(reviewed) -> None:
    site, reviews = reviewed
    path = _catalog(site)
    subprocess.run([require_tool("msgattrib"), "--only-fuzzy", "-o", str(path), str(path)], check=True)
    assert not _reviews(path)
    run_cli("translate", "-l", LANGUAGE, "--engine", "none", cwd=site)
    _assert_back_reviewed(path, reviews)


def test_a_deleted_catalog_is_rebuilt_from_the_memory(reviewed) -> None:
    site, reviews = reviewed
    _catalog(site).unlink()
    run_cli("translate", "-l", LANGUAGE, "--engine", "none", cwd=site)
    _assert_back_reviewed(_catalog(site), reviews)


def test_a_renamed_slug_reuses_the_old_catalogs_reviews(reviewed) -> None:
    site, reviews = reviewed
    (site / "sources" / f"{SLUG}.md").rename(site / "sources" / "heritage-week-2021.md")
    _catalog(site).unlink()  # the old catalog is gone too: only the memory remembers
    run_cli("translate", "-l", LANGUAGE, "--engine", "none", cwd=site)
    _assert_back_reviewed(_catalog(site, "heritage-week-2021"), reviews)


def test_publish_status_and_check_do_not_take_the_memory_for_an_article(reviewed) -> None:
    site, _ = reviewed
    status = json.loads(run_cli("status", "-l", LANGUAGE, "--json", cwd=site).stdout)
    assert "_memory" not in json.dumps(status)
    check = run_cli("check", "-l", LANGUAGE, cwd=site, check=None)
    assert "_memory" not in check.stdout + check.stderr
    publish = run_cli("publish", "-l", LANGUAGE, cwd=site, check=None)
    assert "_memory" not in publish.stdout + publish.stderr
