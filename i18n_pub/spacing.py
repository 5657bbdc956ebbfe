"""Whitespace: a translation never has spacing its source lacks.

Apertium drops words it cannot place and leaves their spaces behind
(``un derecho fundamental  y``, `` Cumplieron``), and puts a space between a
restored token and the punctuation after it. After translation every run of
spaces becomes one, the ends are trimmed, and a space before ``, . ; : ! ? ) ]
…`` goes unless the source has a space before that mark (French puts a
no-break space before ``; : ! ?``: those marks are left to the engine there).
A space after an opening ``( [ ¿ ¡`` goes the same way. A no-break space in the
source between two words (``10 km``, ``Dr. Said``) is kept where the
translation has the same two words.
"""

from __future__ import annotations

import re

_CLOSING = ",.;:!?)]}…%"
_OPENING = "([{¿¡"
# Marks a language writes with a space before them (French typography).
_SPACED_BEFORE = {"fr": ";:!?»%"}
_NBSP = "\u00a0\u202f"


def respace(translation: str, source: str, language: str) -> str:
    """``translation`` with no spacing that ``source`` lacks.

    >>> respace(" Cumplieron en ICESCO  sede , en Rabat .", "They met at ICESCO's headquarters, in Rabat.", "es")
    'Cumplieron en ICESCO sede, en Rabat.'
    >>> respace("la ( ICESCO ) y 10 km", "the (ICESCO) and 10\\u00a0km", "es")
    'la (ICESCO) y 10\\xa0km'
    >>> respace("El curso dura 10 semanas.", "The course lasts 10\u00a0weeks.", "es")
    'El curso dura 10\xa0semanas.'
    >>> respace("Quoi ?", "What?", "fr")
    'Quoi ?'
    """
    base = language.replace("_", "-").split("-")[0].lower()
    keep = _SPACED_BEFORE.get(base, "")
    text = re.sub(r"[ \t]{2,}", " ", translation).strip()
    for mark in _CLOSING:
        if mark not in keep and f" {mark}" not in source and f" {mark}" in text:
            text = re.sub(rf"(?<=\S) +{re.escape(mark)}", mark, text)
    for mark in _OPENING:
        if f"{mark} " not in source and f"{mark} " in text:
            text = re.sub(rf"{re.escape(mark)} +(?=\S)", mark, text)
    return _first_capital(_keep_no_break_spaces(text, source), source)


def _first_capital(text: str, source: str) -> str:
    """A source that opens with a capital letter gives a translation that opens with one (Apertium
    sometimes starts a segment in lower case after the one before it in its batch: ``has escrito``).

    >>> _first_capital("has escrito cosas.", "You've written things."), _first_capital("npm es", "npm is")
    ('Has escrito cosas.', 'npm es')
    """
    first = next((c for c in source if c.isalpha()), "")
    at = next((i for i, c in enumerate(text) if c.isalpha()), None)
    if at is None or not first.isupper() or not text[at].islower():
        return text
    return text[:at] + text[at].upper() + text[at + 1 :]


def _keep_no_break_spaces(text: str, source: str) -> str:
    """A no-break space of the source between the same two words, or after the same number or
    abbreviation (``10 weeks`` → ``10 semanas``), is a no-break space in the translation too."""
    if not any(space in source for space in _NBSP):
        return text  # most sources have none: no search (its pattern backtracks over every word)
    for match in re.finditer(rf"(\S+)([{_NBSP}])(\S+)", source):
        left, space, right = match.groups()
        both = re.compile(rf"(?<!\S){re.escape(left)} {re.escape(right)}(?!\S)")
        if both.search(text):
            text = both.sub(f"{left}{space}{right}", text)
        elif re.fullmatch(r"[\d.,]+|\w+\.", left):
            text = re.sub(rf"(?<!\S){re.escape(left)} (?=\S)", left + space, text, count=1)
    return text
