"""What translate leaves in the store for later runs: each shortcut saves parsing catalogs, and never changes a result.

- ``reviewed_pairs``: a translate that learns post-edits reads only the catalogs that changed since the last run;
- ``catalog_contents``: a publish right after translate parses no article catalog.
Each is checked against the same run without the shortcut (its rows deleted): the same pairs, the same feed bytes.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import polib

import i18n_pub.catalog_read as catalog_read
import i18n_pub.rebase as rebase
import i18n_pub.reviewed_store as reviewed_store
from i18n_pub.catalog import FUZZY
from i18n_pub.config import load_config
from i18n_pub.publishing import publish_all
from i18n_pub.reviewed_store import cached_site_pairs
from i18n_pub.reviews import site_pairs
from i18n_pub.translate import translate
from tests.conftest import REPO, tree_hashes


def _site(tmp_path, articles=4):
    site = tmp_path / "site"
    generate = [sys.executable, str(REPO / "bench" / "sitegen.py"), str(site), "--articles", str(articles)]
    subprocess.run(generate, check=True, capture_output=True)
    translate(load_config(site), ["es"], "apertium")
    return site


def _catalogs(site):
    return sorted(p for p in (site / "locales" / "es").glob("*.po") if not p.name.startswith("_"))


def _review(path, count, text="Revisado por una persona"):
    """A translator rewrites the first ``count`` machine entries and removes their fuzzy flag (keeping ``# mt:``)."""
    po = polib.pofile(str(path), wrapwidth=0)
    done = 0
    for entry in po:
        if FUZZY in entry.flags and done < count:
            entry.msgstr = f"{text} {done}."
            entry.flags.remove(FUZZY)
            done += 1
    po.save()
    return done


def _counting_parses(monkeypatch):
    parsed: list[str] = []
    original = catalog_read.parse_catalog

    def counting(text, label, *args, **kwargs):
        parsed.append(label)
        return original(text, label, *args, **kwargs)

    for module in (catalog_read, reviewed_store, rebase):  # every module that calls parse_catalog on these paths
        monkeypatch.setattr(module, "parse_catalog", counting)
    return parsed


def _clear(site, table):
    with sqlite3.connect(site / ".i18n-pub" / "cache.sqlite3") as db:
        db.execute(f"DELETE FROM {table}")


def test_learning_post_edits_reads_only_the_catalogs_that_changed(tmp_path, monkeypatch):
    site = _site(tmp_path)
    catalogs = _catalogs(site)
    assert [_review(path, 2) for path in catalogs[:3]] == [2, 2, 2]
    config = load_config(site)
    slugs = [path.stem for path in catalogs]
    expected = site_pairs(config, "es", slugs)  # every catalog parsed: the reference
    assert len(expected) == 6 and {pair.reviewed for pair in expected} == {f"Revisado por una persona {i}." for i in (0, 1)}
    assert cached_site_pairs(config, "es", slugs) == expected  # the first time: parsed and kept
    parsed = _counting_parses(monkeypatch)
    assert cached_site_pairs(config, "es", slugs) == expected
    assert parsed == []  # nothing changed: no catalog parsed
    _review(catalogs[3], 1, "Otra revisión")
    found = cached_site_pairs(config, "es", slugs)
    assert parsed == [f"locales/es/{catalogs[3].name}"]  # only the catalog saved since
    assert found == site_pairs(config, "es", slugs) and len(found) == 7
    _clear(site, "reviewed_pairs")
    assert cached_site_pairs(config, "es", slugs) == site_pairs(config, "es", slugs)


def test_one_edited_source_parses_only_its_own_catalog(tmp_path, monkeypatch):
    """Once a run has learned from the reviews, the next edit parses its own catalog (to merge it) and the one the
    previous run rewrote (its reviews were read before that write), never the catalogs nobody touched."""
    site = _site(tmp_path)
    for path in _catalogs(site):
        _review(path, 2)
    sources = sorted((site / "sources").glob("*.md"))
    for source in sources[1:3]:  # the first edit reads every review; the second only what changed
        source.write_text(source.read_text("utf-8") + "\nThe meeting ended with a call for action.\n", "utf-8")
        parsed = _counting_parses(monkeypatch)
        translate(load_config(site), ["es"], "apertium")
    catalogs = sorted({label for label in parsed if label.endswith(".po") and "/_" not in label})
    assert catalogs == [f"locales/es/{source.stem}.po" for source in sources[1:3]]


def test_an_edit_on_a_site_nobody_reviewed_parses_only_its_own_catalog(tmp_path, monkeypatch):
    """The first edit after a cold translate: translate's records say no catalog holds a reviewed entry, so
    learning post-edits reads none of them (the 300-article benchmark's one-edit stage)."""
    site = _site(tmp_path)
    source = sorted((site / "sources").glob("*.md"))[2]
    source.write_text(source.read_text("utf-8") + "\nThe meeting ended with a call for action.\n", "utf-8")
    parsed = _counting_parses(monkeypatch)
    translate(load_config(site), ["es"], "apertium")
    assert sorted({label for label in parsed if label.endswith(".po") and "/_" not in label}) == [f"locales/es/{source.stem}.po"]


def test_publish_after_translate_parses_no_article_catalog_and_gives_the_same_feed(tmp_path, monkeypatch):
    site = _site(tmp_path, articles=5)
    _review(_catalogs(site)[0], 3)  # a translator's save after translate: that catalog must be parsed
    other = tmp_path / "other"
    shutil.copytree(site, other)
    _clear(other, "catalog_contents")  # the same site without the shortcut
    parsed = _counting_parses(monkeypatch)
    publish_all(load_config(site), ["es"])
    assert sorted({label for label in parsed if "_site" not in label}) == [f"locales/es/{_catalogs(site)[0].name}"]
    publish_all(load_config(other), ["es"])
    assert tree_hashes(site / "build") == tree_hashes(other / "build")
    assert "Revisado por una persona 0." in (site / "build" / "feeds" / "es.xml").read_text("utf-8")
