"""Build the gazetteer tables in data/gazetteer/ from pycountry, babel and the
hand-curated CSVs in data/gazetteer/supplement/.

Run: ``python scripts/build_gazetteer.py``. The output is deterministic (sorted, no
timestamps) so a rebuild only shows a diff when a source changed.

Outputs:
- ``countries.csv``: one row per country (iso2, iso3, display names, capitals);
- ``aliases.csv``: every surface form (alias, label, kb_id, countries, mode, lang,
  source). ``mode`` says how strictly case is checked when matching: ``any``
  (case-insensitive), ``name`` (must carry a capital when the alias has one),
  ``cap`` (same, also enforced by ``Gazetteer.country_of``), ``exact`` (acronyms).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteer"
SUPP = OUT / "supplement"

# Territories absent from ISO 3166-1 that the news still treats as countries
# (user-assigned code used by the EU, CLDR and Natural Earth alike).
EXTRA_TERRITORIES = {"XK": "XKX"}

REORDER_SUFFIXES = (" of", " of the", " de", " d'", " du", " de la", " des")
REORDER_WORDS = {"Îles", "Île", "Île de la", "British", "U.S.", "Islands"}


@dataclass(frozen=True, order=True)
class Alias:
    """One surface form and what it stands for."""

    alias: str
    label: str
    kb_id: str
    countries: str
    mode: str
    lang: str
    source: str


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a supplementary CSV, values stripped."""
    with (SUPP / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def split_list(value: str) -> list[str]:
    """A '|'-separated cell as a list of non-empty items."""
    return [item.strip() for item in value.split("|") if item.strip()]


def clean_name(name: str) -> str | None:
    """Make an ISO list name usable as running text ("Russie, Fédération de" ->
    "Fédération de Russie"); None when it has no natural reading."""
    name = re.sub(r"\s*\([^)]*\)", "", name).replace("’", "'").strip()
    name = re.sub(r"^(the|The|L'|l')\s*", "", name) if not name.startswith("L'É") else name
    if "," not in name:
        return name or None
    head, _, tail = name.partition(",")
    tail = tail.strip()
    if tail.endswith("'"):
        return f"{tail}{head.strip()}"
    if tail.endswith(REORDER_SUFFIXES) or tail in REORDER_WORDS:
        return f"{tail} {head.strip()}"
    return None


def french_plurals(masc: str, fem: str) -> list[str]:
    """All four forms of a French demonym (the plural rule covers every demonym)."""
    forms = [masc, fem]
    forms.append(masc if masc.endswith(("s", "x")) else masc + "s")
    if fem:
        forms.append(fem if fem.endswith("s") else fem + "s")
    return [f for f in forms if f]


def english_plural(word: str) -> str | None:
    """Plural of an English demonym noun, None when it does not take -s."""
    if word.endswith(("s", "sh", "ch", "ese", "x", "z")):
        return None
    return word + "s"


def load_capitalised_only() -> set[str]:
    """Aliases that are also common words and must be written with a capital."""
    lines = (SUPP / "capitalised_only.txt").read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def country_rows() -> list[dict[str, str]]:
    """Every ISO 3166-1 country plus the extra territories, with display names."""
    fr_tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    babel_fr, babel_en = Locale("fr").territories, Locale("en").territories
    overrides = {r["iso2"]: r for r in read_csv("display_names.csv")}
    capitals = {r["iso2"]: r for r in read_csv("capitals.csv")}
    codes = {c.alpha_2: c.alpha_3 for c in pycountry.countries} | EXTRA_TERRITORIES
    rows = []
    for iso2 in sorted(codes):
        country = pycountry.countries.get(alpha_2=iso2)
        fallback_en = country.name if country else iso2
        name_en = babel_en.get(iso2) or fallback_en
        name_fr = babel_fr.get(iso2) or fr_tr.gettext(fallback_en)
        if iso2 in overrides:
            name_fr, name_en = overrides[iso2]["fr"], overrides[iso2]["en"]
        cap = capitals.get(iso2, {})
        rows.append(
            {
                "iso2": iso2,
                "iso3": codes[iso2],
                "name_fr": (clean_name(name_fr) or name_fr).replace("’", "'"),
                "name_en": (clean_name(name_en) or name_en).replace("’", "'"),
                "capital_fr": cap.get("fr", ""),
                "capital_en": cap.get("en", ""),
            }
        )
    return rows


def country_names(rows: list[dict[str, str]]) -> Iterator[Alias]:
    """Country names from pycountry (ISO names, official and common names, French
    translations), babel (CLDR short names) and the display names."""
    fr_tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    babel = {"fr": Locale("fr").territories, "en": Locale("en").territories}
    for row in rows:
        iso2 = row["iso2"]
        found: list[tuple[str, str, str]] = [
            (row["name_fr"], "fr", "display"),
            (row["name_en"], "en", "display"),
        ]
        for lang, names in babel.items():
            if iso2 in names:
                found.append((names[iso2], lang, "babel"))
        country = pycountry.countries.get(alpha_2=iso2)
        if country is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    found.append((value, "en", "pycountry"))
                    found.append((fr_tr.gettext(value), "fr", "pycountry"))
        for raw, lang, source in found:
            name = clean_name(raw)
            if name:
                yield Alias(name, "COUNTRY", iso2, iso2, "name", lang, source)


def variant_names() -> Iterator[Alias]:
    """Hand-curated country variants (accents, acronyms, informal names)."""
    for row in read_csv("country_variants.csv"):
        yield Alias(row["alias"], "COUNTRY", row["iso2"], row["iso2"], row["mode"], "", "variants")


def capital_names() -> Iterator[Alias]:
    """Capitals in French and English, keyed on the French name."""
    for row in read_csv("capitals.csv"):
        iso2, kb = row["iso2"], row["fr"]
        names = [(row["fr"], "fr"), (row["en"], "en")]
        names += [(a, "") for a in split_list(row["aliases"])]
        for name, lang in names:
            yield Alias(name, "CITY", kb, iso2, "name", lang, "capitals")


def city_names() -> Iterator[Alias]:
    """Other cities and places that stand for one country."""
    for row in read_csv("cities.csv"):
        for name in [row["canonical"], *split_list(row["aliases"])]:
            yield Alias(name, "CITY", row["canonical"], row["iso2"], "name", "", "cities")


def demonyms() -> Iterator[Alias]:
    """French demonyms in all genders and numbers, English demonyms and plurals,
    and the combining forms used in compounds ("algéro-", "sino-")."""
    for row in read_csv("demonyms.csv"):
        iso2 = row["iso2"]
        for form in french_plurals(row["fr_m"], row["fr_f"]):
            yield Alias(form, "DEMONYM", iso2, iso2, "any", "fr", "demonyms")
        for word in split_list(row["en"]):
            yield Alias(word, "DEMONYM", iso2, iso2, "name", "en", "demonyms")
            plural = english_plural(word)
            if plural:
                yield Alias(plural, "DEMONYM", iso2, iso2, "name", "en", "demonyms")
        for prefix in split_list(row["combining"]):
            yield Alias(prefix, "PREFIX", iso2, iso2, "any", "", "demonyms")


def organisations() -> Iterator[Alias]:
    """State institutions (one country) and international organisations (none)."""
    for row in read_csv("institutions.csv"):
        iso2, label, kb = row["iso2"], row["label"], row["canonical"]
        for name in split_list(row["aliases"]):
            yield Alias(name, label, kb, iso2, "name", "", "institutions")
        for name in split_list(row["acronyms"]):
            yield Alias(name, label, kb, iso2, "exact", "", "institutions")


def fold_key(text: str) -> str:
    """Case- and accent-free form, to tell generated aliases from curated ones."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.split(r"[^\w.]+", plain)).strip()


def templated_institutions(curated: set[str]) -> Iterator[Alias]:
    """Generic state institutions for every country with a demonym ("armée
    tunisienne", "Egyptian Defence Ministry"), unless curated under another name."""
    templates = read_csv("institution_templates.csv")
    first: dict[str, dict[str, str]] = {}
    for row in read_csv("demonyms.csv"):  # the main demonym only: not "Scottish army"
        first.setdefault(row["iso2"], row)
    for iso2, row in sorted(first.items()):
        forms = french_plurals(row["fr_m"], row["fr_f"])
        values = {
            "m": row["fr_m"],
            "f": row["fr_f"] or row["fr_m"],
            "fp": forms[-1],
            "en": (split_list(row["en"]) or [""])[0],
        }
        kb_values = {"m": row["fr_m"], "f": row["fr_f"] or row["fr_m"]}
        for tpl in templates:
            needed = re.findall(r"{(\w+)}", tpl["template"])
            if not all(values[n] for n in needed):
                continue
            alias = tpl["template"].format(**values)
            if fold_key(alias) in curated:
                continue
            kb = tpl["kb"].format(**kb_values)
            yield Alias(
                alias,
                "INSTITUTION",
                kb,
                iso2,
                "any" if alias.islower() else "name",
                "en" if "{en}" in tpl["template"] else "fr",
                "templates",
            )


def regions() -> Iterator[Alias]:
    """Regions that stand for no single country."""
    for row in read_csv("regions.csv"):
        for name in [row["canonical"], *split_list(row["aliases"])]:
            yield Alias(name, "REGION", row["canonical"], "", "name", "", "regions")


def finalise(aliases: Iterable[Alias], capitalised_only: set[str]) -> list[Alias]:
    """Apply the capitalised-only list, drop duplicates and sort."""
    out = set()
    for a in aliases:
        text = a.alias.replace("’", "'").strip()
        if not text:
            continue
        mode = "cap" if text in capitalised_only and a.mode != "exact" else a.mode
        out.add(Alias(text, a.label, a.kb_id, a.countries, mode, a.lang, a.source))
    best: dict[tuple[str, str, str, str], Alias] = {}
    for a in sorted(out):
        key = (a.alias, a.label, a.kb_id, a.mode)
        best.setdefault(key, a)
    return sorted(best.values())


def write_csv(path: Path, fieldnames: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows with Unix newlines (stable diffs)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Rebuild countries.csv and aliases.csv (into --out, default data/gazetteer)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    rows = country_rows()
    curated = [
        *country_names(rows),
        *variant_names(),
        *capital_names(),
        *city_names(),
        *demonyms(),
        *organisations(),
        *regions(),
    ]
    curated_keys = {fold_key(a.alias) for a in curated}
    aliases = finalise(
        [*curated, *templated_institutions(curated_keys)],
        load_capitalised_only(),
    )
    known = {r["iso2"] for r in rows}
    unknown = sorted({a.countries for a in aliases if a.countries and a.countries not in known})
    if unknown:
        print(f"unknown country codes in supplement: {unknown}", file=sys.stderr)
        return 1
    write_csv(out / "countries.csv", list(rows[0]), rows)
    write_csv(out / "aliases.csv", list(Alias.__dataclass_fields__), (a.__dict__ for a in aliases))
    print(f"{len(rows)} countries, {len(aliases)} aliases -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
