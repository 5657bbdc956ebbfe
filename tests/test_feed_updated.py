"""An entry's ``updated`` moves whenever what it publishes changes, whoever edited the catalog, and never otherwise.

sed, msgattrib and polib change a catalog without moving its PO-Revision-Date; the publish record
(``locales/<lang>/published.tsv``, committed with the catalogs) is what remembers what each entry showed.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import polib
import pytest

from tests.conftest import copy_site, require_tool, run_cli

SLUGS = ("icesco-auf-framework-agreement", "icesco-youth-forum-2021", "islamic-world-heritage-week")


def _moment(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _publish(site: Path, epoch: int) -> dict[str, str]:
    run_cli("publish", "-l", "es", cwd=site, env={"SOURCE_DATE_EPOCH": str(epoch)})
    return {e.id.rsplit("/", 1)[1]: e.updated for e in feedparser.parse((site / "build/feeds/es.xml").read_bytes()).entries}


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    site = copy_site(tmp_path_factory.mktemp("updated") / "site")
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    return site


@pytest.fixture
def site(translated, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(translated, copy)
    return copy


def _revision(path: Path) -> str:
    return polib.pofile(str(path)).metadata["PO-Revision-Date"]


def test_sed_msgattrib_and_polib_edits_each_move_only_their_entrys_updated_and_nothing_moves_otherwise(site):
    first = _publish(site, 1700000000)
    feed = (site / "build/feeds/es.xml").read_bytes()
    record = (site / "locales/es/published.tsv").read_bytes()
    assert _publish(site, 1710000000) == first and (site / "build/feeds/es.xml").read_bytes() == feed  # nothing changed
    assert (site / "locales/es/published.tsv").read_bytes() == record

    expected = dict(first)
    sed, msgattrib = require_tool("sed"), require_tool("msgattrib")
    edits = {
        # sed: a translator fixes a word in place
        SLUGS[0]: lambda path: subprocess.run([sed, "-i", '0,/^"⟦/s//"⟦Corrected /', str(path)], check=True),
        # msgattrib: the whole catalog marked reviewed (its status and its disclaimer change)
        SLUGS[1]: lambda path: subprocess.run([msgattrib, "--clear-fuzzy", "-o", str(path), str(path)], check=True),
        # polib: a script rewrites one msgstr and saves, header untouched
        SLUGS[2]: lambda path: _polib_edit(path),
    }
    for number, (slug, edit) in enumerate(edits.items()):
        path = site / f"locales/es/{slug}.po"
        revision, before = _revision(path), path.read_bytes()
        edit(path)
        assert path.read_bytes() != before and _revision(path) == revision  # the tool did not move the date
        epoch = 1720000000 + number * 1000  # 2024: a date in the past, as a real publish has
        expected[slug] = _moment(epoch)
        assert _publish(site, epoch) == expected, slug  # that entry, at the time of the publish that saw it
        assert _publish(site, epoch + 500) == expected, slug  # then it stays put

    # A clone of the site (catalogs and record, no build, no cache) publishes the same feed, whenever.
    clone = site.parent / "clone"
    shutil.copytree(site, clone, ignore=shutil.ignore_patterns("build", ".i18n-pub"))
    assert _publish(clone, 1730000000) == expected
    assert (clone / "build/feeds/es.xml").read_bytes() == (site / "build/feeds/es.xml").read_bytes()


def _polib_edit(path: Path) -> None:
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == "title")
    entry.msgstr = "Semana del patrimonio, título corregido"
    po.save(str(path))


def test_a_damaged_record_line_is_an_error_naming_its_line(site):
    _publish(site, 1700000000)
    record = site / "locales/es/published.tsv"
    lines = record.read_text("utf-8").splitlines(keepends=True)
    lines[4] = "not\ta record line\n"
    record.write_text("".join(lines), "utf-8")
    done = run_cli("publish", "-l", "es", cwd=site, check=1)
    assert done.stderr.startswith("Error: locales/es/published.tsv:5: not a line of the publish record")
