"""After a term is restored, the article or contraction in front of it agrees with it.

The engine chose the determiner while it saw a placeholder, so it guessed
(Apertium: ``El Organización …``). Where the glossary gives the term a gender
or a number in the target language, the determiner right before the term takes
the matching form: Spanish ``el/la/los/las``, ``del``/``de la``/``de los``/
``de las``, ``al``/``a la``/…, ``un/una/unos/unas``; French ``le/la/l'/les``,
``du``/``de la``/``de l'``/``des``, ``au``/``à la``/``à l'``/``aux``,
``un/une``, with elision before a vowel or a mute h. A restored span that
itself starts with an article (``el 29 de marzo``) is contracted with a
preposition before it (``del 29 de marzo``) and never doubled. Languages
without rules here are left untouched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from i18n_pub.protect import Span
from i18n_pub.terms import NUMBERS

# The genders Spanish and French determiners have; a glossary term may also be "n" (neuter), which none agrees with.
DETERMINER_GENDERS = ("m", "f")


@dataclass(frozen=True)
class Placed:
    """Where a restored span sits in the translated text."""

    start: int
    end: int
    span: Span


# How to read a determiner before a term: (kind, gender, number, preposition it contracts).
_Reading = tuple[str, str | None, str, str]

# --- Spanish ----------------------------------------------------------------

_ES_ARTICLES = {("m", "sg"): "el", ("f", "sg"): "la", ("m", "pl"): "los", ("f", "pl"): "las"}
_ES_INDEFINITE = {("m", "sg"): "un", ("f", "sg"): "una", ("m", "pl"): "unos", ("f", "pl"): "unas"}
_ES_READ: dict[str, tuple[str, str, str, str]] = {  # every Spanish determiner shows its gender
    "el": ("def", "m", "sg", ""), "la": ("def", "f", "sg", ""), "los": ("def", "m", "pl", ""),
    "las": ("def", "f", "pl", ""), "del": ("def", "m", "sg", "de"), "al": ("def", "m", "sg", "a"),
    "un": ("indef", "m", "sg", ""), "una": ("indef", "f", "sg", ""), "unos": ("indef", "m", "pl", ""),
    "unas": ("indef", "f", "pl", ""),
}
_ES_BEFORE = re.compile(
    r"(?:(?<![\w'’])(?P<prep>de|a)\s+)?(?<![\w'’])(?P<det>el|la|los|las|del|al|un|una|unos|unas)(?P<space>\s+)$",
    re.IGNORECASE,
)
# Feminine nouns starting with a stressed a take "el" and "un" in the singular (el agua, un aula).
_STRESSED_A = frozenset(
    "agua águila alma área arma aula ave hacha hambre habla hada ala alba ancla arca asa ágora ánfora".split()
)

# --- French -----------------------------------------------------------------

_FR_READ: dict[str, _Reading] = {
    "le": ("def", "m", "sg", ""), "la": ("def", "f", "sg", ""), "l'": ("def", None, "sg", ""),
    "les": ("def", None, "pl", ""), "du": ("def", "m", "sg", "de"), "des": ("def", None, "pl", "de"),
    "au": ("def", "m", "sg", "à"), "aux": ("def", None, "pl", "à"), "un": ("indef", "m", "sg", ""),
    "une": ("indef", "f", "sg", ""),
}
_FR_BEFORE = re.compile(
    r"(?:(?<![\w'’])(?P<prep>de|à)\s+)?(?<![\w'’])"
    r"(?:(?P<det>le|la|les|du|des|au|aux|une|un)(?P<space>\s+)|(?P<elided>l)(?P<apostrophe>['’])\s*)$",
    re.IGNORECASE,
)
# Words whose h is aspirated: no elision (le haut, la Hongrie).
_ASPIRATED_H = frozenset(
    "hache haine hall halte hamac hameau hanche handicap hangar harcèlement haricot hasard hâte hausse haut haute "
    "hauts hautes hérisson héros hibou hockey hollande homard hongrie honduras honte hors housse huit huitième "
    "hutte".split()
)
_VOWELS = set("aeiouàâäéèêëîïôöùûüœæ")


def _first_word(text: str) -> str:
    match = re.match(r"[\w'’-]+", text)
    return (match.group() if match else "").lower()


def _elides(term: str) -> bool:
    """French elision before ``term``: a vowel, or an h that is not aspirated.

    >>> _elides("Organisation"), _elides("hôpital"), _elides("Haut-Commissariat"), _elides("Banque")
    (True, True, False, False)
    """
    word = _first_word(term)
    if not word:
        return False
    if word[0] == "h":
        return word.split("-")[0] not in _ASPIRATED_H
    return word[0] in _VOWELS


def _stressed_a(term: str) -> bool:
    word = unicodedata.normalize("NFC", _first_word(term))
    return word in _STRESSED_A


def _match_case(model: str, form: str) -> str:
    return form[:1].upper() + form[1:] if model[:1].isupper() else form


def _spanish(before: str, span: Span, apostrophe: str = "'") -> tuple[int, str] | None:
    """The new determiner for the end of ``before``: (how many characters it replaces, the text)."""
    match = _ES_BEFORE.search(before)
    if match is None:
        return None
    det = match.group("det")
    kind, gender, number, joined = _ES_READ[det.lower()]
    prep = match.group("prep") or joined
    gender = span.gender if span.gender in DETERMINER_GENDERS else gender
    number = span.number if span.number in NUMBERS else ("sg" if span.gender in DETERMINER_GENDERS else number)
    if span.gender not in DETERMINER_GENDERS and span.number not in NUMBERS:
        return None
    if kind == "indef":
        form = _ES_INDEFINITE[gender, number]
        if (gender, number) == ("f", "sg") and _stressed_a(span.target):
            form = "un"
        return _replace_tail(match, _match_case(det, form) + match.group("space"))
    article = _ES_ARTICLES[gender, number]
    if (gender, number) == ("f", "sg") and _stressed_a(span.target):
        article = "el"
    first = match.group("prep") or det
    space = match.group("space")
    if prep and article == "el":
        text = _match_case(first, {"de": "del", "a": "al"}[prep.lower()])
    elif prep:
        text = _match_case(first, prep.lower()) + " " + article
    else:
        text = _match_case(det, article)
    return len(match.group()), text + space


def _french(before: str, span: Span, apostrophe: str = "'") -> tuple[int, str] | None:
    match = _FR_BEFORE.search(before)
    if match is None:
        return None
    det = match.group("det") or match.group("elided") + "'"
    kind, gender, number, joined = _FR_READ[det.lower()]
    gender = span.gender if span.gender in DETERMINER_GENDERS else gender
    number = span.number if span.number in NUMBERS else ("sg" if span.gender in DETERMINER_GENDERS else number)
    apostrophe = match.group("apostrophe") or apostrophe
    elide = _elides(span.target)
    if kind == "indef":
        if number != "sg" or gender is None:
            return None
        form = "un" if gender == "m" else "une"
        return _replace_tail(match, _match_case(det, form) + " ")
    prep = (match.group("prep") or joined).lower()
    if number == "pl":
        form = {"": "les", "de": "des", "à": "aux"}[prep] + " "
    elif elide:
        form = {"": "", "de": "de ", "à": "à "}[prep] + "l" + apostrophe
    elif gender is None:
        return None
    elif gender == "m":
        form = {"": "le", "de": "du", "à": "au"}[prep] + " "
    else:
        form = {"": "la", "de": "de la", "à": "à la"}[prep] + " "
    first = match.group("prep") or det
    return len(match.group()), _match_case(first, form)


def _replace_tail(match: re.Match[str], text: str) -> tuple[int, str]:
    """Replace only the determiner (not a preposition before it)."""
    return len(match.group()) - (match.start("det") - match.start()), text


_RULES = {"es": _spanish, "fr": _french}
AGREEMENT_LANGUAGES = frozenset(_RULES)  # languages whose determiners follow the glossary's gender and number
# Span targets that start with an article, by language: the article and its contractions.
_LEADING_ARTICLE = {
    "es": {"el": {"de": "del", "a": "al"}},
    "fr": {"le": {"de": "du", "à": "au"}, "les": {"de": "des", "à": "aux"}},
}


def _leading_article(before: str, span: Span, language: str) -> tuple[int, int, str] | None:
    """A span starting with an article: drop a doubled article, contract a preposition before it.

    Returns (characters to cut from ``before``, characters to cut from the span, replacement).
    """
    for article, contractions in _LEADING_ARTICLE.get(language, {}).items():
        head = re.match(rf"({article})\s", span.target, re.IGNORECASE)
        if head is None:
            continue
        doubled = re.search(rf"(?<![\w'’])({article})\s+$", before, re.IGNORECASE)
        if doubled:
            before_cut = len(doubled.group())
            prefix = before[: len(before) - before_cut]
            kept = doubled.group(1)
        else:
            before_cut, prefix, kept = 0, before, head.group(1)
        prep = re.search(r"(?<!\w)(" + "|".join(contractions) + r")\s+$", prefix, re.IGNORECASE)  # also jusqu'à
        if prep:
            form = _match_case(prep.group(1), contractions[prep.group(1).lower()])
            return before_cut + len(prep.group()), len(head.group()), form + " "
        if doubled:
            return before_cut, len(head.group()), _match_case(kept, head.group(1).lower()) + " "
    return None


def agree(text: str, placed: Iterable[Placed], language: str) -> str:
    """``text`` with the determiner before each placed span made to agree with it.

    >>> from i18n_pub.protect import Span
    >>> org = Span(0, 0, "Organización del Mundo Islámico", "organization", "ICESCO", gender="f")
    >>> text = "El Organización del Mundo Islámico firmó."
    >>> agree(text, [Placed(3, 34, org)], "es")
    'La Organización del Mundo Islámico firmó.'
    >>> text = "la sede del Organización del Mundo Islámico"
    >>> agree(text, [Placed(12, 43, org)], "es")
    'la sede de la Organización del Mundo Islámico'
    >>> date = Span(0, 0, "el 29 de marzo", "date", "on March 29")
    >>> agree("a partir de el 29 de marzo", [Placed(12, 26, date)], "es")
    'a partir del 29 de marzo'
    """
    base = language.replace("_", "-").split("-")[0].lower()
    rule = _RULES.get(base)
    if rule is None:
        return text
    apostrophe = "’" if "’" in text else "'"  # the typography the text already uses
    for item in sorted(placed, key=lambda p: p.start, reverse=True):
        before, rest = text[: item.start], text[item.start :]
        leading = _leading_article(before, item.span, base)
        if leading is not None:
            cut_before, cut_span, replacement = leading
            text = before[: len(before) - cut_before] + replacement + rest[cut_span:]
            continue
        change = rule(before, item.span, apostrophe)
        if change is not None:
            cut, replacement = change
            text = before[: len(before) - cut] + replacement + rest
    return text


def _placements(text: str, spans: Iterable[Span]) -> list[Placed]:
    """Every place where a span's target occurs in ``text``, longest first on overlap, in text order."""
    by_target: dict[str, Span] = {}
    for span in spans:
        if span.target and (span.target not in by_target or span.gender or span.number):
            by_target[span.target] = span
    candidates = [
        Placed(start, start + len(target), span) for target, span in by_target.items() for start in _whole_word_starts(target, text)
    ]
    placed: list[Placed] = []
    for item in sorted(candidates, key=lambda p: (p.start - p.end, p.start)):
        if all(item.end <= other.start or other.end <= item.start for other in placed):
            placed.append(item)
    return sorted(placed, key=lambda p: p.start)


placements = _placements  # for the other grammar rules (i18n_pub.organisations)


def _whole_word_starts(target: str, text: str) -> Iterator[int]:
    """Where ``target`` occurs in ``text`` with no word character right before or after it
    (what ``re.finditer(r"(?<!\\w)" + re.escape(target) + r"(?!\\w)")`` finds, without compiling a
    pattern per target: targets are dates and numbers as often as terms, so patterns were never reused).

    >>> list(_whole_word_starts("de", "de dedo de_ de"))
    [0, 12]
    """
    position = text.find(target)
    while position >= 0:
        end = position + len(target)
        if not (position > 0 and _is_word_character(text[position - 1])) and not (end < len(text) and _is_word_character(text[end])):
            yield position
            position = text.find(target, end)
        else:
            position = text.find(target, position + 1)


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what \w matches in a str pattern


def _with_heads(text: str, placed: Sequence[Placed]) -> list[Placed]:
    """A term right before another term modifies it (``un ICESCO Estado miembro`` from ``an ICESCO member
    state``): the determiner in front belongs to the second, the head, so it agrees with the head."""
    result = list(placed)
    for index in range(len(result) - 2, -1, -1):
        item, head = result[index], result[index + 1]
        if text[item.end : head.start].isspace() and (head.span.gender or head.span.number):
            grammar = replace(item.span, gender=head.span.gender, number=head.span.number)
            result[index] = Placed(item.start, item.end, grammar)
    return result


def agree_restored(text: str, spans: Iterable[Span], language: str) -> str:
    """:func:`agree` for every place where a restored span's target occurs (a post-restore hook).

    The same target text always stands for the same term, so every occurrence takes the same form.

    >>> from i18n_pub.protect import Span
    >>> agree_restored("El Organización y el Organización", [Span(0, 0, "Organización", "term", "x", "f")], "es")
    'La Organización y la Organización'
    >>> state = Span(0, 0, "Estado miembro", "term", "member state", "m")
    >>> agree_restored("en una ICESCO Estado miembro", [Span(0, 0, "ICESCO", "organization", "x", "f"), state], "es")
    'en un ICESCO Estado miembro'
    """
    return agree(text, _with_heads(text, _placements(text, spans)), language)


# --- reading, for checks and the quality benchmark ---------------------------

_ES_CHECK = re.compile(r"(?<![\w'’])(?:(de|a)\s+)?(el|la|los|las|del|al|un|una|unos|unas)\s+$", re.IGNORECASE)
_FR_CHECK = re.compile(r"(?<![\w'’])(?:(de|à)\s+)?(?:(le|la|les|du|des|au|aux|un|une)\s+|(l['’])\s*)$", re.IGNORECASE)
_CHECKERS: dict[str, tuple[re.Pattern[str], Mapping[str, _Reading]]] = {"es": (_ES_CHECK, _ES_READ), "fr": (_FR_CHECK, _FR_READ)}


def _expected_reading(span: Span, language: str) -> tuple[str | None, str | None]:
    gender = span.gender if span.gender in DETERMINER_GENDERS else None
    number = span.number if span.number in NUMBERS else ("sg" if gender else None)
    if language == "es" and gender == "f" and number == "sg" and _stressed_a(span.target):
        gender = "m"  # el agua: the masculine form of the article
    return gender, number


def article_errors(text: str, spans: Iterable[Span], language: str) -> list[str]:
    """Each determiner in ``text`` right before a span's target that disagrees with the span's gender or number.

    Reads only; the messages quote the wrong pair.

    >>> from i18n_pub.protect import Span
    >>> org = Span(0, 0, "Organización", "organization", "Organization", gender="f")
    >>> article_errors("El Organización y la Organización del Banco", [org], "es")
    ["'El Organización' (f sg)"]
    >>> article_errors("le Organisation", [Span(0, 0, "Organisation", "term", "x", gender="f")], "fr")
    ["'le Organisation' (f sg)"]
    """
    base = language.replace("_", "-").split("-")[0].lower()
    checker = _CHECKERS.get(base)
    if checker is None:
        return []
    pattern, table = checker
    errors = []
    for item in _with_heads(text, _placements(text, spans)):
        span = item.span
        gender, number = _expected_reading(span, base)
        if gender is None and number is None:
            continue
        found = pattern.search(text[: item.start])
        if found is None:
            continue
        key = "l'" if found.lastindex == 3 else found.group(2).lower()
        _, det_gender, det_number, _ = table[key]
        wrong_gender = gender is not None and det_gender is not None and det_gender != gender
        wrong_number = number is not None and det_number != number
        elision = base == "fr" and number == "sg" and (key == "l'") != _elides(span.target)
        if wrong_gender or wrong_number or elision:
            errors.append(f"'{found.group().strip()} {span.target}' ({gender or '?'} {number or '?'})")
    return errors
