"""Segments built on the Markdown structure, and translations that keep it (SPEC: Segments, Publishing).

Expected values are written by hand from CommonMark/GFM (what a block is, where a
sentence ends, what must stay verbatim), or come from rendering the English source
with the same parser: the translation must have the original's elements.
"""

from __future__ import annotations

import polib
import pytest

from i18n_pub.blocks import block, body_blocks, segment_blocks
from i18n_pub.engines.pseudo import PseudoEngine
from i18n_pub.feed import translated_body
from i18n_pub.glossary import Glossary
from i18n_pub.markup import (
    INLINE_SPECIAL,
    inline_pieces,
    markup_spans,
    parse_for_segments,
    parse_inline,
    pieces_for,
    protect_text,
    text_pieces,
)
from i18n_pub.masking import shape_for
from i18n_pub.protection_rules import protection_for
from i18n_pub.render import block_translator, join_units, render_markdown, structure, structure_difference, translated_markdown
from i18n_pub.sentence_store import SentenceStore, article_blocks
from i18n_pub.sources import parse_article
from i18n_pub.structure_check import article_findings, check_protected


def segments(body: str) -> list[str]:
    return [s.text for s in _blocks(body) for s in s.segments]


def _blocks(body: str):
    return [block(None, b.text, b.pieces, b.line, b.html) for b in body_blocks(parse_for_segments(body))]


def pseudo_table(msgids: list[str]) -> dict[str, str]:
    """Each msgid through the real masking and the pseudo engine, as translate does it."""
    protection, engine = protection_for(Glossary()), PseudoEngine()
    masked = [protection.mask(text, "es", shape_for(engine)) for text in msgids]
    outputs = engine.translate([m.text for m in masked], "en", "es").texts
    return {text: protection.restore(out, m, "es").text for text, out, m in zip(msgids, outputs, masked, strict=True)}


def pseudo_markdown(body: str) -> str:
    blocks = _blocks(body)
    table = pseudo_table(sorted({u.text for b in blocks for u in b.units if u.translate}))
    return translated_markdown(body, block_translator({b.key: b.units for b in blocks}, table))


def assert_same_structure(body: str, translated: str) -> None:
    difference = structure_difference(structure(render_markdown(body)), structure(render_markdown(translated)))
    assert difference is None, f"{difference}\n--- translated:\n{translated}"


# --- segmentation ----------------------------------------------------------------------


def test_a_span_crossing_a_sentence_boundary_is_closed_and_reopened():
    assert segments("This is **bold. Still bold** here. A [link. Two](https://x.org/a \"T\") end.") == [
        "This is **bold.**",
        "**Still bold** here.",
        "A [link.](https://x.org/a \"T\")",
        "[Two](https://x.org/a \"T\") end.",
    ]


def test_sentences_the_source_has_with_no_space_between_are_joined_with_none():
    units = [u for b in _blocks("Sales grew.*. Then fell.\n") for u in b.units]
    expected = [("Sales grew.", True, False), ("*.", False, True), ("Then fell.", True, False)]  # "*." follows with no space
    assert [(u.text, u.translate, u.glued) for u in units] == expected
    assert join_units(units, ["Subieron.", "*.", "Luego bajaron."]) == "Subieron.*. Luego bajaron."


def test_no_split_inside_code_urls_or_after_honorifics_and_markup_only_is_not_a_segment():
    assert segments("Dr. Smith ran `os.Exit(1). Then` and saw https://x.org/a.b. Done.\n\n**—**\n\n![](a.png)") == [
        "Dr. Smith ran `os.Exit(1). Then` and saw https://x.org/a.b.",
        "Done.",
    ]


def test_each_table_cell_is_its_own_segment_and_code_blocks_and_comments_are_untouched():
    body = "| Name | Use |\n|---|---|\n| `up` | Is it up? Yes. |\n\n```\nNot. Text.\n```\n\n<!-- more -->\n\n    indented code.\n"
    assert segments(body) == ["Name", "Use", "Is it up?", "Yes."]


def test_text_inside_raw_html_is_segmented_with_its_tags_kept():
    body = '<div class="x"><p>First one. See <a href="/x">this</a>.</p>&mdash; Tail</div>\n<script>var a = "no";</script>\n'
    assert segments(body) == ["First one.", 'See <a href="/x">this</a>.', "&mdash; Tail"]


def test_a_sentence_of_raw_html_that_is_no_markdown_is_read_as_html_text():
    body = '<div class="x"><p>`os.Exit(1).` `` x`y ``</p></div>\n'  # found by the generator below
    assert segments(body) == ["`os.Exit(1).", "` `` x`y ``"]  # in HTML, backticks are characters
    for segment in segments(body):
        assert "".join(p.text for p in pieces_for(segment)) == segment  # not read as a code span "`  `` x `"
        assert check_protected(segment, segment) is None  # so check finds nothing missing from itself


def test_footnote_definitions_headings_lists_and_quotes_are_blocks():
    body = "# Title *here*\n\n- item one\n- item [^1] two\n\n> quoted. text\n\n[^1]: The note.\n"
    assert segments(body) == ["Title *here*", "item one", "item [^1] two", "quoted.", "text", "The note."]


def test_lines_point_at_the_source():
    article = parse_article("---\ntitle: T\ndate: 2021-01-01\n---\nOne.\n\n| a |\n|---|\n| b |\n\nTwo\nthree. Four.\n", "x.md", "x")
    found = [(s.text, s.line) for b in segment_blocks(article) for s in b.segments]
    assert found == [("T", 2), ("One.", 5), ("a", 7), ("b", 9), ("Two three.", 11), ("Four.", 12)]


def test_protected_spans_are_kept_from_the_engine_and_decimals_with_units_are_not():
    text = (
        "Run `make` in hack/*.sh for Kubernetes 1.24 and v1.25.0 via {{< ref x >}} or {% raw %}, "
        "at https://x.org/a[^1]; 11.7% of 2.2 million."
    )
    kept = [s.target for s in markup_spans(text)]
    assert kept == ["`make`", "hack/*.sh", "Kubernetes 1.24", "v1.25.0", "{{< ref x >}}", "{% raw %}", "https://x.org/a", "[^1]"]
    translated = pseudo_table([text])[text]
    for span in kept:
        assert span in translated
    assert "11,7" in translated and "1.24" in translated  # a decimal with a unit is written as Spanish writes it


@pytest.mark.parametrize("text", ["**the.* ![the](img/p.png)*", "A `b`c [d](https://x.org/e)f. G <b>h</b>i."])
def test_an_engine_that_changes_nothing_gets_the_markup_back_as_it_was(text):
    protection = protection_for(Glossary())
    masked = protection.mask(text, "es", shape_for(PseudoEngine()))
    assert protection.restore(masked.text, masked, "es").text == text


def test_hugo_shortcode_with_a_tag_inside_is_one_protected_span():
    text = 'See {{<figure src="a.png" caption="A. B.">}} here.'
    assert '{{<figure src="a.png" caption="A. B.">}}' in [s.target for s in markup_spans(text)]
    assert segments(text) == [text]


# --- rendering and the structure ------------------------------------------------------


SAMPLE = """# Hello *World*

Some **bold. And more** text with `code.x()` and [a link](https://x.org/a "Title") and <https://x.org>.
A hard\\
break, <b>inline html</b> and a footnote[^n] and ~~strike~~ and ![an image](img/a.png "pic").

> Quote with a [reference link][ref].
>
> - nested list item
> - second *item*

| Left | Right |
|:-----|------:|
| a `x` | b **c** |

<div class="note"><p>Raw HTML text. Second <em>part</em>.</p></div>

1. first
2. second

[^n]: The footnote *text*.

[ref]: https://x.org/ref
"""


def test_the_pseudo_translation_of_a_document_has_its_structure_and_html_is_sanitised():
    translated = pseudo_markdown(SAMPLE)
    assert_same_structure(SAMPLE, translated)
    html = render_markdown(translated, "https://example.org/news/post")
    assert '<img src="https://example.org/news/img/a.png"' in html  # resolved against the original's address
    assert 'href="https://x.org/ref"' in html and "<table>" in html and "<sup" in html


def test_markup_a_translator_adds_is_escaped_and_unsafe_links_are_not_links():
    body = "Text <b>bold</b>.\n"
    blocks = _blocks(body)
    table = {"Text <b>bold</b>.": 'Texto <b>negrita</b> <script>alert(1)</script><img src=x onerror="y">.'}
    translated = translated_markdown(body, block_translator({b.key: b.units for b in blocks}, table))
    html = render_markdown(translated)
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html and "<b>negrita</b>" in html
    assert render_markdown('[x](javascript:alert(1)) <a href="javascript:x()">y</a>') == '<p>[x](javascript:alert(1)) <a>y</a></p>\n'


@pytest.mark.parametrize(
    ("body", "translation", "expected"),
    [
        # A tag of the English that opens a raw HTML block at the start of a line: its "<" is escaped.
        ("Read this <section> now.\n", "<section> Lee esto ahora.", "<p>&lt;section&gt; Lee esto ahora.</p>\n"),
        # Tags the English does not have are escaped, every one of them, even inside a CDATA section.
        ("A first paragraph.\n", "<![CDATA[ <img src=x>]]>", "<p>&lt;![CDATA[ &lt;img src=x&gt;]]&gt;</p>\n"),
        ("A first paragraph.\n", "<div> <img src=x>", "<p>&lt;div&gt; &lt;img src=x&gt;</p>\n"),
    ],
)
def test_a_translation_that_would_open_a_raw_html_block_stays_text(body, translation, expected):
    """A paragraph's translation starting like a raw HTML block (CommonMark's kinds 1-7) would pass tags through
    as HTML: it stays a paragraph of text (expected HTML written by hand; the CDATA case was found by the
    hostile-translations test of test_feed.py)."""
    table = {_blocks(body)[0].units[0].text: translation}
    translated = translated_markdown(body, block_translator({b.key: b.units for b in _blocks(body)}, table))
    assert render_markdown(translated) == expected


# One text both as a Markdown paragraph and inside a raw HTML block: Markdown is read in one and not in
# the other, so the two split differently (written by hand: in the paragraph the code span holds its
# period and the emphasis is a span; inside <p>…</p> the backticks and asterisks are characters).
SAME_TEXT = "Use `os.Exit(1).` and *c. d* now."
SAME_TEXT_UNITS = {
    False: ["Use `os.Exit(1).` and *c.*", "*d* now."],
    True: ["Use `os.Exit(1).", "` and *c.", "d* now."],
}


@pytest.mark.parametrize("html_first", [False, True])
def test_one_text_as_a_paragraph_and_inside_raw_html_keeps_its_own_sentences_in_each(tmp_path, html_first):
    paragraph, html = SAME_TEXT, f'<div class="x"><p>{SAME_TEXT}</p></div>'
    body = "\n\n".join([html, paragraph] if html_first else [paragraph, html]) + "\n"
    article = parse_article(f"---\ntitle: T\n---\n{body}", "x.md", "x")
    blocks = [b for b in segment_blocks(article) if b.context is None]
    assert {b.html: [u.text for u in b.units] for b in blocks} == SAME_TEXT_UNITS
    pseudo = pseudo_table(sorted({u.text for b in segment_blocks(article) for u in b.units if u.translate}))
    table = {(b.context, u.text): pseudo[u.text] for b in segment_blocks(article) for u in b.units if u.translate}
    store = SentenceStore(tmp_path)
    store.remember("digest", *article_blocks(article))
    stored, slots = store.sentences("digest"), store.slots("digest")
    store.close()
    assert slots is not None and [slot.kind for slot in slots] == (["html", "inline"] if html_first else ["inline", "html"])
    for sentences, places in ((None, None), (stored, slots)):  # split now, and as translate stored them for publish
        translated = translated_body(article, table, sentences, places)
        assert_same_structure(body, translated)
        assert all(pseudo[text] in translated for text in SAME_TEXT_UNITS[True])  # the HTML block's own sentences
        po = polib.POFile()
        po.extend(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr) for (context, msgid), msgstr in table.items())
        assert article_findings(article, po, lambda entry: 1, sentences) == []


def test_check_protected_finds_a_changed_code_span():
    expected = "protected “`make`” is missing; protected “`hacer`” is not in the source"
    assert check_protected("Run `make` now.", "Ejecute `hacer` ya.") == expected
    assert check_protected("Run `make` now.", "Ejecute `make` ya.") is None


# --- bad input renders as CommonMark says, never a traceback ---------------------------

BAD = [
    ("```\nunclosed fence. Still code.\n", [("pre", "unclosed fence. Still code.\n"), ("code", "unclosed fence. Still code.\n")], 0),
    ("*unclosed emphasis. Two sentences.", [("p",)], 2),
    ("<div>\nunclosed html. More text.\n", [("div",)], 2),
    ("| a | b |\n|---|---|\n| only one |\n| c | d | extra |\n", [
        ("table",), ("thead",), ("tr",), ("th",), ("th",), ("tbody",), ("tr",), ("td",), ("td",), ("tr",), ("td",), ("td",),
    ], 5),
    ("[unclosed link(https://x.org\n\n**", [("p",), ("p",)], 1),
]


@pytest.mark.parametrize(("body", "expected", "count"), BAD)
def test_bad_input_renders_as_commonmark_says_and_its_translation_too(body, expected, count):
    assert structure(render_markdown(body)) == expected
    assert len(segments(body)) == count
    assert_same_structure(body, pseudo_markdown(body))


# --- generated CommonMark and GFM documents -----------------------------------------------

@pytest.mark.parametrize(
    "body",
    [
        "*(see *the**\n",  # "⟦*(" would have punctuation on both sides of "*": the closer could not match
        "[end. the](https://x.org/a) [the](https://x.org/a)\n",  # "[" brackets paired with a split link
        "**the.* the*\n",  # the split span closes inside a longer run: "**ţĥé.**"
        "*end. *the* the*\n",  # ... and opens again inside one: "**ţĥé* ţĥé*"
        "`` x`y `` ![the](img/p.png) `os.Exit(1).`\n",  # backticks paired by a regular expression, not the parser
        "Strike ~~this. And~~ that.\n",  # padding of "~" made a strikethrough of its own
        "**the.* ![the](img/p.png)*\n",  # the space before "![" taken away: the spacing rule read "{3}" for "!["
        "the **the *hack/*.sh end.*. Then the**\n",  # a space put between "end." and "*.": the literal "*" paired
    ],
)
def test_shapes_the_generator_found_keep_their_structure(body):
    assert_same_structure(body, pseudo_markdown(body))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(
    ["the", "report", "Data", "grew", "fast", "Mr.", "Dr. Lee", "U.S.", "2.5", "v1.2.3", "it's", "(see", "note)", "end.", "Yes!", "well,"]
)
_PHRASE = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


def _inline(depth: int = 2) -> st.SearchStrategy[str]:
    atoms = [
        _PHRASE,
        _PHRASE.map(lambda p: p + "."),
        st.sampled_from(["`os.Exit(1).`", "`a.b`", "`` x`y ``", "<https://x.org/a.b>", "https://y.org/p?q=1", "<b>bold</b>",
                         "{{< figure src=\"a.png\" >}}", "{{% note %}}", "hack/*.sh", "Kubernetes 1.24", "&amp;", "\\*"]),
        st.tuples(_PHRASE, st.sampled_from(["https://x.org/a", "/docs/b.html", "#top", "mailto:a@x.org"]), st.sampled_from(["", ' "A T."']))
        .map(lambda t: f"[{t[0]}]({t[1]}{t[2]})"),
        _PHRASE.map(lambda p: f"![{p}](img/p.png)"),
    ]
    if depth:
        inner = _inline(depth - 1)
        atoms += [
            inner.map(lambda t: f"*{t}*"),
            inner.map(lambda t: f"**{t}**"),
            inner.map(lambda t: f"~~{t}~~"),
            st.tuples(_PHRASE, inner).map(lambda t: f"{t[0]} **{t[1]}. Then {t[0]}**"),
        ]
    return st.lists(st.one_of(atoms), min_size=1, max_size=5).map(" ".join)


def _block(footnote: bool) -> st.SearchStrategy[str]:
    line = _inline()
    cell = st.lists(st.one_of(_PHRASE, st.just("`a|b`".replace("|", "\\|")), _inline(0)), min_size=2, max_size=2)
    return st.one_of(
        line.map(lambda t: t + (" [^1]" if footnote else "")),
        line.map(lambda t: "## " + t),
        st.lists(line, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
        line.map(lambda t: "> " + t + "\n> " + t),
        st.lists(cell, min_size=1, max_size=3).map(lambda rows: "| A | B |\n|---|:--|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)),
        line.map(lambda t: f"<div class=\"x\"><p>{t.replace('<', '&lt;')}</p></div>"),
        st.just("```\ncode. block\n```"),
    )


@st.composite
def documents(draw: st.DrawFn) -> str:
    footnote = draw(st.booleans())
    blocks = draw(st.lists(_block(footnote), min_size=1, max_size=5))
    if draw(st.booleans()):  # one text both as a paragraph and inside raw HTML, where it splits differently
        text = draw(_inline())
        pair = [text, f"<div class=\"x\"><p>{text.replace('<', '&lt;')}</p></div>"]
        at = draw(st.integers(0, len(blocks)))
        blocks[at:at] = pair[::-1] if draw(st.booleans()) else pair
    return "\n\n".join(blocks) + ("\n\n[^1]: A footnote. With *two* sentences.\n" if footnote else "\n")


# Defects this test found and that are fixed (each has its own test above): the pseudo engine's "~"
# padding and "[" "]" brackets paired with Markdown split between sentences; a span reopened at a
# sentence start inside a longer delimiter run; a regular expression for code spans that paired the
# backticks of ``x`y`` wrongly; the same text as a Markdown paragraph and inside raw HTML in one
# article, each block looked up by its text alone (blocks are keyed by their kind too now); a raw-HTML
# sentence read as a bogus Markdown code span; the spacing rule taking the space before "![" away;
# a space put between two sentences the source has none between (the last three with 400 random examples).
@pytest.mark.slow  # 40 generated documents
@settings(max_examples=40, deadline=None, derandomize=True)
@given(body=documents())
def test_generated_documents_keep_their_structure_when_pseudo_translated(body):
    translated = pseudo_markdown(body)
    assert_same_structure(body, translated)
    for segment in segments(body):  # every segment is balanced on its own: it parses back to its own codes
        assert "".join(p.text for p in pieces_for(segment)) == segment


PLAIN_PARTS = ["a", " ", "\t", "-", ":", "#", "1.", "é", "http://x.org/a", "v1.2.3", "{{ x }}", "a@b.org", "11.7%"]


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(st.characters(blacklist_characters="\n\r\0!&*<[\\]_`~^"), max_size=60),
        st.lists(st.sampled_from(PLAIN_PARTS), max_size=10).map("".join),
    )
)
def test_a_text_with_no_inline_markup_character_is_read_as_the_parser_reads_it(text):
    """text_pieces skips the inline parser for text holding none of markup.INLINE_SPECIAL; the reference is the parser."""
    assert not INLINE_SPECIAL.search(text)
    assert text_pieces(text) == protect_text(inline_pieces(parse_inline(text)))
