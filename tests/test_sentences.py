"""Rule-based sentence splitting (core/sentences.py)."""

from __future__ import annotations

import pytest

from core.nlp.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_two_plain_sentences() -> None:
    text = "Rome a livré deux vedettes à Tripoli. Les marins libyens seront formés en Italie."
    assert _sentences(text) == [
        "Rome a livré deux vedettes à Tripoli.",
        "Les marins libyens seront formés en Italie.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "M. Rossi est arrivé à Tripoli. Il a rencontré le Gén. Salem.",
            ["M. Rossi est arrivé à Tripoli.", "Il a rencontré le Gén. Salem."],
        ),
        (
            "The U.S. Navy sent two destroyers to Haifa. They docked on Monday.",
            ["The U.S. Navy sent two destroyers to Haifa.", "They docked on Monday."],
        ),
        (
            "Mme Sharma a reçu le Dr. Chen à Delhi. Ils ont parlé de formation.",
            ["Mme Sharma a reçu le Dr. Chen à Delhi.", "Ils ont parlé de formation."],
        ),
        (
            "Le président J. Morel est venu à Delhi. Il reviendra en mai.",
            ["Le président J. Morel est venu à Delhi.", "Il reviendra en mai."],
        ),
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_line_breaks_always_end_a_sentence() -> None:
    text = (
        "Pékin et Islamabad renforcent leurs liens\n"
        "Les deux armées ont manœuvré. Elles recommenceront."
    )
    assert _sentences(text) == [
        "Pékin et Islamabad renforcent leurs liens",
        "Les deux armées ont manœuvré.",
        "Elles recommenceront.",
    ]


def test_blank_paragraphs_and_spaces_are_skipped_and_offsets_exact() -> None:
    text = "  Le Caire achète des radars.  \n\n\n   Moscou livrera en mai.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Le Caire achète des radars.",
        "Moscou livrera en mai.",
    ]
    assert all(text[s] != " " and text[e - 1] != " " for s, e in spans)


def test_question_and_exclamation_marks() -> None:
    text = "Israël achètera-t-il ces avions ? Washington le souhaite ! La décision tombera en mai."
    assert len(split_sentences(text)) == 3


def test_straight_quotation_kept_in_one_sentence() -> None:
    text = 'He said: "We signed it. We will go further." Then he flew back to Delhi.'
    assert _sentences(text) == [
        'He said: "We signed it. We will go further."',
        "Then he flew back to Delhi.",
    ]


def test_french_quotation_with_inner_periods_is_not_split() -> None:
    text = "Le ministre a déclaré : « Nous avons signé. Nous irons plus loin » devant la presse."
    assert _sentences(text) == [text]


def test_french_quotation_then_a_new_sentence() -> None:
    text = "Le ministre a déclaré : « Nous avons signé. Nous irons plus loin. » Puis il est parti."
    assert _sentences(text) == [
        "Le ministre a déclaré : « Nous avons signé. Nous irons plus loin. »",
        "Puis il est parti.",
    ]


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n \n") == []
