from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_pub.segment import split_block, split_sentences
from tests.conftest import shared_file


def test_english_golden_rules_at_least_47_of_48():
    rows = [line.rstrip("\n").split("\t") for line in shared_file("data/golden_rules_en.tsv").read_text("utf-8").splitlines()]
    assert len(rows) == 48
    passed = [src for src, expected in rows if split_sentences(src) == [s.strip() for s in expected.split("|||")]]
    assert len(passed) >= 47, [src for src, _ in rows if src not in passed]


@pytest.mark.parametrize(
    "text",
    [
        "H.E. Dr. Salim M. AlMalik, Director-General of ICESCO, opened the session.",
        "Prof. Slim Khalbous met Mr. Ahmed Said Ould Bah and Ms. Amina J. Mohammed.",
        "Mrs. Jones visited St. Paul's and the U.S. embassy in Rabat.",
        "Room No. 5 holds 2.5 million books.",
    ],
)
def test_no_split_after_honorifics_initials_abbreviations_or_decimals(text):
    assert split_sentences(text) == [text]


def test_two_sentences_after_a_name_split():
    assert split_sentences("It was signed by Dr. Said M. Ed-Dbib. The event ended.") == [
        "It was signed by Dr. Said M. Ed-Dbib.",
        "The event ended.",
    ]


def test_lines_are_tracked_and_whitespace_normalised_but_no_break_space_kept():
    block = "First sentence here.  Second one\nruns over   a line. Third\u00a0one."
    segments = split_block(block, 10)
    assert [(s.text, s.line) for s in segments] == [
        ("First sentence here.", 10),
        ("Second one runs over a line.", 10),
        ("Third\u00a0one.", 11),
    ]


def test_inline_markdown_stays_inside_the_segment():
    text = "Read [the full report](https://example.org/r.pdf) for *more*. Then **act**."
    assert split_sentences(text) == ["Read [the full report](https://example.org/r.pdf) for *more*.", "Then **act**."]


def _stock_and_ours(text: str):
    import pysbd

    from i18n_pub.segment import _segmenter

    stock = pysbd.Segmenter(language="en", clean=False, char_span=True)
    as_tuples = lambda spans: [(s.sent, s.start, s.end) for s in spans]  # noqa: E731
    return as_tuples(stock.segment(text)), as_tuples(_segmenter().segment(text))


def test_sentence_offsets_found_without_regex_are_pysbds_own():
    """Our faster span finder must give pysbd's spans exactly: Golden Rules, the sample site, repeats."""
    from i18n_pub.sources import load_articles, markdown_parser
    from tests.conftest import REPO

    texts = [line.split("\t")[0] for line in shared_file("data/golden_rules_en.tsv").read_text("utf-8").splitlines()]
    for article in load_articles(REPO / "sources"):
        inline = [t.content for t in markdown_parser().parse(article.body) if t.type == "inline" and t.content.strip()]
        texts += [article.title, *(content.replace("\n", " ") for content in inline)]
    texts += ["Yes. Yes. Yes.", "It rained.  It rained.   It rained. ", "Go! Go! (Go.) Go?", ""]
    compared = 0
    for text in texts:
        stock, ours = _stock_and_ours(text)
        assert ours == stock, text
        compared += len(stock)
    assert compared > 200  # sentences compared: 211 when this test was written


def _pysbd_spans(flat: str) -> list[tuple[int, int]]:
    from i18n_pub.segment import _NO_BREAK_AFTER, _segmenter

    spans: list[tuple[int, int]] = []
    for span in _segmenter().segment(flat):
        if not flat[span.start : span.end].strip():
            continue
        if spans and _NO_BREAK_AFTER.search(flat[spans[-1][0] : spans[-1][1]].rstrip()):
            spans[-1] = (spans[-1][0], span.end)
        else:
            spans.append((span.start, span.end))
    return spans


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcXYZ019 ,'’‘\"“”-–—/&%#*_[({}<>+=@$~|\u00a0\t", max_size=60),
    st.sampled_from(["", ".", "!", "?", "...", "?!", " ", ". "]),
)
def test_a_block_without_inner_sentence_punctuation_is_split_as_pysbd_splits_it(body, end):
    from i18n_pub.segment import _single_sentence, sentence_spans

    flat = body + end
    single = _single_sentence(flat)
    if single is not None:
        assert single == _pysbd_spans(flat)
    assert sentence_spans(flat) == _pysbd_spans(flat)


def test_the_single_sentence_shortcut_is_taken_for_headings_and_list_items():
    from i18n_pub.segment import _single_sentence

    assert _single_sentence("Heritage Week Celebrates the Living Traditions") == [(0, 46)]
    assert _single_sentence("  A list item, with a comma!") == [(2, 28)]
    assert _single_sentence("Two sentences. Here.") is None and _single_sentence("1) one 2) two") is None
