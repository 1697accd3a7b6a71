"""The one YYYY[-MM[-DD]] reader."""

from __future__ import annotations

import pytest

from core.text.partial_date import PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2024", PartialDate(2024, None, None), "year"),
        ("2024-02", PartialDate(2024, 2, None), "month"),
        (" 2024-02-29 ", PartialDate(2024, 2, 29), "day"),
        ("0001-01-01", PartialDate(1, 1, 1), "day"),
    ],
)
def test_the_three_forms(value: str, expected: PartialDate, precision: str) -> None:
    got = parse_partial_date(value)
    assert got == expected
    assert got is not None and got.precision == precision
    assert got.iso == value.strip()


@pytest.mark.parametrize(
    "value",
    ["", "24", "0000", "2023-02-29", "2024-13", "2024-00", "2024-1-5", "02/10/2024", None, 2024],
)
def test_anything_else_is_not_a_date(value: object) -> None:
    assert parse_partial_date(value) is None
