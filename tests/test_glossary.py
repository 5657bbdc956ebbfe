"""The glossary: loading and its errors, matching, masking round trips per engine token shape."""

from __future__ import annotations

import pytest

from i18n_pub.engines.apertium import ApertiumEngine
from i18n_pub.engines.pseudo import PseudoEngine
from i18n_pub.errors import GlossaryError
from i18n_pub.glossary import Glossary, Term, TermType, find_automatic_spans, load_glossary
from i18n_pub.glossary_csv import read_csv
from i18n_pub.masking import SHAPES, Protection, Restored, TokenShape, mask, shape_for, unmask
from i18n_pub.protect import Span
from tests.conftest import REPO, require_tool

ORG, NAME, TITLE, TERM = TermType.ORGANIZATION, TermType.NAME, TermType.TITLE, TermType.TERM


def glossary(*rows: tuple) -> Glossary:
    terms = []
    for row in rows:
        source, kind, *target = row
        terms.append(Term(source, kind, (("es", target[0]),) if target else ()))
    return Glossary(tuple(terms))


def found(g: Glossary, text: str) -> list[str]:
    return [text[m.start : m.end] for m in g.find(text)]


# --- matching -----------------------------------------------------------------


def test_longest_match_wins():
    g = glossary(("ICESCO", ORG), ("ICESCO Youth Forum", ORG), ("Youth Forum", TERM, "Foro"))
    assert found(g, "The ICESCO Youth Forum opened; ICESCO spoke.") == ["ICESCO Youth Forum", "ICESCO"]


def test_overlapping_terms_keep_the_longest_and_drop_the_other():
    g = glossary(("Islamic World", TERM, "mundo islámico"), ("World Heritage Week", TERM, "Semana"))
    assert found(g, "the Islamic World Heritage Week") == ["World Heritage Week"]
    g = glossary(("Islamic World Heritage", TERM, "x"), ("Heritage Week", TERM, "y"))
    assert found(g, "the Islamic World Heritage Week") == ["Islamic World Heritage"]


def test_case_sensitive_for_names_and_acronyms_not_for_plain_titles():
    g = glossary(("ICESCO", ORG), ("Rabat", NAME), ("Director-General", TITLE, "Director General"), ("COVID-19", TERM, "COVID-19"))
    assert found(g, "Icesco in rabat, covid-19") == []
    assert found(g, "ICESCO in Rabat, COVID-19") == ["ICESCO", "Rabat", "COVID-19"]
    assert found(g, "the director-general and the Director-General") == ["director-general", "Director-General"]


def test_whole_words_only():
    g = glossary(("WHO", ORG, "OMS"), ("member state", TERM, "Estado miembro"))
    assert found(g, "WHOLE wHO WHOM member states") == []
    assert found(g, "(WHO), a member state-led WHO-") == ["WHO", "member state", "WHO"]


def test_no_break_space_and_other_whitespace_inside_a_term_still_match():
    g = glossary(("Salim M. AlMalik", NAME), ("Islamic Development Bank", ORG, "Banco Islámico de Desarrollo"))
    text = "Dr.\u00a0Salim\u00a0M.\u00a0AlMalik met the Islamic\u202fDevelopment  Bank."
    assert found(g, text) == ["Salim\u00a0M.\u00a0AlMalik", "Islamic\u202fDevelopment  Bank"]
    # A name kept as written keeps its no-break spaces.
    assert g.spans(text, "es")[0].target == "Salim\u00a0M.\u00a0AlMalik"


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_english_possessive_is_part_of_the_match_not_of_the_target(apostrophe):
    g = glossary(("ICESCO", ORG), ("Kingdom of Morocco", ORG, "Reino de Marruecos"))
    text = f"at ICESCO{apostrophe}s headquarters and the Kingdom of Morocco{apostrophe}s commitment"
    assert found(g, text) == [f"ICESCO{apostrophe}s", f"Kingdom of Morocco{apostrophe}s"]
    assert [s.target for s in g.spans(text, "es")] == ["ICESCO", "Reino de Marruecos"]


def test_apostrophe_variants_inside_a_name_match_and_the_written_form_is_kept():
    g = glossary(("Said M'hamad Ed-Dbib", NAME))
    assert [s.target for s in g.spans("Dr. Said M’hamad Ed-Dbib said", "es")] == ["Said M’hamad Ed-Dbib"]


def test_term_at_the_start_and_at_the_end_of_a_sentence():
    g = glossary(("UNESCO", ORG), ("Dr.", TITLE, "Dr."), ("Rabat", NAME))
    assert found(g, "UNESCO met in Rabat.") == ["UNESCO", "Rabat"]
    assert found(g, "Dr. AlMalik spoke in Rabat") == ["Dr.", "Rabat"]
    assert found(g, "“Rabat”") == ["Rabat"]


def test_required_forms_and_hints():
    g = Glossary(
        (
            Term("Director-General", TITLE, (("es", "Director General"),)),
            Term("ICESCO", ORG),
            Term("literacy", TERM, (("fr", "alphabétisation"),)),
        )
    )
    text = "ICESCO's Director-General praised literacy."
    assert g.hints(text, "es") == ["glossary: ICESCO → ICESCO", "glossary: Director-General → Director General"]
    # An empty cell for a term sets no rule for that language: no hint, no span.
    assert [s.label for s in g.spans(text, "es")] == ["ICESCO", "Director-General"]
    assert g.hints(text, "fr")[-1] == "glossary: literacy → alphabétisation"


def test_automatic_spans_names_after_honorifics_and_acronyms():
    # Link targets and code spans are markup_spans' (parsed): not found here (tests/test_markdown.py)
    text = "H.E. Dr. Salim M. AlMalik met Mrs. Leila Haddad of the WHO (WHO); see [it](https://example.org/a) and `x`."
    spans = find_automatic_spans(text, "es")
    assert [(s.kind, text[s.start : s.end]) for s in spans] == [
        ("name", "Salim M. AlMalik"),
        ("name", "Leila Haddad"),
        ("acronym", "WHO"),
    ]
    assert all(s.target == text[s.start : s.end] for s in spans)


# --- loading and errors -----------------------------------------------------------

HEADER = "en,es,fr,type,es:gender,es:number,note\n"


def test_csv_loads_types_targets_grammar_and_lines():
    data = (HEADER + "ICESCO,,,organization,f,,\n\n" + '"Kingdom of Morocco",Reino de Marruecos,Royaume du Maroc,,m,sg,a note\n').encode()
    terms, languages = read_csv(data, "g.csv")
    assert languages == ("es", "fr")
    assert terms[0] == Term("ICESCO", ORG, (), (("es", "f"),), (), "", "g.csv", 2)
    morocco = terms[1]
    assert (morocco.type, morocco.line, morocco.target("fr"), morocco.gender("es"), morocco.number("es"), morocco.note) == (
        TERM, 4, "Royaume du Maroc", "m", "sg", "a note"
    )


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("es,fr\nICESCO,ICESCO\n", 1, "no 'en' column"),
        ("en,es,colour\nICESCO,ICESCO,red\n", 1, "unknown column 'colour'"),
        ("en,es,xx:gender\nICESCO,ICESCO,f\n", 1, "unknown column 'xx:gender'"),
        ("en,es,type\nICESCO,,organization\nWHO,OMS,person\n", 3, "unknown type 'person'"),
        ("en,es,es:gender\nWHO,OMS,female\n", 2, "es:gender is 'female'"),
        (
            "en,es\nWHO,OMS\nUNESCO,UNESCO\nWHO,OMS-X\n",
            4,
            "duplicate term 'WHO' with different forms: es form 'OMS-X' (was 'OMS') (first at g.csv:2)",
        ),
        ('en,es\n"WHO,OMS\n', 2, "bad CSV"),
    ],
)
def test_csv_errors_name_file_and_line(text, line, what):
    with pytest.raises(GlossaryError) as caught:
        read_csv(text.encode(), "g.csv") if "duplicate" not in what else _load_text(text)
    error = caught.value
    assert (error.path, error.line) == ("g.csv", line) and what in error.what and error.fix


def _load_text(text: str) -> Glossary:
    from i18n_pub.glossary_csv import merge_terms

    return Glossary(merge_terms([read_csv(text.encode(), "g.csv")[0]]))


def test_rows_of_one_term_combine_unless_they_disagree(tmp_path):
    (tmp_path / "a.csv").write_text("en,es,type\nRabat,Rabat,term\n", "utf-8")
    (tmp_path / "b.csv").write_text("en,fr,type\nRabat,Rabat,name\n", "utf-8")
    [rabat] = load_glossary(tmp_path).terms
    assert rabat.targets == (("es", "Rabat"), ("fr", "Rabat"))


def test_same_term_in_two_files_with_the_same_forms_is_fine_and_conflicting_forms_are_not(tmp_path):
    (tmp_path / "a.csv").write_text("en,es\nWHO,OMS\n", "utf-8")
    (tmp_path / "b.csv").write_text("en,es\nUNESCO,UNESCO\nWHO,OMS\n", "utf-8")
    assert len(load_glossary(tmp_path).terms) == 2
    (tmp_path / "b.csv").write_text("en,es\nUNESCO,UNESCO\nWHO,O.M.S.\n", "utf-8")
    with pytest.raises(GlossaryError, match="duplicate term 'WHO'") as caught:
        load_glossary(tmp_path, label_of=lambda p: p.name)
    assert caught.value.where == "b.csv:3"


def test_the_sample_glossary_loads_with_spanish_french_and_arabic_forms():
    g = load_glossary(REPO / "glossary")
    assert {"es", "fr", "ar"} <= set(g.languages) and len(g.terms) >= 40
    by_source = {t.source: t for t in g.terms}
    icesco = by_source["Islamic World Educational, Scientific and Cultural Organization"]
    assert icesco.target("es") == "Organización del Mundo Islámico para la Educación, la Ciencia y la Cultura"
    assert icesco.gender("es") == "f" and icesco.gender("fr") == "f"
    assert by_source["Salim M. AlMalik"].required("es") == "Salim M. AlMalik"  # empty cell: keep as written


# --- masking per token shape ------------------------------------------------------

TEXT = "H.E. Dr. Salim M. AlMalik, Director-General of ICESCO, met the WHO at ICESCO’s headquarters {0}."
SAMPLE = Glossary(
    (
        Term("Director-General", TITLE, (("es", "Director General"),)),
        Term("ICESCO", ORG),
        Term("WHO", ORG, (("es", "OMS"),)),
        Term("H.E.", TITLE, (("es", "S. E."),)),
        Term("Dr.", TITLE, (("es", "Dr."),)),
    )
)
PROTECTION = Protection((SAMPLE.spans, find_automatic_spans))
RESTORED = "S. E. Dr. Salim M. AlMalik, Director General of ICESCO, met the OMS at ICESCO headquarters {0}."


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_mask_then_restore_round_trips_for_every_shape(shape):
    masked = PROTECTION.mask(TEXT, "es", SHAPES[shape])
    assert "ICESCO" not in masked.text and "AlMalik" not in masked.text
    assert len(masked.tokens) == 7 and len(set(masked.tokens)) == 7
    restored = PROTECTION.restore(masked.text, masked, "es")
    assert restored.text == RESTORED and not restored.lost and not restored.stray
    # The literal "{0}" in the source is not one of ours and is left alone.
    assert "{0}" not in masked.tokens


BENT = {
    "braces": ["{ 1 }", "{١}", "｛1｝"],
    "underscores": ["__ 1 __", "_1_", "__1 __"],
    "brackets": ["[[ 1 ]]", "[1]]", "【1】"],
}


@pytest.mark.parametrize(("shape", "bent"), [(s, b) for s in sorted(BENT) for b in BENT[s]])
def test_near_misses_are_restored(shape, bent):
    spans = [Span(0, 3, "OMS", "organization", "WHO"), Span(8, 14, "UNESCO", "organization", "UNESCO")]
    masked = mask("WHO and UNESCO", spans, SHAPES[shape])
    token_for_unesco = masked.tokens[1]
    assert token_for_unesco == SHAPES[shape].token(1)
    output = f"La {masked.tokens[0]} y la {bent}"
    restored = unmask(output, masked)
    assert restored.text == "La OMS y la UNESCO" and not restored.lost


def test_a_lost_token_is_reported_with_the_term_it_stood_for():
    masked = PROTECTION.mask(TEXT, "es", SHAPES["braces"])
    output = masked.text.replace(masked.tokens[3], "Directora")  # the engine "translated" the token
    restored = PROTECTION.restore(output, masked, "es")
    assert [s.label for s in restored.lost] == ["Director-General"]
    assert restored.notes == ["glossary: lost Director-General (title)"]


def test_post_restore_hooks_run_in_order_with_the_restored_spans():
    calls = []

    def hook(text, spans, language):
        calls.append((language, [s.label for s in spans]))
        return text.replace("met", "vio")

    protection = Protection((SAMPLE.spans,), (hook,))
    masked = protection.mask("ICESCO met WHO", "es", SHAPES["braces"])
    assert protection.restore(masked.text, masked, "es").text == "ICESCO vio OMS"
    assert calls == [("es", ["ICESCO", "WHO"])]


def test_engines_declare_their_token_shape():
    # Apertium splits "{" from "0}" next to a possessive (the link lost in 17 real articles): it gets [[0]].
    assert shape_for(ApertiumEngine()).token(0) == "[[0]]"
    assert shape_for(PseudoEngine()).token(0) == "{0}"
    assert shape_for(object()).token(0) == "{0}"  # the default for an engine that says nothing


def _translate_protected(texts: list[str], engine: ApertiumEngine | PseudoEngine, shape: TokenShape) -> list[Restored]:
    """Mask every text, translate them in one call, restore each."""
    masked = [PROTECTION.mask(text, "es", shape) for text in texts]
    outputs = engine.translate([m.text for m in masked], "en", "es").texts
    return [PROTECTION.restore(output, m, "es") for output, m in zip(outputs, masked, strict=True)]


def test_apertium_keeps_every_token_of_its_shape():
    require_tool("apertium")
    engine = ApertiumEngine()
    texts = [
        TEXT,
        "ICESCO's Director-General and the WHO signed.",
        "WHO",
        "In his speech, Dr. AlMalik thanked ICESCO’s partners and the WHO (WHO).",
    ]
    results = _translate_protected(texts, engine, shape_for(engine))
    for result in results:
        assert not result.lost and not result.stray, result
    assert "S. E. Dr. Salim M. AlMalik" in results[0].text and "Director General" in results[0].text
    assert results[2].text == "OMS"
    assert "AlMalik" in results[3].text and "(OMS)" in results[3].text


@pytest.mark.parametrize("shape", ["braces", "underscores"])
def test_apertium_keeps_punctuation_and_digit_shapes(shape):
    require_tool("apertium")
    engine = ApertiumEngine()
    results = _translate_protected([TEXT], engine, SHAPES[shape])
    assert not results[0].lost and "Salim M. AlMalik" in results[0].text


def test_pseudo_keeps_its_tokens():
    engine = PseudoEngine()
    results = _translate_protected([TEXT], engine, shape_for(engine))
    assert not results[0].lost and "Salim M. AlMalik" in results[0].text and "OMS" in results[0].text
