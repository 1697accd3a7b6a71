"""Language detection on short paragraphs, deterministic, no library."""

from __future__ import annotations

import pytest

from core.text.language import SUPPORTED, detect_language, normalize_language_code

PARAGRAPHS = {
    "fr": "Le gouvernement a confirmé que les deux armées mèneront des manœuvres communes "
    "au printemps, malgré les tensions qui persistent dans la région.",
    "en": "The government confirmed that both armies will hold joint manoeuvres in the "
    "spring, despite the tensions that persist in the region.",
    "de": "Die Regierung hat bestätigt, dass die beiden Armeen im Frühjahr gemeinsame "
    "Manöver abhalten werden, trotz der anhaltenden Spannungen in der Region.",
    "es": "El gobierno confirmó que los dos ejércitos realizarán maniobras conjuntas en la "
    "primavera, a pesar de las tensiones que persisten en la región.",
}


@pytest.mark.parametrize(("expected", "text"), PARAGRAPHS.items())
def test_short_paragraphs(expected: str, text: str) -> None:
    assert detect_language(text) == expected


def test_non_latin_scripts() -> None:
    assert detect_language("أكدت الحكومة أن الجيشين سيجريان مناورات مشتركة") == "ar"
    assert detect_language("Правительство подтвердило проведение совместных учений") == "ru"


def test_too_little_evidence_is_unknown() -> None:
    assert detect_language("") == "und"
    assert detect_language("Niamey 2024") == "und"


def test_deterministic() -> None:
    text = PARAGRAPHS["fr"]
    assert {detect_language(text) for _ in range(5)} == {"fr"}
    assert SUPPORTED == ("fr", "en")


def test_language_codes_from_a_manifest() -> None:
    assert normalize_language_code("FR") == "fr"
    assert normalize_language_code("en-GB") == "en"
    assert normalize_language_code("Français") == "fr"
    assert normalize_language_code("  ") is None
    with pytest.raises(ValueError):
        normalize_language_code("french language")


@pytest.mark.parametrize(
    "sentence",
    [
        "Le ministre est arrivé hier.",
        "Nous sommes prêts.",
        "La coopération militaire progresse.",
        "Accord de défense signé.",
        "Le sommet aura lieu en mai.",
    ],
)
def test_short_french_sentences_are_french(sentence: str) -> None:
    assert detect_language(sentence) == "fr"


@pytest.mark.parametrize(
    "sentence",
    ["The minister arrived yesterday.", "Talks resume next week.", "The frigate was delivered."],
)
def test_short_english_sentences_are_english(sentence: str) -> None:
    assert detect_language(sentence) == "en"


def test_unsure_classifier_falls_back_to_function_words() -> None:
    from core.text.language import langid_language, stopword_language

    # A bare name and place: py3langid has no confident answer, neither do function words.
    assert langid_language("Ahmed Benali") is None
    assert detect_language("Ahmed Benali") == stopword_language("Ahmed Benali") == "und"


def test_other_latin_languages_are_named_not_forced_to_french() -> None:
    assert (
        detect_language(
            "El ministro se reunió con su homólogo en Madrid para hablar de la cooperación."
        )
        == "es"
    )
    assert (
        detect_language("Der Minister traf seinen Amtskollegen in Berlin und sprach lange.") == "de"
    )


FRENCH = (
    "Le ministre algérien de la Défense a reçu hier son homologue italien à Alger. Les deux "
    "pays ont signé un accord de coopération dans le domaine de la formation des officiers, "
    "et ils se sont entendus sur un calendrier de rencontres pour l'année prochaine."
)


def test_function_words_that_back_the_manifest_skip_the_slow_detector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.text import language

    def refuse() -> None:
        raise AssertionError("py3langid consulted although the function words settle it")

    monkeypatch.setattr(language, "_langid", refuse)
    assert language.clearly_not(FRENCH, "fr") is None


def test_a_manifest_language_plainly_wrong_is_still_caught() -> None:
    from core.text.language import clearly_not

    assert clearly_not(FRENCH, "en") == "fr"
