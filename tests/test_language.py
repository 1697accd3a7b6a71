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
