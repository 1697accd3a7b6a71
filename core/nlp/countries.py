"""The country table (data/gazetteer/countries.csv): ISO codes, names and capitals.

A plain CSV read with no spaCy import, so the dashboard (names, the map's ISO3 shapes,
capitals on the map) never pays for the NLP stack; the gazetteer builds on the same rows.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from core.config import DATA_DIR

GAZETTEER_DIR = DATA_DIR / "gazetteer"


class Country(NamedTuple):
    iso2: str
    iso3: str
    name_fr: str
    name_en: str
    capital_fr: str
    capital_en: str


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file with a header line."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=4)
def load_countries(directory: Path = GAZETTEER_DIR) -> dict[str, Country]:
    """Every country by ISO alpha-2 code, in file order."""
    return {
        row["iso2"]: Country(*(row.get(f, "") or "" for f in Country._fields))
        for row in read_csv(Path(directory) / "countries.csv")
    }


@lru_cache(maxsize=4)
def iso3_index(directory: Path = GAZETTEER_DIR) -> dict[str, str]:
    """ISO alpha-3 to alpha-2, plus the non-standard codes of supplement/iso3_extra.csv
    (Natural Earth and others write Kosovo as XKX)."""
    extra = read_csv(Path(directory) / "supplement" / "iso3_extra.csv")
    index = {c.iso3: c.iso2 for c in load_countries(directory).values() if c.iso3}
    return index | {row["iso3"]: row["iso2"] for row in extra}


def country_name(iso2: str, lang: str = "en") -> str:
    """Display name of an ISO alpha-2 code in English or French; the code when unknown."""
    country = load_countries().get(str(iso2).upper())
    if country is None:
        return str(iso2)
    return (country.name_fr if lang == "fr" else country.name_en) or str(iso2)


def country_label(iso2: str) -> str:
    """How every widget and caption shows a country: "Russia (RU)"."""
    return f"{country_name(iso2)} ({iso2})"


def iso3_to_iso2(code: str) -> str | None:
    """ISO alpha-3 (as in the Natural Earth shapes) to alpha-2; None if unknown."""
    return iso3_index().get(str(code).upper())


def capital(iso2: str, lang: str = "fr") -> str | None:
    """The capital's name in French or English, if the table has one."""
    country = load_countries().get(str(iso2).upper())
    if country is None:
        return None
    return (country.capital_fr if lang == "fr" else country.capital_en) or None
