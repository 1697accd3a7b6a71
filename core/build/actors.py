"""Corpus-level actors: merge each article's people and organisations into one row per
real actor, and give every mention, event and quote its global actor id.

Transliterations differ by outlet (Chostakovitch / Shostakovich, Tchaïkovski /
Chaikovsky, Andreï / Andrei), so people merge on a consonant skeleton of the surname plus a
compatible first name, when the surnames are also similar as strings (Milei is not Milley),
the knowledge base does not tell them apart, and their countries agree.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from core.extract.known_people import known_people
from core.extract.rows import ArticleRows, OrgRow, PersonRow
from core.text.fold import fold

# Spelling pairs that transliterations swap; applied in order before vowels are dropped.
_TRANSLIT = (
    ("tch", "x"),
    ("sch", "x"),
    ("sh", "x"),
    ("ch", "x"),
    ("kh", "h"),
    ("ph", "f"),
    ("dj", "j"),
    ("dzh", "j"),
    ("zh", "j"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("y", "i"),
    ("ou", "u"),
)
_COUNTRY_WEIGHT = {"context": 3, "known": 2, "counterpart": 1, "article": 1, "none": 0}


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """Consonant skeleton of a name: 'Chostakovitch' and 'Shostakovich' both give 'xstkvx'.
    Memoised: a corpus names the same people over and over, and every build re-merges all."""
    w = re.sub(r"[^a-z]", "", fold(word))
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    if not w:
        return ""
    w = w[0] + re.sub(r"[aeiouh]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w)


def slug(text: str) -> str:
    """Stable id fragment: folded, ASCII, hyphenated."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


@dataclass
class _Person:
    first: str
    surname: str
    forms: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    mentions: int = 0
    surnames: set[str] = field(default_factory=set)
    known: str | None = None
    top_country: str | None = None
    """The most weighted country, kept current by `_add`: merging asks for it for every
    candidate of every mention."""


def _surname(name: str) -> str:
    words = name.split()
    return fold(words[-1]) if words else ""


def _split(name: str) -> tuple[str, str]:
    words = name.split()
    return (skeleton(words[0]) if len(words) > 1 else "", skeleton(words[-1]))


# Folded surnames must be this similar (rapidfuzz ratio, 0-100) on top of sharing a
# skeleton: Chostakovitch/Shostakovich 88, Choïgou/Shoigu 77, but Milei/Milley 73.
SURNAME_SIMILARITY = 76


def _known_as(name: str) -> str | None:
    """The knowledge base's canonical name for a form, when it knows it."""
    hit = known_people().get(fold(name))
    return hit[0] if hit else None


class _Mention(NamedTuple):
    """What merging compares of one person mention, worked out once, not per candidate."""

    first: str
    skeleton: str
    surname: str
    known: str | None
    stated: str | None
    """Its country when the article says it (context) or the knowledge base does."""


def _mention(person: PersonRow) -> _Mention:
    strong = person.country_from in ("context", "known")
    first, skeleton = _split(person.name)
    stated = person.country if strong else None
    return _Mention(first, skeleton, _surname(person.name), _known_as(person.name), stated)


def _compatible(a: _Person, m: _Mention) -> bool:
    if a.first and m.first and a.first[0] != m.first[0]:
        return False
    if m.surname not in a.surnames and not any(
        fuzz.ratio(m.surname, s) >= SURNAME_SIMILARITY for s in a.surnames
    ):
        return False
    # Two people the knowledge base tells apart stay apart, whatever their spelling.
    if a.known and m.known and a.known != m.known:
        return False
    return not (m.stated and a.top_country and m.stated != a.top_country)


def _add(entry: _Person, article_id: str, person: PersonRow, m: _Mention) -> None:
    entry.first = entry.first or m.first
    entry.surnames.add(m.surname)
    entry.known = entry.known or m.known
    entry.forms[person.name] += person.n_mentions
    for form in person.forms:
        entry.forms[form] += 0
    if person.country:
        weight = _COUNTRY_WEIGHT.get(person.country_from, 0) + 0.01
        entry.countries[person.country] += weight  # type: ignore[assignment]
        # max() keeps most_common(1)'s tie-break (first inserted) without its overhead
        entry.top_country = max(entry.countries, key=entry.countries.__getitem__)
    if person.role:
        entry.roles[person.role] += 1
    entry.articles.add(article_id)
    entry.mentions += person.n_mentions


def _canonical(entry: _Person) -> str:
    """The most complete spelling seen: most words, then longest, then most used."""
    return max(entry.forms, key=lambda f: (len(f.split()), len(f), entry.forms[f]))


def _person_rows(people: list[_Person]) -> tuple[list[str], list[dict[str, Any]]]:
    ids: list[str] = []
    rows: list[dict[str, Any]] = []
    taken: Counter = Counter()
    for entry in people:
        name = _canonical(entry)
        base = f"person:{slug(name)}"
        taken[base] += 1
        actor_id = base if taken[base] == 1 else f"{base}-{taken[base]}"
        ids.append(actor_id)
        rows.append(
            {
                "actor_id": actor_id,
                "name": name,
                "kind": "person",
                "country": entry.top_country,
                "role": entry.roles.most_common(1)[0][0] if entry.roles else None,
                "aliases": sorted(set(entry.forms) - {name}),
                "n_mentions": entry.mentions,
                "n_articles": len(entry.articles),
            }
        )
    return ids, rows


def merge_people(
    articles: list[tuple[str, ArticleRows]],
) -> tuple[dict[tuple[str, str], str], list[dict[str, Any]]]:
    """((article_id, local key) -> actor_id, actor rows) for every person in the corpus."""
    people: list[_Person] = []
    by_skeleton: dict[str, list[int]] = defaultdict(list)
    assignment: dict[tuple[str, str], int] = {}
    ordered = sorted(
        ((aid, p) for aid, rows in articles for p in rows.people),
        key=lambda item: -len(item[1].name.split()),
    )
    for article_id, person in ordered:
        m = _mention(person)
        candidates = by_skeleton.get(m.skeleton, [])
        target = next((i for i in candidates if _compatible(people[i], m)), None)
        if target is None:
            target = len(people)
            people.append(_Person(m.first, m.skeleton))
            by_skeleton[m.skeleton].append(target)
        _add(people[target], article_id, person, m)
        assignment[(article_id, person.key)] = target
    ids, rows = _person_rows(people)
    return {key: ids[i] for key, i in assignment.items()}, rows


@dataclass
class _Org:
    names: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    mentions: int = 0


def merge_orgs(
    articles: list[tuple[str, ArticleRows]],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """(local org key -> actor_id, actor rows): organisations merge on their folded name."""
    return merge_org_keys(
        (article_id, rows.orgs, [m.key for m in rows.mentions if m.key])
        for article_id, rows in articles
    )


def merge_org_keys(
    articles: Iterable[tuple[str, Sequence[OrgRow], Iterable[str]]],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """merge_orgs from (article id, its organisations, its mentions' keys) triples: what
    the column-wise assembly has without building any article's rows."""
    stats: dict[str, _Org] = {}
    key_map: dict[str, str] = {}
    for article_id, orgs, mention_keys in articles:
        for org in orgs:
            actor_id = f"org:{slug(org.name)}"
            key_map[org.key] = actor_id
            entry = stats.setdefault(actor_id, _Org())
            entry.names[org.name] += 1
            if org.country:
                entry.countries[org.country] += 1
            entry.articles.add(article_id)
        for key in mention_keys:
            if key.startswith("org:") and key in key_map:
                stats[key_map[key]].mentions += 1
    out = []
    for actor_id, entry in stats.items():
        name = entry.names.most_common(1)[0][0]
        out.append(
            {
                "actor_id": actor_id,
                "name": name,
                "kind": "organization",
                "country": entry.countries.most_common(1)[0][0] if entry.countries else None,
                "role": None,
                "aliases": sorted(set(entry.names) - {name}),
                "n_mentions": entry.mentions,
                "n_articles": len(entry.articles),
            }
        )
    return key_map, out


def country_actors(
    mentions: list[tuple[str, str | None]], event_countries: list[list[str]], names: dict[str, str]
) -> list[dict[str, Any]]:
    """One actor per country the corpus names, with its own code as country; `mentions`
    holds the (article id, actor id) of every mention."""
    counts: Counter = Counter()
    articles: dict[str, set] = defaultdict(set)
    for article_id, actor_id in mentions:
        if actor_id and actor_id.startswith("country:"):
            code = actor_id.split(":", 1)[1]
            counts[code] += 1
            articles[code].add(article_id)
    for cs in event_countries:
        for code in cs:
            counts[code] += 0
    return [
        {
            "actor_id": f"country:{code}",
            "name": names.get(code, code),
            "kind": "country",
            "country": code,
            "role": None,
            "aliases": [],
            "n_mentions": counts[code],
            "n_articles": len(articles[code]),
        }
        for code in sorted(counts)
    ]
