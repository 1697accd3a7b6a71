"""The column-wise assembly (core/build/assemble_arrow.py) makes exactly the frames of the
row-object assembly (core/build/assemble.py) it replaced in the build, whatever the rows:
empty articles, articles without events, events no mention sentence reports, repeated
sentences, people and organisations across articles, rows the cache refused."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from core.build.assemble import assemble
from core.build.assemble_arrow import assemble_tables
from core.build.cache import RowCache
from core.build.cache_layout import to_table
from core.build.guard import assemble_guarded
from core.extract.rows import (
    ArticleRows,
    EventMention,
    EventRow,
    MentionRow,
    OrgRow,
    PersonRow,
    QuoteRow,
)
from core.ingest.article import Article


def _article(i: int) -> Article:
    return Article(
        article_id=f"a{i:03d}",
        file=f"{i}.txt",
        title=f"Title {i}",
        outlet="Le Monde" if i % 3 else None,
        url=None if i % 3 else f"https://www.site{i % 2}.fr/x",
        language="fr",
        published=None if i % 4 == 0 else "2024-03-01",
        published_precision=None if i % 4 == 0 else "day",
        text=f"Text of article {i}. " * 3,
    )


def _event(i: int, j: int, *, told: int, tone: float | None = -0.5) -> EventRow:
    excerpt = "Même phrase." if j < 2 else f"Phrase {i}-{j}."
    mentions = tuple(
        EventMention(j + k, 10 * k, 10 * k + 5, f"Dit {k} {excerpt}", ("visite",) * k)
        for k in range(told)
    )
    return EventRow(
        sentence=j,
        start=j * 20,
        end=j * 20 + 12,
        excerpt=excerpt,
        type=("visit", "meeting")[j % 2],
        countries=("FR", "IN") if j % 2 else ("FR",),
        actor_country="FR",
        target_country="IN" if j % 2 else None,
        actor_keys=("country:FR", "p0", "org:ONU", "p9")[: 1 + (i + j) % 4],
        domains=("diplomacy_dialogue",) if j else (),
        location="Paris" if j else None,
        status="reported",
        date=("2024-03-01", "2024-03", "2024", None)[(i + j) % 4],
        date_precision=("day", "month", "year", None)[(i + j) % 4],
        date_text=None,
        confidence=0.5 + j / 10,
        cues=("visite",),
        n_mentions=max(told, 1),
        tone=tone,
        mentions=mentions,
    )


def _rows(i: int) -> ArticleRows:
    """Article i's rows; every fourth has no events, every seventh no rows at all."""
    if i % 7 == 3:
        return ArticleRows(f"a{i:03d}")
    people = (
        PersonRow(
            "p0",
            ("Jean Dupont", "Jean-Yves Le Drian", "Dupont")[i % 3],
            (),
            None,
            None,
            "FR",
            "known",
            2,
        ),
        PersonRow(
            "p1",
            "Narendra Modi",
            ("Modi",),
            "prime_minister",
            "Premier ministre",
            "IN",
            "context",
            1,
        ),
    )
    return ArticleRows(
        article_id=f"a{i:03d}",
        pipeline=("fr_core_news_sm", "blank")[i % 2],
        published_from_text="12 mars 2023" if i % 4 == 0 else None,
        mentions=(
            MentionRow(0, 0, 5, "Dupont", "PER", "p0"),
            MentionRow(0, 8, 13, "Paris", "LOC", "country:FR"),
            MentionRow(1, 20, 23, "ONU", "ORG", "org:ONU"),
            MentionRow(-1, 30, 33, "OTAN", "ORG", "org:OTAN"),  # no such org row
            MentionRow(2, 40, 44, "Modi", "PER", "p1" if i % 2 else "p7"),
            MentionRow(2, 50, 55, "hier", "DATE", None),
        ),
        people=people,
        orgs=(OrgRow("org:ONU", "ONU", None if i % 2 else "US"),),
        events=()
        if i % 4 == 1
        else tuple(_event(i, j, told=j % 3, tone=None if j == 2 else -0.5) for j in range(4)),
        quotes=(QuoteRow(None, "« Oui »", 3, 10), QuoteRow("p1", "« Non »", 12, 19)),
    )


def _assert_same(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> None:
    assert list(new) == list(old)
    for name in old:
        pd.testing.assert_frame_equal(new[name], old[name], obj=name)


def _corpus(n: int) -> tuple[list[Article], dict[str, ArticleRows]]:
    articles = [_article(i) for i in range(n)]
    rows = {r.article_id: r for r in map(_rows, range(n)) if r.article_id != "a005"}
    return articles, rows  # a005 has no rows at all (its processing failed)


def test_same_frames_as_the_row_objects_assembly() -> None:
    articles, rows = _corpus(12)
    old = assemble(articles, rows)
    assert len(old["events"]) and len(old["event_mentions"]) > len(old["events"])
    _assert_same(old, assemble_tables(articles, [to_table(list(rows.values()))]))


def test_partitions_in_any_order_give_the_corpus_order() -> None:
    articles, rows = _corpus(20)
    shuffled = list(rows.values())
    random.Random(4).shuffle(shuffled)
    partitions = [to_table(shuffled[k : k + 3]) for k in range(0, len(shuffled), 3)]
    partitions.append(to_table([_rows(99)]))  # an article not in the corpus: ignored
    _assert_same(assemble(articles, rows), assemble_tables(articles, partitions))


@pytest.mark.parametrize("which", [[3], [1], [3, 10], [1, 3]])
def test_empty_articles_and_articles_without_events(which: list[int]) -> None:
    articles = [_article(i) for i in which]
    rows = {f"a{i:03d}": _rows(i) for i in which}
    new = assemble_tables(articles, [to_table(list(rows.values()))])
    _assert_same(assemble(articles, rows), new)


def test_no_rows_at_all() -> None:
    articles = [_article(0), _article(1)]
    _assert_same(assemble(articles, {}), assemble_tables(articles, []))


def test_events_all_without_tone_or_mentions() -> None:
    events = tuple(_event(2, j, told=0, tone=None) for j in range(3))
    rows = {"a002": ArticleRows("a002", events=events)}
    articles = [_article(2)]
    new = assemble_tables(articles, [to_table(list(rows.values()))])
    _assert_same(assemble(articles, rows), new)
    assert new["event_mentions"]["excerpt"].tolist() == [e.excerpt for e in events]


def test_a_partition_of_another_layout_is_refused() -> None:
    table = to_table([_rows(0)]).drop_columns(["inputs"])
    with pytest.raises(ValueError):
        assemble_tables([_article(0)], [table])


def test_the_build_path_reads_the_cache_and_the_rows_it_refused(tmp_path: Path) -> None:
    articles, rows = _corpus(9)
    cache = RowCache(tmp_path, "v1")
    # a null where its type allows none: the cache refuses it, the build holds it
    refused = ArticleRows(
        "a002",
        mentions=(MentionRow(0, 0, 5, None, "LOC", "country:FR"),),  # type: ignore[arg-type]
    )
    rows["a002"] = refused
    for row in rows.values():
        cache.add(row)
    cache.flush()
    assert set(cache.refused) == {"a002"}
    assert cache.check(rows) == set(rows) - {"a002"}
    frames, failures = assemble_guarded(articles, cache)
    assert not failures
    _assert_same(assemble(articles, rows), frames)


def test_an_article_that_breaks_the_assembly_is_left_out(tmp_path: Path) -> None:
    articles, rows = _corpus(6)
    # a nameless organisation: refused by the cache, and no actor can be made of it
    rows["a004"] = ArticleRows("a004", orgs=(OrgRow("org:x", None, None),))  # type: ignore[arg-type]
    cache = RowCache(tmp_path, "v1")
    for row in rows.values():
        cache.add(row)
    cache.flush()
    assert set(cache.refused) == {"a004"}
    frames, failures = assemble_guarded(articles, cache)
    assert [f.article_id for f in failures] == ["a004"]
    kept = [a for a in articles if a.article_id != "a004"]
    _assert_same(assemble(kept, rows), frames)


def test_check_forgets_a_damaged_partition(tmp_path: Path) -> None:
    cache = RowCache(tmp_path, "v1")
    cache.add(_rows(0))
    cache.flush()
    cache.add(_rows(1))
    cache.flush()
    (part,) = {p for a, p in cache._index.items() if a == "a001"}
    (cache.root / part).write_bytes(b"not parquet")
    assert cache.check(["a000", "a001"]) == {"a000"}
    assert "a001" not in cache
