"""Hand-edited catalogs: a broken one is reported with its line and left byte-for-byte untouched;
a valid one saved by another tool (CRLF, BOM, Poedit's wrapping and header) is read and rewritten
only when an entry's content changes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import msgfmt_check, require_tool, run_cli, tree_hashes

EPOCH = {"SOURCE_DATE_EPOCH": "1617000000"}
TRANSLATE = ("translate", "-l", "es", "--engine", "pseudo")


@pytest.fixture
def translated(site: Path) -> Path:
    run_cli(*TRANSLATE, cwd=site, env=EPOCH)
    return site


def _catalog(site: Path) -> Path:
    return sorted((site / "locales/es").glob("[!_]*.po"))[0]  # an article catalog, not _site.po


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line that starts with ``needle``."""
    hits = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith(needle)]
    return hits[nth - 1]


def _expect_error(site: Path, po: Path, line: int, what: str) -> None:
    rel = po.relative_to(site).as_posix()
    before = tree_hashes(site)
    for command in (TRANSLATE, ("publish", "-l", "es")):
        done = run_cli(*command, cwd=site, env=EPOCH, check=1)
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
        assert re.fullmatch(rf"Error: {re.escape(rel)}:{line}: .*{what}.* — \S.*\n", done.stderr), done.stderr
        assert tree_hashes(site) == before  # the broken file, and every other, byte-for-byte as they were


def _mutate(po: Path, change) -> str:
    text = po.read_text("utf-8")
    new = change(text)
    assert new != text
    po.write_bytes(new.encode("utf-8"))
    return new


def test_unterminated_string(translated):
    po = _catalog(translated)
    text = _mutate(po, lambda t: t.replace('·⟧"\n', "·⟧\n", 1))
    line = text[: text.index("·⟧\n")].count("\n") + 1
    _expect_error(translated, po, line, "unterminated or badly escaped string")


def test_misspelt_keyword(translated):
    po = _catalog(translated)
    text = _mutate(po, lambda t: t.replace('\nmsgstr "', '\nmsgsrt "', 1))
    _expect_error(translated, po, _line_of(text, "msgsrt"), "unknown keyword 'msgsrt'")


def test_duplicate_entry(translated):
    po = _catalog(translated)
    entries = po.read_text("utf-8").split("\n\n")
    body = next(e for e in entries[2:] if "msgctxt" not in e)
    text = _mutate(po, lambda t: t.rstrip("\n") + "\n\n" + body + "\n")
    msgid_offset = body.index("\nmsgid ") + 1
    first = text[: text.index(body) + msgid_offset].count("\n") + 1
    second = text[: text.rindex(body) + msgid_offset].count("\n") + 1
    _expect_error(translated, po, second, rf"duplicate entry for msgid .* \(first at line {first}\)")


@pytest.mark.parametrize(
    ("rule", "what"),
    [
        ("nplurals=1; plural=0;", "wrong Plural-Forms: it gives Spanish 1 form"),
        ("nplurals=2; plural=(n > 1 ? 2 : 0);", "wrong Plural-Forms: plural= gives form 2 but nplurals=2"),
        ("nplurals=two; plural=(n != 1);", "wrong Plural-Forms: cannot read"),
        ("nplurals=2; plural=(n != 1", "wrong Plural-Forms: cannot read"),
    ],
)
def test_wrong_plural_forms(translated, rule, what):
    po = _catalog(translated)
    text = _mutate(po, lambda t: re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {rule}\\\\n"', t))
    _expect_error(translated, po, _line_of(text, '"Plural-Forms:'), re.escape(what))


def test_missing_header(translated):
    po = _catalog(translated)
    _mutate(po, lambda t: t.split("\n\n", 1)[1])
    _expect_error(translated, po, 1, "no header entry")


def test_header_with_another_charset_or_language(translated):
    po = _catalog(translated)
    text = _mutate(po, lambda t: t.replace("charset=UTF-8", "charset=ISO-8859-1"))
    _expect_error(translated, po, _line_of(text, '"Content-Type:'), "does not say charset=UTF-8")
    text = _mutate(po, lambda t: t.replace("charset=ISO-8859-1", "charset=UTF-8").replace('"Language: es', '"Language: fr'))
    _expect_error(translated, po, _line_of(text, '"Language:'), "header says Language: fr, but the catalog is for 'es'")


def test_control_character_in_a_translation(translated):
    po = _catalog(translated)
    text = _mutate(po, lambda t: t.replace('\n"⟦', '\n"\\v⟦', 1))
    msgid_line = text[: text.rindex("\nmsgid ", 0, text.index('\n"\\v⟦'))].count("\n") + 2
    _expect_error(translated, po, msgid_line, "U\\+000B control character")


def test_not_utf8(translated):
    po = _catalog(translated)
    data = po.read_bytes().replace("é".encode(), b"\xe9", 1)
    po.write_bytes(data)
    _expect_error(translated, po, data[: data.index(b"\xe9")].count(b"\n") + 1, "not valid UTF-8")


# --- valid files written by other tools -------------------------------------------------


def _review(po: Path) -> str:
    """A translator reviews the first body entry (new text, fuzzy removed), as any editor would save it."""
    catalog = polib.pofile(str(po), wrapwidth=78)
    entry = next(e for e in catalog if e.msgctxt is None)
    entry.msgstr = "Traducción revisada, con su propio texto."
    entry.flags.remove("fuzzy")
    catalog.save()
    return entry.msgid


@pytest.mark.parametrize(
    "dress",
    [
        pytest.param(lambda data: data.replace(b"\n", b"\r\n"), id="CRLF"),
        pytest.param(lambda data: b"\xef\xbb\xbf" + data, id="BOM"),
        pytest.param(lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), id="BOM+CRLF"),
    ],
)
def test_crlf_and_bom_files_are_read_and_left_alone(translated, dress):
    po = _catalog(translated)
    _review(po)
    run_cli(*TRANSLATE, cwd=translated, env=EPOCH)  # the tool's own rendering of the reviewed file
    po.write_bytes(dress(po.read_bytes()))
    before = tree_hashes(translated)
    later = {"SOURCE_DATE_EPOCH": "1617086400"}
    run_cli(*TRANSLATE, cwd=translated, env=later)
    run_cli("publish", "-l", "es", cwd=translated, env=later)
    # publish writes the feed and its record of what each entry published (locales/es/published.tsv), nothing else
    written = {k: v for k, v in tree_hashes(translated).items() if not k.startswith("build/")}
    assert set(written) - set(before) == {"locales/es/published.tsv"}
    assert {k: v for k, v in written.items() if k in before} == before
    feed = (translated / "build/feeds/es.xml").read_text("utf-8")
    assert "Traducción revisada, con su propio texto." in feed


def _poedit_save(po: Path) -> None:
    """What Poedit does on save: its own line wrapping and its own header fields."""
    msgcat = require_tool("msgcat")
    subprocess.run([msgcat, "--width=60", "-o", str(po), str(po)], check=True)
    text = po.read_text("utf-8")
    text = text.replace('"Last-Translator: Automatically generated\\n"', '"Last-Translator: Ana Traductora <ana@example.org>\\n"')
    text = text.replace('"Language-Team: none\\n"', '"Language-Team: Spanish <es@example.org>\\n"')
    text = re.sub(r'"X-Generator: [^"]*"', '"X-Generator: Poedit 3.4.2\\\\n"\n"X-Poedit-SourceCharset: UTF-8\\\\n"', text)
    po.write_text(text, "utf-8")


def test_a_poedit_saved_file_is_read_and_rewritten_only_when_an_entry_changes(translated):
    po = _catalog(translated)
    reviewed = _review(po)
    run_cli(*TRANSLATE, cwd=translated, env=EPOCH)
    ours = po.read_bytes()
    _poedit_save(po)
    saved = po.read_bytes()
    assert saved.split(b"\n\n", 1)[1] != ours.split(b"\n\n", 1)[1]  # the entries really are wrapped differently
    msgfmt_check(po)

    run_cli(*TRANSLATE, cwd=translated, env={"SOURCE_DATE_EPOCH": "1617086400"})
    assert po.read_bytes() == saved  # nothing changed in any entry: not a byte rewritten

    # An English sentence changes: now the file is rewritten, in i18n-pub's own format,
    # keeping the translator's header and review.
    source = translated / "sources" / f"{po.stem}.md"
    text = source.read_text("utf-8")
    other = next(e for e in polib.pofile(str(po)) if e.msgctxt is None and e.msgid != reviewed)
    pattern = r"\s+".join(re.escape(w) for w in other.msgid.split())
    source.write_text(re.sub(pattern, other.msgid.replace(" ", " really ", 1), text, count=1), "utf-8")
    run_cli(*TRANSLATE, cwd=translated, env={"SOURCE_DATE_EPOCH": "1617086400"})
    assert po.read_bytes() != saved
    msgfmt_check(po)
    catalog = polib.pofile(str(po))
    assert catalog.metadata["Last-Translator"] == "Ana Traductora <ana@example.org>"
    assert catalog.metadata["X-Generator"] == "Poedit 3.4.2" and catalog.metadata["X-Poedit-SourceCharset"] == "UTF-8"
    assert catalog.find(reviewed).msgstr == "Traducción revisada, con su propio texto."
    assert "fuzzy" not in catalog.find(reviewed).flags
