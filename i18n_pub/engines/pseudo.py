"""Deterministic pseudo-localisation, to see layout and untranslated strings without an engine.

Letters get accents, the text grows by about a third and is bracketed; Markdown
link targets, inline code, braces placeholders and masked tokens are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from i18n_pub.engines import Answer, EngineResult, OnResult

_ACCENTED = str.maketrans(
    "AaCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçÐðÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)
# Spans that must pass through untouched.
_PROTECTED = re.compile(r"`[^`]*`|\]\([^)]*\)|\{[^{}]*\}|<[^>]*>|https?://\S+|__\w+__|\[\[\w+\]\]")


PAD = "\u00b7"  # ·
_DELIMITERS = "*_~{"  # Markdown delimiters, and the tokens that stand for them while masked


def pseudolocalize(text: str) -> str:
    """
    >>> pseudolocalize("Read [the report](https://example.org/r) now.")
    '⟦Ŕéåð [ţĥé ŕépöŕţ](https://example.org/r) ñöŵ. ···············⟧'
    >>> pseudolocalize("*(see the docs)*")
    '⟦ *(šéé ţĥé ðöçš)* ·····⟧'
    """
    pieces, last = [], 0
    for match in _PROTECTED.finditer(text):
        pieces.append(text[last : match.start()].translate(_ACCENTED))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(_ACCENTED))
    body = "".join(pieces)
    # Padding of middle dots: inert in Markdown and HTML ("~" paired with a "~~" of the next
    # sentence into strikethrough). A delimiter run after "[" would have punctuation on both sides,
    # which changes what it may close in CommonMark ("⟦*(see *the**" has no emphasis): a space then.
    # The brackets are not Markdown's "[ ]", which paired with a link split between sentences.
    opening = "⟦ " if body[:1] in _DELIMITERS else "⟦"
    return f"{opening}{body} {PAD * max(1, len(text) // 3)}⟧"


class PseudoEngine:
    name = "pseudo"
    token_shape = "{%d}"  # punctuation and digits: kept as written (see i18n_pub/masking.py)

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> EngineResult:
        results = tuple(Answer(pseudolocalize(text)) for text in texts)
        for index, answer in enumerate(results):
            if on_result:
                on_result(index, answer)
        return EngineResult(results)
