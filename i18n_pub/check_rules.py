"""The per-entry checks of ``check`` (in the spirit of pofilter) and their table, :data:`CHECKS`."""

from __future__ import annotations

import re
import unicodedata

from i18n_pub import honorifics
from i18n_pub.check_text import Check, Pair, Severity, check_links, check_markup, check_numbers, compare, flattened, quote
from i18n_pub.glossary import names_after_honorifics
from i18n_pub.people import feminine_title
from i18n_pub.structure_check import STRUCTURE, check_protected

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
    flat, form = flattened(text), flattened(form)
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
    return "; ".join(f"{quote(term)} must read {quote(form)}" for term, form in missing)


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
    return "; ".join(f"name {quote(name)} after {quote(h)} is not kept as written" for h, name in missing)


# --- placeholders, whitespace, copies, repeats ------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\d+\$)?(?:\([A-Za-z_]\w*\))?[-+#0]*\d*(?:\.\d+)?[sdifeEgGxXcr]|\{[A-Za-z_][\w.]*\}|\{\d+\}")


def check_placeholders(pair: Pair) -> str | None:
    """``{name}``, ``{0}`` and printf placeholders (``%s``, ``%(name)s``) survive exactly.

    >>> check_placeholders(Pair("Translated by {engine}.", "Traducido por {motor}."))
    '“{engine}” is missing; “{motor}” is not in the source'
    """
    return compare(_PLACEHOLDER.findall(pair.source), _PLACEHOLDER.findall(pair.translation))


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
            expected = quote(theirs.encode("unicode_escape").decode("ascii")) if theirs else "none"
            problems.append(f"{side} whitespace {quote(shown)} (the source has {expected})")
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
    return f"two spaces after {quote(match.group(1))}" if match else None


_WORD = re.compile(r"[^\W\d_]+")


def check_same_as_source(pair: Pair) -> str | None:
    """A translation identical to its source, unless the source is only names, acronyms,
    numbers or glossary terms kept as written.

    >>> check_same_as_source(Pair("The forum opened today.", "The forum opened today."))
    'the translation is the same as the source text'
    >>> check_same_as_source(Pair("ICESCO Youth Forum 2021", "ICESCO Youth Forum 2021"))
    """
    if flattened(pair.source) != flattened(pair.translation):
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
    return "; ".join(f"repeated word {quote(r)}" for r in repeats) or None


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
IGNORABLE = (*CHECK_NAMES, UNKNOWN_CHECK.name)
IGNORE_CHECK = Check("ignore", Severity.ERROR, "an i18n-pub-ignore comment names an unknown check", lambda pair: None)
# Per article, not per entry (see i18n_pub.structure_check.article_findings).
STRUCTURE_CHECK = Check(
    STRUCTURE,
    Severity.ERROR,
    "the rendered translation lacks elements, link targets, images or code of the rendered original",
    lambda pair: None,
)


