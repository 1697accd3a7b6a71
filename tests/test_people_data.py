"""Validation of the people knowledge base and the role lexicon.

These are data-quality checks: they parse the real files shipped in ``data/`` and
fail on the mistakes that silently break actor linking (bad country codes,
impossible dates, duplicate rows, aliases that are ordinary words or that point to
two different people, role entries missing a language).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
PEOPLE_CSV = ROOT / "data" / "people" / "notable_people.csv"
ROLES_JSON = ROOT / "data" / "roles.json"

REQUIRED_COLUMNS = ["name", "aliases", "country", "role_en", "role_fr", "from", "to"]
MIN_YEAR, MAX_YEAR = 1950, 2026

# Ordinary French/English words (and role words) that must never be a person alias:
# a bare alias is matched on its own in running text.
STOPWORDS = {
    # English
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "by",
    "with",
    "may",
    "will",
    "can",
    "rice",
    "gates",
    "brown",
    "hunt",
    "fox",
    "waltz",
    "carter",
    "hague",
    "rich",
    "bush",
    "king",
    "queen",
    "prince",
    "president",
    "minister",
    "general",
    "admiral",
    "colonel",
    "chief",
    "head",
    "leader",
    "secretary",
    "mr",
    "mrs",
    "dr",
    "sir",
    "lord",
    "lady",
    "us",
    "un",
    "eu",
    "nato",
    "army",
    "state",
    "defense",
    "defence",
    "security",
    "war",
    "peace",
    "house",
    "white",
    "black",
    "green",
    "young",
    "long",
    "little",
    "power",
    "price",
    "bell",
    "march",
    "august",
    "grant",
    "rose",
    "faith",
    "hope",
    "major",
    "sultan",
    "emir",
    # French
    "le",
    "la",
    "les",
    "de",
    "du",
    "des",
    "une",
    "et",
    "ou",
    "en",
    "au",
    "aux",
    "pour",
    "par",
    "sur",
    "avec",
    "borne",
    "hollande",
    "roi",
    "reine",
    "président",
    "présidente",
    "ministre",
    "général",
    "amiral",
    "chef",
    "mars",
    "mai",
    "juin",
    "paris",
    "france",
    "maroc",
    "algérie",
    "russie",
    "armée",
    "état",
    "etat",
    "défense",
    "sécurité",
    "guerre",
    "paix",
    "séjourné",
    "morin",
    "fort",
    "blanc",
    "noir",
    "petit",
    "grand",
    "bon",
    "vert",
    "m.",
    "mme",
    "monsieur",
    "madame",
}

ISO2 = {c.alpha_2 for c in pycountry.countries}


def _load_people() -> list[dict[str, str]]:
    with PEOPLE_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, strict=True))


@pytest.fixture(scope="module")
def people() -> list[dict[str, str]]:
    return _load_people()


@pytest.fixture(scope="module")
def roles_doc() -> dict:
    with ROLES_JSON.open(encoding="utf-8") as fh:
        return json.load(fh)


# ---------------------------------------------------------------- people CSV


def test_csv_is_utf8_and_has_required_columns():
    raw = PEOPLE_CSV.read_bytes()
    raw.decode("utf-8")  # raises on bad encoding
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM please"
    with PEOPLE_CSV.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == REQUIRED_COLUMNS


def test_every_row_has_the_right_number_of_fields():
    with PEOPLE_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        next(reader)
        bad = [
            (i, len(r)) for i, r in enumerate(reader, start=2) if len(r) != len(REQUIRED_COLUMNS)
        ]
    assert not bad, f"rows with a wrong field count (line, n): {bad[:10]}"


def test_reasonable_volume(people):
    assert len(people) >= 300
    assert len({p["name"] for p in people}) >= 200


def test_required_values_present_and_trimmed(people):
    for i, p in enumerate(people, start=2):
        for col in ("name", "country", "role_en", "role_fr", "from"):
            assert p[col], f"line {i}: empty {col}"
        for col in REQUIRED_COLUMNS:
            assert p[col] == p[col].strip(), f"line {i}: untrimmed {col!r}: {p[col]!r}"
            assert "\n" not in p[col], f"line {i}: newline in {col}"


def test_country_codes_are_iso_alpha2(people):
    bad = sorted({p["country"] for p in people if p["country"] not in ISO2})
    assert not bad, f"not ISO 3166-1 alpha-2: {bad}"


def test_years_are_sane(people):
    for i, p in enumerate(people, start=2):
        assert re.fullmatch(r"\d{4}", p["from"]), f"line {i}: bad from {p['from']!r}"
        start = int(p["from"])
        assert MIN_YEAR <= start <= MAX_YEAR, f"line {i}: from out of range {start}"
        if p["to"]:
            assert re.fullmatch(r"\d{4}", p["to"]), f"line {i}: bad to {p['to']!r}"
            end = int(p["to"])
            assert MIN_YEAR <= end <= MAX_YEAR, f"line {i}: to out of range {end}"
            assert start <= end, f"line {i}: {p['name']} from {start} > to {end}"


def test_no_duplicate_name_role_from(people):
    seen: dict[tuple[str, str, str], int] = {}
    for i, p in enumerate(people, start=2):
        key = (p["name"], p["role_en"], p["from"])
        assert key not in seen, f"line {i}: duplicate of line {seen[key]}: {key}"
        seen[key] = i


def test_same_role_terms_do_not_overlap(people):
    """Two spells of the same person in the same role must not overlap in time
    (an open-ended spell runs to MAX_YEAR)."""
    spells = defaultdict(list)
    for p in people:
        end = int(p["to"]) if p["to"] else MAX_YEAR
        spells[(p["name"], p["role_en"], p["role_fr"])].append((int(p["from"]), end))
    for key, ranges in spells.items():
        ranges.sort()
        for (s1, e1), (s2, e2) in itertools.pairwise(ranges):
            assert e1 <= s2, f"overlapping spells for {key}: {(s1, e1)} / {(s2, e2)}"


def test_person_attributes_consistent_across_rows(people):
    """A person with several roles keeps one country and one alias set."""
    by_name = defaultdict(set)
    for p in people:
        by_name[p["name"]].add((p["country"], p["aliases"]))
    bad = {n: v for n, v in by_name.items() if len(v) > 1}
    assert not bad, f"inconsistent rows: {list(bad)[:10]}"


def test_aliases_are_clean(people):
    for i, p in enumerate(people, start=2):
        if not p["aliases"]:
            continue
        aliases = p["aliases"].split("|")
        assert len(aliases) == len({a.casefold() for a in aliases}), f"line {i}: repeated alias"
        for a in aliases:
            assert a, f"line {i}: empty alias in {p['aliases']!r}"
            assert a == a.strip(), f"line {i}: untrimmed alias {a!r}"
            assert len(a) >= 2, f"line {i}: alias too short {a!r}"
            assert a.casefold() not in STOPWORDS, f"line {i}: alias is a common word: {a!r}"
            assert a.casefold() != p["name"].casefold(), f"line {i}: alias repeats the name"
            assert not re.search(r"[;\t]", a), f"line {i}: separator inside alias {a!r}"


def test_names_and_aliases_resolve_to_one_person(people):
    """A surface form (name or alias) must not point to two different people,
    otherwise a bare mention cannot be resolved."""
    owner = defaultdict(set)
    for p in people:
        owner[p["name"].casefold()].add(p["name"])
        for a in filter(None, p["aliases"].split("|")):
            owner[a.casefold()].add(p["name"])
    clashes = {k: sorted(v) for k, v in owner.items() if len(v) > 1}
    assert not clashes, f"ambiguous surface forms: {clashes}"


def test_text_is_nfc_and_latin(people):
    import unicodedata

    for i, p in enumerate(people, start=2):
        for col in ("name", "aliases", "role_en", "role_fr"):
            v = p[col]
            assert unicodedata.normalize("NFC", v) == v, f"line {i}: {col} not NFC"
            for ch in v:
                # Latin script only (guards against look-alike Cyrillic/Greek letters)
                if ch.isalpha():
                    assert "LATIN" in unicodedata.name(ch, ""), (
                        f"line {i}: non-Latin {ch!r} in {v!r}"
                    )


def test_core_coverage(people):
    """Spot checks that the general knowledge base covers the key offices."""
    idx = {(p["name"], p["role_en"], p["from"]) for p in people}
    for key in [
        ("Vladimir Putin", "president", "2012"),
        ("Joe Biden", "president", "2021"),
        ("Emmanuel Macron", "president", "2017"),
        ("Recep Tayyip Erdoğan", "president", "2014"),
        ("Xi Jinping", "president", "2013"),
        ("Lloyd Austin", "secretary of defense", "2021"),
        ("Michael Langley", "AFRICOM commander", "2022"),
        ("Mohammed VI", "king", "1999"),
        ("Mark Rutte", "NATO secretary general", "2024"),
        ("António Guterres", "UN secretary-general", "2017"),
    ]:
        assert key in idx, f"missing {key}"
    aliases = {a for p in people for a in p["aliases"].split("|")}
    for a in ["Poutine", "Choïgou", "Biden", "Macron"]:
        assert a in aliases


# ---------------------------------------------------------------- roles.json


def test_roles_json_structure(roles_doc):
    assert isinstance(roles_doc, dict)
    assert isinstance(roles_doc.get("roles"), list) and len(roles_doc["roles"]) >= 30
    assert isinstance(roles_doc.get("honorifics"), list) and roles_doc["honorifics"]


def test_every_role_entry_is_bilingual(roles_doc):
    keys = set()
    for e in roles_doc["roles"]:
        assert {"key", "en", "fr", "en_cues", "rank"} <= set(e), e
        assert re.fullmatch(r"[a-z][a-z0-9_]*", e["key"]), e["key"]
        assert e["key"] not in keys, f"duplicate key {e['key']}"
        keys.add(e["key"])
        assert isinstance(e["en"], str) and e["en"].strip()
        for lang in ("fr", "en_cues"):
            forms = e[lang]
            assert isinstance(forms, list) and forms, f"{e['key']}: empty {lang}"
            for f in forms:
                assert isinstance(f, str) and f.strip() == f and f, (
                    f"{e['key']}: bad {lang} form {f!r}"
                )
            assert len(forms) == len({f.casefold() for f in forms}), (
                f"{e['key']}: repeated {lang} form"
            )
        assert isinstance(e["rank"], int) and 1 <= e["rank"] <= 4


def test_role_cues_are_not_shared_between_entries(roles_doc):
    for lang in ("fr", "en_cues"):
        owner: dict[str, str] = {}
        for e in roles_doc["roles"]:
            for f in e[lang]:
                k = f.casefold()
                assert k not in owner, f"{lang} cue {f!r} in both {owner[k]} and {e['key']}"
                owner[k] = e["key"]


def test_brief_roles_present(roles_doc):
    fr = {f.casefold() for e in roles_doc["roles"] for f in e["fr"]}
    en = {f.casefold() for e in roles_doc["roles"] for f in e["en_cues"]}
    for f in [
        "président",
        "présidente",
        "premier ministre",
        "ministre de la défense",
        "secrétaire à la défense",
        "ministre des affaires étrangères",
        "chef de la diplomatie",
        "secrétaire du conseil de sécurité",
        "chef d'état-major",
        "chef d'état-major de l'armée",
        "chef des armées",
        "commandant",
        "général",
        "général-major",
        "général de corps d'armée",
        "lieutenant-général",
        "amiral",
        "colonel",
        "sous-secrétaire",
        "secrétaire adjoint",
        "secrétaire adjointe",
        "chargé d'affaires",
        "attaché de défense",
        "conseiller à la sécurité nationale",
        "porte-parole",
        "directeur",
        "chef",
        "politologue",
        "analyste",
        "chercheur",
        "expert",
        "journaliste",
        "député",
        "sénateur",
        "roi",
        "prince",
        "émir",
        "ministre",
        "secrétaire général",
        "haut représentant",
        "commissaire",
        "ambassadeur",
        "ambassadrice",
        "consul",
    ]:
        assert f in fr, f"missing French role {f!r}"
    for f in [
        "president",
        "prime minister",
        "defence minister",
        "secretary of defense",
        "foreign minister",
        "secretary of state",
        "chief of staff",
        "commander",
        "major general",
        "lieutenant general",
        "admiral",
        "under-secretary",
        "deputy secretary",
        "national security adviser",
        "spokesperson",
        "director",
        "head",
        "political scientist",
        "analyst",
        "researcher",
        "mp",
        "senator",
        "king",
        "emir",
        "secretary general",
        "high representative",
        "commissioner",
        "ambassador",
        "defence attaché",
    ]:
        assert f in en, f"missing English role {f!r}"


def test_honorifics(roles_doc):
    seen = set()
    for h in roles_doc["honorifics"]:
        assert isinstance(h, dict) and h.get("form"), h
        assert set(h["lang"]) <= {"fr", "en"} and h["lang"], h
        assert h.get("gender") in (None, "m", "f"), h
        for lang in h["lang"]:
            assert (h["form"], lang) not in seen, f"duplicate honorific {h['form']} ({lang})"
            seen.add((h["form"], lang))
    forms = {h["form"] for h in roles_doc["honorifics"]}
    for f in ["M.", "Mme", "Mr", "Mrs", "Dr", "Pr", "Gén.", "Gal"]:
        assert f in forms
