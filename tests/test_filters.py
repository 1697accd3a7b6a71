"""URL parsing: bad values are dropped with a notice, never an exception."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.dashboard.filters import (
    Filters,
    Known,
    page_choice,
    page_default,
    parse_params,
    share_url,
    to_params,
    version_notice,
)

KNOWN = Known(
    countries=("DZ", "MA", "RU", "US"),
    domains=("arms_procurement", "counter_terrorism"),
    types=("visit", "agreement"),
    statuses=("reported", "planned"),
    outlets=("AFP", "Algérie360"),
)


def test_valid_params_round_trip() -> None:
    params = {
        "country": ["DZ", "us"],
        "mode": "all",
        "domain": "arms_procurement",
        "type": ["visit"],
        "status": "planned",
        "outlet": "Algérie360",
        "from": "2020-01-01",
        "to": "2024-12-31",
    }
    filters, notices = parse_params(params, KNOWN)
    assert notices == []
    assert filters == Filters(
        countries=("DZ", "US"),
        mode="all",
        domains=("arms_procurement",),
        types=("visit",),
        statuses=("planned",),
        outlets=("Algérie360",),
        date_from=date(2020, 1, 1),
        date_to=date(2024, 12, 31),
    )
    again, _ = parse_params(to_params(filters, "abc"), KNOWN)
    assert again == filters


def test_bad_values_dropped_with_notices() -> None:
    params = {
        "country": ["RU", "XX", "RUS", "<script>alert(1)</script>"],
        "mode": "sometimes",
        "domain": ["cooking"],
        "from": "2024-02-30",
        "to": "yesterday",
        "bogus": "1",
    }
    filters, notices = parse_params(params, KNOWN)
    assert filters == Filters(countries=("RU",))
    text = " ".join(notices)
    for bad in ("XX", "RUS", "sometimes", "cooking", "2024-02-30", "yesterday", "bogus"):
        assert bad in text
    assert len(notices) == 6


def test_inverted_range_is_dropped() -> None:
    filters, notices = parse_params({"from": "2024-01-01", "to": "2020-01-01"}, KNOWN)
    assert filters.date_from is None and filters.date_to is None
    assert notices


def test_duplicates_collapse() -> None:
    filters, notices = parse_params({"country": ["DZ", "dz", "DZ"]}, KNOWN)
    assert filters.countries == ("DZ",) and notices == []


def test_defaults_stay_out_of_the_link() -> None:
    assert to_params(Filters()) == {}
    assert to_params(Filters(), "v1") == {"v": "v1"}


def test_version_notice() -> None:
    assert version_notice({"v": "abc"}, "abc") is None
    assert version_notice({}, "abc") is None
    assert "another version" in (version_notice({"v": "old"}, "abc") or "")


def test_share_url() -> None:
    url = share_url("http://host:8501/", "map", {"country": ["DZ", "US"], "v": "x1"})
    assert url == "http://host:8501/map?country=DZ&country=US&v=x1"
    assert share_url("http://host", "", {}) == "http://host/"
    assert "%3Cscript%3E" in share_url("http://h", "", {"outlet": "<script>"})


@given(st.dictionaries(st.text(max_size=10), st.lists(st.text(max_size=20), max_size=4)))
def test_arbitrary_params_never_raise(params) -> None:
    filters, notices = parse_params(params, KNOWN)
    assert set(filters.countries) <= set(KNOWN.countries)
    assert isinstance(notices, list)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RU", "RU"),
        (" ru ", "RU"),
        (["DZ", "US"], "US"),
        ("ZZ", "MA"),
        ("<script>", "MA"),
        ("", "MA"),
        (None, "MA"),
        ([], "MA"),
        (42, "MA"),
    ],
)
def test_page_choice_validates_against_the_corpus(value, expected) -> None:
    assert page_choice(value, ["DZ", "MA", "RU", "US"], "MA") == expected


def test_compare_params_are_known_link_parameters() -> None:
    known = Known(countries=("DZ", "RU"))
    _, notices = parse_params({"compare_a": "RU", "compare_b": "dz"}, known)
    assert notices == []
    _, notices = parse_params({"compare_a": "XX"}, known)
    assert len(notices) == 1 and "compare_a" in notices[0] and "XX" in notices[0]


def test_day_outside_the_widget_range_is_dropped_with_a_notice() -> None:
    filters, notices = parse_params({"from": "1850-06-01", "to": "2200-01-01"}, KNOWN)
    assert filters.date_from is None and filters.date_to is None
    assert any("1850-06-01" in n and "1900-01-01" in n for n in notices), notices
    assert any("2200-01-01" in n for n in notices), notices


def test_page_default_prefers_algeria_morocco_else_the_first_two() -> None:
    assert page_default("compare_a", ["DZ", "MA", "US"]) == "DZ"
    assert page_default("compare_b", ["DZ", "MA", "US"]) == "MA"
    assert page_default("compare_a", ["FR", "US"]) == "FR"
    assert page_default("compare_b", ["FR", "US"]) == "US"
    assert page_default("compare_b", ["FR"]) is None
