"""Corpus-level actors: transliteration skeletons and person merging (core/actors.py)."""

from __future__ import annotations

import pytest

from core.build.actors import country_actors, merge_orgs, merge_people, skeleton, slug
from core.extract.rows import ArticleRows, MentionRow, OrgRow, PersonRow


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mouraviev", "Muravyev"),
        ("Soloviev", "Solovyov"),
        ("Djibril", "Jibril"),
        ("Choukri", "Shukri"),
        ("Qassem", "Kassem"),
    ],
)
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)
    assert skeleton(a)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Chostakovitch", "Shostakovich"), ("Tchaikovski", "Chaikovsky")],
)
def test_tch_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Menon", "Mehta"), ("Greco", "Garnier"), ("Salem", "Selim Khan")],
)
def test_different_names_differ(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_skeleton_ignores_case_accents_and_punctuation() -> None:
    assert skeleton("Sergueï") == skeleton("SERGUEI") == skeleton("Ser-guei")
    assert skeleton("") == ""


def test_slug() -> None:
    assert slug("Sergueï Mouraviev") == "serguei-mouraviev"
    assert slug("!!!") == "x"


def _person(
    key: str,
    name: str,
    country: str | None,
    source: str = "context",
    role: str | None = None,
    n: int = 1,
) -> PersonRow:
    return PersonRow(
        key=key,
        name=name,
        forms=(name,),
        role=role,
        role_text=None,
        country=country,
        country_from=source if country else "none",
        n_mentions=n,
    )


def _rows(*people: PersonRow) -> ArticleRows:
    return ArticleRows("a", people=people)


def _org_mention(key: str) -> MentionRow:
    return MentionRow(0, 0, 1, "x", "ORG", key)


def test_same_person_spelled_differently_is_one_actor() -> None:
    ids, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Sergueï Mouraviev", "RU", role="minister", n=2))),
            ("a2", _rows(_person("p0", "Sergei Muravyev", "RU", n=1))),
        ]
    )
    assert len(actors) == 1
    actor = actors[0]
    assert ids[("a1", "p0")] == ids[("a2", "p0")] == actor["actor_id"]
    assert actor["kind"] == "person"
    assert actor["country"] == "RU"
    assert actor["role"] == "minister"
    assert actor["n_articles"] == 2
    assert actor["n_mentions"] == 3
    assert {actor["name"], *actor["aliases"]} == {"Sergueï Mouraviev", "Sergei Muravyev"}
    assert actor["actor_id"].startswith("person:")


def test_surname_only_joins_the_full_name() -> None:
    ids, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Muravyev", None))),
            ("a2", _rows(_person("p0", "Sergueï Mouraviev", "RU"))),
        ]
    )
    assert len(actors) == 1
    assert actors[0]["name"] == "Sergueï Mouraviev"
    assert ids[("a1", "p0")] == ids[("a2", "p0")]


def test_same_surname_other_first_initial_is_two_actors() -> None:
    ids, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Anna Bruni", "IT"))),
            ("a2", _rows(_person("p0", "Marco Bruni", "IT"))),
        ]
    )
    assert len(actors) == 2
    assert ids[("a1", "p0")] != ids[("a2", "p0")]
    assert len({a["actor_id"] for a in actors}) == 2


def test_conflicting_countries_are_two_actors() -> None:
    ids, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Ali Hassan", "EG"))),
            ("a2", _rows(_person("p0", "Ali Hassan", "LY"))),
        ]
    )
    assert len(actors) == 2
    assert {a["country"] for a in actors} == {"EG", "LY"}
    assert ids[("a1", "p0")] != ids[("a2", "p0")]
    # Same display name: the ids must still differ.
    assert len({a["actor_id"] for a in actors}) == 2


def test_weak_article_country_does_not_split_and_context_wins() -> None:
    _ids, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Ali Hassan", "EG", source="context"))),
            ("a2", _rows(_person("p0", "Ali Hassan", "LY", source="article"))),
            ("a3", _rows(_person("p0", "Ali Hassan", "LY", source="article"))),
        ]
    )
    assert len(actors) == 1
    assert actors[0]["country"] == "EG"
    assert actors[0]["n_articles"] == 3


def test_two_people_in_one_article() -> None:
    ids, actors = merge_people(
        [("a1", _rows(_person("p0", "Imran Qureshi", "PK"), _person("p1", "Zhou Ming", "CN")))]
    )
    assert len(actors) == 2
    assert ids[("a1", "p0")] != ids[("a1", "p1")]


def test_merge_orgs_on_folded_name() -> None:
    articles = [
        (
            "a1",
            ArticleRows(
                "a1",
                orgs=(OrgRow("org:Marine indienne", "Marine indienne", "IN"),),
                mentions=(_org_mention("org:Marine indienne"),),
            ),
        ),
        (
            "a2",
            ArticleRows(
                "a2",
                orgs=(OrgRow("org:Marine Indienne", "Marine Indienne", None),),
                mentions=(_org_mention("org:Marine Indienne"),) * 2,
            ),
        ),
    ]
    key_map, rows = merge_orgs(articles)
    assert len(rows) == 1
    assert key_map["org:Marine indienne"] == key_map["org:Marine Indienne"] == rows[0]["actor_id"]
    assert rows[0]["country"] == "IN"
    assert rows[0]["n_articles"] == 2
    assert rows[0]["n_mentions"] == 3


def test_country_actors_count_mentions_and_articles() -> None:
    mentions: list[tuple[str, str | None]] = [
        ("a1", "country:FR"),
        ("a1", "country:FR"),
        ("a2", "country:FR"),
        ("a2", "person:x"),
        ("a2", None),
    ]
    rows = country_actors(mentions, [["FR", "IN"]], {"FR": "France", "IN": "India"})
    by_id = {r["actor_id"]: r for r in rows}
    assert set(by_id) == {"country:FR", "country:IN"}
    assert by_id["country:FR"]["n_mentions"] == 3
    assert by_id["country:FR"]["n_articles"] == 2
    assert by_id["country:FR"]["country"] == "FR"
    assert by_id["country:IN"]["n_mentions"] == 0
    assert by_id["country:IN"]["name"] == "India"


def test_shared_skeleton_but_dissimilar_spelling_is_two_actors() -> None:
    # Same consonant skeleton (mlk), yet the strings are too far apart to be one name.
    assert skeleton("Malik") == skeleton("Moulaki")
    _, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Omar Malik", None))),
            ("a2", _rows(_person("p0", "Omar Moulaki", None))),
        ]
    )
    assert len(actors) == 2


def test_people_the_knowledge_base_tells_apart_stay_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import core.build.actors as actors_module

    kb = {
        "karim benali": ("Karim Benali", "DZ", "general"),
        "karim benaly": ("Karim Benaly", "SY", "minister"),
    }
    monkeypatch.setattr(actors_module, "known_people", lambda: kb)
    _, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Karim Benali", None))),
            ("a2", _rows(_person("p0", "Karim Benaly", None))),
        ]
    )
    assert len(actors) == 2


def test_canonical_name_is_the_most_complete_spelling() -> None:
    _, actors = merge_people(
        [
            ("a1", _rows(_person("p0", "Ahmed Salah", "EG", n=5))),
            ("a2", _rows(_person("p0", "Ahmed ben Salah", "EG", n=1))),
        ]
    )
    assert [a["name"] for a in actors] == ["Ahmed ben Salah"]
