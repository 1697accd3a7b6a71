"""The date expressions' pattern, built from the calendar and relative-date data files
(core.extract.dates resolves what it finds)."""

from __future__ import annotations

import re
from functools import lru_cache

from core.config import DATA_DIR, data_json
from core.text.fold import fold, listed_phrases

RELATIVE_FILE = DATA_DIR / "taxonomy" / "relative_dates.json"


@lru_cache(maxsize=1)
def calendar() -> tuple[dict[str, int], dict[str, int]]:
    data = data_json(DATA_DIR / "taxonomy" / "months.json")
    return data["months"], data["weekdays"]


@lru_cache(maxsize=1)
def relative_words() -> dict[str, tuple[str, int]]:
    """Folded relative expression -> (unit, shift), from the data file."""
    raw = data_json(RELATIVE_FILE)["words"]
    return {fold(k): (str(unit), int(shift)) for k, (unit, shift) in raw.items()}


def phrases(key: str) -> str:
    """One word list of the relative-dates file as a regex alternation, spaces inside a
    phrase matching any run of white space."""
    return listed_phrases(data_json(RELATIVE_FILE), key, RELATIVE_FILE).replace(r"\ ", r"\s+")


def date_pattern() -> re.Pattern[str]:
    """Every date expression the data describes, as one pattern over folded text."""
    months, weekdays = calendar()
    month = (
        "(?P<{name}>"
        + "|".join(sorted(map(re.escape, months), key=len, reverse=True))
        + r")(?:\.(?=\s*\d)|\b)"
    )
    wday = "(?P<wday>" + "|".join(sorted(weekdays, key=len, reverse=True)) + ")"
    rel = "|".join(sorted(map(re.escape, relative_words()), key=len, reverse=True))
    day = r"(?P<{name}>[0-3]?\d)(?:er|st|nd|rd|th)?"
    year = r"(?P<{name}>(?:1[89]|20)\d\d)"
    month_filler, filler = phrases("month_year_fillers"), phrases("year_fillers")
    # Python's look-behind is fixed-width: one per word.
    not_since = "".join(f"(?<!{re.escape(w)} )" for w in data_json(RELATIVE_FILE)["since"])
    parts = [
        # "du 4 au 6 (de) décembre (2023)" / "December 4-6, 2023": a span; its first day counts.
        rf"\bdu\s+{day.format(name='rd1')}\s+au\s+{day.format(name='rd2')}\s+(?:de\s+)?"
        rf"{month.format(name='rm')}(?:\s+{year.format(name='ry')})?",
        rf"\b{month.format(name='erm')}\s+{day.format(name='erd1')}\s*[-–]\s*[0-3]?\d"
        rf"(?:,?\s+{year.format(name='ery')})?",
        # "22 janvier 2025", "le 1er mai", "22 January 2025".
        rf"\b{day.format(name='d')}\s+{month.format(name='m')}(?:,?\s+{year.format(name='y')})?",
        # "January 22, 2025", "May 10".
        rf"\b{month.format(name='em')}\s+{day.format(name='ed')}(?:,?\s+{year.format(name='ey')})?"
        r"(?![\d])",
        # "février 2006", "(début|fin|mi-) mars 2024", "March 2024".
        rf"\b(?:(?:{phrases('month_prefixes')})\s*)?{month.format(name='mm')}"
        rf"\s+(?:(?:{month_filler})\s+)?{year.format(name='my')}",
        # "en 2022", "au début de 2024", "early 2024", "in 2022": a year alone.
        rf"\b(?P<yprefix>{phrases('year_prefixes')})"
        rf"\s*(?:(?:{filler})\s+)?{year.format(name='yy')}\b",
        # "en mai", "durant le mois de mai", "in May", "au mois de mai": month of the anchor year.
        rf"\b(?:{phrases('month_openers')})\s+"
        rf"{month.format(name='om')}(?!\s+(?:\d|{month_filler}))",
        # "jeudi", "ce jeudi", "mardi dernier", "on Thursday", "next Monday".
        rf"\b(?:(?P<wpre>{phrases('weekday_before')})\s+)?{wday}"
        rf"(?:\s+(?P<wrel>{phrases('weekday_after')}))?\b",
        r"\b(?P<rel>" + rel + r")\b",
        # A bare year not introduced by "depuis"/"since" (those date something else).
        rf"{not_since}(?<!\d)(?<![\d,.]){year.format(name='by')}\b(?![,.]?\d)",
    ]
    # Every expression starts where a word starts (the data's words all begin with a
    # letter or digit): testing that once before the alternation, not once per branch,
    # makes the scan of a sentence faster.
    return re.compile(r"\b(?=\w)(?:" + "|".join(p.removeprefix(r"\b") for p in parts) + ")")
