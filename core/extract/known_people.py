"""Notable officials (data/people/notable_people.csv) by folded alias.

Lets a bare surname ("l'administration Biden") resolve to a full name, a country and a
role when the article itself gives none. Aliases shared by two different people are
dropped: an ambiguous surname must be resolved by its context, not by guessing.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from core.config import DATA_DIR
from core.text.fold import fold

PEOPLE_CSV = DATA_DIR / "people" / "notable_people.csv"


@lru_cache(maxsize=1)
def known_people() -> dict[str, tuple[str, str, str]]:
    """folded alias -> (canonical name, ISO2 country, English role)."""
    if not PEOPLE_CSV.exists():
        return {}
    table: dict[str, tuple[str, str, str]] = {}
    clash: set[str] = set()
    with PEOPLE_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Latest office first, so a bare name gets the role the person is best known for now.
    rows.sort(key=lambda r: (r.get("to") or "9999", r.get("from") or ""), reverse=True)
    for row in rows:
        name = (row.get("name") or "").strip()
        if not name:
            continue
        value = (
            name,
            (row.get("country") or "").strip().upper(),
            (row.get("role_en") or "").strip(),
        )
        aliases = [name, *(a for a in (row.get("aliases") or "").split("|") if a.strip())]
        for alias in aliases:
            key = fold(alias.strip())
            if key in table and table[key][0] != name:
                clash.add(key)
            table.setdefault(key, value)
    return {k: v for k, v in table.items() if k not in clash}
