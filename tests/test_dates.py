"""Dates in a sentence, resolved against a publication date (core/dates.py).

The anchor 2024-03-15 is a Friday: "jeudi" in a past-tense sentence is 2024-03-14,
in a future one 2024-03-21.
"""

from __future__ import annotations

import pytest

from core.extract.dates import Anchor, find_dates, parse_anchor

DAY = parse_anchor("2024-03-15")
MONTH = parse_anchor("2024-03")
YEAR = parse_anchor("2024")


def _values(text: str, anchor: Anchor | None, future: bool = False) -> list[tuple[str, str]]:
    return [(d.value, d.precision) for d in find_dates(text, anchor, future=future)]


def test_parse_anchor_precisions() -> None:
    assert Anchor(2024, 3, 15) == DAY
    assert Anchor(2024, 3, None) == MONTH
    assert Anchor(2024, None, None) == YEAR
    assert parse_anchor(None) is None
    assert parse_anchor("") is None
    assert parse_anchor("15/03/2024") is None
    assert parse_anchor("mars 2024") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Le ministre italien est arrivé à Tripoli le 12 février 2023.", "2023-02-12"),
        ("The Indian delegation landed in Paris on 7 June 2022.", "2022-06-07"),
        ("The accord between Egypt and Russia was signed on January 22, 2025.", "2025-01-22"),
        ("Le sommet sino-pakistanais s'ouvrira le 1er mai 2024 à Islamabad.", "2024-05-01"),
        ("The Israeli minister visited Washington on May 10th, 2021.", "2021-05-10"),
    ],
)
def test_explicit_day_dates(text: str, value: str) -> None:
    assert _values(text, DAY) == [(value, "day")]


def test_explicit_date_needs_no_anchor() -> None:
    assert _values("Rome et Tripoli ont signé un accord le 3 décembre 2022.", None) == [
        ("2022-12-03", "day")
    ]


def test_offsets_point_at_the_original_text() -> None:
    text = "Le général indien a été reçu à Paris le 3 décembre 2022 par son homologue."
    [found] = find_dates(text, DAY)
    assert text[found.start : found.end] == found.text
    assert found.text == "3 décembre 2022"


def test_french_range_takes_its_first_day_in_the_anchor_year() -> None:
    text = "Les marines française et indienne se sont entraînées du 4 au 6 mars près de Goa."
    [found] = find_dates(text, DAY)
    assert (found.value, found.precision) == ("2024-03-04", "day")
    assert found.text == "du 4 au 6 mars"


def test_range_in_a_later_month_read_in_the_past_is_last_year() -> None:
    text = "Les forces chinoises et pakistanaises ont manœuvré du 20 au 22 novembre."
    assert _values(text, DAY) == [("2023-11-20", "day")]


def test_english_range_with_year() -> None:
    assert _values("Italian and Libyan ships drilled March 4-6, 2023 off Misrata.", DAY) == [
        ("2023-03-04", "day")
    ]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Le Caire a acheté ces avions russes en 2019.", "2019", "year"),
        ("Le contrat franco-indien a été signé début 2021.", "2021", "year"),
        ("Les livraisons à Islamabad seront achevées fin 2026.", "2026", "year"),
        ("Israel bought the radars in 2018.", "2018", "year"),
        ("Les travaux ont commencé mi-mars 2024 à Tripoli.", "2024-03", "month"),
        ("L'accord date de février 2006.", "2006-02", "month"),
    ],
)
def test_years_and_months(text: str, value: str, precision: str) -> None:
    assert _values(text, DAY) == [(value, precision)]


@pytest.mark.parametrize(
    ("text", "future", "value"),
    [
        ("Le ministre indien a reçu son homologue français jeudi.", False, "2024-03-14"),
        ("Le ministre indien recevra son homologue français jeudi.", True, "2024-03-21"),
        ("Le ministre indien a reçu son homologue lundi dernier.", False, "2024-03-11"),
        ("Le ministre indien recevra son homologue mardi prochain.", False, "2024-03-19"),
        ("Le ministre indien a reçu son homologue vendredi.", False, "2024-03-15"),
        ("The Egyptian minister met his Russian counterpart on Thursday.", False, "2024-03-14"),
        ("The Egyptian minister will meet him next Tuesday.", True, "2024-03-19"),
        # "next" says it outright, whatever the tense the sentence was read in
        ("The Egyptian minister meets him next Tuesday.", False, "2024-03-19"),
        ("Le ministre pakistanais est arrivé hier à Pékin.", False, "2024-03-14"),
    ],
)
def test_relative_days_against_a_day_anchor(text: str, future: bool, value: str) -> None:
    assert _values(text, DAY, future) == [(value, "day")]


@pytest.mark.parametrize(
    ("text", "future", "value"),
    [
        # May is after March: in the past tense it is last year's May, in the future this year's.
        ("La visite italienne en Libye a eu lieu en mai.", False, "2023-05"),
        ("La visite italienne en Libye aura lieu en mai.", True, "2024-05"),
        # January is before March: this year's in the past, next year's in the future.
        ("La visite italienne en Libye a eu lieu en janvier.", False, "2024-01"),
        ("La visite italienne en Libye aura lieu en janvier.", True, "2025-01"),
        ("The Israeli frigates arrived in May.", False, "2023-05"),
    ],
)
def test_month_alone_before_or_after_the_anchor_month(text: str, future: bool, value: str) -> None:
    assert _values(text, DAY, future) == [(value, "month")]


def test_year_relative_expressions() -> None:
    assert _values("Une réunion franco-indienne a eu lieu l'an dernier.", DAY) == [("2023", "year")]
    assert _values("A summit is planned next year.", DAY) == [("2025", "year")]


@pytest.mark.parametrize(
    "text",
    [
        "La France et l'Inde coopèrent depuis 2006.",
        "The Israeli and US navies have cooperated since 2006.",
    ],
)
def test_since_a_year_is_not_the_date_of_the_event(text: str) -> None:
    assert find_dates(text, DAY) == []


def test_since_a_month_is_not_the_date_of_the_event() -> None:
    assert find_dates("La Chine et le Pakistan coopèrent depuis février 2006.", DAY) == []


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre égyptien a reçu son homologue jeudi.",
        "La visite italienne en Libye a eu lieu en mai.",
        "Le ministre pakistanais est arrivé hier à Pékin.",
        "Une réunion a eu lieu l'an dernier.",
        "The Indian minister met his French counterpart on Thursday.",
    ],
)
def test_no_anchor_no_relative_date(text: str) -> None:
    assert find_dates(text, None) == []
    assert find_dates(text, None, future=True) == []


def test_month_anchor_resolves_months_but_not_days() -> None:
    assert find_dates("Le ministre égyptien a reçu son homologue jeudi.", MONTH) == []
    assert find_dates("Le ministre pakistanais est arrivé hier à Pékin.", MONTH) == []
    assert _values("La visite italienne en Libye a eu lieu en mai.", MONTH) == [
        ("2023-05", "month")
    ]


def test_year_anchor_gives_months_of_that_year() -> None:
    assert _values("La visite italienne en Libye a eu lieu en mai.", YEAR) == [("2024-05", "month")]
    assert find_dates("Le ministre égyptien a reçu son homologue jeudi.", YEAR) == []


@pytest.mark.parametrize(
    "text",
    [
        "Le traité indo-français a été signé le 31 février 2023.",
        "Le traité indo-français a été signé le 30 février.",
        "The deal was signed on February 30, 2022.",
    ],
)
def test_impossible_dates_give_nothing(text: str) -> None:
    assert find_dates(text, DAY) == []


def test_sentence_without_date() -> None:
    assert find_dates("Les deux armées ont échangé des officiers de liaison.", DAY) == []


def test_several_dates_in_order() -> None:
    text = "Annoncé le 2 janvier 2024, l'achat a été conclu le 9 février 2024."
    assert [d.value for d in find_dates(text, DAY)] == ["2024-01-02", "2024-02-09"]


def test_date_text_stops_before_the_final_period() -> None:
    [found] = find_dates("La visite italienne en Libye a eu lieu en mai.", DAY)
    assert found.text == "en mai"


def test_past_day_date_never_after_publication() -> None:
    text = "Le ministre indien a reçu son homologue français le 2 avril."
    assert _values(text, DAY) == [("2023-04-02", "day")]


def test_the_words_around_dates_come_from_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.extract import date_pattern, dates

    text = "La visite a eu lieu durant le mois de mai."
    assert _values(text, DAY) == [("2023-05", "month")]
    raw = date_pattern.data_json(date_pattern.RELATIVE_FILE)
    lean = {**raw, "month_openers": [w for w in raw["month_openers"] if "mois" not in w]}
    monkeypatch.setattr(date_pattern, "data_json", lambda path: lean)
    dates._compiled.cache_clear()
    try:
        assert _values(text, DAY) != [("2023-05", "month")]
    finally:
        dates._compiled.cache_clear()


def test_a_year_after_since_dates_something_else() -> None:
    assert _values("The two navies have trained together since 2006.", DAY) == []
    assert _values("Les deux marines coopèrent depuis  février 2006.", DAY) == []


def test_every_date_word_starts_a_word() -> None:
    """The date pattern tests for a word start once, before its alternatives: a phrase of
    the data that began with a mark or a space would silently never match."""
    from core.config import data_json
    from core.extract.date_pattern import RELATIVE_FILE, calendar

    raw = data_json(RELATIVE_FILE)
    months, weekdays = calendar()
    phrases = [*months, *weekdays]
    for key, value in raw.items():
        if key.endswith("_doc") or key.startswith("_"):
            continue
        phrases += list(value) if isinstance(value, dict | list) else []
    assert phrases
    assert all(str(p)[:1].isalnum() for p in phrases), [
        p for p in phrases if not str(p)[:1].isalnum()
    ]


def test_scan_given_is_the_scan_made() -> None:
    from core.extract.dates import date_scan
    from core.text.fold import fold

    text = "Le 22 janvier 2025, puis jeudi et en mai, depuis 2006."
    assert find_dates(text, DAY, scan=date_scan(fold(text))) == find_dates(text, DAY)
    assert [d.value for d in find_dates(text, DAY)] == ["2025-01-22", "2024-03-14", "2023-05"]
