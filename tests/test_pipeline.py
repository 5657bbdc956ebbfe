"""End to end on a copy of the sample site, with the real Apertium, msgfmt, lxml and feedparser."""

from __future__ import annotations

from pathlib import Path

import feedparser
import polib
from lxml import etree

from i18n_pub.catalog import Status, entry_status
from tests.conftest import msgfmt_check, require_tool, run_cli, shared_file, tree_hashes

ATOM = "{http://www.w3.org/2005/Atom}"


def _all_po(site: Path) -> list[Path]:
    """The article catalogs (``_site.po`` holds the site strings; tests/test_feed.py covers it)."""
    return sorted(p for p in (site / "locales").rglob("*.po") if p.stem != "_site")


def _validate_atom(path: Path) -> etree._ElementTree:
    schema = etree.RelaxNG(etree.parse(str(shared_file("schemas/atom.rng"))))
    tree = etree.parse(str(path))
    assert schema.validate(tree), schema.error_log
    return tree


def test_translate_with_apertium_then_publish_a_valid_feed(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", cwd=site)
    sources = sorted((site / "sources").glob("*.md"))
    catalogs = _all_po(site)
    assert [p.stem for p in catalogs] == [p.stem for p in sources]
    templates = sorted(p.stem for p in (site / "locales/templates").glob("*.pot"))
    assert templates == ["_site", *(p.stem for p in sources)]
    for path in catalogs:
        msgfmt_check(path)
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == "es"
        assert po.metadata["Plural-Forms"].startswith("nplurals=")
        for entry in po:
            # Apertium really translated: machine output, fuzzy, named, and not the English text.
            assert entry_status(entry) is Status.MACHINE
            assert "# mt: apertium" in entry.__unicode__()
            assert entry.occurrences[0][0] == f"sources/{path.stem}.md"
    spanish = " ".join(e.msgstr for p in catalogs for e in polib.pofile(str(p)))
    assert " el " in spanish and " de " in spanish

    run_cli("publish", "-l", "es", cwd=site)
    feed_path = site / "build/feeds/es.xml"
    tree = _validate_atom(feed_path)
    assert tree.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    parsed = feedparser.parse(feed_path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == "es"
    assert len(parsed.entries) == len(sources)
    for entry in parsed.entries:
        assert "i18n_disclaimer" in entry and "apertium" in entry.i18n_disclaimer
        assert entry.i18n_status == {"status": "machine"}
        assert entry.title and entry.summary and entry.content[0].value


def test_titles_and_body_in_the_feed_are_the_catalog_translations(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    run_cli("publish", "-l", "es", cwd=site)
    tree = _validate_atom(site / "build/feeds/es.xml")
    for entry in tree.getroot().iter(f"{ATOM}entry"):
        title = entry.findtext(f"{ATOM}title")
        assert title.startswith("⟦") and title.endswith("⟧")  # pseudo-localised
        text = "".join(entry.find(f"{ATOM}content").itertext())
        assert "·" in text


def test_running_twice_with_the_clock_moved_changes_no_byte(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    run_cli("publish", "-l", "es", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    before = tree_hashes(site)
    later = {"SOURCE_DATE_EPOCH": str(1617000000 + 3600)}
    run_cli("translate", "-l", "es", cwd=site, env=later)
    run_cli("publish", "-l", "es", cwd=site, env=later)
    assert tree_hashes(site) == before


def test_a_source_edit_keeps_reviewed_work_and_updates_only_that_catalog(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    first = sorted((site / "sources").glob("*.md"))[0]
    po_path = site / "locales/es" / f"{first.stem}.po"
    po = polib.pofile(str(po_path))
    # A translator reviews the first body sentence: edits it and removes fuzzy.
    body = next(e for e in po if e.msgctxt is None)
    body.msgstr = "Traducción revisada por una persona."
    body.flags.remove("fuzzy")
    po.save(str(po_path))
    reviewed_id = body.msgid
    other_catalogs = {p: p.read_bytes() for p in _all_po(site) if p != po_path}

    # The editor changes that very sentence in English.
    text = first.read_text("utf-8")
    words = reviewed_id.split()
    edited = " ".join([*words[:-1], "today", words[-1]])
    assert reviewed_id in " ".join(text.split())
    first.write_text(_replace_normalised(text, reviewed_id, edited), "utf-8")
    run_cli("translate", "-l", "es", cwd=site, env={"SOURCE_DATE_EPOCH": "1617003600"})

    po = polib.pofile(str(po_path))
    entry = po.find(edited)
    assert entry is not None and "fuzzy" in entry.flags
    assert entry.previous_msgid == reviewed_id
    assert "previous translation: Traducción revisada por una persona." in entry.tcomment
    assert "mt: apertium" in entry.tcomment and entry.msgstr != "Traducción revisada por una persona."
    assert entry_status(entry) is Status.MACHINE
    assert po.metadata["PO-Revision-Date"] == "2021-03-29 07:40+0000"
    msgfmt_check(po_path)
    assert {p: p.read_bytes() for p in other_catalogs} == other_catalogs


def _replace_normalised(text: str, sentence: str, replacement: str) -> str:
    """Replace a sentence in the source even when it wraps over lines."""
    import re

    pattern = r"\s+".join(re.escape(word) for word in sentence.split())
    new, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1
    return new


def test_engine_none_leaves_changed_entries_as_msgmerge_does_and_publish_holds_them(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    first = sorted((site / "sources").glob("*.md"))[0]
    po_path = site / "locales/es" / f"{first.stem}.po"
    entry = next(e for e in polib.pofile(str(po_path)) if e.msgctxt is None)
    edited = entry.msgid.replace(entry.msgid.split()[-1], "again " + entry.msgid.split()[-1], 1)
    first.write_text(_replace_normalised(first.read_text("utf-8"), entry.msgid, edited), "utf-8")
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    changed = polib.pofile(str(po_path)).find(edited)
    assert changed.previous_msgid == entry.msgid and changed.msgstr == entry.msgstr
    assert entry_status(changed) is Status.CHANGED
    done = run_cli("publish", "-l", "es", cwd=site)
    assert f"held back {first.stem}" in done.stdout
    parsed = feedparser.parse((site / "build/feeds/es.xml").read_bytes())
    assert first.stem not in {e.id.rsplit("/", 1)[-1] for e in parsed.entries}


def test_reviewed_translation_is_reused_from_memory(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    slugs = sorted(p.stem for p in (site / "sources").glob("*.md"))
    a, b = slugs[0], slugs[1]
    po_a = polib.pofile(str(site / "locales/es" / f"{a}.po"))
    po_a[0].msgstr = "Título revisado"
    po_a.save()
    # The same headline sentence now appears in another article's body.
    source_b = site / "sources" / f"{b}.md"
    source_b.write_text(source_b.read_text("utf-8").rstrip("\n") + f"\n\n{po_a[0].msgid}\n", "utf-8")
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    reused = [e for e in polib.pofile(str(site / "locales/es" / f"{b}.po")) if e.msgid == po_a[0].msgid and e.msgctxt is None]
    assert reused and reused[0].msgstr == "Título revisado"
    assert f"tm: {a}" in reused[0].tcomment and entry_status(reused[0]) is Status.REVIEWED


def test_status_json_counts(site):
    require_tool("apertium")
    run_cli("translate", "-l", "es", cwd=site)
    import json

    report = json.loads(run_cli("status", "-l", "es", "--json", cwd=site).stdout)
    per_article = report["languages"]["es"]
    assert set(per_article) == {p.stem for p in (site / "sources").glob("*.md")}
    for counts in per_article.values():
        assert counts["machine"] == counts["segments"] > 0 and counts["publishable"]
