"""Organisations: the article Spanish puts before an organisation's name, and English possessives.

English names an organisation bare (``ICESCO signed``, ``Director-General of
ICESCO``); Spanish gives it the article of its gender and number, which the
glossary records (``es:gender``): ``la ICESCO firmó``, ``Director General de la
ICESCO``, ``el BADEA``, ``las Naciones Unidas``; ``del``/``al`` after ``de``/``a``.
No article is added inside parentheses (``(ICESCO)``), after another
determiner or possessive (``su Consejo Ejecutivo``), or where the name
modifies a noun that follows it.

``ICESCO's headquarters`` reaches the engine as ``the headquarters of
ICESCO`` (:func:`possessive_of`), the order Spanish and French use, so the
engine writes ``la sede de`` and the article rule above completes
``de la ICESCO``. The possessed noun phrase is read with Apertium's English
dictionary (:mod:`i18n_pub.morph`): nouns and adjectives, up to four, and no word
that can also be a verb once a noun has been read (``the Organization's new
strategic vision places …``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from i18n_pub import morph
from i18n_pub.agreement import placements
from i18n_pub.masking import NAME_TOKENS, Masked
from i18n_pub.protect import Span
from i18n_pub.terms import NUMBERS

# --- Spanish article --------------------------------------------------------------

_ES_ARTICLES = {("m", "sg"): "el", ("f", "sg"): "la", ("m", "pl"): "los", ("f", "pl"): "las"}
# After these the name is a noun phrase of its own, whatever follows it ("entre la ICESCO y la AUF …").
_JOINING = frozenset("y e o u ni de entre con por para en sobre según desde hasta".split())
_ES_DETERMINED = frozenset(
    "el la los las lo del al un una unos unas su sus mi mis tu tus nuestro nuestra nuestros nuestras este esta estos estas "
    "ese esa esos esas aquel aquella cada otro otra ambos ambas dicho dicha".split()
)


def _es_article(text: str, start: int, span: Span) -> tuple[int, str] | None:
    """The article to put before the organisation at ``start``: (characters of ``text`` it replaces, text)."""
    before = text[:start]
    if before.endswith(("(", "“", '"', "«", "/", "-")) or re.search(r"\w$", before):
        return None
    previous = re.search(r"(?P<word>[\w]+)(?P<space>[ \u00a0]+)$", before)
    word = previous.group("word").lower() if previous else ""
    if word in _ES_DETERMINED or word.isdigit():
        return None
    if word not in _JOINING and _modifies_next(text[start + len(span.target) :]):
        return None
    article = _ES_ARTICLES[span.gender, span.number if span.number in NUMBERS else "sg"]  # type: ignore[index]
    if word in ("de", "a") and article == "el":
        cut = len(previous.group())  # type: ignore[union-attr]
        return cut, _capital(previous.group("word"), {"de": "del", "a": "al"}[word]) + " "  # type: ignore[union-attr]
    stripped = before.rstrip(" \u00a0")
    if not stripped or stripped.endswith((".", "!", "?", ":", "¿", "¡", "\n")):
        article = article.capitalize()
    return 0, article + " "


def _capital(model: str, word: str) -> str:
    return word.capitalize() if model[:1].isupper() else word


def _modifies_next(after: str) -> bool:
    """Whether the name is followed by a noun it modifies (``ICESCO programa``): no article then."""
    match = re.match(r"[ \u00a0]+(\w+)", after)
    if match is None:
        return False
    word = match.group(1)
    if word[:1].isupper():
        return True
    return any(r[1][:1] == ("n",) for r in morph.readings(word, "es"))


def organisation_articles(text: str, spans: Sequence[Span], language: str) -> str:
    """The post-restore hook: every restored organisation with a Spanish gender gets its article.

    >>> icesco = Span(0, 0, "ICESCO", "organization", "ICESCO", "f")
    >>> organisation_articles("ICESCO y el Banco firmaron en la sede de ICESCO (ICESCO).", [icesco], "es")
    'La ICESCO y el Banco firmaron en la sede de la ICESCO (ICESCO).'
    >>> organisation_articles("Director de Operaciones de BADEA", [Span(0, 0, "BADEA", "organization", "BADEA", "m")], "es")
    'Director de Operaciones del BADEA'
    """
    base = language.replace("_", "-").split("-")[0].lower()
    organisations = [s for s in spans if s.kind == "organization" and s.gender in ("m", "f")]
    if base != "es" or not organisations:
        return text
    morph.analyse_all(re.findall(r"\w+", text), "es")
    for placed in reversed(placements(text, spans)):  # all spans: an organisation inside a longer term is part of that term
        if placed.span.kind != "organization" or placed.span.gender not in ("m", "f"):
            continue
        change = _es_article(text, placed.start, placed.span)
        if change is not None:
            cut, article = change
            text = text[: placed.start - cut] + article + text[placed.start :]
    return text


# --- English possessives, before the engine ---------------------------------------

_POSSESSIVE_END = re.compile(r"['’ʼ]s$")
_FUNCTION_WORDS = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been has have had will would can "
    "could may might must shall should do does did that which who this these those its their his her our".split()
)
_MAX_WORDS = 4


def _possessed(words: Sequence[str], token_pattern: re.Pattern[str]) -> int:
    """How many of ``words`` make the possessed noun phrase (0 when none is a noun)."""
    taken, noun = 0, False
    for word in words[:_MAX_WORDS]:
        if token_pattern.fullmatch(word) or word in NAME_TOKENS["f"] or word in NAME_TOKENS["m"]:
            taken, noun = taken + 1, True
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z-]*", word) or word.lower() in _FUNCTION_WORDS:
            break
        found = morph.readings(word.lower(), "en")
        kinds = {r[1][0] for r in found if r[1]}
        if not kinds & {"n", "adj"} or (noun and morph_verb(found)):
            break
        taken += 1
        noun = noun or "n" in kinds
    return taken if noun else 0


def morph_verb(found: Sequence[morph.Reading]) -> bool:
    return any(morph.is_verb(r) and ("past" in r[1] or "p3" in r[1]) for r in found)


def possessive_of(masked: Masked, source: str, language: str) -> Masked:
    """``{0} headquarters in Rabat`` → ``the headquarters of {0} in Rabat`` for each possessive span.

    >>> from i18n_pub.masking import SHAPES, mask
    >>> source = "They met at ICESCO's headquarters in Rabat."
    >>> m = mask(source, [Span(12, 20, "ICESCO", "organization", "ICESCO", "f")], SHAPES["braces"])
    >>> possessive_of(m, source, "es").text if morph.available("en") else "They met at the headquarters of {0} in Rabat."
    'They met at the headquarters of {0} in Rabat.'
    """
    text = masked.text
    for span, token in zip(masked.spans, masked.tokens, strict=True):
        if not _POSSESSIVE_END.search(source[span.start : span.end]):
            continue
        at = text.find(token)
        if at < 0:
            continue
        after = text[at + len(token) :]
        words = re.findall(r"[^\s,.;:!?()]+", after)
        morph.analyse_all([w.lower() for w in words[:_MAX_WORDS]], "en")
        count = _possessed(words, masked.shape.pattern)
        if count == 0:
            continue
        phrase = re.match(r"\s+" + r"\s+".join(re.escape(w) for w in words[:count]), after)
        if phrase is None:
            continue
        head = text[:at]
        article = "" if re.search(r"(?i)\bthe\s+$", head) else "the "
        text = f"{head}{article}{phrase.group().strip()} of {token}{after[phrase.end():]}"
    return replace(masked, text=text)
