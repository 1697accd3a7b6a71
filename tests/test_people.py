"""People, their role and country from context, and quotes with speakers, through the
real French pipeline (core/people.py via core/extract.py)."""

from __future__ import annotations

from spacy.language import Language

from core.extract.article import extract
from core.extract.rows import ArticleRows, PersonRow

PUBLISHED = "2024-03-15"


def _rows(nlp: Language, text: str, language: str = "fr") -> ArticleRows:
    return extract(nlp(text), "art1", language, PUBLISHED)


def _person(rows: ArticleRows, surname: str) -> PersonRow:
    found = [p for p in rows.people if p.name.split()[-1] == surname]
    assert len(found) == 1, rows.people
    return found[0]


def test_role_and_nationality_before_the_name(nlp_fr_model: Language) -> None:
    rows = _rows(nlp_fr_model, "Le général italien Paolo Greco a rencontré son homologue libyen.")
    greco = _person(rows, "Greco")
    assert greco.name == "Paolo Greco"
    assert greco.country == "IT"
    assert greco.country_from == "context"
    assert greco.role == "general"


def test_ministry_between_commas(nlp_fr_model: Language) -> None:
    text = "Le ministre indien de la Défense, Rajiv Menon, est arrivé à Paris mardi."
    menon = _person(_rows(nlp_fr_model, text), "Menon")
    assert menon.name == "Rajiv Menon"
    assert menon.country == "IN"
    assert menon.role == "minister"


def test_ministry_then_name_without_commas(nlp_fr_model: Language) -> None:
    text = "Le ministre indien de la Défense Rajiv Menon est arrivé à Paris mardi."
    menon = _person(_rows(nlp_fr_model, text), "Menon")
    assert menon.name == "Rajiv Menon"
    assert menon.country == "IN"


def test_armed_forces_minister_then_name_speaks(nlp_fr_model: Language) -> None:
    text = (
        "« Nous allons approfondir notre coopération avec l'Inde », "
        "a déclaré le ministre français des Armées Luc Garnier."
    )
    rows = _rows(nlp_fr_model, text)
    garnier = _person(rows, "Garnier")
    assert garnier.country == "FR"
    assert [q.key for q in rows.quotes] == [garnier.key]


def test_posting_is_not_nationality(nlp_fr_model: Language) -> None:
    text = "L'ambassadeur de France au Caire, Marc Lefort, a rencontré le ministre égyptien."
    lefort = _person(_rows(nlp_fr_model, text), "Lefort")
    assert lefort.name == "Marc Lefort"
    assert lefort.country == "FR"
    assert lefort.role == "ambassador"


def test_demonym_with_posting_city(nlp_fr_model: Language) -> None:
    text = "L'ambassadeur égyptien à Moscou, Karim Nabil, a rencontré des responsables russes."
    nabil = _person(_rows(nlp_fr_model, text), "Nabil")
    assert nabil.country == "EG"


def test_apposition_after_the_name(nlp_fr_model: Language) -> None:
    text = (
        "Li Wen, porte-parole du ministère chinois des Affaires étrangères, "
        "a salué l'accord avec le Pakistan."
    )
    rows = _rows(nlp_fr_model, text)
    li = _person(rows, "Wen")
    assert li.name == "Li Wen"
    assert li.country == "CN"
    assert li.role == "spokesperson"


def test_apposition_with_posting_country(nlp_fr_model: Language) -> None:
    text = "Karim Nabil, ambassadeur égyptien en Russie, a rencontré des responsables russes."
    nabil = _person(_rows(nlp_fr_model, text), "Nabil")
    assert nabil.country == "EG"


def test_surname_only_mention_merges_with_full_name(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre italien Paolo Greco a rencontré à Tripoli son homologue libyen. "
        "Plus tard, Greco a promis des vedettes."
    )
    rows = _rows(nlp_fr_model, text)
    assert len(rows.people) == 1
    greco = rows.people[0]
    assert greco.name == "Paolo Greco"
    assert greco.n_mentions == 2
    assert set(greco.forms) == {"Paolo Greco", "Greco"}
    person_mentions = [m for m in rows.mentions if m.label == "PERSON"]
    assert {m.text for m in person_mentions} == {"Paolo Greco", "Greco"}
    assert {m.key for m in person_mentions} == {greco.key}
    assert [m.sentence for m in sorted(person_mentions, key=lambda m: m.start)] == [0, 1]


def test_two_people_keep_their_own_countries(nlp_fr_model: Language) -> None:
    text = "Le général pakistanais Imran Qureshi a reçu à Rawalpindi l'amiral chinois Zhou Ming."
    rows = _rows(nlp_fr_model, text)
    assert _person(rows, "Qureshi").country == "PK"
    assert _person(rows, "Ming").country == "CN"


def test_places_are_not_people(nlp_fr_model: Language) -> None:
    rows = _rows(nlp_fr_model, "Le ministre indien a quitté New Delhi pour Paris puis Marseille.")
    assert rows.people == ()


def test_mention_offsets_point_at_the_text(nlp_fr_model: Language) -> None:
    text = "L'ambassadeur de France au Caire, Marc Lefort, a rencontré le ministre égyptien."
    rows = _rows(nlp_fr_model, text)
    assert rows.mentions
    for m in rows.mentions:
        assert text[m.start : m.end] == m.text
    labels = {(m.text, m.key) for m in rows.mentions}
    assert ("France", "country:FR") in labels


def test_quote_after_name_with_speech_verb(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre français Luc Garnier a déclaré : "
        "« Nous allons approfondir notre coopération avec l'Inde. »"
    )
    rows = _rows(nlp_fr_model, text)
    garnier = _person(rows, "Garnier")
    assert len(rows.quotes) == 1
    quote = rows.quotes[0]
    assert quote.key == garnier.key
    assert text[quote.start : quote.end] == quote.text
    assert quote.text.startswith("Nous allons approfondir")


def test_quote_with_pronoun_in_next_sentence(nlp_fr_model: Language) -> None:
    text = (
        "Li Wen, porte-parole du ministère chinois des Affaires étrangères, a salué "
        "l'accord avec le Pakistan. « Cet accord renforcera notre amitié », a-t-il ajouté."
    )
    rows = _rows(nlp_fr_model, text)
    li = _person(rows, "Wen")
    assert [(q.key, q.text) for q in rows.quotes] == [
        (li.key, "Cet accord renforcera notre amitié")
    ]


def test_known_people_fill_a_missing_country(nlp_fr_model: Language) -> None:
    text = "Hier, Sandro Vitale a rencontré des officiers libyens à Tripoli."
    known = {
        "sandro vitale": ("Sandro Vitale", "IT", "minister"),
        "vitale": ("Sandro Vitale", "IT", "minister"),
    }
    rows = extract(nlp_fr_model(text), "art1", "fr", PUBLISHED, known=known)
    vitale = _person(rows, "Vitale")
    assert vitale.country == "IT"
    assert vitale.country_from == "known"


def test_english_role_after_name(nlp_en_model: Language) -> None:
    text = "The Israeli defense minister, Avi Cohen, visited Washington on Tuesday."
    rows = _rows(nlp_en_model, text, "en")
    cohen = _person(rows, "Cohen")
    assert cohen.name == "Avi Cohen"
    assert cohen.country == "IL"


def test_english_demonym_before_title(nlp_en_model: Language) -> None:
    text = "Egyptian Defense Minister Karim Nabil met Russian officials in Moscow."
    nabil = _person(_rows(nlp_en_model, text, "en"), "Nabil")
    assert nabil.country == "EG"
    assert nabil.country_from == "context"


def test_each_doc_records_the_pipeline_that_processed_it() -> None:
    from core.nlp.pipeline import load_pipeline, pipeline_name

    fr = load_pipeline("fr")("Le ministre a reçu son homologue.")
    en = load_pipeline("en")("The minister met his counterpart.")
    other = load_pipeline("de")("Der Minister traf seinen Amtskollegen.")
    assert pipeline_name(fr) == "fr_core_news_sm"
    assert pipeline_name(en).startswith("en_core_web_sm")
    assert pipeline_name(other) == "blank:xx"


def test_english_model_finds_a_person_the_rules_alone_would_not() -> None:
    from core.nlp.pipeline import load_pipeline

    doc = load_pipeline("en")("Yesterday Sarah Whitfield flew to Canberra for talks.")
    assert "Sarah Whitfield" in {e.text for e in doc.ents if e.label_ == "PERSON"}
