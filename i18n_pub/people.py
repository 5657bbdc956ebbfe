"""People in running text: the honorific before a name, the article it takes, a woman's title, ``a`` before a person.

Spanish news writes a person with an honorific as a noun phrase with the
article (``el Dr. AlMalik``, ``la Sra. Mohammed``; ``del``/``al`` after ``de``/``a``;
``S. E. el Dr. …``), abbreviates the honorific (``Sr.``, ``Sra.``, ``Dr.``,
``Dra.``, ``Prof.``, ``Prof.ª``: never ``Señora``), makes a title that follows a
woman's name feminine (``la Sra. Mohammed, Vicesecretaria General``) and puts
the personal ``a`` before a person who is the direct object of a verb
(``recibió a la Sra. …``). French writes ``M.``, ``Mme``, ``Dr`` without an
article, which the honorific finder already gives. The honorifics and their
forms are :mod:`i18n_pub.honorifics`'; what is a verb, a noun or an adjective
comes from Apertium's dictionary (:mod:`i18n_pub.morph`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from i18n_pub import honorifics, morph
from i18n_pub.protect import Span

# --- finding honorifics in the English source -----------------------------------

_NAME_START = r"(?=[A-Z])"
_BEFORE_NAME = re.compile(rf"(?<![\w.])(?P<hon>{honorifics.PATTERN})(?P<space>[\s\u00a0]+){_NAME_START}")

GenderOf = Callable[[str], "str | None"]


def find_honorifics(text: str, language: str, gender_of: GenderOf = lambda name: None) -> list[Span]:
    """Each honorific before a name, as a span whose target is the abbreviation ``language`` writes
    for that person (``gender_of(name after it)`` tells a woman from a man where the title does not).

    >>> [(s.label, s.target, s.gender) for s in find_honorifics("Ms. Amina J. Mohammed met Dr. Ali.", "es")]
    [('Ms.', 'Sra.', 'f'), ('Dr.', 'Dr.', 'm')]
    >>> [s.target for s in find_honorifics("Dr. Aisha Bello", "es", lambda name: "f")]
    ['Dra.']
    >>> find_honorifics("Mr. Smith", "de")
    []
    """
    spans = []
    for match in _BEFORE_NAME.finditer(text):
        honorific = honorifics.by_word(match.group("hon"))
        if honorific is None:
            continue
        gender = honorific.gender or gender_of(text[match.end() :]) or "m"
        form = honorific.form(language.split("-")[0].split("_")[0], gender)
        if form is not None:
            spans.append(Span(match.start(), match.end("hon"), form, "title", match.group("hon"), gender, "sg"))
    return spans


# --- Spanish ----------------------------------------------------------------------

_ES_FORMS = honorifics.target_forms("es")
_ES_HONORIFIC = "|".join(re.escape(f) for f in sorted(_ES_FORMS, key=len, reverse=True) if f != "S. E.")
_UPPER = "A-ZÁÉÍÓÚÑÜ"
_NAME_WORD = rf"[{_UPPER}][\w.'’-]*"
_PERSON = re.compile(
    rf"(?<![\w.])(?P<prep>(?:[Dd]e|[Aa])[ \u00a0]+)?(?P<hon>{_ES_HONORIFIC})(?![\w])(?P<space>[ \u00a0]+)"
    rf"(?P<name>{_NAME_WORD}(?:[ \u00a0]+(?:(?:al|el|bin|ibn|ben|bint|de|del|van|von)[ \u00a0]+)?{_NAME_WORD})*)"
)
# Words right before the honorific that already determine the person.
_ES_DETERMINERS = frozenset("el la los las del al un una su sus este esta ese esa aquel aquella nuestro nuestra".split())
# Verbs after which a person is not a direct object (copulas, auxiliaries).
_NOT_TRANSITIVE = frozenset("ser estar haber parecer quedar resultar seguir llamar llamarse".split())
# Feminine titles that are not the masculine with -a.
_ES_FEMININE = {"presidente": "presidenta", "jefe": "jefa", "alcalde": "alcaldesa", "gobernante": "gobernanta"}


def _same_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _previous_word(before: str) -> str:
    match = re.search(r"([\w]+)[ \u00a0]*$", before)
    return match.group(1) if match else ""


def _takes_personal_a(word: str) -> bool:
    """A transitive verb form: every reading a verb, none a copula or auxiliary, no participle
    (``firmado por el Dr. …`` is a passive)."""
    found = morph.readings(word.lower(), "es")
    return bool(found) and all(
        morph.is_verb(r) and r[0] not in _NOT_TRANSITIVE and "pp" not in r[1] and r[1][0] != "vbhaver" for r in found
    )


def _starts_sentence(before: str) -> bool:
    stripped = before.rstrip(" \u00a0")
    return not stripped or (stripped[-1] in ".!?¡¿:\"“«(" and not stripped.endswith("S. E."))


def feminine_title(title: str) -> str:
    """A title for a woman: each masculine noun or adjective before the first lower-case word takes its
    feminine form (``-o`` → ``-a``, ``-or`` → ``-ora``, a few by hand); the rest is left.

    >>> feminine_title("Vicesecretario General de las Naciones Unidas")
    'Vicesecretaria General de las Naciones Unidas'
    >>> feminine_title("Director General Adjunto"), feminine_title("Oficial Técnico"), feminine_title("Presidente")
    ('Directora General Adjunta', 'Oficial Técnica', 'Presidenta')
    """
    words = title.split(" ")
    for index, word in enumerate(words):
        if not word[:1].isupper() or word.isupper():
            break
        words[index] = _feminine_word(word)
    return " ".join(words)


def _feminine_word(word: str) -> str:
    lower = word.lower()
    if lower in _ES_FEMININE:
        return _same_case(word, _ES_FEMININE[lower])
    found = morph.readings(word, "es") + morph.readings(lower, "es")
    if any(r[1][:1] == ("np",) or "mf" in r[1] for r in found):
        return word  # a name (Toronto), a word for either (General) …
    if lower.endswith("o"):
        return word[:-1] + "a"
    if lower.endswith("or"):
        return word + "a"
    return word


_TITLE_AFTER = re.compile(rf"^(?P<sep>,[ \u00a0]+)(?P<det>(?:el|la)[ \u00a0]+)?(?P<title>[{_UPPER}][\w-]*(?:[ \u00a0][{_UPPER}][\w-]*)*)")


def _woman_title(rest: str) -> str:
    """``rest`` (what follows a woman's name) with a title right after the comma made feminine."""
    match = _TITLE_AFTER.match(rest)
    if match is None:
        return rest
    title = match.group("title")
    if any(word.isupper() for word in title.split()):
        return rest  # an organisation (", UNESCO"), not her title
    feminine = feminine_title(title)
    det = "la " if match.group("det") else ""
    return match.group("sep") + det + feminine + rest[match.end() :]


def _person(match: re.Match[str], women: frozenset[str]) -> str:
    """One person: the honorific abbreviated, the article (contracted with ``de``/``a``), the personal ``a``."""
    text, hon, name = match.string, match.group("hon"), match.group("name")
    gender = "f" if any(name.startswith(w) for w in women) else _ES_FORMS.get(hon)
    form = honorifics.abbreviation(hon, "es", gender) or hon
    prep = match.group("prep") or ""
    before = text[: match.start()]
    previous = _previous_word(before + prep).lower()
    if previous in _ES_DETERMINERS:
        return prep + form + match.group("space") + name
    article = "la" if gender == "f" else "el"
    if prep:
        head = prep.strip()
        article = _same_case(head, {"de": "del", "a": "al"}[head.lower()]) if article == "el" else f"{head} {article}"
    elif _takes_personal_a(_previous_word(before)):
        article = "al" if article == "el" else "a la"
    if _starts_sentence(before):
        article = article[:1].upper() + article[1:]
    return f"{article} {form}{match.group('space')}{name}"


def _spanish(text: str, spans: Sequence[Span]) -> str:
    women = frozenset(s.target for s in spans if s.gender == "f" and s.kind == "name")
    morph.analyse_all(re.findall(r"\w+", text), "es")
    text = _PERSON.sub(lambda m: _person(m, women), text)
    pieces, last = [], 0
    for match in _PERSON.finditer(text):
        woman = _ES_FORMS.get(match.group("hon")) == "f" or any(match.group("name").startswith(w) for w in women)
        if woman and match.end() >= last:
            title = _TITLE_AFTER.match(text[match.end() :])
            if title is not None:
                pieces += [text[last : match.end()], _woman_title(title.group())]
                last = match.end() + title.end()
    pieces.append(text[last:])
    return "".join(pieces)


def people(text: str, spans: Sequence[Span], language: str) -> str:
    """The post-restore hook: Spanish people rules (see the module); other languages unchanged.

    >>> people("Recibió Señora Fatma Samoura, Secretario General de la FIFA.", (), "es")
    'Recibió a la Sra. Fatma Samoura, Secretaria General de la FIFA.'
    >>> people("En su discurso, Dr. AlMalik subrayó", (), "es")
    'En su discurso, el Dr. AlMalik subrayó'
    """
    base = language.replace("_", "-").split("-")[0].lower()
    if base != "es" or not _PERSON.search(text):
        return text
    return _spanish(text, spans)
