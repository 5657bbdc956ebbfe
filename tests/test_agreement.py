"""The determiner before a restored glossary term agrees with the term's gender and number."""

from __future__ import annotations

import pytest

from i18n_pub.agreement import Placed, agree, agree_restored
from i18n_pub.protect import Span


def _agree(text: str, term: str, language: str, gender=None, number=None) -> str:
    start = text.index(term)
    span = Span(0, 0, term, "term", term, gender, number)
    return agree(text, [Placed(start, start + len(term), span)], language)


@pytest.mark.parametrize(
    ("text", "term", "gender", "number", "expected"),
    [
        # masculine
        ("firmó con la Banco Árabe", "Banco Árabe", "m", None, "firmó con el Banco Árabe"),
        ("la ayuda de la Banco Árabe", "Banco Árabe", "m", None, "la ayuda del Banco Árabe"),
        ("gracias a la Banco Árabe", "Banco Árabe", "m", None, "gracias al Banco Árabe"),
        ("Una Fondo", "Fondo", "m", None, "Un Fondo"),
        # feminine
        (
            "El Organización del Mundo Islámico firmó",
            "Organización del Mundo Islámico",
            "f",
            None,
            "La Organización del Mundo Islámico firmó",
        ),
        ("la sede del Organización", "Organización", "f", None, "la sede de la Organización"),
        ("gracias al Agencia", "Agencia", "f", None, "gracias a la Agencia"),
        ("un Agencia", "Agencia", "f", None, "una Agencia"),
        ("la agua", "agua", "f", None, "el agua"),  # stressed a
        # plural
        ("el Naciones Unidas", "Naciones Unidas", "f", "pl", "las Naciones Unidas"),
        ("del Estados miembros", "Estados miembros", "m", "pl", "de los Estados miembros"),
        ("al Naciones Unidas", "Naciones Unidas", "f", "pl", "a las Naciones Unidas"),
        ("la Estados miembros", "Estados miembros", None, "pl", "las Estados miembros"),
    ],
)
def test_spanish(text, term, gender, number, expected):
    assert _agree(text, term, "es", gender, number) == expected


@pytest.mark.parametrize(
    ("text", "term", "gender", "number", "expected"),
    [
        # masculine
        ("la Fonds", "Fonds", "m", None, "le Fonds"),
        ("de la Fonds", "Fonds", "m", None, "du Fonds"),
        ("à la Fonds", "Fonds", "m", None, "au Fonds"),
        ("une Fonds", "Fonds", "m", None, "un Fonds"),
        # feminine
        ("le Banque", "Banque", "f", None, "la Banque"),
        ("du Banque", "Banque", "f", None, "de la Banque"),
        ("au Banque", "Banque", "f", None, "à la Banque"),
        # plural
        ("la Nations unies", "Nations unies", "f", "pl", "les Nations unies"),
        ("du Nations unies", "Nations unies", "f", "pl", "des Nations unies"),
        ("au Nations unies", "Nations unies", "f", "pl", "aux Nations unies"),
        # elision before a vowel or a mute h, none before an aspirated h
        ("le Organisation", "Organisation", "f", None, "l'Organisation"),
        ("du Organisation", "Organisation", "f", None, "de l'Organisation"),
        ("au Agence", "Agence", "f", None, "à l'Agence"),
        ("la hôpital", "hôpital", "m", None, "l'hôpital"),
        ("la Haut-Commissariat", "Haut-Commissariat", "m", None, "le Haut-Commissariat"),
        ("l’Banque", "Banque", "f", None, "la Banque"),
    ],
)
def test_french(text, term, gender, number, expected):
    assert _agree(text, term, "fr", gender, number) == expected


def test_the_apostrophe_of_the_text_is_kept():
    assert _agree("Elle dirige le Organisation et l’Agence", "Organisation", "fr", "f") == "Elle dirige l’Organisation et l’Agence"


def test_languages_without_rules_are_untouched():
    assert _agree("die Organisation", "Organisation", "de", "m") == "die Organisation"
    assert _agree("El Organización", "Organización", "it", "f") == "El Organización"


def test_a_term_without_grammar_leaves_the_determiner():
    assert _agree("el Organización", "Organización", "es") == "el Organización"


def test_a_span_starting_with_an_article_is_contracted_and_never_doubled():
    date = Span(0, 0, "el 29 de marzo", "date", "on March 29")
    assert agree_restored("a partir de el 29 de marzo", [date], "es") == "a partir del 29 de marzo"
    assert agree_restored("firmado el el 29 de marzo", [date], "es") == "firmado el 29 de marzo"
    french = Span(0, 0, "le 29 mars", "date", "on March 29")
    assert agree_restored("à partir de le 29 mars", [french], "fr") == "à partir du 29 mars"


def test_agree_restored_finds_every_place_of_a_term():
    org = Span(0, 0, "Organización", "organization", "Organization", gender="f")
    text = "El Organización dijo que el Organización"
    assert agree_restored(text, [org], "es") == "La Organización dijo que la Organización"


def test_article_errors_reads_disagreements_without_rewriting():
    from i18n_pub.agreement import article_errors

    org = Span(0, 0, "Organización", "organization", "Organization", gender="f")
    un = Span(0, 0, "Naciones Unidas", "organization", "United Nations", gender="f", number="pl")
    text = "El Organización, de la Organización, del Naciones Unidas y las Naciones Unidas"
    assert article_errors(text, [org, un], "es") == ["'El Organización' (f sg)", "'del Naciones Unidas' (f pl)"]
    assert article_errors("de la Organisation", [Span(0, 0, "Organisation", "term", "x", gender="f")], "fr") == [
        "'de la Organisation' (f sg)"  # elision missing
    ]
    assert article_errors("El Organización", [org], "de") == []
