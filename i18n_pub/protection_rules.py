"""What is kept from the engine and what is put right after it: the site's :class:`~i18n_pub.masking.Protection`.

The finders (markup, glossary terms, names, honorifics, dates and numbers) and
the grammar hooks run after the spans are restored, in one place for every step
that asks an engine.
"""

from __future__ import annotations

from i18n_pub.agreement import agree_restored
from i18n_pub.config import Config
from i18n_pub.glossary import Glossary, find_automatic_spans, load_glossary
from i18n_pub.localize import localize_spans
from i18n_pub.markup import markup_spans
from i18n_pub.masking import PostRestore, Protection, SpanFinder
from i18n_pub.organisations import organisation_articles, possessive_of
from i18n_pub.people import find_honorifics, people
from i18n_pub.protect import Span
from i18n_pub.subjects import compound_subjects


def load_site_glossary(config: Config) -> Glossary:
    return load_glossary(config.glossary_dir, config.source_language, label_of=config.relative)


def protection_for(glossary: Glossary) -> Protection:
    return Protection(span_finders(glossary), post_restore_hooks(), (possessive_of,))


def span_finders(glossary: Glossary) -> tuple[SpanFinder, ...]:
    """What is protected from the engine, in priority order (on equal length the earlier finder wins).

    Each finder is ``find(text, language) -> list[Span]``. Inline markup (code spans, link
    destinations, tags, the delimiters of emphasis …), URLs, shortcodes, file paths and version
    numbers are kept verbatim (:func:`~i18n_pub.markup.markup_spans`). Dates and numbers are written
    by Babel in the target locale (``on March 29, 2021`` → ``el 29 de marzo de 2021``).
    """
    return (markup_spans, glossary.spans, find_automatic_spans, honorific_finder(glossary), localize_spans)


def post_restore_hooks() -> tuple[PostRestore, ...]:
    """``(translated_text, restored_spans, language) -> text`` functions run after the spans are restored:
    the determiner before each restored term agrees with its gender and number (``la Organización``),
    an organisation takes its article (``de la ICESCO``), a person with an honorific too (``el Dr. …``,
    ``a la Sra. …``, a woman's title feminine), a compound subject a plural verb (``firmaron``)."""
    return (agree_restored, organisation_articles, people, compound_subjects)


def honorific_finder(glossary: Glossary) -> SpanFinder:
    """Honorifics before a name, in the target language's abbreviation for that person's gender
    (the glossary's ``<lang>:gender`` of the name after it, when the title does not say)."""

    def find(text: str, language: str) -> list[Span]:
        def gender_of(rest: str) -> str | None:
            match = next((m for m in glossary.find(rest[:120]) if m.start == 0), None)
            return match.term.gender(language) if match is not None else None

        return find_honorifics(text, language, gender_of)

    return find


def native_glossary(glossary: Glossary, language: str) -> dict[str, str]:
    """English term → required form, for an engine that takes a glossary of its own."""
    forms: dict[str, str] = {}
    for term in glossary.terms:
        form = term.required(language)
        if form:
            forms[term.source] = form
    return forms
