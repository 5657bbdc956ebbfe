"""What every check reads: the pair of texts, the check itself, and the text helpers; then the checks of
numbers, link targets and inline markup, the tokens a translation must carry over as they are."""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markdown_it.token import Token

from i18n_pub.markup import parse_inline


class Severity(enum.Enum):
    ERROR = "error"  # makes ``check`` exit 1
    WARNING = "warning"


@dataclass(frozen=True)
class Pair:
    """One translated entry as the checks see it."""

    source: str
    translation: str
    terms: tuple[tuple[str, str], ...] = ()  # (source term, the form it must take), from the glossary


@dataclass(frozen=True)
class Check:
    name: str
    severity: Severity
    description: str
    run: Callable[[Pair], str | None]  # a message, or None when the entry passes


# --- text helpers --------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def flattened(text: str) -> str:
    """Whitespace of any kind (no-break spaces too) as one plain space."""
    return _SPACES.sub(" ", text).strip()


def quote(text: str) -> str:
    return f"“{text}”"


def compare(source: Iterable[str], translation: Iterable[str], what: str = "") -> str | None:
    """What the source has that the translation lacks, and the other way round (as multisets)."""
    theirs, ours = Counter(source), Counter(translation)
    problems = [f"{what}{quote(item)} is missing" for item in sorted((theirs - ours).elements())]
    problems += [f"{what}{quote(item)} is not in the source" for item in sorted((ours - theirs).elements())]
    return "; ".join(problems) or None


def inline(text: str) -> list[Token]:
    return parse_inline(text)


# --- numbers -------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d+)*")
_GROUP_SPACES = "\u00a0\u202f\u2009 "
_URL_LIKE = re.compile(r"\]\([^)]*\)|<[a-z]+:[^>]*>|https?://\S+|`[^`]*`|\{[^{}\s]*\}|%\(\w+\)[sd]")


def _grouped(parts: Sequence[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def number_values(token: str, *, english: bool) -> set[Decimal]:
    """What a written number can mean. English text reads ``,`` as grouping and ``.`` as the decimal
    point; a translation may use any convention (``1,000`` ``1.000`` ``1 000``), so all readings count.

    >>> sorted(number_values("1.000", english=False)), sorted(number_values("1,000", english=True))
    ([Decimal('1.000'), Decimal('1000')], [Decimal('1000')])
    >>> sorted(number_values("1.234,5", english=False)), sorted(number_values("2,5", english=False))
    ([Decimal('1234.5')], [Decimal('2.5')])
    """
    separators = re.findall(r"\D", token)
    parts = re.split(r"\D", token)
    if not separators:
        return {Decimal(token)}
    readings: set[Decimal] = set()
    decimal_marks = "." if english else ".,"
    group_marks = "," + _GROUP_SPACES if english else ".," + _GROUP_SPACES
    # every separator groups thousands
    if len(set(separators)) == 1 and separators[0] in group_marks and _grouped(parts):
        readings.add(Decimal("".join(parts)))
    # the last separator is the decimal mark, the others (all alike, another character) group
    last = separators[-1]
    groups = separators[:-1]
    if last in decimal_marks and all(g == groups[0] and g != last and g in group_marks for g in groups) and _grouped(parts[:-1]):
        readings.add(Decimal("".join(parts[:-1]) + "." + parts[-1]))
    return readings


def numbers_in(text: str, *, english: bool) -> list[tuple[str, frozenset[Decimal]]]:
    """Numbers as written in ``text`` and what they can mean (link targets, code and placeholders
    left out; Arabic-Indic digits and separators read as such).

    >>> [t for t, _ in numbers_in("On March 15-18, 1,000 people from 110 countries [met](https://x.org/2021).", english=True)]
    ['15', '18', '1,000', '110']
    >>> [(t, sorted(v)) for t, v in numbers_in("٢٠٢١ و١٬٠٠٠", english=False)]
    [('٢٠٢١', [Decimal('2021')]), ('١٬٠٠٠', [Decimal('1.000'), Decimal('1000')])]
    """
    written = _URL_LIKE.sub(lambda m: " " * len(m.group()), text)
    normal = written.translate(ARABIC_DIGITS)  # one character for one: offsets stay valid
    found = []
    for match in _NUMBER.finditer(normal):
        token = match.group()
        values = number_values(token, english=english)
        if values:
            found.append((written[match.start() : match.end()], frozenset(values)))
            continue
        for part in re.finditer(r"\d+", token):  # "15 2021" or "3,4,5": separate numbers
            start, end = match.start() + part.start(), match.start() + part.end()
            found.append((written[start:end], frozenset({Decimal(part.group())})))
    return found


def check_numbers(pair: Pair) -> str | None:
    """The translation has the same numbers as the source, as values, whatever the notation.

    >>> check_numbers(Pair("It cost 1,000 dollars in 2021.", "Costó 1.000 dólares en 2021."))
    >>> check_numbers(Pair("It cost 1,000 dollars in 2021.", "Costó ١٠٠٠ dólares en ٢٠٢٠."))
    '“2021” is missing; “٢٠٢٠” is not in the source'
    """
    offered = numbers_in(pair.translation, english=False)
    unused = list(range(len(offered)))
    missing = []
    for token, values in numbers_in(pair.source, english=True):
        # Unambiguous readings first, so that "1.000" is not spent on a "1".
        candidates = sorted((i for i in unused if offered[i][1] & values), key=lambda i: len(offered[i][1]))
        if candidates:
            unused.remove(candidates[0])
        else:
            missing.append(token)
    problems = [f"{quote(t)} is missing" for t in missing] + [f"{quote(offered[i][0])} is not in the source" for i in unused]
    return "; ".join(problems) or None


# --- links and inline markup -------------------------------------------------------

_BARE_URL = re.compile(r"(?:https?|mailto):[^\s<>()\[\]]+[^\s<>()\[\].,;:!?\"'”’]")


def link_targets(text: str) -> list[str]:
    """Link and image targets, and bare URLs, in text order.

    >>> link_targets("See [the report](https://x.org/r) and <https://y.org> or https://z.org/a.")
    ['https://x.org/r', 'https://y.org', 'https://z.org/a']
    """
    targets = []
    inside = 0  # an autolink's text is its target again
    for token in inline(text):
        if token.type == "link_open":
            targets.append(str(token.attrs.get("href", "")))
            inside += 1
        elif token.type == "link_close":
            inside -= 1
        elif token.type == "image":
            targets.append(str(token.attrs.get("src", "")))
        elif token.type == "text" and not inside:
            targets += _BARE_URL.findall(token.content)
    return targets


def check_links(pair: Pair) -> str | None:
    """Link targets are the same as in the source (the link text is translated, the target is not).

    >>> check_links(Pair("Read [the report](https://x.org/r).", "Lea el informe."))
    'link target “https://x.org/r” is missing'
    """
    return compare(link_targets(pair.source), link_targets(pair.translation), "link target ")


_MARKUP_NAMES = {"em_open": "emphasis *…*", "strong_open": "strong **…**", "code_inline": "code `…`", "s_open": "strikethrough"}
_DELIMITERS = "*_`[]"


def _markup(text: str) -> tuple[Counter[str], Counter[str]]:
    kinds: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    for token in inline(text):
        if token.type in _MARKUP_NAMES:
            kinds[token.type] += 1
        elif token.type == "text":
            stray.update(c for c in token.content if c in _DELIMITERS)
    return kinds, stray


def check_markup(pair: Pair) -> str | None:
    """Inline Markdown is balanced: as much emphasis, strong and code as the source, and no
    delimiter left open (links are the ``links`` check's business).

    >>> check_markup(Pair("A *digital* shift.", "Un cambio *digital."))
    'emphasis *…*: 1 in the source, 0 in the translation; unbalanced “*”'
    >>> check_markup(Pair("A [link](https://x.org).", "[Un [enlace](https://x.org).]"))
    """
    source_kinds, source_stray = _markup(pair.source)
    kinds, stray = _markup(pair.translation)
    problems = [
        f"{name}: {source_kinds[kind]} in the source, {kinds[kind]} in the translation"
        for kind, name in _MARKUP_NAMES.items()
        if source_kinds[kind] != kinds[kind]
    ]
    problems += [f"unbalanced {quote(c)}" for c in "*_`" if stray[c] > source_stray[c]]
    # Brackets may be added in pairs (pseudo-localisation wraps the text in them); one left open is the fault.
    if stray["["] - stray["]"] != source_stray["["] - source_stray["]"]:
        problems.append(f"unbalanced {quote('[')}")
    return "; ".join(problems) or None


