"""Spans of a source segment that must not be left to the machine translation engine.

Finders (glossary terms, names after honorifics, acronyms, dates, numbers, link
targets, inline code) each return :class:`Span` objects over the segment text;
the translation step masks them with tokens the engine keeps, and after
translation puts ``target`` in place of each token. ``gender`` and ``number``
let the words around a restored term agree with it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Span:
    start: int  # offsets in the source segment
    end: int
    target: str  # the exact text the translation must contain in its place
    kind: str  # "term", "name", "organization", "title", "acronym", "date", "number", "link", "code"
    label: str  # the source text, to name it when a token is lost
    gender: str | None = None  # "m", "f", "n" in the target language, when known
    number: str | None = None  # "sg", "pl" in the target language, when known

    @property
    def source(self) -> str:
        return self.label


# --- text kept verbatim wherever it occurs (one place for these patterns) ---------------------

# Hugo shortcodes and Liquid tags; bare URLs; file paths; version numbers. Markdown's own codes
# (code spans, link destinations, autolinks, inline HTML, footnote references) are found by parsing
# (i18n_pub.markup), not here.
# Capitalised words that start a sentence rather than name a product ("In 2.5 seconds").
_NOT_A_PRODUCT = (
    "(?:In|On|At|By|For|With|About|Over|Under|From|To|The|A|An|And|But|Or|Of|Only|Just|Nearly|Almost|Around|"
    "Some|Up|Down|Since|After|Before|Until|Between|Is|Was|Were|Are|Be|It|We|They|He|She|This|That|These|Those|"
    "Each|Every|All|Its|Our|Their|Your|My|Than|Then|Now|Here|There|About|Roughly|Approximately|Page|Figure|Table|Step)"
)
_EXTENSIONS = (
    r"ya?ml|json|toml|go|py|sh|md|txt|conf|cfg|ini|js|ts|rb|rs|java|proto|xml|html|css|csv|tar\.gz|tgz|zip|log|rules"
    r"|service|exe|dll|so|deb|rpm"
)
# Each pattern, with what a text must hold for it to match anywhere (a cheap test: a substring, or a
# short regular expression). Leading lookaheads only make a pattern fail sooner where it cannot start.
_VERBATIM: list[tuple[str, str | re.Pattern[str]]] = [
    (r"\{\{[<%].*?[>%]\}\}", "{{"),  # {{< figure … >}}, {{% note %}}
    (r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", "{"),  # Liquid {% if %}, {{ page.title }}
    (r"\[\^[^\]\s]+\]", "[^"),  # a footnote reference, also where its definition is not in sight (a msgid alone)
    (r"\b(?:https?|ftp)://[^\s<>()\[\]{}\"']*[^\s<>()\[\]{}\"'.,;:!?”’]", "://"),  # bare URLs
    (r"\bwww\.[A-Za-z0-9-]+\.[^\s<>()\[\]{}\"']*[^\s<>()\[\]{}\"'.,;:!?”’]", "www."),
    (r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b", "@"),  # e-mail addresses
    # paths: /etc/x, ./x, ~/x, a/b/c.ext, hack/*.sh
    (
        r"(?=[~./])(?<![\w/.~])(?:~|\.{1,2})?/(?:[\w.*@-]+/)*[\w.*@-]*[\w*](?:/)?"
        r"|(?<![\w/.~-])[\w.*-]+(?:/[\w.*@-]+)+\.[A-Za-z][\w]{0,5}\b",
        "/",
    ),
    (rf"(?<![\w/.~-])[\w*-]+(?:\.[\w*-]+)*\.(?:{_EXTENSIONS})\b", re.compile(rf"\.(?:{_EXTENSIONS})\b")),
    # versions: v1.25.0, 1.2.3, 2.0.0-rc.1, Kubernetes 1.24 (a number after a capitalised name), version 2.1
    (r"\bv\d+(?:\.\d+)+(?:-[0-9A-Za-z.]+)?\b|\b\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?\b", re.compile(r"\d\.\d")),
    # a product and its version, whole: the name keeps its capital in a headline put in sentence case
    (
        rf"\b(?=[A-Z][A-Za-z]+ \d)(?!{_NOT_A_PRODUCT}\b)[A-Z][A-Za-z]+ \d+\.\d+(?:\.x)?\b"
        r"(?![.,]\d|\s*(?:%|percent|per cent|million|billion|thousand|trillion)\b)",
        re.compile(r"\d\.\d"),
    ),
    (r"(?=\d)(?:(?<=\b[Vv]ersion )\d+(?:\.\d+)*\b|(?<=\b[Rr]elease )\d+(?:\.\d+)+\b)", re.compile(r"(?:ersion|elease) \d")),
]


@functools.lru_cache(maxsize=256)
def _verbatim_re(which: tuple[int, ...]) -> re.Pattern[str]:
    """The patterns ``which`` as one alternation, in their order: at each place the first that matches wins."""
    return re.compile("|".join(f"(?:{_VERBATIM[i][0]})" for i in which))


def _can_match(need: str | re.Pattern[str], text: str) -> bool:
    return need in text if isinstance(need, str) else need.search(text) is not None


def protected_regions(text: str) -> list[tuple[int, int]]:
    """Offsets of what no engine may change in plain text.

    A pattern whose needs the text lacks is left out: it could match nowhere, so the alternation
    finds the same spans without it, in a fraction of the time (most sentences hold no path, URL
    or version).

    >>> t = "See https://x.org/a. Run hack/*.sh with {{< ref x >}} on Kubernetes 1.24 and v1.25.0, 11.7% of 2.2 million."
    >>> [t[a:b] for a, b in protected_regions(t)]
    ['https://x.org/a', 'hack/*.sh', '{{< ref x >}}', 'Kubernetes 1.24', 'v1.25.0']
    """
    which = tuple(i for i, (_, need) in enumerate(_VERBATIM) if _can_match(need, text))
    if not which:
        return []
    return [m.span() for m in _verbatim_re(which).finditer(text) if m.end() > m.start()]


def resolve_overlaps(candidates: Iterable[tuple[int, int, int, T]]) -> list[tuple[int, int, T]]:
    """Longest first, then leftmost, then the lower priority number; keep what does not overlap.

    Candidates are ``(start, end, priority, item)``; the result is in text order.

    >>> resolve_overlaps([(0, 5, 0, "a"), (3, 12, 0, "b"), (12, 15, 1, "c"), (12, 15, 0, "d")])
    [(3, 12, 'b'), (12, 15, 'd')]
    """
    chosen: list[tuple[int, int, T]] = []
    for start, end, _priority, item in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if end > start and all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, item))
    return sorted(chosen, key=lambda c: c[0])
