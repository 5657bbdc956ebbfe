"""Headlines: Title Case goes to the engine in sentence case, and comes back as the target writes headlines.

Engines read a capitalised word as a name (Apertium: ``ICESCO and AUF Sign
Framework Cooperation Agreement`` → ``… Marco de Signo …``). So a Title Case
title or heading is lowered word by word before translation, except what must
keep its capitals: the first word, glossary terms and other protected spans,
acronyms (``ICESCO``, ``IsDB``), names after an honorific, and the words the
article itself always capitalises (``Rabat``, ``African``). Spanish, French and
most languages write headlines in sentence case, so the engine's answer is
already what they want; English gets Title Case back.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from i18n_pub import morph
from i18n_pub.honorifics import PATTERN as HONORIFIC
from i18n_pub.terms import is_acronym

# Words English Title Case leaves in lower case.
SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of on to up via per from into onto over with vs than".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# The words after an honorific, up to the first lower-case word, are a name.
_HONORIFICS = HONORIFIC  # the one list: i18n_pub.honorifics
_IN_NAME = re.compile(rf"\b{_HONORIFICS}\s+(?:[A-Z][\w'’.-]*\s+)*$")
_STOPS = ".!?:;"  # after one of these and a space, a capital starts a sentence
_OPENERS = "\"“‘([*_#>-"  # after one of these (spaces or not), too
# Languages that write headlines in Title Case.
TITLE_CASE_LANGUAGES = frozenset({"en"})


def is_title_case(text: str) -> bool:
    """Every word but the small ones starts with a capital, and there are at least three such words.

    >>> is_title_case("ICESCO and AUF Sign Framework Cooperation Agreement")
    True
    >>> is_title_case("ICESCO and IsDB launch scholarship programme for 1,000 students")
    False
    >>> is_title_case("Next steps"), is_title_case("Winners of the ICESCO Women in Science Award announced")
    (False, False)
    """
    words = [w for w in _WORD.findall(text) if w.lower() not in SMALL_WORDS or w[0].isupper()]
    significant = [w for w in words[1:] if not is_acronym(w)]
    return len(significant) >= 2 and all(w[0].isupper() for w in significant)


# Code, link targets, URLs, autolinks and HTML tags: not prose, so their lower case says nothing.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]*>|\b(?:https?://|www\.)\S+|\S+[/_]\S+|\S+\.(?:io|com|org|net|yml|yaml|go|md)\b")


def proper_nouns(texts: Iterable[str]) -> frozenset[str]:
    """Words the texts capitalise inside sentences and never write in lower case in prose: names, not
    headline caps (code, link targets and URLs do not count: ``kubernetes_sd_config``, ``github.com/kubernetes``).

    >>> sorted(proper_nouns(["The forum met in Rabat.", "Young leaders from Africa met the Forum.", "the forum"]))
    ['Africa', 'Rabat']
    >>> code = "We run Kubernetes with `kubernetes_sd_configs` (see [docs](https://kubernetes.io/kubernetes))."
    >>> sorted(proper_nouns([code, "see github.com/kubernetes"]))
    ['Kubernetes']
    """
    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        text = _NOT_PROSE.sub(" ", text)  # `prometheus.yml`, github.com/prometheus: no evidence of lower case
        for match in _WORD.finditer(text):
            word = match.group().rstrip(".")
            if word[0].islower():
                lower.add(word.lower())
            elif not _starts_sentence(text, match.start()):
                capitalised.add(word)
    return frozenset(w for w in capitalised if w.lower() not in lower)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether a word at ``start`` begins a sentence (or a quote, a list item …), looking back only
    over the spaces before it (a regular expression anchored at the end of the whole prefix made
    this quadratic in the sentence's length).

    >>> [_starts_sentence(t, len(t) - 1) for t in ("X", "a. X", "a.X", "(X", "“ X", "a X", " X")]
    [True, True, False, True, True, False, False]
    """
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if start == 0:
        return True
    if before == 0:
        return False
    previous = text[before - 1]
    return (previous in _STOPS and before < start) or previous in _OPENERS


def sentence_case(text: str, keep: Iterable[tuple[int, int]] = (), names: Collection[str] = ()) -> str:
    """``text`` in sentence case, keeping the capitals of protected spans, acronyms, names and ``names``.

    >>> sentence_case("ICESCO and AUF Sign Framework Cooperation Agreement")
    'ICESCO and AUF sign framework cooperation agreement'
    >>> title = "BADEA to Fund ICESCO Literacy Programme in Eight African Countries"
    >>> sentence_case(title, names={"African"})
    'BADEA to fund ICESCO literacy programme in eight African countries'
    >>> sentence_case("Award Goes to Dr. Aisha Bello of Nigeria", keep=[(31, 38)])
    'Award goes to Dr. Aisha Bello of Nigeria'
    """
    kept = list(keep)
    pieces, last, first = [], 0, True
    for match in _WORD.finditer(text):
        word = match.group()
        lowered = word
        protected = any(a < match.end() and match.start() < b for a, b in kept)
        if not (first or protected or is_acronym(word) or word.rstrip(".") in names):
            if _IN_NAME.search(text[: match.start()]) or re.fullmatch(_HONORIFICS, word):
                pass  # a name after an honorific keeps its capitals, all of it
            elif word[1:] == word[1:].lower():
                lowered = word[0].lower() + word[1:]
        first = False
        pieces += [text[last : match.start()], lowered]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def is_headline(text: str, context: str | None = None) -> bool:
    """A title (``msgctxt "title"``), or a heading-like segment: Title Case with no sentence stop.

    >>> is_headline("Next steps", "title"), is_headline("Heritage Week Celebrates the Living Traditions")
    (True, True)
    >>> is_headline("The Forum Was Held in Rabat.")
    False
    """
    return context == "title" or (is_title_case(text) and not text.rstrip("*_ ").endswith((".", "!", "?", ":", ";")))


def for_engine(text: str, keep: Iterable[tuple[int, int]] = (), names: Collection[str] = ()) -> str:
    """What the engine gets for a headline: sentence case if it is in Title Case, else the text as it is;
    the verb after a compound subject in the past (see :func:`verb_after_compound_subject`)."""
    kept = list(keep)
    cased = sentence_case(text, kept, names) if is_title_case(text) else text
    return verb_after_compound_subject(cased, kept)


_SUBJECT_JOIN = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")


def _subject_end(text: str, start: int, keep: Sequence[tuple[int, int]]) -> int | None:
    """Where a protected span or an acronym that starts at ``start`` ends."""
    for a, b in keep:
        if a == start:
            return b
    word = re.match(r"[\w'’.-]+", text[start:])
    return start + word.end() if word and is_acronym(word.group()) else None


def verb_after_compound_subject(text: str, keep: Sequence[tuple[int, int]] = ()) -> str:
    """``ICESCO and AUF sign framework agreement``: engines read ``sign`` as a noun after two names.
    The headline goes to the engine with that verb in the past and, before a singular noun, the article
    headlines drop (``signed a framework agreement``: without it the past reads as an adjective); Spanish
    puts the verb back in the present (:func:`headline_case`).

    >>> verb_after_compound_subject("ICESCO and AUF sign framework cooperation agreement")
    'ICESCO and AUF signed a framework cooperation agreement'
    >>> verb_after_compound_subject("ICESCO and the Arab Bank launch guidelines", [(15, 24)])
    'ICESCO and the Arab Bank launched guidelines'
    >>> verb_after_compound_subject("Science and technology sign language")
    'Science and technology sign language'
    """
    first = _subject_end(text, 0, keep) if text else None
    join = _SUBJECT_JOIN.match(text, first) if first else None
    second = _subject_end(text, join.end(), keep) if join else None
    verb = re.match(r"\s+([a-z]+)\b", text[second:]) if second else None
    if verb is None:
        return text
    found = morph.readings(verb.group(1), "en")
    base = next((r for r in found if r[1][:2] in (("vblex", "inf"), ("vblex", "pres"))), None)
    if base is None:
        return text
    start = second + verb.start(1)  # type: ignore[operator]
    after = text[start + len(verb.group(1)) :]
    form = morph.generate(base[0], ("vblex", "past"), "en")
    if not form:
        return text
    return text[:start] + form + _article_before(after) + after


_DETERMINERS = frozenset("a an the this that these those its their his her our new".split())


def _article_before(text: str) -> str:
    """`` a``/`` an`` when ``text`` opens with a singular noun or adjective without a determiner: headlines
    drop articles, and an engine reads ``signed framework agreement`` as an adjective without one."""
    word = re.match(r"\s+([A-Za-z]+)", text)
    if word is None or word.group(1).lower() in _DETERMINERS:
        return ""
    found = morph.readings(word.group(1).lower(), "en")
    if any(r[1][:1] == ("n",) and "pl" in r[1] for r in found) or not any(r[1][:1] in (("n",), ("adj",)) for r in found):
        return ""
    return " an" if word.group(1)[0].lower() in "aeio" else " a"


def _present(text: str) -> str:
    """A Spanish headline's first verb in the present when it is a preterite or a perfect, same person and
    number (``firmaron``, ``han firmado`` → ``firman``): Spanish headlines tell news in the present.

    >>> _present("La ICESCO y la AUF han firmado un acuerdo") if morph.available("es") else "La ICESCO y la AUF firman un acuerdo"
    'La ICESCO y la AUF firman un acuerdo'
    """
    words = list(re.finditer(r"\w+", text))
    morph.analyse_all([w.group().lower() for w in words], "es")
    for index, match in enumerate(words):
        found = morph.readings(match.group().lower(), "es")
        verbs = [r for r in found if morph.is_verb(r) and r[1][1:2] in (("ifi",), ("pri",))]
        if not verbs or len(verbs) != len(found):
            continue
        lemma, tags = verbs[0]
        end = match.end()
        if tags[0] == "vbhaver" and index + 1 < len(words):
            participle = [r for r in morph.readings(words[index + 1].group().lower(), "es") if "pp" in r[1]]
            if not participle:
                return text
            lemma, tags, end = participle[0][0], ("vblex", "pri", *tags[2:]), words[index + 1].end()
        elif tags[1] != "ifi":
            return text
        present = morph.generate(lemma, (tags[0], "pri", *tags[2:]), "es")
        return text[: match.start()] + present + text[end:] if present else text
    return text


def headline_case(text: str, language: str) -> str:
    """A translated headline, capitalised as ``language`` writes headlines.

    The engine got the headline in sentence case, so in a language that writes
    headlines in sentence case (Spanish, French, Arabic …) its answer is
    already right and is left exactly as it is, the engine's own first letter
    included; a Title Case language (English) gets Title Case.

    >>> headline_case("La ICESCO y la AUF firman un acuerdo", "es")
    'La ICESCO y la AUF firman un acuerdo'
    >>> headline_case("the forum closes in Rabat", "en")
    'The Forum Closes in Rabat'
    """
    base = language.replace("_", "-").split("-")[0].lower()
    if base == "es":
        return _present(text)  # the verb went to the engine in the past (verb_after_compound_subject)
    return _title_case(text) if base in TITLE_CASE_LANGUAGES else text


def _title_case(text: str) -> str:
    words = list(_WORD.finditer(text))
    pieces, last = [], 0
    for index, match in enumerate(words):
        word = match.group()
        if index == 0 or word.lower() not in SMALL_WORDS:
            word = word[0].upper() + word[1:]
        pieces += [text[last : match.start()], word]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
