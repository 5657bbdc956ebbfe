"""QA over catalogs: the checks a news desk needs, in the spirit of pofilter.

Every translated entry of a language (reviewed or machine output; not empty,
not obsolete, and not a stale ``changed`` entry, whose translation is of an
older source text and never published) is compared with its source sentence.
Each check has a name and a severity; a finding names the file and the line of
the entry's ``msgstr``.

A translator can accept a deliberate exception on one entry with a translator
comment, which msgfmt, msgmerge, polib, Poedit and Weblate all keep::

    # i18n-pub-ignore: numbers, same-as-source
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import polib
from markdown_it.token import Token

from i18n_pub import honorifics, po_text
from i18n_pub.catalog import GLOSSARY_PREFIX, Status, comment_lines, entry_status, machine_engine, machine_unknown, read_catalog
from i18n_pub.config import Config
from i18n_pub.glossary import Glossary, load_glossary, names_after_honorifics
from i18n_pub.markup import parse_inline
from i18n_pub.memory import is_memory
from i18n_pub.people import feminine_title
from i18n_pub.sentence_store import Sentences, SentenceStore
from i18n_pub.sources import Article
from i18n_pub.structure_check import STRUCTURE, article_findings, check_protected, sources_by_slug

IGNORE_PREFIX = "i18n-pub-ignore:"
SCHEMA_VERSION = 1


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


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    check: str
    severity: Severity
    message: str
    msgctxt: str | None = None
    msgid: str = ""

    def __str__(self) -> str:
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: {self.check}: {label}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.check, self.message)


# --- text helpers --------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def _flat(text: str) -> str:
    """Whitespace of any kind (no-break spaces too) as one plain space."""
    return _SPACES.sub(" ", text).strip()


def _quote(text: str) -> str:
    return f"“{text}”"


def _compare(source: Iterable[str], translation: Iterable[str], what: str = "") -> str | None:
    """What the source has that the translation lacks, and the other way round (as multisets)."""
    theirs, ours = Counter(source), Counter(translation)
    problems = [f"{what}{_quote(item)} is missing" for item in sorted((theirs - ours).elements())]
    problems += [f"{what}{_quote(item)} is not in the source" for item in sorted((ours - theirs).elements())]
    return "; ".join(problems) or None


def _inline(text: str) -> list[Token]:
    return parse_inline(text)


# --- glossary ------------------------------------------------------------------


_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3]")


def _arabic_prefixes(form: str) -> str:
    """A pattern for ``form`` with the Arabic proclitics written onto it: و ف (and), ب ك ل (in, as, for);
    after ل the article ال becomes لل.

    >>> [bool(re.fullmatch(_arabic_prefixes("الإيسيسكو"), w)) for w in ("الإيسيسكو", "والإيسيسكو", "للإيسيسكو", "بالإيسيسكو", "إيسيسكو")]
    [True, True, True, True, False]
    """
    if form.startswith("ال"):
        return "(?:[وف]?[بك]?ال|[وف]?لل)" + re.escape(form[2:])
    return "[وف]?[بكل]?" + re.escape(form)


def _contains(text: str, form: str) -> bool:
    """``form`` occurs in ``text`` as whole words; a capital at the start of the text is allowed, and
    in Arabic the proclitics that are written onto the next word.

    >>> _contains("Director general de la ICESCO", "director general"), _contains("El Director General", "director general")
    (True, False)
    >>> _contains("la ICESCOs", "ICESCO"), _contains("برنامجًا للإيسيسكو", "الإيسيسكو")
    (False, True)
    """
    flat, form = _flat(text), _flat(form)
    before = r"(?<!\w)" if form[:1].isalnum() else ""
    after = r"(?!\w)" if form[-1:].isalnum() else ""
    body = _arabic_prefixes(form) if _ARABIC_LETTER.match(form) else re.escape(form)
    if re.search(before + body + after, flat):
        return True
    capital = form[:1].upper() + form[1:]
    return capital != form and flat.startswith(capital) and bool(re.match(re.escape(capital) + after, flat))


def _feminine_of(text: str, form: str) -> bool:
    """A title written for a woman (``Secretaria General`` for ``Secretario General``, ``Dra.`` for ``Dr.``):
    the people rule's (:mod:`i18n_pub.people`)."""
    feminine = honorifics.abbreviation(form, "es", "f") or (feminine_title(form) if form[:1].isupper() else form)
    return feminine != form and _contains(text, feminine)


def check_glossary(pair: Pair) -> str | None:
    """Every glossary term of the source appears in the translation in its required form.

    >>> check_glossary(Pair("The Director-General spoke.", "El Director-General habló.", (("Director-General", "Director General"),)))
    '“Director-General” must read “Director General”'
    """
    missing = [
        (term, form) for term, form in pair.terms if not _contains(pair.translation, form) and not _feminine_of(pair.translation, form)
    ]
    if not missing:
        return None
    return "; ".join(f"{_quote(term)} must read {_quote(form)}" for term, form in missing)


# --- names after honorifics ------------------------------------------------------

def names_kept(text: str) -> list[tuple[str, str]]:
    """(honorific, name) pairs: the person names after an honorific, as the glossary step finds and
    protects them, which the translation must keep as written.

    >>> names_kept("H.E. Dr. Salim M. AlMalik met Mr. President and Prof. Said M’hamad Ed-Dbib's team.")
    [('Dr.', 'Salim M. AlMalik'), ('Prof.', 'Said M’hamad Ed-Dbib')]
    """
    return [(text[:start].split()[-1], name) for start, _end, name in names_after_honorifics(text)]


def _latin_script(text: str) -> bool:
    """Most letters of ``text`` are Latin (Spanish, French …, not Arabic).

    >>> _latin_script("El Prof. Slim Khalbous habló."), _latin_script("قال الأستاذ سليم خلبوص Khalbous")
    (True, False)
    """
    letters = [c for c in text if c.isalpha()]
    return sum("LATIN" in unicodedata.name(c, "") for c in letters) * 2 > len(letters)


def check_names(pair: Pair) -> str | None:
    """Names after an honorific are kept as written, unless the glossary gives them a form. A
    translation in another script (Arabic) writes names in its own letters: there the glossary's
    forms are the rule, and this check stays silent.

    >>> check_names(Pair("Prof. Slim Khalbous spoke.", "Prof. Esbelto Khalbous habló."))
    'name “Slim Khalbous” after “Prof.” is not kept as written'
    """
    if not _latin_script(pair.translation):
        return None
    covered = [term for term, _ in pair.terms]
    missing = [
        (honorific, name)
        for honorific, name in names_kept(pair.source)
        if not any(name in term for term in covered) and not _contains(pair.translation, name)
    ]
    if not missing:
        return None
    return "; ".join(f"name {_quote(name)} after {_quote(h)} is not kept as written" for h, name in missing)


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
    normal = written.translate(_ARABIC_DIGITS)  # one character for one: offsets stay valid
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
    problems = [f"{_quote(t)} is missing" for t in missing] + [f"{_quote(offered[i][0])} is not in the source" for i in unused]
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
    for token in _inline(text):
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
    return _compare(link_targets(pair.source), link_targets(pair.translation), "link target ")


_MARKUP_NAMES = {"em_open": "emphasis *…*", "strong_open": "strong **…**", "code_inline": "code `…`", "s_open": "strikethrough"}
_DELIMITERS = "*_`[]"


def _markup(text: str) -> tuple[Counter[str], Counter[str]]:
    kinds: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    for token in _inline(text):
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
    problems += [f"unbalanced {_quote(c)}" for c in "*_`" if stray[c] > source_stray[c]]
    # Brackets may be added in pairs (pseudo-localisation wraps the text in them); one left open is the fault.
    if stray["["] - stray["]"] != source_stray["["] - source_stray["]"]:
        problems.append(f"unbalanced {_quote('[')}")
    return "; ".join(problems) or None


# --- placeholders, whitespace, copies, repeats ------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\d+\$)?(?:\([A-Za-z_]\w*\))?[-+#0]*\d*(?:\.\d+)?[sdifeEgGxXcr]|\{[A-Za-z_][\w.]*\}|\{\d+\}")


def check_placeholders(pair: Pair) -> str | None:
    """``{name}``, ``{0}`` and printf placeholders (``%s``, ``%(name)s``) survive exactly.

    >>> check_placeholders(Pair("Translated by {engine}.", "Traducido por {motor}."))
    '“{engine}” is missing; “{motor}” is not in the source'
    """
    return _compare(_PLACEHOLDER.findall(pair.source), _PLACEHOLDER.findall(pair.translation))


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def check_whitespace(pair: Pair) -> str | None:
    """Leading and trailing whitespace as in the source, and no line break the source lacks.

    >>> check_whitespace(Pair("A sentence.", " Una frase.\\n"))
    'leading whitespace “ ” (the source has none); trailing whitespace “\\\\n” (the source has none)'
    """
    problems = []
    for side, theirs, ours in zip(("leading", "trailing"), _edges(pair.source), _edges(pair.translation), strict=True):
        if theirs != ours:
            shown = ours.encode("unicode_escape").decode("ascii")
            expected = _quote(theirs.encode("unicode_escape").decode("ascii")) if theirs else "none"
            problems.append(f"{side} whitespace {_quote(shown)} (the source has {expected})")
    if "\n" in pair.translation.strip() and "\n" not in pair.source.strip():
        problems.append("a line break the source does not have")
    return "; ".join(problems) or None


def check_double_space(pair: Pair) -> str | None:
    """Two spaces in a row inside the translation (often where an engine dropped a word).

    >>> check_double_space(Pair("at ICESCO's headquarters", "en ICESCO  sede"))
    'two spaces after “ICESCO”'
    """
    if "  " in pair.source.strip():
        return None
    match = re.search(r"(\S+)  +\S", pair.translation.strip())
    return f"two spaces after {_quote(match.group(1))}" if match else None


_WORD = re.compile(r"[^\W\d_]+")


def check_same_as_source(pair: Pair) -> str | None:
    """A translation identical to its source, unless the source is only names, acronyms,
    numbers or glossary terms kept as written.

    >>> check_same_as_source(Pair("The forum opened today.", "The forum opened today."))
    'the translation is the same as the source text'
    >>> check_same_as_source(Pair("ICESCO Youth Forum 2021", "ICESCO Youth Forum 2021"))
    """
    if _flat(pair.source) != _flat(pair.translation):
        return None
    text = pair.source
    for term, form in pair.terms:
        if term == form:
            text = text.replace(term, " ")
    if all(word[0].isupper() for word in _WORD.findall(text)):
        return None
    return "the translation is the same as the source text"


_REPEATED = re.compile(r"(?<!\w)([^\W\d_]+)\s+(\1)(?!\w)", re.IGNORECASE)


def check_repeated_word(pair: Pair) -> str | None:
    """The same word twice in a row (“de de”), unless the source repeats it too.

    >>> check_repeated_word(Pair("The rules of the game.", "Las reglas de de el juego."))
    'repeated word “de de”'
    """
    repeats = [m.group() for m in _REPEATED.finditer(pair.translation)]
    source = {m.group(1).lower() for m in _REPEATED.finditer(pair.source)}
    repeats = [r for r in repeats if r.split()[0].lower() not in source]
    return "; ".join(f"repeated word {_quote(r)}" for r in repeats) or None


CHECKS: tuple[Check, ...] = (
    Check("glossary", Severity.ERROR, "a glossary term is not in its required form", check_glossary),
    Check("names", Severity.ERROR, "a name after an honorific (Dr., Prof., H.E. …) is not kept as written", check_names),
    Check("numbers", Severity.ERROR, "a number of the source is missing or changed (1,000 = 1.000 = 1 000 = ١٠٠٠)", check_numbers),
    Check("links", Severity.ERROR, "a link target is missing, changed or added", check_links),
    Check("markup", Severity.ERROR, "inline Markdown (emphasis, strong, code) is unbalanced or differs from the source", check_markup),
    Check("placeholders", Severity.ERROR, "a {placeholder} or %s is missing or added", check_placeholders),
    Check("whitespace", Severity.ERROR, "leading or trailing whitespace differs from the source", check_whitespace),
    Check("same-as-source", Severity.ERROR, "the translation is the untranslated source text", check_same_as_source),
    Check(
        "protected",
        Severity.ERROR,
        "a protected span (code, tag, shortcode, file path, version number) is changed, missing or added",
        lambda pair: check_protected(pair.source, pair.translation),
    ),
    Check("double-space", Severity.WARNING, "two spaces in a row", check_double_space),
    Check("repeated-word", Severity.WARNING, "the same word twice in a row", check_repeated_word),
)
# Read from the entry's ``# mt: <engine>; unknown: …`` comment, not from its text: one line per machine entry.
UNKNOWN_CHECK = Check("unknown-words", Severity.WARNING, "words the engine did not know, left in the source language", lambda pair: None)
CHECK_NAMES = tuple(c.name for c in CHECKS)
_IGNORABLE = (*CHECK_NAMES, UNKNOWN_CHECK.name)
IGNORE_CHECK = Check("ignore", Severity.ERROR, "an i18n-pub-ignore comment names an unknown check", lambda pair: None)
# Per article, not per entry (see i18n_pub.structure_check.article_findings).
STRUCTURE_CHECK = Check(
    STRUCTURE,
    Severity.ERROR,
    "the rendered translation lacks elements, link targets, images or code of the rendered original",
    lambda pair: None,
)


# --- catalogs ------------------------------------------------------------------


def glossary_terms(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
    """The ``#. glossary: term → form`` lines that ``translate`` writes on each entry.

    A long line comes back wrapped over several ``#.`` lines (polib wraps comments at
    78 columns); a line without a ``key:`` of its own continues the one before.

    >>> glossary_terms(polib.POEntry(msgid="x", comment="glossary: ICESCO → ICESCO\\nglossary: Director-General → Director General"))
    (('ICESCO', 'ICESCO'), ('Director-General', 'Director General'))
    >>> glossary_terms(polib.POEntry(msgid="x", comment="glossary: Arab Bank → Banco Árabe para\\nel Desarrollo"))
    (('Arab Bank', 'Banco Árabe para el Desarrollo'),)
    """
    lines: list[str | None] = []
    for line in (entry.comment or "").split("\n"):
        line = line.strip()
        if line.startswith(GLOSSARY_PREFIX):
            lines.append(line[len(GLOSSARY_PREFIX) :])
        elif lines and lines[-1] is not None and line and not re.match(r"[\w-]+:", line):
            lines[-1] += " " + line
        else:
            lines.append(None)  # another kind of comment ends a glossary line
    terms = []
    for line in filter(None, lines):
        term, arrow, form = line.partition("→")
        if arrow and term.strip() and form.strip():
            terms.append((term.strip(), form.strip()))
    return tuple(terms)


Terms = Callable[[polib.POEntry], tuple[tuple[str, str], ...]]


def terms_for(glossary: Glossary, language: str) -> Terms:
    """The rules for an entry: the site's glossary as it is now, and the entry's ``#. glossary:``
    lines for terms the glossary does not have (a catalog made elsewhere, a glossary not loaded).

    >>> from i18n_pub.glossary import Term, TermType
    >>> terms = terms_for(Glossary((Term("IsDB", TermType.ORGANIZATION, (("es", "BIsD"),)),)), "es")
    >>> terms(polib.POEntry(msgid="The IsDB and AUF met.", comment="glossary: IsDB → BID\\nglossary: AUF → AUF"))
    (('IsDB', 'BIsD'), ('AUF', 'AUF'))
    """
    known = {term.source for term in glossary.terms}

    def terms(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
        live = []
        for match in glossary.find(entry.msgid):
            required = match.term.required(language, match.text)
            if required:
                live.append((match.text, required))
        hinted = [(term, form) for term, form in glossary_terms(entry) if term not in known]
        return tuple(dict.fromkeys([*live, *hinted]))

    return terms


def ignored_checks(entry: polib.POEntry) -> list[str]:
    """Check names listed in ``# i18n-pub-ignore: a, b`` translator comments.

    >>> ignored_checks(polib.POEntry(msgid="x", tcomment="mt: apertium\\ni18n-pub-ignore: numbers, links"))
    ['numbers', 'links']
    """
    names = []
    for line in comment_lines(entry):
        line = line.strip()
        if line.startswith(IGNORE_PREFIX):
            names += [n.strip() for n in line[len(IGNORE_PREFIX) :].split(",") if n.strip()]
    return names


def msgstr_lines(text: str, po: polib.POFile) -> dict[int, int]:
    """Entry start line (polib's ``linenum``) → the line of its ``msgstr`` keyword."""
    lines = text.splitlines()
    found: dict[int, int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        for number in range(max(_start_line(entry) - 1, 0), len(lines)):
            if lines[number].startswith("msgstr"):
                found[_start_line(entry)] = number + 1
                break
    return found


def _start_line(entry: polib.POEntry) -> int:
    """The line an entry starts on: polib sets it on every entry it parses (its stubs allow None)."""
    return entry.linenum or 0


def _msgstr_line(lines: dict[int, int], entry: polib.POEntry) -> int:
    """The line of an entry's ``msgstr`` (from :func:`msgstr_lines`), else the line it starts on."""
    return lines.get(_start_line(entry), _start_line(entry))


def _pairs(entry: polib.POEntry, terms: tuple[tuple[str, str], ...]) -> Iterable[Pair]:
    if entry.msgid_plural:
        for index, text in sorted(entry.msgstr_plural.items()):
            if text:
                yield Pair(entry.msgid if index == 0 else entry.msgid_plural, text, terms)
    elif entry.msgstr:
        yield Pair(entry.msgid, entry.msgstr, terms)


def check_entry(entry: polib.POEntry, path: str, line: int, terms_of: Terms = glossary_terms) -> list[Finding]:
    """The findings for one catalog entry (nothing for untranslated, obsolete or stale entries)."""
    if entry.obsolete or not entry.msgid or entry_status(entry) in (Status.UNTRANSLATED, Status.CHANGED):
        return []
    if entry.msgid_plural and not any(entry.msgstr_plural.values()):
        return []
    ignored = ignored_checks(entry)
    findings = [
        Finding(
            path, line, IGNORE_CHECK.name, IGNORE_CHECK.severity,
            f"unknown check {_quote(name)}; checks: {', '.join(_IGNORABLE)}", entry.msgctxt, entry.msgid,
        )
        for name in ignored
        if name not in _IGNORABLE
    ]
    unknown = machine_unknown(entry) if entry_status(entry) is Status.MACHINE and UNKNOWN_CHECK.name not in ignored else ()
    if unknown:
        message = f"{machine_engine(entry)} did not know: {', '.join(unknown)}"
        findings.append(Finding(path, line, UNKNOWN_CHECK.name, UNKNOWN_CHECK.severity, message, entry.msgctxt, entry.msgid))
    terms = terms_of(entry)
    for pair in _pairs(entry, terms):
        for check in CHECKS:
            if check.name in ignored:
                continue
            problem = check.run(pair)
            if problem:
                findings.append(Finding(path, line, check.name, check.severity, problem, entry.msgctxt, entry.msgid))
    return findings


def check_catalog(text: str, path: str, terms_of: Terms = glossary_terms) -> list[Finding]:
    """Every finding in one catalog, given its text and the path to name in messages."""
    po = polib.pofile(text, wrapwidth=78)
    lines = msgstr_lines(text, po)
    findings: list[Finding] = []
    for entry in po:
        if not entry.obsolete:
            findings += check_entry(entry, path, _msgstr_line(lines, entry), terms_of)
    return findings


@dataclass(frozen=True)
class CheckReport:
    language: str
    catalogs: tuple[str, ...]
    entries: int  # translated entries checked
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def language_catalogs(config: Config, language: str) -> list[Path]:
    folder = config.locales_dir / language
    # Not the site memory: a compendium of reviews, not a catalog anyone translates in.
    return sorted(p for p in folder.glob("*.po") if not is_memory(p)) if folder.is_dir() else []


def site_terms(config: Config, language: str) -> Terms:
    """Glossary rules from the site's glossary folder (a bad glossary is an Error: line) and the hints."""
    return terms_for(load_glossary(config.glossary_dir, config.source_language, label_of=config.relative), language)


def structure_findings(label: str, text: str, po: polib.POFile, article: Article, sentences: Sentences) -> list[Finding]:
    """The article's rendered translation against its rendered original, at msgstr lines."""
    lines = msgstr_lines(text, po)
    found = article_findings(article, po, lambda e: _msgstr_line(lines, e), sentences)
    return [Finding(label, line, STRUCTURE, Severity.ERROR, message) for line, message in found]


def run_checks(config: Config, language: str) -> CheckReport:
    """Check every catalog of ``language`` (``locales/<lang>/*.po``, site strings too); findings sorted."""
    terms_of = site_terms(config, language)
    articles = sources_by_slug(config)
    store = SentenceStore(config.cache_dir)  # each article's blocks as translate split them: no pysbd again
    findings: list[Finding] = []
    labels = []
    entries = 0
    for path in language_catalogs(config, language):
        label = config.relative(path)
        read_catalog(path, label)  # a broken file is an Error: line, not a finding
        text = po_text.normalize(path.read_text("utf-8"), label)  # escapes and flags as gettext reads them
        labels.append(label)
        po = polib.pofile(text, wrapwidth=78)
        entries += sum(1 for e in po if not e.obsolete and entry_status(e) in (Status.REVIEWED, Status.MACHINE))
        findings += check_catalog(text, label, terms_of)
        if path.stem in articles:
            article, digest = articles[path.stem]
            findings += structure_findings(label, text, po, article, store.sentences_for(digest, article))
    store.close()
    return CheckReport(language, tuple(labels), entries, tuple(sorted(findings, key=lambda f: f.sort_key)))


def check_document(reports: Sequence[CheckReport]) -> dict[str, Any]:
    """The ``check --json`` document; its shape is ``i18n_pub/schemas/check.schema.json``."""
    return {
        "version": SCHEMA_VERSION,
        "checks": [
            {"name": c.name, "severity": c.severity.value, "description": c.description}
            for c in (*CHECKS, UNKNOWN_CHECK, IGNORE_CHECK, STRUCTURE_CHECK)
        ],
        "languages": {
            r.language: {"catalogs": list(r.catalogs), "entries": r.entries, "errors": r.errors, "warnings": r.warnings}
            for r in reports
        },
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "check": f.check,
                "severity": f.severity.value,
                "message": f.message,
                "msgctxt": f.msgctxt,
                "msgid": f.msgid,
            }
            for r in reports
            for f in r.findings
        ],
    }
