"""What an article's dates are resolved against when its manifest says little.

- The document date: with no publication date, a short line near the top that states a
  full date ("02/10/2024", "03.08.2024, Agence X", "Nairobi, March 3 (Reuters) March 3, 2021")
  is the page's date line.
- The story's year and day: a year the text names ("l'exercice Blue Shark 2024", "en 2022")
  carries to later day-month mentions ("le 14 mai"), and "l'année d'après" / "la veille"
  count from the last year / full date named. Nothing is invented: no stated year, no date.
"""

from __future__ import annotations

import re

from core.extract.dates import Anchor, DateScan, find_dates, parse_anchor

# How far down the page a date line may sit, and how long it may be.
TOP_LINES = 15
DATE_LINE_CHARS = 100
# dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy (day first, unless the second number cannot be a month).
_NUMERIC = re.compile(r"(?<!\d)([0-3]?\d)[./-]([01]?\d)[./-]((?:19|20)\d\d)(?!\d)")


def _numeric_date(line: str) -> Anchor | None:
    match = _NUMERIC.search(line)
    if not match:
        return None
    first, second, year = (int(g) for g in match.groups())
    day, month = (first, second) if second <= 12 else (second, first)
    return parse_anchor(f"{year:04d}-{month:02d}-{day:02d}") if 1 <= month <= 12 else None


def text_anchor(text: str) -> Anchor | None:
    """The page's own date line (a full date on a short line near the top), if any."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:TOP_LINES]
    for line in lines:
        if len(line) > DATE_LINE_CHARS:
            continue
        numeric = _numeric_date(line)
        if numeric:
            return numeric
        full = [d for d in find_dates(line) if d.precision == "day"]
        if full:
            return parse_anchor(full[-1].value)
    return None


def story_anchors(
    sentences: list[str],
    base: Anchor | None,
    scans: list[tuple[str, DateScan]] | None = None,
) -> list[Anchor | None]:
    """One anchor per sentence: the document date plus the last year and full date the
    story named up to and including that sentence (`scans`: each one's fold and
    `date_scan`, when the caller has them)."""
    year: int | None = None
    day: str | None = None
    out: list[Anchor | None] = []
    for n, sentence in enumerate(sentences):
        folded, scan = scans[n] if scans is not None else (None, None)
        # no anchor: only dates the text states
        for mention in find_dates(sentence, folded=folded, scan=scan):
            year = int(mention.value[:4])
            day = mention.value if mention.precision == "day" else day
        if base is not None:
            out.append(base._replace(story_year=year or base.year, story_day=day))
        elif year is not None:
            out.append(Anchor(year, None, None, year, day, from_story=True))
        else:
            out.append(None)
    return out
