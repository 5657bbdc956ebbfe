"""Terminology: the site's glossary (files read by :mod:`i18n_pub.glossary_csv`), terms found in a segment, turned into spans.

A :class:`Term` is one glossary row: the English text, its type, and per target
language the exact form it must take (plus grammatical gender and number when
known). :class:`Glossary` finds terms in a segment (whole words, longest match
first, case-sensitive for names and acronyms, tolerant of no-break spaces,
apostrophe variants and the English possessive) and gives the
:class:`~i18n_pub.protect.Span` objects the translation step masks.

Names after an honorific and acronyms in parentheses are protected without a
glossary entry (:func:`find_automatic_spans`); Markdown's link targets and code
spans by :mod:`i18n_pub.markup`, which parses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from i18n_pub.glossary_csv import glossary_files, merge_terms, read_glossary_file
from i18n_pub.honorifics import PATTERN as HONORIFIC
from i18n_pub.protect import Span, resolve_overlaps
from i18n_pub.terms import GENDERS as GENDERS
from i18n_pub.terms import NUMBERS as NUMBERS
from i18n_pub.terms import Term as Term
from i18n_pub.terms import TermMatch
from i18n_pub.terms import TermType as TermType

# --- matching -----------------------------------------------------------------

_SPACE = r"[\s\u00a0\u202f\u2007]+"
_APOSTROPHE = "['\u2019\u02bc]"
_POSSESSIVE = rf"(?:{_APOSTROPHE}s)?"
_WORD_BEFORE = r"(?<![\w\u2019'-])"
_WORD_AFTER = r"(?![\w])"


def term_pattern(source: str, case_sensitive: bool) -> re.Pattern[str]:
    """A whole-word pattern for ``source``: any whitespace (no-break space too) between words,
    either apostrophe, and an English possessive included in the match.

    >>> p = term_pattern("Said M'hamad", True)
    >>> p.search("Dr. Said\\u00a0M’hamad’s work").group()
    'Said\\xa0M’hamad’s'
    >>> term_pattern("ICESCO", True).search("ICESCOS") is None
    True
    """
    words = source.split()
    parts = [re.sub(_APOSTROPHE, _APOSTROPHE, re.escape(word)) for word in words]
    body = _SPACE.join(parts)
    # A term that ends in a full stop (Dr., H.E.) needs no word boundary after it.
    after = "" if source.endswith(".") else _POSSESSIVE + _WORD_AFTER
    before = _WORD_BEFORE if re.match(r"\w", source) else ""
    return re.compile(f"{before}(?P<term>{body}){after}", 0 if case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    languages: tuple[str, ...] = field(default=())  # target languages with a column, in file order

    @cached_property
    def _patterns(self) -> tuple[tuple[re.Pattern[str], Term], ...]:
        return tuple((term_pattern(t.source, t.case_sensitive), t) for t in self.terms)

    def find(self, text: str) -> list[TermMatch]:
        """Every glossary term in ``text``: whole words, longest match first, no overlaps.

        >>> g = Glossary((Term("ICESCO", TermType.ORGANIZATION), Term("ICESCO Youth Forum", TermType.ORGANIZATION),
        ...               Term("director-general", TermType.TITLE, (("es", "director general"),))))
        >>> [(m.text, m.start, m.end) for m in g.find("The ICESCO Youth Forum met ICESCO’s Director-General.")]
        [('ICESCO Youth Forum', 4, 22), ('ICESCO', 27, 35), ('Director-General', 36, 52)]
        >>> [m.text for m in g.find("Icesco and ICESCOS are not ICESCO")]
        ['ICESCO']
        """
        candidates = []
        for priority, (pattern, term) in enumerate(self._patterns):
            for match in pattern.finditer(text):
                written = match.group("term")
                candidates.append((match.start(), match.end(), priority, TermMatch(match.start(), match.end(), term, written)))
        return [item for _, _, item in resolve_overlaps(candidates)]

    def spans(self, text: str, language: str) -> list[Span]:
        """Glossary terms of ``text`` with a rule for ``language``, as spans to protect."""
        spans = []
        for match in self.find(text):
            required = match.term.required(language, match.text)
            if required is None:
                continue
            spans.append(
                Span(
                    match.start,
                    match.end,
                    required,
                    match.term.type.value,
                    match.term.source,
                    match.term.gender(language),
                    match.term.number(language),
                )
            )
        return spans

    def hints(self, text: str, language: str) -> list[str]:
        """``#.`` lines for a segment: each term it contains and its required form, in text order.

        >>> g = Glossary((Term("Director-General", TermType.TITLE, (("es", "Director General"),)),
        ...               Term("ICESCO", TermType.ORGANIZATION)))
        >>> g.hints("ICESCO's Director-General and ICESCO", "es")
        ['glossary: ICESCO → ICESCO', 'glossary: Director-General → Director General']
        """
        lines: list[str] = []
        for match in self.find(text):
            required = match.term.required(language)
            line = f"glossary: {match.term.source} → {required}" if required else None
            if line and line not in lines:
                lines.append(line)
        return lines


# --- automatic spans (no glossary entry needed) --------------------------------

_HONORIFIC = HONORIFIC  # the one list (i18n_pub.honorifics), the full stop optional
_NAME_WORD = rf"(?:[A-Z]\.|[A-Z](?:[\w-]|{_APOSTROPHE}(?!s\b)\w)*)"
_PARTICLE = r"(?:al|el|bin|ibn|ben|bint|de|del|da|di|du|la|le|van|von)"
_NAME_AFTER_HONORIFIC = re.compile(
    rf"(?<![\w.])(?:(?:{_HONORIFIC})[\s\u00a0]+)+"
    rf"(?P<name>{_NAME_WORD}(?:[\s\u00a0]+(?:{_PARTICLE}[\s\u00a0]+)?{_NAME_WORD})*)(?P<possessive>{_APOSTROPHE}s\b)?"
)
# Words that follow "Mr." as an office, not a name (as i18n_pub.checks reads them): "Mr. President" is translated.
_OFFICES = {"President", "Chairman", "Chair", "Speaker", "Minister", "Secretary", "Director", "Ambassador", "Mayor"}
ACRONYM_IN_PARENTHESES = re.compile(r"\((?P<acronym>[A-Z][A-Za-z]*[A-Z][A-Za-z0-9-]*)\)")


def names_after_honorifics(text: str) -> list[tuple[int, int, str]]:
    """Person names that follow an honorific (the honorifics themselves are not part of the name).

    >>> [n for _, _, n in names_after_honorifics("H.E. Dr. Salim M. AlMalik met Mr. Ould Bah and Dr. Said M’hamad Ed-Dbib's team.")]
    ['Salim M. AlMalik', 'Ould Bah', 'Said M’hamad Ed-Dbib']
    >>> names_after_honorifics("Thank you, Mr. President.")  # an office, translated, not a name
    []
    """
    found = []
    for match in _NAME_AFTER_HONORIFIC.finditer(text):
        if match.group("name").split()[0] not in _OFFICES:
            found.append((match.start("name"), match.end(), match.group("name")))
    return found


def find_automatic_spans(text: str, language: str) -> list[Span]:
    """Spans kept verbatim without a glossary entry: names after honorifics, acronyms in
    parentheses. (Link targets and code spans are found by parsing the Markdown, in
    :func:`i18n_pub.markup.markup_spans`: a regular expression here paired the backticks of a
    code span holding a backtick wrongly, and its longer span won over the parsed ones.)

    >>> text = "Prof. Slim Khalbous of the AUF (AUF) read [it](https://x.org/a) and `code`."
    >>> [(s.kind, s.target) for s in find_automatic_spans(text, "es")]
    [('name', 'Slim Khalbous'), ('acronym', 'AUF')]
    """
    spans = [Span(start, end, name, "name", name) for start, end, name in names_after_honorifics(text)]
    for match in ACRONYM_IN_PARENTHESES.finditer(text):
        spans.append(Span(match.start("acronym"), match.end("acronym"), match.group("acronym"), "acronym", match.group("acronym")))
    return spans


def load_glossary(folder: Path, source_language: str = "en", label_of: Callable[[Path], str] = Path.as_posix) -> Glossary:
    """Every ``*.csv`` and ``*.tbx`` in ``folder``, checked; an empty glossary when there is none."""
    groups, languages = [], []
    for path in glossary_files(folder):
        terms, columns = read_glossary_file(path, label_of(path), source_language)
        groups.append(terms)
        languages += [c for c in columns if c not in languages]
    return Glossary(merge_terms(groups), tuple(languages))


