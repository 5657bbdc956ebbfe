"""``glossary suggest``: candidate terms the glossary lacks, from the sources (acronym expansions, names, phrases)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from i18n_pub.glossary import ACRONYM_IN_PARENTHESES, Glossary, names_after_honorifics, term_pattern
from i18n_pub.honorifics import PATTERN as HONORIFIC
from i18n_pub.terms import Term, TermType, normalize_spaces

# --- suggestions ------------------------------------------------------------------

_CAPITALISED = r"[A-Z][\w’'-]*"
_CONNECTOR = r"(?:of|for|and|the|in|on|to|de|la|du|des|et)"
_PHRASE = re.compile(rf"[A-Z][\w’'-]+(?:\s+(?:{_CONNECTOR}\s+)*[A-Z][\w’'-]+)+")
_LEADING_WORDS = re.compile(
    r"^(?:(?:The|A|An|In|On|At|By|For|From|During|Under|This|That|These|Both|Each|When|While|With|And|But|Opening|More|Than)\s+"
    rf"|(?:{HONORIFIC})\s+)+"
)
_EXPANSION_WINDOW = 14


@dataclass(frozen=True)
class Suggestion:
    source: str
    type: TermType
    count: int
    why: str


def acronym_expansion(before: str, acronym: str) -> str | None:
    """The words in ``before`` that ``(acronym)`` abbreviates: the shortest run starting with a capital
    whose initials hold the acronym's capitals (each as often, else at least once).

    >>> acronym_expansion("signed with the Arab Bank for Economic Development in Africa", "BADEA")
    'Arab Bank for Economic Development in Africa'
    >>> acronym_expansion("Director-General of the Islamic World Educational, Scientific and Cultural Organization", "ICESCO")
    'Islamic World Educational, Scientific and Cultural Organization'
    >>> acronym_expansion("Rector of the Agence universitaire de la Francophonie", "AUF")
    'Agence universitaire de la Francophonie'
    """
    words = before.split()[-_EXPANSION_WINDOW:]
    for i in range(len(words) - 1, -1, -1):
        if ")" in words[i] or words[i].endswith((".", ";", ":")) or words[i].startswith("("):
            words = words[i + 1 :]
            break
    capitals = [c for c in acronym if c.isupper()]
    for counted in (True, False):
        for i in range(len(words) - 1, -1, -1):
            if not words[i][:1].isupper():
                continue
            initials = [w[0].upper() for w in re.split(r"[\s,-]+", " ".join(words[i:])) if w]
            fits = not (Counter(capitals) - Counter(initials)) if counted else set(capitals) <= set(initials) and len(words) - i >= 2
            if fits and initials[0] in capitals:
                return " ".join(words[i:]).rstrip(",")
    return None


def suggest(texts: Iterable[str], glossary: Glossary, *, min_phrase_count: int = 2) -> list[Suggestion]:
    """Candidate terms the glossary lacks, most frequent first: acronym expansions and their acronyms,
    names after honorifics, capitalised phrases seen at least ``min_phrase_count`` times.

    >>> texts = ["The Arab Bank for Economic Development in Africa (BADEA) met Dr. Jane Roe.",
    ...          "BADEA and the Arab Bank for Economic Development in Africa agreed on Climate Action Plans.",
    ...          "Climate Action Plans matter."]
    >>> [(s.source, s.type.value, s.count) for s in suggest(texts, Glossary())]  # doctest: +NORMALIZE_WHITESPACE
    [('Arab Bank for Economic Development in Africa', 'organization', 2), ('BADEA', 'organization', 2),
     ('Climate Action Plans', 'term', 2), ('Jane Roe', 'name', 1)]
    """
    texts = [normalize_spaces(text) for text in texts]
    expansions: dict[str, str] = {}
    names: set[str] = set()
    for text in texts:
        for match in ACRONYM_IN_PARENTHESES.finditer(text):
            expansion = acronym_expansion(text[: match.start()], match.group("acronym"))
            if expansion:
                expansions[expansion] = match.group("acronym")
        names.update(name for _, _, name in names_after_honorifics(text))
    candidates: dict[str, tuple[TermType, str]] = {}
    for expansion, acronym in expansions.items():
        candidates[expansion] = (TermType.ORGANIZATION, f"expansion of {acronym}")
        candidates.setdefault(acronym, (TermType.ORGANIZATION, f"acronym of {expansion}"))
    seen_names: set[str] = set()
    for name in sorted(names):
        if name.replace("’", "'") not in seen_names:
            seen_names.add(name.replace("’", "'"))
            candidates.setdefault(name, (TermType.NAME, "name after an honorific"))
    found = Glossary(tuple(Term(source, TermType.NAME) for source in candidates))
    phrases: Counter[str] = Counter()
    for text in texts:
        for match in _PHRASE.finditer(_without(_without(text, glossary), found)):
            phrase = _LEADING_WORDS.sub("", match.group()).rstrip(",")
            if len(phrase.split()) >= 2 and phrase not in candidates:
                phrases[phrase] += 1
    for phrase, count in phrases.items():
        if count >= min_phrase_count:
            candidates[phrase] = (TermType.TERM, "repeated capitalised phrase")
    suggestions = []
    for source, (kind, why) in candidates.items():
        if any(m.start == 0 and m.end >= len(source) for m in glossary.find(source)):
            continue  # the glossary has it
        pattern = term_pattern(source, True)
        count = sum(len(pattern.findall(text)) for text in texts)
        if count:
            suggestions.append(Suggestion(source, kind, count, why))
    return sorted(suggestions, key=lambda s: (-s.count, s.source))


def _without(text: str, glossary: Glossary) -> str:
    """``text`` with glossary terms and names after honorifics blanked out, so phrases cannot cross them."""
    chars = list(text)
    covered = [(m.start, m.end) for m in glossary.find(text)] + [(a, b) for a, b, _ in names_after_honorifics(text)]
    for start, end in covered:
        chars[start:end] = "|" * (end - start)
    return "".join(chars)


def suggestions_csv(suggestions: Sequence[Suggestion], languages: Sequence[str], source_language: str = "en") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([source_language, *languages, "type", "note"])
    for s in suggestions:
        writer.writerow([s.source, *("" for _ in languages), s.type.value, f"{s.count}× {s.why}"])
    return out.getvalue()
