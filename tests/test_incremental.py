"""Incremental runs: an unchanged article costs a hash, a changed input always redoes what it feeds."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import polib
import pytest

import i18n_pub.catalog_read as catalog_read
import i18n_pub.catalog_work as catalog_work_module
import i18n_pub.extract as extract_module
import i18n_pub.translate as translate_module
from i18n_pub.catalog import Status, entry_status
from i18n_pub.config import load_config
from i18n_pub.translate import translate
from tests.conftest import REPO, msgfmt_check, tree_hashes


@pytest.fixture
def counted(monkeypatch):
    """Count the expensive steps: parsing a source, segmenting it, parsing a PO file, merging."""
    calls = {"read_article": 0, "segment_blocks": 0, "read_catalog": 0, "merge": 0}

    def counting(name):
        for module in (extract_module, catalog_work_module):  # where translate's steps call them
            if not hasattr(module, name):
                continue
            original = getattr(module, name)

            def wrapper(*args, original=original, **kwargs):
                calls[name] += 1
                return original(*args, **kwargs)

            monkeypatch.setattr(module, name, wrapper)

    for name in calls:
        counting(name)
    return calls


def _run(site, engine="pseudo"):
    return translate(load_config(site), ["es"], engine)


def test_rerun_with_nothing_changed_parses_nothing_and_writes_nothing(site, counted):
    _run(site)
    assert counted["segment_blocks"] == 8 and counted["merge"] == 8
    before = tree_hashes(site)
    for key in counted:
        counted[key] = 0
    templates, (result,) = _run(site)
    assert counted == {"read_article": 0, "segment_blocks": 0, "read_catalog": 0, "merge": 0}
    assert templates == [] and result.written == ()
    assert tree_hashes(site) == before


def test_rerun_with_nothing_changed_parses_no_article_catalog_anywhere(tmp_path, monkeypatch):
    """Not only translate's own steps: no article's catalog is parsed anywhere (the learned post-edits read the
    reviews only when the engine wrote something). On a generated site, whose rerun still prepares empty chunks."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(REPO / "bench" / "sitegen.py"), str(site), "--articles", "3"], check=True, capture_output=True)
    _run(site, "apertium")
    parsed = []
    original = catalog_read.parse_catalog
    monkeypatch.setattr(catalog_read, "parse_catalog", lambda text, label, *a, **k: parsed.append(label) or original(text, label, *a, **k))
    _run(site, "apertium")
    assert [label for label in parsed if "_site" not in label] == []


def test_one_edited_source_redoes_only_its_template_and_catalogs(site, counted):
    _run(site)
    source = sorted((site / "sources").glob("*.md"))[2]
    source.write_text(source.read_text("utf-8") + "\nOne more sentence for the record.\n", "utf-8")
    for key in counted:
        counted[key] = 0
    templates, (result,) = _run(site)
    # Parsed to check it (nothing is written while any source is bad), then again in its chunk.
    assert counted["read_article"] == 2 and counted["segment_blocks"] == 1 and counted["merge"] == 1
    assert templates == [f"locales/templates/{source.stem}.pot"]
    assert result.written == (f"locales/es/{source.stem}.po",)
    po = polib.pofile(str(site / "locales/es" / f"{source.stem}.po"))
    assert entry_status(po.find("One more sentence for the record.")) is Status.MACHINE


def test_a_catalog_edited_by_hand_is_read_again(site, counted):
    _run(site)
    path = site / "locales/es" / sorted(p.name for p in (site / "locales/es").glob("[!_]*.po"))[0]  # an article's
    po = polib.pofile(str(path))
    po[0].msgstr = ""  # a translator empties an entry: it must be translated again
    po.save()
    for key in counted:
        counted[key] = 0
    _, (result,) = _run(site)
    assert counted["merge"] == 1 and result.written == (f"locales/es/{path.name}",)
    assert entry_status(polib.pofile(str(path))[0]) is Status.MACHINE
    msgfmt_check(path)


def test_a_reviewed_entry_reaches_other_catalogs_through_memory_without_reparsing_them(site, counted):
    _run(site, engine="none")
    slugs = sorted(p.stem for p in (site / "sources").glob("*.md"))
    po_a = polib.pofile(str(site / "locales/es" / f"{slugs[0]}.po"))
    po_a[0].msgstr = "Título revisado"
    po_a.save()
    source_b = site / "sources" / f"{slugs[1]}.md"
    source_b.write_text(source_b.read_text("utf-8").rstrip("\n") + f"\n\n{po_a[0].msgid}\n", "utf-8")
    _run(site, engine="none")
    reused = [e for e in polib.pofile(str(site / "locales/es" / f"{slugs[1]}.po")) if e.msgid == po_a[0].msgid and not e.msgctxt]
    assert reused[0].msgstr == "Título revisado" and f"tm: {slugs[0]}" in reused[0].tcomment
    # The memory changed, so catalogs still waiting for translations are tried again; then all is quiet.
    _run(site, engine="none")
    for key in counted:
        counted[key] = 0
    _, (result,) = _run(site, engine="none")
    assert counted["merge"] == 0 and result.written == ()


@pytest.mark.parametrize("change", ["config", "glossary", "engine", "state", "no store"])
def test_every_input_that_can_change_a_catalog_redoes_it(site, counted, change):
    _run(site)
    engine = "pseudo"
    if change == "config":
        pyproject = site / "pyproject.toml"
        pyproject.write_text(pyproject.read_text("utf-8").replace('title = "ICESCO News"', 'title = "ICESCO Newsroom"'), "utf-8")
    elif change == "glossary":
        (site / "glossary").mkdir(exist_ok=True)
        (site / "glossary" / "extra.csv").write_text("en,es\nRabat,Rabat\n", "utf-8")
    elif change == "engine":
        engine = "apertium"
    elif change == "state":  # damaged records: a full run, not a failure
        with sqlite3.connect(site / ".i18n-pub/cache.sqlite3") as db:
            db.execute("UPDATE catalog_records SET reviewed='{not json'")
            db.execute("UPDATE source_records SET digest=1")
    else:
        for name in ("cache.sqlite3", "cache.sqlite3-wal", "cache.sqlite3-shm"):
            (site / ".i18n-pub" / name).unlink(missing_ok=True)
    for key in counted:
        counted[key] = 0
    _, (result,) = _run(site, engine=engine)
    assert counted["merge"] == 8
    if change == "engine":
        assert len(result.written) == 0  # pseudo output is reviewed-safe machine output: kept as it is
    with sqlite3.connect(site / ".i18n-pub/cache.sqlite3") as db:
        recorded = {slug for (slug,) in db.execute("SELECT slug FROM catalog_records WHERE language='es'")}
        damaged = db.execute("SELECT count(*) FROM catalog_records WHERE reviewed='{not json'").fetchone()[0]
    assert recorded == {p.stem for p in (site / "sources").glob("*.md")} and damaged == 0


def test_an_edit_reaches_the_catalog_of_every_language(site, counted):
    config = load_config(site)
    translate(config, list(config.languages), "pseudo")
    source = sorted((site / "sources").glob("*.md"))[1]
    source.write_text(source.read_text("utf-8") + "\nA sentence every language must get.\n", "utf-8")
    for key in counted:
        counted[key] = 0
    _, results = translate(config, list(config.languages), "pseudo")
    assert counted["segment_blocks"] == 1 and counted["merge"] == len(config.languages)
    for language, result in zip(config.languages, results, strict=True):
        assert result.written == (f"locales/{language}/{source.stem}.po",)
        po = polib.pofile(str(site / "locales" / language / f"{source.stem}.po"))
        assert entry_status(po.find("A sentence every language must get.")) is Status.MACHINE


def test_publish_reuses_rendered_entries_until_a_catalog_changes(site, monkeypatch):
    import i18n_pub.publishing as feed_module
    from i18n_pub.publishing import publish_all

    config = load_config(site)
    translate(config, list(config.languages), "pseudo")
    (first,) = publish_all(config, ["es"])
    feed = (site / first.path).read_bytes()
    reads = []
    original = feed_module.read_catalog
    monkeypatch.setattr(feed_module, "read_catalog", lambda *a, **k: reads.append(a[0].stem) or original(*a, **k))
    (again,) = publish_all(config, ["es"])
    assert reads == [] and again.published == first.published and (site / first.path).read_bytes() == feed
    # A translator edits one catalog: only that one is read again, and the feed shows it.
    path = site / "locales/es" / f"{first.published[0]}.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == "title")
    entry.msgstr = "Un titular revisado"
    po.save()
    publish_all(config, ["es"])
    assert reads == [first.published[0]]
    assert "Un titular revisado" in (site / first.path).read_text("utf-8")


def test_a_change_to_the_code_or_a_library_redoes_everything_and_a_file_edit_changes_the_version(site, counted, tmp_path, monkeypatch):
    """Caches are keyed on the code itself, not the version number: no stale hit after an upgrade or a fix."""
    import i18n_pub.state as state_module

    _run(site)
    for key in counted:
        counted[key] = 0
    monkeypatch.setattr(state_module, "code_version", lambda: "other code")
    monkeypatch.setattr(translate_module, "code_version", lambda: "other code")
    _run(site)
    assert counted["segment_blocks"] == 8 and counted["merge"] == 8
    monkeypatch.undo()

    # code_version() really follows the bytes of the package's files.
    package = tmp_path / "i18n_pub"
    package.mkdir()
    (package / "state.py").write_bytes((state_module.Path(state_module.__file__)).read_bytes())
    monkeypatch.setattr(state_module, "__file__", str(package / "state.py"))
    state_module.code_version.cache_clear()
    first = state_module.code_version()
    (package / "segment.py").write_text("# a fix\n")
    state_module.code_version.cache_clear()
    assert state_module.code_version() != first
    state_module.code_version.cache_clear()
