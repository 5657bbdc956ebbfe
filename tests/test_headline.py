"""A Title Case headline reaches the engine in sentence case and comes back as the target writes headlines."""

from __future__ import annotations

from i18n_pub.headline import headline_case, is_title_case, proper_nouns, sentence_case


def test_title_case_is_recognised_and_sentence_case_is_not():
    assert is_title_case("ICESCO and AUF Sign Framework Cooperation Agreement")
    assert is_title_case("Heritage Week Celebrates the Living Traditions of the Islamic World")
    assert not is_title_case("ICESCO and IsDB launch scholarship programme for 1,000 students")
    assert not is_title_case("Next steps")
    assert not is_title_case("The agreement was signed in Rabat.")


def test_sentence_case_keeps_acronyms_protected_spans_names_and_the_first_word():
    title = "ICESCO and AUF Sign Framework Cooperation Agreement"
    assert sentence_case(title) == "ICESCO and AUF sign framework cooperation agreement"
    title = "ICESCO Women in Science Award Goes to Three Researchers"
    # The glossary term (a protected span) keeps its capitals.
    assert sentence_case(title, keep=[(0, 29)]) == "ICESCO Women in Science Award goes to three researchers"
    title = "Award Presented by H.E. Dr. Salim M. AlMalik in Rabat"
    assert sentence_case(title, names={"Rabat"}) == "Award presented by H.E. Dr. Salim M. AlMalik in Rabat"
    assert sentence_case("BADEA to Fund Literacy in Eight African Countries", names=proper_nouns(["in African countries"])) == (
        "BADEA to fund literacy in eight African countries"
    )


def test_words_whose_case_the_glossary_keeps_keep_it_in_a_headline_too():
    # One acronym rule (i18n_pub.terms.is_acronym) for the glossary's case-sensitive matching and for headlines.
    title = "G20 and Covid-19 Response Plans Reviewed by Director-General"
    assert sentence_case(title) == "G20 and Covid-19 response plans reviewed by Director-General"  # an inner capital is never lowered
    assert sentence_case("Ministers Discuss Covid-19 Vaccines") == "Ministers discuss Covid-19 vaccines"


def test_proper_nouns_are_words_the_article_always_capitalises_inside_sentences():
    texts = ["The forum met in Rabat.", "Young people from Africa joined the Forum.", "The forum ended."]
    assert proper_nouns(texts) == {"Rabat", "Africa"}


def test_output_is_capitalised_as_the_target_writes_headlines():
    # Sentence-case languages: the engine got sentence case, its answer is kept exactly as it is.
    assert headline_case("La ICESCO y la AUF firman un acuerdo marco", "es") == "La ICESCO y la AUF firman un acuerdo marco"
    assert headline_case("L'ICESCO et l'AUF signent un accord-cadre", "fr") == "L'ICESCO et l'AUF signent un accord-cadre"
    # Title Case languages get Title Case back.
    assert headline_case("icesco and auf sign an agreement", "en") == "Icesco and Auf Sign an Agreement"
