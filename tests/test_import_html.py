"""HTML → Markdown for import, piece by piece: shortcodes, tracking markup, escapes, tables.

Expected Markdown is written by hand; where what matters is how it reads back, the Markdown is
rendered with markdown-it (CommonMark with GFM tables) and the HTML compared.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from i18n_pub.html_markdown import ConversionError, convert

render = MarkdownIt("commonmark", {"html": False}).enable("table").render


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        # [caption]: the image, then its caption; the old form carries the caption in an attribute
        (
            '[caption id="a" width="300"]<a href="https://x.org/big.jpg"><img src="https://x.org/s.jpg" alt="A"></a> Text.[/caption]',
            "[![A](https://x.org/s.jpg)](https://x.org/big.jpg)\n\nText.\n",
        ),
        ('[caption caption="Old form"]<img src="https://x.org/o.jpg" alt="O">[/caption]', "![O](https://x.org/o.jpg)\n\nOld form\n"),
        # players and galleries go; page-builder wrappers go but keep their text
        (
            '<p>Before.</p>[video src="https://x.org/v.mp4"][/video][audio mp3="a.mp3"][gallery ids="1,2"]<p>After.</p>',
            "Before.\n\nAfter.\n",
        ),
        ("[vc_row][vc_column][vc_column_text]<p>Inside a builder.</p>[/vc_column_text][/vc_column][/vc_row]", "Inside a builder.\n"),
        # unknown shortcodes and bracketed words stay text; [[x]] is WordPress's escape for [x]
        ("<p>He said [sic] and [contact-form-7 id=5] and [[embed]].</p>", "He said [sic] and [contact-form-7 id=5] and [embed].\n"),
    ],
)
def test_shortcodes(html, markdown):
    assert convert(html) == markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (
            '<p>Text<img src="https://t.example/p.gif" width="1" height="1"><img src="https://t.example/z.gif" width="0" height="0"></p>',
            "Text\n",
        ),
        ('<p>Text</p><noscript><img src="https://t.example/p.gif"></noscript>', "Text\n"),
        ('<p>Photo: <img src="https://x.org/a.jpg" alt="A" width="640" height="1"></p>', "Photo: ![A](https://x.org/a.jpg)\n"),
        ("<p>&nbsp;</p><p>Real text.</p><p> </p>", "Real text.\n"),
        ('<p><a href="javascript:alert(1)" onclick="x()">click</a> <span style="color:red" class="c">red</span></p>', "click red\n"),
        ("<div><p>Once</p></div><form><input name=q><button>Search</button></form><template><p>never</p></template>", "Once\n"),
    ],
)
def test_tracking_markup_and_empty_blocks_go(html, markdown):
    assert convert(html) == markdown


@pytest.mark.parametrize(
    ("html", "expected_html"),
    [
        ("<p>1986. A great year.</p>", "<p>1986. A great year.</p>\n"),
        ("<p># is a hash sign</p>", "<p># is a hash sign</p>\n"),
        ("<p>- not a list</p>", "<p>- not a list</p>\n"),
        ("<p>*not emphasis* and _not either_ and `not code`</p>", "<p>*not emphasis* and _not either_ and `not code`</p>\n"),
        ("<p>The entity &amp;copy; as written</p>", "<p>The entity &amp;copy; as written</p>\n"),
        ("<p>&gt; not a quote</p>", "<p>&gt; not a quote</p>\n"),
    ],
)
def test_text_that_looks_like_markdown_stays_text(html, expected_html):
    assert render(convert(html)) == expected_html


def test_a_table_without_header_gets_its_first_row_as_header():
    html = "<table><tr><td>Country</td><td>Sites | total</td></tr><tr><td>Egypt</td><td>7</td></tr></table>"
    assert convert(html) == "| Country | Sites \\| total |\n| --- | --- |\n| Egypt | 7 |\n"
    assert "<th>Sites | total</th>" in render(convert(html))


def test_paragraphs_in_a_table_cell_become_one_line():
    html = "<table><tr><th>A</th></tr><tr><td><p>One.</p><p>Two.</p></td></tr></table>"
    assert render(convert(html)).count("<td>One. Two.</td>") == 1


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ("<table><tr><th>A</th></tr><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", "a table inside a table"),
        ("<table><tr><th>A</th></tr><tr><td><ul><li>x</li></ul></td></tr></table>", "a table cell holds a <ul>"),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>",
            "the Markdown would not read as the HTML does",
        ),
    ],
)
def test_html_that_markdown_cannot_hold_is_refused(html, what):
    with pytest.raises(ConversionError) as caught:
        convert(html)
    assert caught.value.what.startswith(what) and caught.value.fix


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_is_refused_not_truncated(depth):
    """libxml2 silently drops what lies deeper than 255 elements: that text must not just vanish."""
    with pytest.raises(ConversionError) as caught:
        convert("<p>Before.</p>" + "<blockquote>" * depth + "deep" + "</blockquote>" * depth)
    assert caught.value.what == "the HTML is nested too deeply to convert"


def test_line_breaks_split_paragraphs_and_never_reach_a_sentence():
    """A hard break inside a sentence would reach translators (and the feed) as a stray backslash."""
    html = "<p><strong>Rabat, April 12, 2021</strong><br>The Organization met.<br/>A <em>long<br>line</em>.</p><ul><li>a<br>b</li></ul>"
    markdown = convert(html)
    assert markdown == "**Rabat, April 12, 2021**\n\nThe Organization met.\n\nA *long line*.\n\n- a b\n"
    assert "\\" not in markdown and "  \n" not in markdown


def test_wordpress_emoji_images_are_characters_again_and_anchors_without_address_text():
    html = (
        '<p>Well done <img draggable="false" role="img" class="emoji" alt="👏" '
        'src="https://s.w.org/images/core/emoji/13.0.1/72x72/1f44f.png"> to all.'
        ' <a name="top"></a><a id="x">Named</a> <a href="javascript:void(0)">Not a link</a>.</p>'
    )
    assert convert(html) == "Well done 👏 to all. Named Not a link.\n"


@pytest.mark.parametrize(
    ("html", "expected_html"),
    [
        ("<p>Text [a](https://x.org) and [b]: https://y.org</p>", "<p>Text [a](https://x.org) and [b]: https://y.org</p>\n"),
        ("<p>A path C:\\*temp* stays</p>", "<p>A path C:\\*temp* stays</p>\n"),
        ("<p>Line one\n- not a list\n> not a quote</p>", "<p>Line one - not a list &gt; not a quote</p>\n"),
        ("<h2>Room #</h2>", "<h2>Room #</h2>\n"),
        ("<a href='https://x.org'><h3>A card</h3><p>Its text</p></a>", "<h3>A card</h3>\n<p>Its text</p>\n"),  # a link cannot hold blocks
    ],
)
def test_text_with_markdown_syntax_inside_stays_text(html, expected_html):
    assert render(convert(html)) == expected_html
