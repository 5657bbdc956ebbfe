"""Masking protected spans before machine translation and restoring them after.

A *span finder* is any ``find(text, language) -> list[Span]`` (glossary terms,
names after honorifics, acronyms, link targets, inline code; dates and numbers
plug in the same way). :class:`Protection` runs its finders, resolves overlaps
(longest first, then the earlier finder), replaces each span with a token in
the shape the engine keeps, and after translation checks that every token came
back, restores near-misses (``{ 0 }``, ``{٠}``) and reports lost tokens. Then
each *post-restore hook* ``(translated_text, restored_spans, language) -> text``
runs in order (for example to make determiners agree with a restored term).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace

from i18n_pub.protect import Span, resolve_overlaps
from i18n_pub.spacing import respace

SpanFinder = Callable[[str, str], list[Span]]
PostRestore = Callable[[str, Sequence[Span], str], str]
Rewrite = Callable[["Masked", str, str], "Masked"]


@dataclass(frozen=True)
class TokenShape:
    """How a masked span looks to an engine: ``prefix + index + suffix``, and a tolerant pattern
    (group ``index``) that also finds the token after an engine has bent it a little."""

    name: str
    prefix: str
    suffix: str
    tolerant: str
    # Whether an organisation or a person with a known gender is masked with a first name of that gender
    # instead (see NAME_TOKENS): for an engine that reads "{0}" as a number (Apertium: "Several {0}" → "Muchos").
    name_tokens: bool = False

    def token(self, index: int) -> str:
        return f"{self.prefix}{index}{self.suffix}"

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.tolerant)


# \d matches any Unicode decimal digit (Arabic-Indic, full-width): engines sometimes localise them.
SHAPES = {
    # Apertium keeps punctuation-and-digit tokens and reads them as a noun phrase.
    "braces": TokenShape("braces", "{", "}", r"[{｛]\s*(?P<index>\d+)\s*[}｝]"),
    "underscores": TokenShape("underscores", "__", "__", r"_\s*_?\s*(?P<index>\d+)\s*_?\s*_"),
    "brackets": TokenShape("brackets", "[[", "]]", r"[\[【]\s*\[?\s*(?P<index>\d+)\s*\]?\s*[\]】]"),
}
DEFAULT_SHAPE = "braces"


def shape_for(engine: object) -> TokenShape:
    """The token shape an engine declares with a ``token_shape`` attribute: a key of :data:`SHAPES`
    or a ``%d`` format such as ``"{%d}"`` (default: braces).

    >>> class Engine: token_shape = "<%d/>"
    >>> shape = shape_for(Engine())
    >>> shape.token(3), shape.pattern.fullmatch("< 3 />").group("index")
    ('<3/>', '3')
    >>> shape_for(object()).token(0)
    '{0}'
    """
    shape = _declared_shape(engine)
    return dataclass_replace(shape, name_tokens=True) if getattr(engine, "name_tokens", False) else shape


def _declared_shape(engine: object) -> TokenShape:
    declared = getattr(engine, "token_shape", DEFAULT_SHAPE)
    if declared in SHAPES:
        return SHAPES[declared]
    if not isinstance(declared, str) or declared.count("%d") != 1:
        raise ValueError(f"token_shape {declared!r}: use a name from {sorted(SHAPES)} or a format with one %d")
    prefix, suffix = declared.split("%d")
    for shape in SHAPES.values():
        if (shape.prefix, shape.suffix) == (prefix, suffix):
            return shape
    return TokenShape(declared, prefix, suffix, rf"{_loose(prefix)}\s*(?P<index>\d+)\s*{_loose(suffix)}")


def _loose(part: str) -> str:
    """A pattern for ``part`` that tolerates whitespace between its characters."""
    return r"\s*".join(re.escape(c) for c in part)


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that inserts ``text`` literally (no backslash or group processing)."""
    return lambda _match: text


@dataclass(frozen=True)
class Masked:
    text: str  # what the engine gets
    spans: tuple[Span, ...]  # in text order
    tokens: tuple[str, ...]  # tokens[i] stands for spans[i]
    shape: TokenShape
    literal: frozenset[int] = frozenset()  # token-like text already in the source, not ours


@dataclass(frozen=True)
class Restored:
    text: str
    restored: tuple[Span, ...]
    lost: tuple[Span, ...]
    stray: tuple[str, ...] = ()  # token-like text the engine made up

    @property
    def notes(self) -> list[str]:
        """Translator comment lines for what went wrong, naming each term."""
        lines = [f"glossary: lost {span.label} ({span.kind})" for span in self.lost]
        lines += [f"glossary: unexpected token {token}" for token in self.stray]
        return lines


def mask(text: str, spans: Sequence[Span], shape: TokenShape) -> Masked:
    """Replace each span with a token; a possessive span (``ICESCO's``) is masked as a whole.

    >>> from i18n_pub.protect import Span
    >>> m = mask("ICESCO's head {0} met", [Span(0, 8, "la ICESCO", "organization", "ICESCO")], SHAPES["braces"])
    >>> m.text, m.tokens
    ('{1} head {0} met', ('{1}',))
    """
    ordered = sorted(spans, key=lambda s: s.start)
    tokens, index = [], 0
    pattern = shape.pattern
    taken = {int(m.group("index")) for m in pattern.finditer(text)}
    names = _free_names(text) if shape.name_tokens else {}
    for span in ordered:
        name = _name_token(span, names)
        if name is not None:
            tokens.append(name)
            continue
        while index in taken:
            index += 1
        tokens.append(shape.token(index))
        index += 1
    pieces, last = [], 0
    for span, token in zip(ordered, tokens, strict=True):
        possessive = token[:1].isalpha() and _POSSESSIVE.search(text[span.start : span.end])
        pieces += [text[last : span.start], token + (possessive.group() if possessive else "")]
        last = span.end
    pieces.append(text[last:])
    return Masked("".join(pieces), tuple(ordered), tuple(tokens), shape, frozenset(taken))


# First names Apertium's English dictionary reads as a person of one gender and passes to Spanish
# unchanged (checked with lt-proc and apertium eng-spa). A token from these reads to the engine like
# the organisation or person it hides: a singular proper noun of that gender ("la sede de Maria").
NAME_TOKENS = {
    "f": "Maria Rosa Carmen Lucia Elena Julia Laura Clara Paula Marta Teresa Silvia Irene Alicia Beatriz Raquel".split(),
    "m": "Juan Pedro Pablo Carlos Miguel Jorge Luis Antonio Manuel Javier Diego Sergio Alberto Hugo Felipe Mario".split(),
}
_NAME_KINDS = ("organization", "name")
_POSSESSIVE = re.compile(r"['’ʼ]s$")
_WORDS = re.compile(r"\w+")


def _free_names(text: str) -> dict[str, list[str]]:
    """The name tokens ``text`` does not contain, by gender."""
    words = set(_WORDS.findall(text))  # a name is a whole run of word characters, or not there at all
    return {g: [n for n in names if n not in words] for g, names in NAME_TOKENS.items()}


def _name_token(span: Span, names: dict[str, list[str]]) -> str | None:
    if span.kind not in _NAME_KINDS or span.gender not in names or span.number == "pl" or not names[span.gender]:
        return None
    return names[span.gender].pop(0)


def _token_index(shape: TokenShape, token: str) -> int:
    """The index a numbered token of ``shape`` carries (every non-name token :func:`mask` made is one)."""
    match = shape.pattern.fullmatch(token)
    if match is None:
        raise ValueError(f"{token!r} is not a {shape.name} token")
    return int(match.group("index"))


def unmask(output: str, masked: Masked) -> Restored:
    """Put each span's target where its token came back (tolerating bent tokens); report the rest.

    >>> from i18n_pub.protect import Span
    >>> spans = [Span(0, 3, "OMS", "organization", "WHO"), Span(8, 14, "UNESCO", "organization", "UNESCO")]
    >>> m = mask("WHO and UNESCO", spans, SHAPES["braces"])
    >>> r = unmask("La { 0 } y {7}", m)
    >>> r.text, [s.label for s in r.lost], r.stray, r.notes
    ('La OMS y {7}', ['UNESCO'], ('{7}',), ['glossary: lost UNESCO (organization)', 'glossary: unexpected token {7}'])
    """
    words = {t: span for t, span in zip(masked.tokens, masked.spans, strict=True) if t[:1].isalpha()}
    by_index = {_token_index(masked.shape, t): span for t, span in zip(masked.tokens, masked.spans, strict=True) if t not in words}
    found: set[int] = set()
    stray: list[str] = []
    named: list[Span] = []
    for word, span in words.items():
        output, count = re.subn(rf"(?<!\w){word}(?!\w)", _constant(span.target), output)
        if count:
            named.append(span)
    pieces: list[str] = []
    last = 0
    for match in masked.shape.pattern.finditer(output):
        index = int(match.group("index"))
        hit = by_index.get(index)
        before = output[last : match.start()]
        if hit is None:
            if index not in masked.literal:
                stray.append(match.group())
            pieces += [before, match.group()]
        else:
            found.add(index)
            # An engine may leave a space inside a span's codes ("{0} necesita" after dropping "It"):
            # an opening code takes none after it, a closing code none before it (Markdown needs that).
            pieces += [before.rstrip() if hit.kind == "close" else before, hit.target]
        last = match.end()
        if hit is not None and hit.kind == "open":
            while last < len(output) and output[last] in " \t":
                last += 1
    pieces.append(output[last:])
    text = "".join(pieces).strip()
    restored = tuple(span for i, span in by_index.items() if i in found) + tuple(named)
    lost = tuple(span for i, span in by_index.items() if i not in found) + tuple(s for s in words.values() if s not in named)
    return Restored(text, restored, lost, tuple(stray))


@dataclass(frozen=True)
class Protection:
    """The finders that choose what to protect, and the hooks that run after restoring."""

    finders: tuple[SpanFinder, ...] = ()
    post_restore: tuple[PostRestore, ...] = ()
    rewrites: tuple[Rewrite, ...] = ()  # (masked, source, language) -> masked, before the engine


    def spans(self, text: str, language: str) -> list[Span]:
        """Spans of every finder, overlaps resolved: longest first, then the earlier finder."""
        candidates = [
            (span.start, span.end, priority, span)
            for priority, finder in enumerate(self.finders)
            for span in finder(text, language)
        ]
        return [span for _, _, span in resolve_overlaps(candidates)]

    def mask(self, text: str, language: str, shape: TokenShape) -> Masked:
        masked = mask(text, self.spans(text, language), shape)
        for rewrite in self.rewrites:
            masked = rewrite(masked, text, language)
        return masked

    def restore(self, output: str, masked: Masked, language: str) -> Restored:
        """Tokens back to their targets, then each post-restore hook, then no spacing the source lacks."""
        result = unmask(output, masked)
        text = result.text
        for hook in self.post_restore:
            text = hook(text, result.restored, language)
        return Restored(respace(text, _with_targets(masked), language), result.restored, result.lost, result.stray)


def _with_targets(masked: Masked) -> str:
    """The source as the engine got it, each token back to its span's target (for the spacing rule).

    A name token is a whole word; a numbered one is replaced wherever it is, next to a word too
    (``{1}the``): :func:`mask` numbers none like token-like text of the source. Left as a token,
    the spacing rule would not see the source's `` ![`` and take the space before an image away.
    """
    text = masked.text
    for token, span in zip(masked.tokens, masked.spans, strict=True):
        if token[:1].isalpha():
            text = re.sub(rf"(?<!\w){re.escape(token)}(?!\w)", _constant(span.target), text)
        else:
            text = text.replace(token, span.target)
    return text
