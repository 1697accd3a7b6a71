"""Gazetteer data, lookups and the spaCy component (blank pipelines only: fast)."""

from __future__ import annotations

import csv
import itertools
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest
import spacy

from core.nlp.countries import capital, country_name, load_countries
from core.nlp.gazetteer import GAZETTEER_DIR, LABELS, Gazetteer, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp_fr() -> spacy.language.Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe("entente_gazetteer")
    return nlp


@pytest.fixture(scope="module")
def nlp_en() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entente_gazetteer")
    return nlp


def spans(nlp: spacy.language.Language, text: str) -> list[tuple[str, str, str, tuple]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_, s._.countries) for s in doc.spans["gazetteer"]]


# -- coverage -------------------------------------------------------------------------
def test_every_iso_country_has_names_that_map_back(gaz: Gazetteer) -> None:
    for country in pycountry.countries:
        code = country.alpha_2
        assert code in load_countries()
        for lang in ("fr", "en"):
            name = country_name(code, lang)
            assert name and name != code
            assert gaz.country_of(name) == code, (code, lang, name)


def test_capitals_and_display_names(gaz: Gazetteer) -> None:
    assert country_name("KR", "fr") == "Corée du Sud"
    assert country_name("XK", "fr") == "Kosovo"
    for code in ("US", "CN", "IT", "IL", "MA", "FR", "TN", "EG", "DZ", "RU"):
        name = capital(code)
        assert name and gaz.country_of(name) == code


def test_committed_tables_match_a_fresh_build(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("countries.csv", "aliases.csv"):
        assert (tmp_path / name).read_bytes() == (GAZETTEER_DIR / name).read_bytes(), name


def test_alias_table_labels_are_known() -> None:
    with (GAZETTEER_DIR / "aliases.csv").open(encoding="utf-8") as fh:
        labels = {row["label"] for row in csv.DictReader(fh)}
    assert labels <= {*LABELS, "PREFIX"}


# -- lookups --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("États-Unis", "US"),
        ("Etats-Unis", "US"),
        ("Etats Unis", "US"),
        ("etats-unis", "US"),
        ("États-Unis d'Amérique", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("US", "US"),
        ("United States of America", "US"),
        ("America", "US"),
        ("Amérique", "US"),
        ("Russie", "RU"),
        ("Fédération de Russie", "RU"),
        ("Grande-Bretagne", "GB"),
        ("Royaume-Uni", "GB"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Corée du Sud", "KR"),
        ("Emirats arabes unis", "AE"),
        ("EAU", "AE"),
        ("UAE", "AE"),
        ("Turquie", "TR"),
        ("Türkiye", "TR"),
        ("RDC", "CD"),
        ("Chine", "CN"),
        ("RPC", "CN"),
        ("Israël", "IL"),
        ("Israel", "IL"),
        ("Palestine", "PS"),
        ("Iran", "IR"),
        ("Syrie", "SY"),
        ("Côte d’Ivoire", "CI"),
        ("l'Algérie", None),
    ],
)
def test_country_variants(gaz: Gazetteer, text: str, code: str | None) -> None:
    assert gaz.country_of(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Alger", "DZ"),
        ("Algiers", "DZ"),
        ("Moscou", "RU"),
        ("Moscow", "RU"),
        ("Washington", "US"),
        ("Washington DC", "US"),
        ("Rabat", "MA"),
        ("Tunis", "TN"),
        ("Paris", "FR"),
        ("Pékin", "CN"),
        ("Beijing", "CN"),
        ("Rome", "IT"),
        ("Tel-Aviv", "IL"),
        ("Tel Aviv", "IL"),
        ("Jérusalem", "IL"),
        ("Oran", "DZ"),
        ("Casablanca", "MA"),
        ("Saint-Pétersbourg", "RU"),
        ("New York", "US"),
    ],
)
def test_cities(gaz: Gazetteer, text: str, code: str) -> None:
    assert gaz.country_of(text) == code
    assert gaz.kind_of(text) == "CITY"


@pytest.mark.parametrize(
    ("forms", "code"),
    [
        (("algérien", "algérienne", "algériens", "algériennes", "Algériens"), "DZ"),
        (("américain", "américaine", "américains", "américaines"), "US"),
        (("russe", "russes"), "RU"),
        (("marocain", "marocaine", "marocains", "marocaines"), "MA"),
        (("français", "française", "françaises"), "FR"),
        (("chinois", "chinoise", "chinoises"), "CN"),
        (("israélien", "israéliennes", "Israeli", "Israelis"), "IL"),
        (("Algerian", "Algerians", "American", "Americans"), None),
        (("Russian", "Russians"), "RU"),
        (("italien", "italiennes", "Italian"), "IT"),
    ],
)
def test_demonyms_in_all_genders_and_numbers(
    gaz: Gazetteer, forms: tuple, code: str | None
) -> None:
    for form in forms:
        assert gaz.kind_of(form) == "DEMONYM", form
        if code:
            assert gaz.country_of(form) == code, form


@pytest.mark.parametrize(
    ("prefix", "code"),
    [
        ("algéro", "DZ"),
        ("russo", "RU"),
        ("américano", "US"),
        ("franco", "FR"),
        ("sino", "CN"),
        ("italo", "IT"),
        ("israélo", "IL"),
        ("maroco", "MA"),
        ("turco", "TR"),
        ("germano", "DE"),
        ("anglo", "GB"),
        ("britannico", "GB"),
        ("nippo", "JP"),
        ("indo", "IN"),
        ("syro", "SY"),
        ("irano", "IR"),
        ("tuniso", "TN"),
        ("libyo", "LY"),
        ("égypto", "EG"),
        ("saoudo", "SA"),
    ],
)
def test_combining_forms(gaz: Gazetteer, prefix: str, code: str) -> None:
    assert gaz.country_of(prefix) == code
    assert gaz.kind_of(prefix) == "PREFIX"


@pytest.mark.parametrize(
    ("word", "codes"),
    [
        ("algéro-américaines", ("DZ", "US")),
        ("russo-algérien", ("RU", "DZ")),
        ("franco-marocaine", ("FR", "MA")),
        ("US-Algeria", ("US", "DZ")),
        ("sino-russe", ("CN", "RU")),
        ("israélo-palestinien", ("IL", "PS")),
        ("Russo-Ukrainian", ("RU", "UA")),
        ("germano-franco-italiens", ("DE", "FR", "IT")),
        ("Etats-Unis–Chine", ("US", "CN")),
        ("nord-coréen", ("KP",)),
        ("Guinée-Bissau", ("GW",)),
        ("latino-américain", ()),
        ("anti-américain", ()),
        ("Indo-Pacifique", ()),
        ("us-algeria", ()),
    ],
)
def test_countries_in_compounds(gaz: Gazetteer, word: str, codes: tuple) -> None:
    assert gaz.countries_in(word) == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pentagone", "US"),
        ("Pentagon", "US"),
        ("Maison-Blanche", "US"),
        ("White House", "US"),
        ("Département d'État", "US"),
        ("State Department", "US"),
        ("Africom", "US"),
        ("AFRICOM", "US"),
        ("Centcom", "US"),
        ("Congrès", "US"),
        ("Kremlin", "RU"),
        ("ANP", "DZ"),
        ("Armée nationale populaire", "DZ"),
        ("MDN", "DZ"),
        ("El Mouradia", "DZ"),
        ("FAR", "MA"),
        ("Forces armées royales", "MA"),
        ("Élysée", "FR"),
        ("Quai d'Orsay", "FR"),
        ("Hôtel de Brienne", "FR"),
        ("Downing Street", "GB"),
        ("Whitehall", "GB"),
        ("Tsahal", "IL"),
        ("IDF", "IL"),
        ("Mossad", "IL"),
        ("Bundeswehr", "DE"),
        ("Federal Foreign Office", "DE"),
        ("Foreign Office", "GB"),
        ("Zhongnanhai", "CN"),
        ("APL", "CN"),
        ("PLA", "CN"),
        ("Rosoboronexport", "RU"),
        ("FSB", "RU"),
        ("GRU", "RU"),
        ("DGSE", "FR"),
        ("CIA", "US"),
        ("NSA", "US"),
    ],
)
def test_institutions(gaz: Gazetteer, text: str, code: str) -> None:
    assert gaz.kind_of(text) == "INSTITUTION"
    assert gaz.country_of(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "OTAN",
        "NATO",
        "UE",
        "EU",
        "ONU",
        "UN",
        "Union africaine",
        "African Union",
        "Ligue arabe",
        "CEDEAO",
        "ECOWAS",
        "OSCE",
    ],
)
def test_international_organisations_have_no_country(gaz: Gazetteer, text: str) -> None:
    assert gaz.kind_of(text) == "IORG"
    assert gaz.country_of(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Sahel",
        "Maghreb",
        "Afrique du Nord",
        "North Africa",
        "Moyen-Orient",
        "Middle East",
        "Golfe",
        "Europe",
        "Afrique",
        "Asie",
        "Amérique latine",
        "Amérique du Nord",
        "Amérique du Sud",
        "Latin America",
    ],
)
def test_regions_have_no_country(gaz: Gazetteer, text: str) -> None:
    assert gaz.kind_of(text) == "REGION"
    assert gaz.country_of(text) is None


@pytest.mark.parametrize("text", ["us", "Us", "far", "un", "Un", "eu", "ue", "uk", "anp"])
def test_acronyms_only_in_their_exact_case(gaz: Gazetteer, text: str) -> None:
    assert gaz.kind_of(text) is None


@pytest.mark.parametrize("text", ["turkey", "china", "chad", "jordan", "georgia"])
def test_common_words_need_a_capital(gaz: Gazetteer, text: str) -> None:
    assert gaz.country_of(text) is None
    assert gaz.country_of(text.capitalize()) is not None


# -- spaCy component ------------------------------------------------------------------
def test_component_french_sentence(nlp_fr: spacy.language.Language) -> None:
    text = (
        "Le ministre s'est rendu aux Etats-Unis puis à Alger, où l'armée algérienne "
        "et l'ANP ont reçu une délégation du Pentagone."
    )
    doc = nlp_fr(text)
    got = [(s.text, s.label_, s.kb_id_, s._.countries) for s in doc.spans["gazetteer"]]
    assert got == [
        ("Etats-Unis", "COUNTRY", "US", ("US",)),
        ("Alger", "CITY", "Alger", ("DZ",)),
        ("armée algérienne", "INSTITUTION", "ANP", ("DZ",)),
        ("ANP", "INSTITUTION", "ANP", ("DZ",)),
        ("Pentagone", "INSTITUTION", "Pentagone", ("US",)),
    ]
    for span in doc.spans["gazetteer"]:
        assert text[span.start_char : span.end_char] == span.text


def test_component_elisions_and_accents(nlp_fr: spacy.language.Language) -> None:
    text = "Selon l’Algérie et d'Alger, les États-Unis et les Etats Unis ne font qu'un."
    got = spans(nlp_fr, text)
    assert [(t, c) for t, _, _, c in got] == [
        ("Algérie", ("DZ",)),
        ("Alger", ("DZ",)),
        ("États-Unis", ("US",)),
        ("Etats Unis", ("US",)),
    ]
    doc = nlp_fr(text)
    first = doc.spans["gazetteer"][0]
    assert (first.start_char, first.end_char) == (
        text.index("Algérie"),
        text.index("Algérie") + len("Algérie"),
    )


def test_component_compounds_whatever_the_tokenizer(nlp_fr, nlp_en) -> None:
    text = "Les relations algéro-américaines, russo-algériennes et franco-marocaines."
    for nlp in (nlp_fr, nlp_en):
        got = spans(nlp, text)
        assert got == [
            ("algéro-américaines", "DEMONYM", "DZ+US", ("DZ", "US")),
            ("russo-algériennes", "DEMONYM", "RU+DZ", ("RU", "DZ")),
            ("franco-marocaines", "DEMONYM", "FR+MA", ("FR", "MA")),
        ]


def test_component_english_sentence(nlp_en: spacy.language.Language) -> None:
    text = (
        "US-Algeria talks in Washington DC were watched by the Kremlin; Sino-Russian "
        "drills, NATO and the European Union worried Chad and Latin America."
    )
    got = spans(nlp_en, text)
    assert got == [
        ("US-Algeria", "COUNTRY", "US+DZ", ("US", "DZ")),
        ("Washington DC", "CITY", "Washington", ("US",)),
        ("Kremlin", "INSTITUTION", "Kremlin", ("RU",)),
        ("Sino-Russian", "DEMONYM", "CN+RU", ("CN", "RU")),
        ("NATO", "IORG", "OTAN", ()),
        ("European Union", "IORG", "UE", ()),
        ("Chad", "COUNTRY", "TD", ("TD",)),
        ("Latin America", "REGION", "Amérique latine", ()),
    ]


def test_component_case_sensitive_words(nlp_en, nlp_fr) -> None:
    assert spans(nlp_en, "Let us go far; a turkey from china, un jour.") == []
    assert spans(nlp_fr, "Un accord pour la Chine et la Turquie.") == [
        ("Chine", "COUNTRY", "CN", ("CN",)),
        ("Turquie", "COUNTRY", "TR", ("TR",)),
    ]


def test_common_words_and_foreign_royal_forces(nlp_fr: spacy.language.Language) -> None:
    # "la réunion" is a meeting, La Réunion the island; RFA is Radio Free Asia in news.
    assert spans(nlp_fr, "Ils ont fixé la réunion à la RFA.") == []
    got = spans(nlp_fr, "Les Forces armées royales cambodgiennes ont défilé.")
    assert [g[3] for g in got] == [("KH",)]


def test_component_longest_match_no_overlap(nlp_fr: spacy.language.Language) -> None:
    text = (
        "L'Afrique du Sud, l'Amérique latine, les États-Unis d'Amérique et la "
        "Guinée-Bissau ; le golfe de Guinée."
    )
    doc = nlp_fr(text)
    got = [(s.text, s.label_) for s in doc.spans["gazetteer"]]
    assert got == [
        ("Afrique du Sud", "COUNTRY"),
        ("Amérique latine", "REGION"),
        ("États-Unis d'Amérique", "COUNTRY"),
        ("Guinée-Bissau", "COUNTRY"),
        ("golfe de Guinée", "REGION"),
    ]
    ends = [(s.start, s.end) for s in doc.spans["gazetteer"]]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))


def test_component_skips_names_inside_a_person(nlp_en: spacy.language.Language) -> None:
    doc = nlp_en.make_doc("George Washington met officials in Washington.")
    doc.ents = [spacy.tokens.Span(doc, 0, 2, label="PERSON")]
    doc = nlp_en.get_pipe("entente_gazetteer")(doc)
    assert [(s.text, s.start) for s in doc.spans["gazetteer"]] == [("Washington", 5)]


def test_component_demonym_nouns_and_adjectives(nlp_fr: spacy.language.Language) -> None:
    got = spans(nlp_fr, "Les Algériens et les forces marocaines face aux Russes.")
    assert [(t, c) for t, _, _, c in got] == [
        ("Algériens", ("DZ",)),
        ("marocaines", ("MA",)),
        ("Russes", ("RU",)),
    ]


def test_generic_state_institutions_for_every_country(nlp_fr, nlp_en) -> None:
    got = spans(nlp_fr, "La marine tunisienne et le ministère égyptien de la Défense.")
    assert [(t, lab, c) for t, lab, _, c in got] == [
        ("marine tunisienne", "INSTITUTION", ("TN",)),
        ("ministère égyptien de la Défense", "INSTITUTION", ("EG",)),
    ]
    got = spans(nlp_en, "The Italian Defence Ministry and the Chinese navy.")
    assert [(t, c) for t, _, _, c in got] == [
        ("Italian Defence Ministry", ("IT",)),
        ("Chinese navy", ("CN",)),
    ]


def test_lowercase_country_names_still_count(nlp_fr) -> None:
    assert spans(nlp_fr, "Vive la france !") == [("france", "COUNTRY", "FR", ("FR",))]
