"""Site furniture from pages the extractor was not written for: teasers without a colon,
URL and slogan lines, related-headline lists, player text, captions, section labels,
run-together menus, weather tickers and a teaser ending with the page's date stamp."""

from __future__ import annotations

import pytest

from core.text.boilerplate import strip_boilerplate
from tests.test_text_boilerplate import BODY_EN, BODY_FR, _check


@pytest.mark.parametrize(
    "noise",
    [
        "Lire aussi  Bénin : un nouveau marché couvert ouvre à Cotonou",
        "https://www.example-news.africa/20240101/un-titre-123.html",
        "DefenceDaily.com - All The News That Matters",
    ],
)
def test_french_furniture_lines_go(noise: str) -> None:
    _check(BODY_FR, noise, "", [noise])


@pytest.mark.parametrize(
    "noise",
    [
        "- list 2 of 4Farmers protest new tax in the capital",
        "end of list",
        "Accessibility links",
        "please wait",
        "No media source is available at the moment",
        "0:00 0:03:15 0:00",
        "FILE - Sailors parade in Accra on June 3, 2018. (Photo by Kofi Mensah / AFP)",
        "West Africa News",
        "Daily ChronicleWatchHomeNewsSportBusinessCultureTravelVideo",
    ],
)
def test_english_furniture_lines_go(noise: str) -> None:
    _check(BODY_EN, noise, "", [noise])


def test_weather_ticker_block_goes_and_body_stays() -> None:
    ticker = "\n".join(["Accra", "31", "o", "Kumasi", "29", "o", "Tamale", "35", "o"])
    _check(BODY_EN, ticker, "", ["Kumasi", "Tamale"])


def test_short_subheadings_are_not_a_ticker() -> None:
    text = f"{BODY_FR}\n\nContexte\n\nEnjeux\n\n{BODY_FR}"
    assert "Contexte" in strip_boilerplate(text)


def test_teaser_with_date_stamp_keeps_only_the_date() -> None:
    teaser = "Les deux marines ont manœuvré au large de Dakar… 14.06.2023, Agence Nord"
    cleaned = strip_boilerplate(f"{teaser}\n\n{BODY_FR}")
    assert "Agence Nord" not in cleaned
    assert cleaned.startswith("14.06.2023")


def test_sentence_with_a_glued_brand_name_is_no_menu() -> None:
    body = "The frigate carries a McDonnell radar, said the Navy spokesman on Friday."
    assert body in strip_boilerplate(body)
