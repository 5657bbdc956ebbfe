"""Merge semantics against GNU msgmerge --previous, on before/template/expected fixtures."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import polib

from i18n_pub.catalog import REVISION_DATE, Status, entry_status, finalize, merge
from i18n_pub.catalog_read import read_catalog
from tests.conftest import msgfmt_check, require_tool

DATA = Path(__file__).parent / "data" / "merge"


def _view(po: polib.POFile) -> list[tuple]:
    """What a merge must agree on, leaving wrapping and header details aside."""
    return [
        (e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags, e.previous_msgid, e.obsolete, tuple(e.occurrences))
        for e in po
    ]


def _ours() -> polib.POFile:
    template = read_catalog(DATA / "template.pot", "template.pot")
    return merge(template, read_catalog(DATA / "before.po", "before.po"), "es")


def test_merge_keeps_what_msgmerge_previous_keeps(tmp_path):
    msgmerge = require_tool("msgmerge")
    out = tmp_path / "gnu.po"
    subprocess.run(
        [msgmerge, "--previous", "-q", "-o", str(out), str(DATA / "before.po"), str(DATA / "template.pot")], check=True
    )
    assert _view(_ours()) == _view(polib.pofile(str(out)))


def test_merge_matches_the_expected_file_and_passes_msgfmt(tmp_path):
    merged = _ours()
    old = read_catalog(DATA / "before.po", "before.po")
    text = finalize(merged, old, REVISION_DATE, "2021-03-05 10:00+0000")
    assert text == (DATA / "expected.po").read_text("utf-8")
    (tmp_path / "out.po").write_text(text, "utf-8")
    msgfmt_check(tmp_path / "out.po")


def test_each_kind_of_entry_gets_its_status():
    merged = {e.msgid: e for e in _ours()}
    assert entry_status(merged["ICESCO opens a culture week"]) is Status.REVIEWED  # unchanged, reviewed: kept
    changed = merged["The week begins on Tuesday in Rabat."]
    assert entry_status(changed) is Status.CHANGED
    assert changed.previous_msgid == "The week begins on Monday in Rabat."
    assert changed.msgstr == "La semana comienza el lunes en Rabat."
    assert entry_status(merged["A brand new sentence about science."]) is Status.UNTRANSLATED
    assert entry_status(merged["Machine output stays fuzzy until reviewed."]) is Status.MACHINE
    assert merged["This sentence will be removed."].obsolete
    assert "Untranslated and then removed." not in merged  # msgmerge drops it too: nothing to keep
    statuses = Counter(entry_status(e) for e in _ours() if not e.obsolete)
    assert statuses == {Status.REVIEWED: 2, Status.MACHINE: 1, Status.CHANGED: 1, Status.UNTRANSLATED: 1}


def test_an_obsolete_entry_whose_text_returns_is_revived_as_it_was():
    template = read_catalog(DATA / "template.pot", "template.pot")
    first = merge(template, read_catalog(DATA / "before.po", "before.po"), "es")
    back = polib.POFile()
    back.metadata = dict(template.metadata)
    back.append(polib.POEntry(msgid="This sentence will be removed.", msgstr="", occurrences=[("sources/a.md", "3")]))
    revived = {e.msgid: e for e in merge(back, first, "es")}
    entry = revived["This sentence will be removed."]
    assert not entry.obsolete and entry_status(entry) is Status.REVIEWED
    assert entry.msgstr == "Esta frase se eliminará."


def test_rerun_with_unchanged_inputs_writes_nothing():
    merged = _ours()
    text = finalize(merged, read_catalog(DATA / "before.po", "before.po"), REVISION_DATE, "2021-03-05 10:00+0000")
    reparsed = polib.pofile(text)
    again = merge(read_catalog(DATA / "template.pot", "template.pot"), reparsed, "es")
    assert finalize(again, reparsed, REVISION_DATE, "2030-01-01 00:00+0000") is None
