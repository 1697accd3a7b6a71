"""The one reader of `YYYY`, `YYYY-MM` and `YYYY-MM-DD`: the manifest's `published`, a
date the extractor stated, a URL's `from`/`to`. A value that names no real calendar day
(2024-02-30, 0000, 10000) is not a date."""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISIONS = ("year", "month", "day")


class PartialDate(NamedTuple):
    year: int
    month: int | None
    day: int | None

    @property
    def precision(self) -> str:
        return PRECISIONS[(self.month is not None) + (self.day is not None)]

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)


def parse_partial_date(value: object) -> PartialDate | None:
    """`value` as a PartialDate, or None when it is not exactly one of the three forms or
    names no real day."""
    if not isinstance(value, str):
        return None
    match = _FORM.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if year is None or not 1 <= year <= 9999:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PartialDate(year, month, day)
