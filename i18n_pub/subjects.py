"""Compound subjects: two organisations or people joined by ``y`` take a plural verb.

Apertium agrees the verb with the last word it saw (``ICESCO y la AUF firmó``);
Spanish wants ``firmaron``, ``debatieron``, ``exploraron``, ``asistieron``, ``han
firmado``, ``firmarán``. The rule reads a clause that opens with a restored
name (an organisation, a person, a title; a person may come with honorific,
article and an apposition between commas), joins a second one with ``y``/``e``
at the top level (not inside parentheses), and is followed by the first
finite verb of the clause in the third person singular: that verb goes to the
plural, in the same tense, with Apertium's own Spanish dictionary
(:mod:`i18n_pub.morph`); a participle right after ``fue``/``estuvo`` follows it
(``fueron firmados``). A clause opens at the start of the text, after a
sentence stop, a semicolon or a colon, or after ``que``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from i18n_pub import honorifics, morph
from i18n_pub.protect import Span

_KINDS = ("organization", "name", "title")
_CLAUSE = re.compile(r"(?<=[.;:!?])[ \u00a0]+|(?<![\w])que[ \u00a0]+")
_ARTICLE = r"(?:(?:el|la|los|las|El|La|Los|Las)[ \u00a0]+)?"
_CLITICS = frozenset("se lo la le les los las nos".split())
_FINITE = frozenset(("pri", "ifi", "fti", "cni", "pii"))
_ES_FORMS = honorifics.target_forms("es")
_HONORIFIC = "|".join(re.escape(f) for f in sorted(honorifics.target_forms("es"), key=len, reverse=True))


def _ends_clause(before: str) -> bool:
    """Whether ``before`` ends a clause: ``que``, or a stop that is not an abbreviation's (``Dr.``, ``S. E.``, ``M.``)."""
    word = re.search(r"(\S+)$", before)
    if word is None or word.group(1) == "que":
        return True
    last = word.group(1)
    return not (last.endswith(".") and (len(last) <= 2 or last in _ES_FORMS))


def _starts_with_entity(text: str, names: Sequence[str]) -> bool:
    """Whether ``text`` opens with [honorific] [article] [honorific] and a restored name."""
    head = re.match(rf"(?:(?:{_HONORIFIC})[ \u00a0]+)?{_ARTICLE}(?:(?:{_HONORIFIC})[ \u00a0]+)?", text)
    rest = text[head.end() if head else 0 :]
    return any(rest.startswith(name) for name in names)


def _top_level_conjunction(subject: str) -> int:
    """Where the last ``y``/``e`` outside parentheses joins two parts of ``subject`` (-1 when none)."""
    depth, found = 0, -1
    for match in re.finditer(r"[()]|(?<![\w])[ye][ \u00a0]+", subject):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            found = match.end()
    return found


def _verb_plural(word: str) -> str | None:
    """The third person plural of a word that can be a finite third person singular verb, same tense."""
    found = [r for r in morph.readings(word.lower(), "es") if "imp" not in r[1]]  # imperatives: not in news
    finite = [r for r in found if morph.is_verb(r) and len(r[1]) >= 4 and r[1][1] in _FINITE and r[1][2:4] == ("p3", "sg")]
    if not finite:
        return None
    lemma, tags = finite[0]
    plural = morph.generate(lemma, (*tags[:3], "pl", *tags[4:]), "es")
    if plural is None:
        return None
    return plural.capitalize() if word[:1].isupper() else plural


def _participle_plural(word: str, feminine: bool) -> str | None:
    found = [r for r in morph.readings(word.lower(), "es") if "pp" in r[1]]
    if not found:
        return None
    lemma, tags = found[0]
    return morph.generate(lemma, (tags[0], "pp", "f" if feminine else "m", "pl"), "es")


def _compound(subject: str, names: Sequence[str]) -> bool:
    """Whether ``subject`` (what precedes a verb) ends with a second name joined by ``y``."""
    subject = subject.rstrip()
    while subject.split() and subject.split()[-1].lower() in _CLITICS:
        subject = subject[: subject.rfind(" ")].rstrip() if " " in subject else ""
    joint = _top_level_conjunction(subject)
    return joint >= 0 and _starts_with_entity(subject[joint:], names)


def _plural_clause(clause: str, names: Sequence[str], feminine: bool) -> str:
    """One clause with its verb made plural when its subject is compound."""
    if not _starts_with_entity(clause, names):
        return clause
    words = list(re.finditer(r"\w+", clause))
    depth_at = [clause[: w.start()].count("(") - clause[: w.start()].count(")") for w in words]
    # A restored name is never the verb ("la Agencia Universitaria …": "agencia" is also a verb form).
    in_names = [(m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), clause)]
    for index, word in enumerate(words):
        if depth_at[index] > 0 or any(start <= word.start() < end for start, end in in_names):
            continue
        found = morph.readings(word.group().lower(), "es")
        only_verb = bool(found) and all(morph.is_verb(r) and r[1][1:2] and r[1][1] in _FINITE for r in found)
        may_be_verb = any(morph.is_verb(r) and r[1][1:2] and r[1][1] in _FINITE for r in found)
        plural = _verb_plural(word.group()) if may_be_verb and _compound(clause[: word.start()], names) else None
        if plural is None:
            if only_verb:
                return clause  # the clause's verb, and no compound subject before it
            continue  # a word that may be something else (para, firma): read on
        result = clause[: word.start()] + plural + clause[word.end() :]
        following = re.match(r"[ \u00a0]+(\w+)", result[word.start() + len(plural) :])
        if following and any(r[0] in ("ser", "estar") for r in morph.readings(word.group().lower(), "es")):
            participle = _participle_plural(following.group(1), feminine)
            if participle:
                at = word.start() + len(plural) + following.start(1)
                result = result[:at] + participle + result[at + len(following.group(1)) :]
        return result
    return clause


def compound_subjects(text: str, spans: Sequence[Span], language: str) -> str:
    """The post-restore hook: Spanish verbs after a compound subject of restored names go plural.

    >>> icesco, auf = (Span(0, 0, n, "organization", n, "f") for n in ("ICESCO", "AUF"))
    >>> compound_subjects("La ICESCO y la AUF firmó un acuerdo.", [icesco, auf], "es")
    'La ICESCO y la AUF firmaron un acuerdo.'
    >>> compound_subjects("El acuerdo entre la ICESCO y la AUF establece un marco.", [icesco, auf], "es")
    'El acuerdo entre la ICESCO y la AUF establece un marco.'
    >>> agency = Span(0, 0, "Agencia Universitaria de la Francofonía", "organization", "Agencia Universitaria de la Francofonía", "f")
    >>> compound_subjects("La ICESCO y la Agencia Universitaria de la Francofonía firmó.", [icesco, agency], "es")
    'La ICESCO y la Agencia Universitaria de la Francofonía firmaron.'
    """
    base = language.replace("_", "-").split("-")[0].lower()
    names = sorted({s.target for s in spans if s.kind in _KINDS and s.target}, key=len, reverse=True)
    if base != "es" or len(names) < 1 or not re.search(r"(?<![\w])[ye][ \u00a0]", text):
        return text
    morph.analyse_all([w.lower() for w in re.findall(r"\w+", text)], "es")
    feminine = all(s.gender == "f" for s in spans if s.kind in _KINDS)
    starts = [0, *(m.end() for m in _CLAUSE.finditer(text) if _ends_clause(text[: m.start()]))]
    pieces, last = [], 0
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        pieces += [text[last:start], _plural_clause(text[start:end], names, feminine)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
