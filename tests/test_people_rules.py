"""The rules that keep things, organisations, bylines and headings from becoming people,
joined name parts, and the counterpart rule for a person named with no country."""

from __future__ import annotations

from spacy.language import Language

from core.extract.article import extract
from core.extract.rows import ArticleRows


def _rows(nlp: Language, text: str, language: str) -> ArticleRows:
    return extract(nlp(text), "a1", language, "2024-03-15")


def _names(rows: ArticleRows) -> set[str]:
    return {p.name for p in rows.people}


def test_thing_after_a_thing_noun_or_before_a_year_is_no_person(nlp_fr_model: Language) -> None:
    text = (
        "Le Maroc et la France ont lancé l'exercice Silver Falcon au large de Tanger. "
        "Le ministre Karim Tazi a salué Silver Falcon, prévu de nouveau en Blue Heron 2026."
    )
    names = _names(_rows(nlp_fr_model, text, "fr"))
    assert "Karim Tazi" in names
    assert not names & {"Silver Falcon", "Blue Heron"}


def test_company_named_after_a_role_is_no_person(nlp_en_model: Language) -> None:
    text = "The contract was signed by the chief executive of Raytheon Technologies, Greg Hayes."
    names = _names(_rows(nlp_en_model, text, "en"))
    assert "Raytheon Technologies" not in names
    assert "Greg Hayes" in names


def test_correspondent_is_no_person(nlp_fr_model: Language) -> None:
    text = (
        "Selon notre correspondante à Dakar, Lucie Marchand, le ministre sénégalais "
        "Amadou Sow a reçu son homologue malien."
    )
    names = _names(_rows(nlp_fr_model, text, "fr"))
    assert "Lucie Marchand" not in names
    assert "Amadou Sow" in names


def test_weekday_before_a_name_is_not_part_of_it(nlp_en_model: Language) -> None:
    rows = _rows(nlp_en_model, "On Monday Harris met the Kenyan defence minister.", "en")
    assert "Monday Harris" not in _names(rows)


def test_hyphenated_particle_is_part_of_the_name(nlp_en_model: Language) -> None:
    text = "Iraqi Defence Minister Khalid Hassan al-Tamimi met the US envoy in Baghdad."
    assert "Khalid Hassan al-Tamimi" in _names(_rows(nlp_en_model, text, "en"))


def test_heading_word_written_lowercase_elsewhere_is_no_first_name(
    nlp_fr_model: Language,
) -> None:
    text = (
        "Armements Jean Morel\n\n"
        "Le ministre Jean Morel a parlé des armements livrés au Mali par la France."
    )
    names = _names(_rows(nlp_fr_model, text, "fr"))
    assert "Armements Jean Morel" not in names
    assert "Jean Morel" in names


def test_unmarked_official_beside_a_foreign_one_serves_the_other_country(
    nlp_en_model: Language,
) -> None:
    text = (
        "Estonia and Poland signed a defence pact in Tallinn. Estonia will host Polish troops. "
        "Deputy Minister Mart Kask and Polish Defence Minister Jan Nowak signed the pact."
    )
    rows = _rows(nlp_en_model, text, "en")
    kask = next(p for p in rows.people if p.name.endswith("Kask"))
    assert kask.country == "EE"
    assert kask.country_from == "counterpart"


def test_text_nationality_wins_over_a_namesake_in_the_knowledge_base(
    nlp_fr_model: Language,
) -> None:
    text = "Le général-major algérien Karim Benali a reçu une délégation russe à Alger."
    known = {
        "karim benali": ("Karim Benali", "SY", "minister"),
        "benali": ("Karim Benali", "SY", "minister"),
    }
    rows = extract(nlp_fr_model(text), "a1", "fr", None, known=known)
    benali = next(p for p in rows.people if p.name.endswith("Benali"))
    assert benali.country == "DZ"


def test_representing_a_country_gives_the_nationality(nlp_en_model: Language) -> None:
    # Peru is the most-named country, so without the rule the fallback would say PE.
    text = "Peru and Spain discussed patrol boats for Peru. Laura Ortega represents Spain in Peru."
    rows = _rows(nlp_en_model, text, "en")
    ortega = next(p for p in rows.people if p.name.endswith("Ortega"))
    assert ortega.country == "ES"


def test_run_before_an_organisation_head_word_is_no_person(nlp_fr_model: Language) -> None:
    text = (
        "Le contrat a été paraphé par Karim Haddad, directeur de Sahel Atlas Industries, "
        "et par le ministre Omar Benali. Nord Atlas Conseil a salué l'accord."
    )
    names = _names(_rows(nlp_fr_model, text, "fr"))
    assert not [n for n in names if "Atlas" in n]
    assert {"Karim Haddad", "Omar Benali"} <= names
