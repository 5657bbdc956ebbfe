"""TBX-Basic (the 2008 ``martif`` form that translate-toolkit, Weblate and OmegaT read) ⇄ glossary terms.

Reading validates the file against the TBX-Basic RELAX NG schema first, so a
file those tools would reject is an error naming its line. How our columns map:

============================ ==============================================
glossary                     TBX-Basic
============================ ==============================================
one row                      ``termEntry`` (one per English synonym on import)
``en`` / target cell         ``langSet xml:lang=…`` / ``tig`` / ``term``
``type``                     ``<note>type: organization</note>`` on the entry;
                             ``partOfSpeech`` ``properNoun`` for names and organizations
``<lang>:gender``            ``termNote type="grammaticalGender"``
``<lang>:number``            ``<note>grammaticalNumber: plural</note>`` on the tig
empty cell with grammar      the source text, with ``<note>keep as written</note>``
``note``                     ``<note>`` on the entry
============================ ==============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from lxml import etree

from i18n_pub import xmlsafe
from i18n_pub.errors import GlossaryError
from i18n_pub.glossary import Glossary, Term, TermType

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = "TBXBasicRNGV02.rng"
_GENDERS = {"m": "masculine", "f": "feminine", "n": "neuter"}
_NUMBERS = {"sg": "singular", "pl": "plural"}
_TYPE_NOTE = "type: "
_NUMBER_NOTE = "grammaticalNumber: "
_KEEP_NOTE = "keep as written"
_FIX = "make the file valid TBX-Basic (TBXBasicRNGV02.rng), or export it again from your terminology tool"


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    resource = files("i18n_pub") / "schemas" / SCHEMA
    return etree.RelaxNG(xmlsafe.parse_bytes(resource.read_bytes()).getroottree())


def validate(tree: etree._ElementTree, label: str) -> None:
    """Raise a :class:`GlossaryError` at the first line the TBX-Basic schema rejects."""
    rng = schema()
    if rng.validate(tree):
        return
    error = rng.error_log.filter_from_errors()[0] if rng.error_log.filter_from_errors() else rng.error_log[0]
    raise GlossaryError(f"not TBX-Basic: {error.message}", path=label, line=error.line or None, fix=_FIX)


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(t for t in element.itertext() if isinstance(t, str)).split())  # str always, for parsed text


def read_tbx(path: Path, label: str, source_language: str = "en") -> tuple[list[Term], tuple[str, ...]]:
    """Terms of a TBX-Basic file and its target languages (in order of appearance)."""
    try:
        tree = xmlsafe.parse_file(path)
    except etree.XMLSyntaxError as exc:
        raise GlossaryError(f"not well-formed XML: {exc.msg}", path=label, line=exc.lineno or None, fix=_FIX) from None
    validate(tree, label)
    terms: list[Term] = []
    languages: list[str] = []
    for entry in tree.getroot().iter("termEntry"):
        terms += _entry_terms(entry, label, source_language, languages)
    return terms, tuple(languages)


def _base(language: str) -> str:
    return language.split("-")[0].lower() if language else language


def _entry_terms(entry: etree._Element, label: str, source: str, languages: list[str]) -> list[Term]:
    notes, kind = [], None
    for note in entry.findall("note"):
        text = _text(note)
        if text.startswith(_TYPE_NOTE) and text[len(_TYPE_NOTE) :] in {t.value for t in TermType}:
            kind = TermType(text[len(_TYPE_NOTE) :])
        elif text:
            notes.append(text)
    english: list[tuple[str, int]] = []
    targets, genders, numbers = {}, {}, {}
    proper = False
    for lang_set in entry.findall("langSet"):
        language = lang_set.get(XML_LANG, "")
        tigs = lang_set.findall("tig")
        if _base(language) == _base(source):
            for tig in tigs:
                term_element = tig.find("term")
                if term_element is not None and _text(term_element):
                    english.append((_text(term_element), xmlsafe.source_line(term_element)))
                proper = proper or _term_note(tig, "partOfSpeech") == "properNoun"
                notes += [_text(n) for n in tig.findall("note") if _text(n)]
            continue
        if not tigs or language in targets:
            continue
        targets[language], gender, number = _target(tigs[0])  # the first (preferred) term of the language
        if language not in languages:
            languages.append(language)
        if gender:
            genders[language] = gender
        if number:
            numbers[language] = number
    if kind is None:
        kind = TermType.NAME if proper else TermType.TERM
    return [
        Term(
            source=text,
            type=kind,
            targets=tuple((lang, t) for lang, t in targets.items() if t),
            genders=tuple(genders.items()),
            numbers=tuple(numbers.items()),
            note=" / ".join(dict.fromkeys(notes)),
            path=label,
            line=line,
        )
        for text, line in english
    ]


def _target(tig: etree._Element) -> tuple[str, str | None, str | None]:
    """A target language's term: its form ("" keeps the English as written), gender and number."""
    keep = any(_text(n) == _KEEP_NOTE for n in tig.findall("note"))
    gender = {v: k for k, v in _GENDERS.items()}.get(_term_note(tig, "grammaticalGender") or "")
    number = None
    for note in tig.findall("note"):
        text = _text(note)
        found = {v: k for k, v in _NUMBERS.items()}.get(text[len(_NUMBER_NOTE) :]) if text.startswith(_NUMBER_NOTE) else None
        number = found or number
    return "" if keep else _text(tig.find("term")), gender, number


def _term_note(tig: etree._Element, kind: str) -> str | None:
    for note in tig.findall("termNote"):
        if note.get("type") == kind:
            return _text(note)
    return None


# --- writing -------------------------------------------------------------------


def build_tbx(glossary: Glossary, languages: Sequence[str], source_language: str = "en", title: str = "Glossary") -> etree._ElementTree:
    """A TBX-Basic document: one ``termEntry`` per term, the source language first (translate-toolkit
    reads the first ``langSet`` as the source and the second as the target)."""
    martif = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_language})
    header = etree.SubElement(martif, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Exported by i18n-pub from the site glossary."
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    order = list(dict.fromkeys([*languages, *glossary.languages, *(lang for t in glossary.terms for lang, _ in t.targets)]))
    for number, term in enumerate(glossary.terms, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{number}")
        etree.SubElement(entry, "note").text = _TYPE_NOTE + term.type.value
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        _lang_set(entry, source_language, term.source, term, None)
        for language in order:
            target = term.target(language)
            if target:
                _lang_set(entry, language, target, term, language)
            elif term.gender(language) or term.number(language):
                # No form, but grammar to keep: the source text, marked as "keep as written".
                _lang_set(entry, language, term.source, term, language, keep=True)
    return etree.ElementTree(martif)


def _lang_set(entry: etree._Element, language: str, text: str, term: Term, target: str | None, keep: bool = False) -> None:
    tig = etree.SubElement(etree.SubElement(entry, "langSet", {XML_LANG: language}), "tig")
    etree.SubElement(tig, "term").text = text
    part = "properNoun" if term.type.keeps_source else "noun"
    etree.SubElement(tig, "termNote", type="partOfSpeech").text = part
    gender = term.gender(target) if target else None
    if gender:
        etree.SubElement(tig, "termNote", type="grammaticalGender").text = _GENDERS[gender]
    number = term.number(target) if target else None
    if number:
        etree.SubElement(tig, "note").text = _NUMBER_NOTE + _NUMBERS[number]
    if keep:
        etree.SubElement(tig, "note").text = _KEEP_NOTE


def write_tbx(glossary: Glossary, languages: Sequence[str], source_language: str = "en", title: str = "Glossary") -> bytes:
    """The TBX-Basic bytes, checked against the schema before they are returned."""
    tree = build_tbx(glossary, languages, source_language, title)
    validate(tree, "export")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
