"""Date expressions in a sentence, resolved against the article's publication date.

Explicit dates ("22 janvier 2025", "du 4 au 6 décembre", "en 2022", "February 2006")
keep their own precision; relative ones ("jeudi", "ce 27 février", "en mai", "début
2024", "last year") are resolved only when the publication date is precise enough to
anchor them. Nothing is invented: no anchor, no date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, NamedTuple

from core.config import data_json
from core.extract.date_pattern import RELATIVE_FILE, calendar, date_pattern, phrases, relative_words
from core.text.fold import fold
from core.text.partial_date import parse_partial_date


class DateMention(NamedTuple):
    """One resolved date expression; offsets are relative to the text searched."""

    start: int
    end: int
    text: str
    value: str
    precision: str


class Anchor(NamedTuple):
    """The date an article's relative dates are resolved against: its publication date,
    plus what the story named so far (its last year, its last full date). An anchor built
    from the story alone (`from_story`) dates day-month mentions but no "hier"."""

    year: int
    month: int | None
    day: int | None
    story_year: int | None = None
    story_day: str | None = None
    from_story: bool = False


def parse_anchor(published: str | None) -> Anchor | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` to an Anchor; anything else gives None."""
    parsed = parse_partial_date(published)
    return Anchor(parsed.year, parsed.month, parsed.day) if parsed else None


@lru_cache(maxsize=1)
def _since() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{phrases('since')})\s+$")


@lru_cache(maxsize=1)
def _compiled() -> re.Pattern[str]:
    return date_pattern()


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1 <= year <= 9999:
        return None  # past the calendar's edges: no date rather than a wrong one
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _infer_year(month: int, day: int | None, anchor: Anchor | None, future: bool) -> int | None:
    """Year of a day/month given without one: the anchor's, shifted when that reads wrong."""
    if anchor is None:
        return None
    year = anchor.year
    if anchor.month is None:
        return year
    if future and month < anchor.month:
        return year + 1
    if not future and (month, day or 1) > (anchor.month, anchor.day or 31):
        return year - 1
    return year


@lru_cache(maxsize=1)
def _forward() -> frozenset[str]:
    """Words by a weekday that point after the article's date ("jeudi prochain")."""
    return frozenset(fold(w) for w in data_json(RELATIVE_FILE)["weekday_forward"])


def _weekday(index: int, rel: str, anchor: Anchor | None, future: bool) -> str | None:
    if anchor is None or anchor.month is None or anchor.day is None:
        return None
    if anchor.from_story:
        return None
    base = dt.date(anchor.year, anchor.month, anchor.day)
    delta = (index - base.weekday()) % 7
    if delta == 0:
        return base.isoformat()
    if rel in _forward() or future:
        return _shift_day(base.isoformat(), delta)
    return _shift_day(base.isoformat(), delta - 7)


def _shift_day(iso: str, days: int) -> str | None:
    """An ISO day moved by `days`, or None past the calendar's edges (year 1 or 9999)."""
    try:
        return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None


def _relative(word: str, anchor: Anchor | None) -> tuple[str | None, str]:
    unit, shift = relative_words()[word]
    if anchor is None:
        return None, unit
    if unit == "story_year":
        return (_iso(anchor.story_year + shift) if anchor.story_year else None), "year"
    if unit == "story_day":
        return (_shift_day(anchor.story_day, shift) if anchor.story_day else None), "day"
    if anchor.from_story:
        return None, unit  # "hier" needs the article's own date, not the story's year
    if unit == "year":
        return _iso(anchor.year + shift), "year"
    if anchor.month is None:
        return None, unit
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + shift
        return _iso(index // 12, index % 12 + 1), "month"
    if anchor.day is None:
        return None, unit
    base = _iso(anchor.year, anchor.month, anchor.day)
    days = shift * 7 if unit == "week" else shift
    return (_shift_day(base, days) if base else None), unit


def _resolve(g: dict[str, Any], anchor: Anchor | None, future: bool) -> tuple[str | None, str]:
    months, weekdays = calendar()
    for d_key, m_key, y_key in (
        ("rd1", "rm", "ry"),
        ("erd1", "erm", "ery"),
        ("d", "m", "y"),
        ("ed", "em", "ey"),
    ):
        if g.get(m_key):
            month = months[g[m_key]]
            day = int(g[d_key])
            year = int(g[y_key]) if g.get(y_key) else _infer_year(month, day, anchor, future)
            return (_iso(year, month, day) if year else None), "day"
    if g.get("mm"):
        return _iso(int(g["my"]), months[g["mm"]]), "month"
    if g.get("yy"):
        return _iso(int(g["yy"])), "year"
    if g.get("om"):
        month = months[g["om"]]
        year = _infer_year(month, None, anchor, future)
        return (_iso(year, month) if year else None), "month"
    if g.get("wday"):
        rel = g.get("wrel") or g.get("wpre") or ""
        return _weekday(weekdays[g["wday"]], rel, anchor, future), "day"
    if g.get("rel"):
        return _relative(g["rel"], anchor)
    if g.get("by"):
        return _iso(int(g["by"])), "year"
    return None, "day"


# A name of two or three capitalised words ending with a two-digit year: "Desert Eagle
# 23", "Sea Breeze 24" (one word and a number is a clause or a unit: "Article 12").
_NAMED_YEAR = re.compile(r"\b(?:[A-Z][\w'-]*\s+){2,3}(?P<yy>\d\d)\b(?![\d%.,:/]\d|\s*%)")


def _word_pattern(key: str) -> re.Pattern[str]:
    raw = data_json(RELATIVE_FILE)[key]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, (fold(w) for w in raw))) + r")\b")


@lru_cache(maxsize=1)
def _named_year_nouns() -> re.Pattern[str]:
    return _word_pattern("named_year_nouns")


@lru_cache(maxsize=1)
def _units() -> re.Pattern[str]:
    return _word_pattern("number_units")


def named_years(text: str) -> list[DateMention]:
    """Two-digit years in the names of exercises and plans, when the sentence says it
    speaks of one ("« Desert Eagle 23 », l'exercice annuel…" is 2023)."""
    if not _named_year_nouns().search(fold(text)):
        return []
    return [
        DateMention(m.start("yy"), m.end("yy"), m.group(0), f"20{m.group('yy')}", "year")
        for m in _NAMED_YEAR.finditer(text)
        if not _units().match(fold(text[m.end() :]).lstrip())
    ]


DateScan = list[tuple[int, int, dict[str, Any]]]
"""Where a text's date expressions are, with their parts, before they are resolved."""


def date_scan(folded: str) -> DateScan:
    """The date expressions of a folded text: what resolving does not change, so a
    sentence dated twice (story anchors, then its event) is scanned once."""
    return [(m.start(), m.end(), m.groupdict()) for m in _compiled().finditer(folded)]


def find_dates(
    text: str,
    anchor: Anchor | None = None,
    *,
    future: bool = False,
    folded: str | None = None,
    scan: DateScan | None = None,
) -> list[DateMention]:
    """Every date expression in `text` that resolves, in order of appearance.

    `future` says the sentence speaks of what is to come, so "en mai" written in
    February means the coming May and "jeudi" the coming Thursday. `folded` and `scan`
    are the text's fold and `date_scan`, when the caller has them.
    """
    folded = fold(text) if folded is None else folded
    found: list[DateMention] = []
    for start, end, groups in date_scan(folded) if scan is None else scan:
        value, precision = _resolve(groups, anchor, future)
        if value is None:
            continue
        if _since().search(folded[max(0, start - 12) : start]):
            continue  # "depuis février 2006" dates something else, not this event
        found.append(DateMention(start, end, text[start:end], value, precision))
    if not found:
        found = named_years(text)
    # "Blue Shark 2024 se tiendra du 16 au 30 mai": the day says more than its year.
    finer = {d.value[:4] for d in found if d.precision != "year"}
    return [d for d in found if d.precision != "year" or d.value not in finer]
