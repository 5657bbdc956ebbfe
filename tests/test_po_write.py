"""The PO writer (issue 13, speed): polib's bytes exactly, and what GNU gettext reads back is what we meant.

References: ``str(polib.POFile)`` for the bytes (polib is the writer we
replaced), and GNU ``msgcat`` / ``msgfmt -c`` for the meaning. The files compared
are every catalog and template of the sample site (es written afresh, fr and ar
as committed by earlier releases; Arabic has six plural forms), and random entries Hypothesis makes with
everything that changes a PO line: escapes, hyphens and dashes, runs of spaces,
words longer than the line, line separators ``str.splitlines`` knows, plural
forms, contexts, previous msgids, comments, occurrences and obsolete entries.
The real-world corpora's catalogs are compared in ``test_markdown_corpora.py``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_pub.catalog import WRAP
from i18n_pub.po_write import entry_text, file_text
from tests.conftest import msgfmt_check, require_tool, run_cli


def polib_text(po: polib.POFile) -> str:
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


@pytest.fixture(scope="module")
def translated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import copy_site

    # fr and ar as committed (written by polib in earlier releases); es written afresh by this writer
    site = copy_site(tmp_path_factory.mktemp("po_write") / "site", with_locales=True)
    for path in [*site.glob("locales/es/*.po"), *site.glob("locales/templates/*.pot")]:
        path.unlink()
    run_cli("translate", "-l", "es", "--quiet", cwd=site)
    return site


def test_every_file_translate_writes_is_what_polib_would_write(translated_site):
    files = sorted(translated_site.glob("locales/**/*.po*"))
    assert len(files) > 20
    for path in files:
        written = path.read_text("utf-8")
        assert written == polib_text(polib.pofile(str(path), wrapwidth=WRAP)), path
        assert file_text(polib.pofile(str(path), wrapwidth=WRAP)) == written, path


_LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"]
_pieces = st.sampled_from(
    ["word", "a", "well-known", "x--y", " -- ", "-", "—", "   ", " ", '"quoted"', "back\\slash", "\t", "é", "مرحبا",
     "averyveryverylongwordthatdoesnotfitonanylineofseventyeightcharactersatallreally", "10.5", "1,000", "%s", "{0}",
     *_LINE_BREAKS]
)
_texts = st.lists(_pieces, max_size=40).map("".join)
_nonempty = _texts.filter(bool)
# A comment is one line per "\n"; other separators in a comment line are not read back by polib
_comment_texts = _texts.map(lambda t: "".join(" " if c in "\r\x0b\x0c\x1c\x85\u2028" else c for c in t))


_files = st.sampled_from(["a.md", "some-long-file-name-with-hyphens.md"])
_ARABIC_PLURALS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"


def _gettext_can_hold(entry: polib.POEntry) -> bool:
    """A line separator other than ``\n`` does not survive as itself in a PO string as gettext reads it."""
    texts = (entry.msgid, entry.msgstr, entry.msgctxt or "", entry.msgid_plural, entry.previous_msgid or "", *entry.msgstr_plural.values())
    return not any(b in text for b in _LINE_BREAKS[1:] for text in texts)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(_nonempty),
        msgctxt=draw(st.none() | _texts),
        tcomment=draw(_comment_texts),
        comment=draw(_comment_texts),
        occurrences=draw(st.lists(st.tuples(_files, st.sampled_from(["", "3", "120"])), max_size=12)),
        flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), max_size=2, unique=True)),
        previous_msgid=draw(st.none() | _texts),
        obsolete=draw(st.booleans()),
    )
    if plural:
        entry.msgid_plural = draw(_nonempty)
        entry.msgstr_plural = {i: draw(_texts) for i in range(draw(st.integers(1, 6)))}
    else:
        entry.msgstr = draw(_texts)
    return entry


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=entries(), width=st.sampled_from([WRAP, 40, 79, 0]))
def test_any_entry_is_written_as_polib_writes_it(entry, width):
    assert entry_text(entry, width) == entry.__unicode__(width) + "\n" * (not entry.__unicode__(width).endswith("\n"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(found=st.lists(entries(), min_size=1, max_size=8))
def test_gettext_reads_back_exactly_what_was_written(found, tmp_path):
    msgcat = require_tool("msgcat")
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": _ARABIC_PLURALS}
    seen: set[tuple[str | None, str]] = set()
    for entry in found:
        key = (entry.msgctxt, entry.msgid)
        if key in seen or not _gettext_can_hold(entry):  # gettext's limits: one entry per key, \n lines only
            continue
        if entry.obsolete and not (entry.msgstr or any(entry.msgstr_plural.values())):
            continue  # msgcat drops an obsolete entry nobody translated
        if entry.msgstr_plural:
            entry.msgstr_plural = {i: entry.msgstr_plural.get(i, "") for i in range(6)}
        seen.add(key)
        po.append(entry)
    path = tmp_path / "random.po"
    path.write_text(file_text(po), "utf-8")
    normalised = subprocess.run([msgcat, "--no-wrap", str(path)], capture_output=True, text=True, check=True).stdout
    back = polib.pofile(normalised)
    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, dict(e.msgstr_plural), e.obsolete) for e in back] == [
        (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()}, e.obsolete)
        for e in [*(e for e in po if not e.obsolete), *(e for e in po if e.obsolete)]
    ]


def test_the_written_sample_site_passes_msgfmt(translated_site):
    for path in sorted(translated_site.glob("locales/*/*.po")):
        msgfmt_check(path)
