"""Document date from the page's date line, the story's year carried to later mentions,
relative words from the data file, and the calendar's edges."""

from __future__ import annotations

import pytest

from core.extract.date_anchor import story_anchors, text_anchor
from core.extract.dates import Anchor, find_dates, parse_anchor


def _values(text: str, anchor: Anchor | None) -> list[str]:
    return [d.value for d in find_dates(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Titre de la page\n02/10/2024\nLe ministre est arrivé.", Anchor(2024, 10, 2)),
        ("Accord signé…\n14.06.2023, Agence Nord\nLe texte…", Anchor(2023, 6, 14)),
        ("Rome, May 3 (AFP) May 3, 2021\nThe minister met…", Anchor(2021, 5, 3)),
    ],
)
def test_a_date_line_near_the_top_is_the_document_date(text: str, expected: Anchor) -> None:
    assert text_anchor(text) == expected


def test_a_date_inside_a_long_body_line_is_not_the_document_date() -> None:
    body = "Le ministre a rappelé que le 3 mai 2019 les deux pays avaient signé un accord " * 2
    assert text_anchor(body) is None


def test_a_year_named_once_carries_to_a_later_day_and_month() -> None:
    anchors = story_anchors(
        ["L'exercice Blue Shark 2022 a été annoncé.", "Il débutera le 14 mai."], None
    )
    assert _values("Il débutera le 14 mai.", anchors[1]) == ["2022-05-14"]


def test_no_year_named_no_date() -> None:
    anchors = story_anchors(["Il débutera le 14 mai."], None)
    assert anchors == [None]
    assert _values("Il débutera le 14 mai.", None) == []


def test_story_anchor_dates_no_yesterday() -> None:
    anchors = story_anchors(["En 2022, les deux armées…", "Hier, le ministre a parlé."], None)
    assert _values("Hier, le ministre a parlé.", anchors[1]) == []


def test_the_year_after_counts_from_the_last_year_named() -> None:
    sentences = ["L'accord date de décembre 2016.", "Un exercice suivit l'année d'après."]
    anchors = story_anchors(sentences, parse_anchor("2024-03-01"))
    assert "2017" in _values(sentences[1], anchors[1])


def test_the_day_before_counts_from_the_last_full_date() -> None:
    sentences = ["Le sommet s'est tenu le 3 mai 2023.", "La veille, les ministres ont dîné."]
    anchors = story_anchors(sentences, None)
    assert _values(sentences[1], anchors[1]) == ["2023-05-02"]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("The talks took place last week.", Anchor(2024, 8, 28), ["2024-08-21"]),
        ("Earlier this month, Cairo sent aid.", Anchor(2024, 8, 28), ["2024-08"]),
        ("Drills ran Nov. 18-21, 2019.", None, ["2019-11-18"]),
        ("The deal was signed May 21, 2018.", None, ["2018-05-21"]),
        ("He arrived on Saturday.", Anchor(2024, 8, 28), ["2024-08-24"]),
        ("Les troupes partiront d'ici l'été 2026.", None, ["2026"]),
    ],
)
def test_english_and_french_forms(text: str, anchor: Anchor | None, expected: list[str]) -> None:
    assert _values(text, anchor) == expected


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "text",
    [
        "Hier, le ministre.",
        "Demain, le ministre.",
        "L'année prochaine.",
        "L'an dernier.",
        "Mardi dernier.",
        "Mardi prochain.",
        "La semaine prochaine.",
        "Last week.",
    ],
)
def test_calendar_edges_never_raise_nor_leave_the_calendar(published: str, text: str) -> None:
    for value in _values(text, parse_anchor(published)):
        assert 1 <= int(value[:4]) <= 9999


def test_article_without_publication_date_reads_its_date_line(nlp_fr_model) -> None:  # type: ignore[no-untyped-def]
    from core.extract.article import extract

    text = (
        "Accord naval\n\n02/10/2024\n\n"
        "Le Sénégal et l'Espagne ont signé hier un accord de coopération maritime à Dakar."
    )
    rows = extract(nlp_fr_model(text), "a1", "fr", None)
    assert rows.published_from_text == "2024-10-02"
    assert [e.date for e in rows.events if e.date] == ["2024-10-01"]


def test_article_with_no_stated_date_gets_none(nlp_fr_model) -> None:  # type: ignore[no-untyped-def]
    from core.extract.article import extract

    text = "Le Sénégal et l'Espagne ont signé hier un accord de coopération maritime à Dakar."
    rows = extract(nlp_fr_model(text), "a1", "fr", None)
    assert rows.published_from_text is None
    assert all(e.date is None for e in rows.events)


def test_that_year_is_the_year_the_story_last_named() -> None:
    sentences = ["They extended a 2015 pact.", "The pact concluded that year set a border."]
    anchors = story_anchors(sentences, parse_anchor("2024-06-01"))
    assert _values(sentences[1], anchors[1]) == ["2015"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le Sénégal accueille « Desert Eagle 24 », l'exercice annuel conjoint.", ["2024"]),
        ("The exercise Sea Breeze 23 ended in Odesa.", ["2023"]),
        ("Article 12 of the plan sets the rules.", []),
        ("The plan sends 24 ships and Blue Water 30 percent more.", []),
        ("Desert Eagle 24 arrived in the port.", []),  # no exercise or plan named
    ],
)
def test_two_digit_year_in_an_exercise_name(text: str, expected: list[str]) -> None:
    assert _values(text, None) == expected


def test_a_year_gives_way_to_a_precise_date_of_the_same_year() -> None:
    sentences = ["L'exercice Blue Shark 2024 se tiendra du 16 au 30 mai."]
    anchors = story_anchors(sentences, None)
    assert _values(sentences[0], anchors[0]) == ["2024-05-16"]
    assert _values("En 2019 et le 3 mai 2021, deux accords.", None) == ["2019", "2021-05-03"]
