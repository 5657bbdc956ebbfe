"""Hostile input: XML that tries to expand or fetch entities, paths that try to leave the site,
and text that tries to break a PO file or a feed. Each must be refused with one Error line,
or come out as well-formed files; nothing outside the site is read or written."""

from __future__ import annotations

import os
import re
import shutil

import feedparser
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from i18n_pub import xmlsafe
from tests.conftest import msgfmt_check, run_cli, shared_file, tree_hashes
from tests.hostile_server import HostileServer


@pytest.fixture
def server():
    with HostileServer() as running:
        yield running


def _one_error(done, where: str, what: str, code: int = 1) -> None:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert re.fullmatch(rf"Error: {where}: .*(?:{what}).* — \S.*\n", done.stderr), done.stderr


# --- XML -------------------------------------------------------------------------------

LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
XML_ATTACKS = {
    "billion laughs": f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{LAUGHS}]><lolz>&lol9;</lolz>',
    "quadratic blowup": f'<!DOCTYPE x [<!ENTITY a "{"A" * 50000}">]><x>{"&a;" * 2000}</x>',
    "XXE local file": '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>',
    "XXE over HTTP": '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "{url}xxe">]><foo>&xxe;</foo>',
    "parameter entity over HTTP": '<!DOCTYPE foo [<!ENTITY % p SYSTEM "{url}param.dtd"> %p;]><foo/>',
    "TBX with an XXE term": (
        '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY t SYSTEM "file:///etc/hostname">]>'
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="x"><langSet xml:lang="en">'
        "<tig><term>&t;</term></tig></langSet></termEntry></body></text></martif>"
    ),
}
XML_HARMLESS_BUT_NETWORKED = {
    "external DTD over HTTP": '<!DOCTYPE foo SYSTEM "{url}evil.dtd"><foo>text</foo>',
    "XInclude over HTTP": '<foo xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{url}inc.xml" parse="text"/></foo>',
    "schema location over HTTP": '<foo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:x {url}x.xsd"/>',
}


@pytest.mark.parametrize("name", sorted(XML_ATTACKS))
def test_xml_with_entity_declarations_is_refused_and_fetches_nothing(name, server, tmp_path):
    document = XML_ATTACKS[name].replace("{url}", server.url).encode()
    with pytest.raises(xmlsafe.UnsafeXMLError) as raised:
        xmlsafe.parse_bytes(document)
    assert isinstance(raised.value, etree.XMLSyntaxError) and raised.value.lineno == 1
    (tmp_path / "evil.tbx").write_bytes(document)
    with pytest.raises(etree.XMLSyntaxError):
        xmlsafe.parse_file(tmp_path / "evil.tbx")
    assert server.requests == []


@pytest.mark.parametrize("name", sorted(XML_HARMLESS_BUT_NETWORKED))
def test_xml_naming_remote_resources_is_read_without_fetching_them(name, server):
    root = xmlsafe.parse_bytes(XML_HARMLESS_BUT_NETWORKED[name].replace("{url}", server.url).encode())
    assert root.tag == "foo"
    assert server.requests == []


def test_a_real_tbx_file_with_its_doctype_still_parses():
    tree = xmlsafe.parse_file(shared_file("data/tbx/TBX-basic-sample.tbx"))
    assert tree.getroot().tag == "martif" and tree.docinfo.system_url == "TBXBasiccoreStructV02.dtd"


# --- paths -----------------------------------------------------------------------------

ARTICLE = "---\ntitle: A title\ndate: 2021-03-29\n{extra}---\nA body sentence.\n"


@pytest.mark.parametrize("slug", ["../evil", "/etc/passwd", "a/../../b", "..", "x\\..\\y", "ok\x00"])
def test_a_slug_that_would_leave_the_site_is_refused(site, slug):
    (site / "sources/zz.md").write_text(
        ARTICLE.format(extra=f"slug: {slug!r}\n".replace("'", '"') if "\x00" not in slug else 'slug: "ok\\0"\n'), "utf-8"
    )
    before = tree_hashes(site)
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"sources/zz\.md:\d+", "bad slug|invisible character")
    assert tree_hashes(site) == before


def test_a_source_symlinked_from_outside_is_refused(site, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(ARTICLE.format(extra=""), "utf-8")
    (site / "sources/leak.md").symlink_to(outside)
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"sources/leak\.md", "symlink to a file outside the sources folder")
    # ... also one elsewhere in the site: sources are what is in sources/
    (site / "sources/leak.md").unlink()
    (site / "drafts").mkdir()
    (site / "drafts/draft.md").write_text(ARTICLE.format(extra=""), "utf-8")
    (site / "sources/draft.md").symlink_to(site / "drafts/draft.md")
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"sources/draft\.md", "symlink to a file outside the sources folder")
    # A symlink between two files of sources/ is fine.
    (site / "sources/draft.md").unlink()
    first = sorted((site / "sources").glob("*.md"))[0]
    (site / "sources/alias.md").symlink_to(first.name)
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    assert "duplicate slug" not in done.stderr or done.returncode == 1  # read like any file


@pytest.mark.parametrize(
    ("key", "value"),
    [("sources", "../elsewhere"), ("locales", "/tmp/i18n-pub-outside"), ("output", "build/../../x"), ("glossary", "..")],
)
def test_configured_folders_outside_the_site_are_refused(site, key, value):
    text = (site / "pyproject.toml").read_text("utf-8")
    (site / "pyproject.toml").write_text(text.replace("[tool.i18n-pub]\n", f'[tool.i18n-pub]\n{key} = "{value}"\n', 1), "utf-8")
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"pyproject\.toml:\d+", f"'{key}' points outside the site")


def test_folders_symlinked_out_of_the_site_are_neither_read_nor_written(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "sources").rename(tmp_path / "real-sources")
    (site / "sources").symlink_to(tmp_path / "real-sources")
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"pyproject\.toml(:\d+)?", "'sources' points outside the site")
    (site / "sources").unlink()
    (tmp_path / "real-sources").rename(site / "sources")
    (site / "locales").mkdir()
    (site / "locales/es").symlink_to(outside)
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"locales/es/[a-z0-9-]+\.po", "leads outside the site")
    (site / "locales/es").unlink()
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    (site / "build/feeds").mkdir(parents=True)
    (site / "build/feeds/es.xml").symlink_to(outside / "stolen.xml")
    done = run_cli("publish", "-l", "es", cwd=site, check=None)
    _one_error(done, r"build/feeds/es\.xml", "leads outside the site")
    shutil.rmtree(site / ".i18n-pub")
    (site / ".i18n-pub").symlink_to(outside)
    done = run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site, check=None)
    _one_error(done, r"\.i18n-pub", "leads outside the site")
    assert os.listdir(outside) == []


# --- text --------------------------------------------------------------------------------

BAD_SOURCE_CHARACTERS = {
    "\x00": "U+0000", "\x07": "U+0007", "\x08": "U+0008", "\x0b": "U+000B", "\x0c": "U+000C", "\x1b[31m": "U+001B",
    "\x7f": "U+007F", "\x85": "U+0085", "\x9b": "U+009B", "\u202a": "U+202A", "\u202b": "U+202B", "\u202d": "U+202D",
    "\u202e": "U+202E", "\ufffe": "U+FFFE",
}  # fmt: skip


@pytest.mark.parametrize("char", sorted(BAD_SOURCE_CHARACTERS), ids=[BAD_SOURCE_CHARACTERS[c] for c in sorted(BAD_SOURCE_CHARACTERS)])
def test_control_characters_and_bidi_overrides_in_a_source_are_refused_with_their_line(site, char):
    (site / "sources/zz.md").write_text(f"---\ntitle: A title\ndate: 2021-03-29\n---\nFirst line.\nA body{char} sentence.\n", "utf-8")
    before = tree_hashes(site)
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"sources/zz\.md:6", re.escape(BAD_SOURCE_CHARACTERS[char]))
    assert tree_hashes(site) == before


def test_an_encoded_lone_surrogate_in_a_source_is_refused(site):
    (site / "sources/zz.md").write_bytes(b"---\ntitle: A title\ndate: 2021-03-29\n---\nA body \xed\xa0\x80 sentence.\n")
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _one_error(done, r"sources/zz\.md:5", "not valid UTF-8")


HOSTILE_TRANSLATIONS = [
    "Texto \u202eodacilpmoc\u202c y \u202dmás",  # overrides, one left open
    "Nombre \u2067عربي sin cerrar",  # an isolate left open
    "\u2069\u202c cierres sueltos",  # closers with nothing open
    "<script>alert(1)</script> & <b>negrita</b>",
    "]]> <![CDATA[x]]> <!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]> &e; &nbsp; &#0; &#xD800;",
    "[enlace](javascript:alert(1)) y [otro](data:text/html,<script>x</script>)",
    "<?php echo 1; ?> <!-- comentario --> <img src=x onerror=alert(1)>",
    'Tabulador\tdentro y barra \\ invertida " comillas',
]


def _feed_texts(tree: etree._ElementTree) -> list[str]:
    return [t for element in tree.iter() for t in (element.text, element.tail) if t]


def test_hostile_reviewed_translations_still_make_a_well_formed_feed(site):
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    po_path = next(p for p in sorted((site / "locales/es").glob("*.po")) if p.name != "_site.po")
    catalog = polib.pofile(str(po_path))
    for entry, text in zip([e for e in catalog if not e.obsolete], HOSTILE_TRANSLATIONS * 10, strict=False):
        entry.msgstr = text
        entry.flags = []
    catalog.save()
    msgfmt_check(po_path)
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    run_cli("publish", "-l", "es", cwd=site)
    data = (site / "build/feeds/es.xml").read_bytes()
    tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False)))
    schema = etree.RelaxNG(etree.parse(str(shared_file("schemas/atom.rng"))))
    assert schema.validate(tree), schema.error_log
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert b"<script" not in data and b'href="javascript:' not in data and b"<!ENTITY" not in data
    assert "negrita" in data.decode("utf-8")  # the hostile article was published, not held back
    for text in _feed_texts(tree):  # no text can leave a bidi override or isolate open
        depth = 0
        for char in text:
            depth += char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"
            depth -= char in "\u202c\u2069"
            assert depth >= 0, repr(text)
        assert depth == 0, repr(text)


ENGINE_OUTPUT = "traducción\x00 con\x07 controles\x1b[2J \ud800 sola \udfff y \u202e invertida\x85 fin\ufffe"


def test_an_engine_answering_control_characters_and_lone_surrogates_cannot_break_a_catalog(site, server):
    server.mode, server.output = "output", ENGINE_OUTPUT
    with (site / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[tool.i18n-pub.engine.libre]\nurl = "{server.url}"\nretries = 0\n')
    run_cli("translate", "-l", "fr", "--engine", "libre", cwd=site, env={"I18N_PUB_LIBRE_KEY": "k-123456"})
    assert server.requests
    catalogs = sorted((site / "locales/fr").glob("*.po"))
    assert catalogs
    for path in catalogs:
        msgfmt_check(path)
        for entry in polib.pofile(str(path)):
            # Controls dropped, lone surrogates replaced, and the space run the dropped U+202E leaves collapsed
            # (engine output never has spacing the source lacks).
            clean = "traducción con controles[2J \ufffd sola \ufffd y invertida fin"
            if path.stem == "_site" and "python-brace-format" in entry.flags:
                # the disclaimers and subtitle: the reviewed French shipped with i18n-pub, never the engine's answer
                assert "shipped with the package" in entry.tcomment and "fuzzy" not in entry.flags, repr(entry.msgstr)
            else:
                # A sentence that starts with a capital starts with one in the catalog too.
                first_letter = next((c for c in entry.msgid if c.isalpha()), "")
                expected = clean[0].upper() + clean[1:] if first_letter.isupper() else clean
                assert entry.msgstr == expected, repr(entry.msgstr)
    # The engine's answer for the organisation's name breaks the glossary: publish refuses it, naming the line.
    done = run_cli("publish", "-l", "fr", cwd=site, check=1)
    assert re.fullmatch(r"Error: locales/fr/_site\.po:\d+: glossary: .*ICESCO.*\n", done.stderr), done.stderr
    site_po = polib.pofile(str(site / "locales/fr/_site.po"))
    for entry in site_po:
        if entry.msgctxt in ("organization", "feed-title"):
            entry.msgstr = "ICESCO" if entry.msgctxt == "organization" else "Actualités de l'ICESCO"
    site_po.save()
    run_cli("publish", "-l", "fr", cwd=site)
    parsed = feedparser.parse((site / "build/feeds/fr.xml").read_bytes())
    assert not parsed.bozo and parsed.entries


# --- any text at all ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60), min_size=1, max_size=12))
def test_any_engine_answer_makes_a_catalog_msgfmt_accepts_and_feed_text_lxml_accepts(tmp_path, texts):
    """Whatever an engine answers (any code point: controls, surrogates, overrides, noncharacters)."""
    from i18n_pub.catalog import WRAP, render
    from i18n_pub.feed_document import _sub
    from i18n_pub.machine import apply_machine_translation

    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {
        "Project-Id-Version": "x", "PO-Revision-Date": "2021-03-29 00:00+0000", "Last-Translator": "x", "Language-Team": "x",
        "Language": "es", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }  # fmt: skip
    root = etree.Element("feed")
    for number, text in enumerate(texts):
        entry = polib.POEntry(msgid=f"Sentence {number}.", msgstr="")
        apply_machine_translation(entry, text, "hostile")
        po.append(entry)
        _sub(root, "title", entry.msgstr)
    path = tmp_path / "any.po"
    path.write_bytes(render(po).encode("utf-8"))
    msgfmt_check(path)
    etree.fromstring(etree.tostring(root, encoding="UTF-8"))
