"""What pages call: every figure and row list a page shows, with both backends behind it
(`core.dashboard.backend`). A page holds a corpus and a mask from the frame and never
looks at which backend they are: in memory, a numpy mask over the events; over DuckDB, a
`Selection` that becomes a WHERE clause."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from core.dashboard import duck_charts, duck_detail, duck_query, duck_rows, query, rows
from core.dashboard.backend import AnyCorpus, ArticleMask, Mask
from core.dashboard.corpus import Corpus
from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.duck_where import ArticleSelection, Selection, union
from core.dashboard.event_detail import event_row as memory_event_row
from core.dashboard.filters import Filters
from core.dashboard.notices import model_notice
from core.dashboard.pairs import directed_pairs as memory_directed
from core.dashboard.timeline import timeline_rows as memory_timeline
from core.text.fold import fold

T = TypeVar("T")
QUOTE_PAGE = 200
"""Quotes listed at once for correction; a search by words and paging reach the rest."""


class QuotePage(NamedTuple):
    """One page of the quotes a correction may pick, the same on both backends."""

    rows: pd.DataFrame  # the quotes table's columns, in table order
    positions: list[int]  # each row's position in the quotes table: a stable choice
    total: int  # quotes matching the words
    page: int  # the page shown (1-based, within range)
    pages: int


def event_mask(c: AnyCorpus, f: Filters) -> Mask:
    return Selection(f) if isinstance(c, DuckCorpus) else query.event_mask(c, f)


def n_events(c: AnyCorpus, m: Mask) -> int:
    if isinstance(c, DuckCorpus) and isinstance(m, Selection):
        return duck_query.count(c, m)
    return int(np.asarray(m).sum())


def n_undated(c: AnyCorpus, m: Mask) -> int:
    if isinstance(c, DuckCorpus) and isinstance(m, Selection):
        return duck_query.count(c, m.narrow(dated=False))
    assert isinstance(c, Corpus)
    return int((np.asarray(m) & (c.event_year < 0)).sum())


def narrow(
    c: AnyCorpus,
    m: Mask,
    *,
    countries: list[str] | None = None,
    domains: list[str] | None = None,
    years: list[int] | None = None,
) -> Mask:
    """The mask narrowed to a chart selection (query.selection_mask)."""
    if isinstance(c, DuckCorpus) and isinstance(m, Selection):
        return m.narrow(
            countries=tuple(countries or ()),
            domains=tuple(domains or ()),
            years=tuple(int(y) for y in years or ()),
        )
    corpus, mask = _memory(c, m)
    return query.selection_mask(corpus, mask, countries=countries, domains=domains, years=years)


def any_of(c: AnyCorpus, m: Mask, parts: list[Mask]) -> Mask:
    """Events in any of `parts` (each a narrowing of `m`)."""
    if isinstance(m, Selection):
        return union(m.filters, [p for p in parts if isinstance(p, Selection)])
    out = np.zeros_like(m)
    for part in parts:
        out |= np.asarray(part)
    return out


def _duck(c: AnyCorpus, m: Mask) -> tuple[DuckCorpus, Selection] | None:
    """(corpus, selection) on the DuckDB backend, else None."""
    if isinstance(c, DuckCorpus) and isinstance(m, Selection):
        return c, m
    return None


def _memory(c: AnyCorpus, m: Mask) -> tuple[Corpus, np.ndarray]:
    assert isinstance(c, Corpus) and isinstance(m, np.ndarray)
    return c, m


def _either(
    c: AnyCorpus, m: Mask, on_duck: Callable[..., T], in_memory: Callable[..., T], *args: Any
) -> T:
    """`on_duck(corpus, selection, *args)` on DuckDB, else `in_memory(corpus, mask, *args)`."""
    if duck := _duck(c, m):
        return on_duck(*duck, *args)
    return in_memory(*_memory(c, m), *args)


def headline(c: AnyCorpus, m: Mask) -> dict[str, int]:
    return _either(c, m, duck_query.headline, query.headline)


def events_over_time(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_query.events_over_time, query.events_over_time)


def country_counts(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_query.country_counts, query.country_counts)


def dyads(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_query.dyads, query.dyads)


def location_counts(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_query.location_counts, query.location_counts)


def directed_pairs(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_charts.directed_pairs, memory_directed)


def timeline_rows(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_charts.timeline_rows, memory_timeline)


def partner_domain(c: AnyCorpus, m: Mask, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    return _either(c, m, duck_charts.partner_domain, query.partner_domain, exclude)


def domains_over_time(c: AnyCorpus, m: Mask) -> pd.DataFrame:
    return _either(c, m, duck_charts.domains_over_time, query.domains_over_time)


def compare_counts(c: AnyCorpus, m: Mask, countries: tuple[str, str]) -> dict[str, pd.DataFrame]:
    return _either(c, m, duck_charts.compare_counts, query.compare_counts, countries)


def events_view(c: AnyCorpus, m: Mask, limit: int | None = None) -> pd.DataFrame:
    return _either(c, m, duck_rows.events_view, rows.events_view, limit)


def search_events(c: AnyCorpus, m: Mask, text: str) -> Mask:
    if duck := _duck(c, m):
        return duck_rows.search_events(*duck, text)
    return rows.search_events(*_memory(c, m), text)


def actor_stats(
    c: AnyCorpus, m: Mask, kinds: tuple[str, ...] = ("person", "organization")
) -> pd.DataFrame:
    return _either(c, m, duck_rows.actor_stats, rows.actor_stats, kinds)


def actor_events(c: AnyCorpus, m: Mask, actor_id: str) -> pd.DataFrame:
    return _either(c, m, duck_rows.actor_events, rows.actor_events, actor_id)


def actor_quotes(c: AnyCorpus, actor_id: str) -> pd.DataFrame:
    if isinstance(c, DuckCorpus):
        return duck_rows.actor_quotes(c, actor_id)
    return rows.actor_quotes(c, actor_id)


def article_mask(c: AnyCorpus, m: Mask, f: Filters) -> ArticleMask:
    if duck := _duck(c, m):
        return ArticleSelection(duck[1])
    return query.article_mask(*_memory(c, m), f)


def n_articles(c: AnyCorpus, keep: ArticleMask) -> int:
    if isinstance(c, DuckCorpus) and isinstance(keep, ArticleSelection):
        return duck_rows.count_articles(c, keep)
    return int(np.asarray(keep).sum())


def articles_view(c: AnyCorpus, keep: ArticleMask, limit: int | None = None) -> pd.DataFrame:
    if isinstance(c, DuckCorpus) and isinstance(keep, ArticleSelection):
        return duck_rows.articles_view(c, keep, limit)
    assert isinstance(c, Corpus) and isinstance(keep, np.ndarray)
    return rows.articles_view(c, keep, limit)


def article_rows(c: AnyCorpus, keep: ArticleMask) -> pd.DataFrame:
    """Every kept article with every column (a download)."""
    if isinstance(c, DuckCorpus) and isinstance(keep, ArticleSelection):
        return duck_rows.article_rows(c, keep)
    assert isinstance(c, Corpus)
    return c.articles[np.asarray(keep)]


def reader_corpus(c: AnyCorpus, article_id: str) -> Corpus:
    """A corpus holding the article (the whole one in memory; just its rows over DuckDB)."""
    return duck_detail.article_corpus(c, article_id) if isinstance(c, DuckCorpus) else c


def detail_corpus(c: AnyCorpus, event_id: str) -> Corpus:
    """A corpus holding the event, its cluster, articles and quotes (for its panel)."""
    return duck_detail.event_corpus(c, event_id) if isinstance(c, DuckCorpus) else c


def article_events(c: AnyCorpus, m: Mask, article_id: str) -> pd.DataFrame:
    """The article's selected events, or all its events when none is selected."""
    if duck := _duck(c, m):
        dc, s = duck
        mine = s.narrow(article=article_id)
        if not duck_query.count(dc, mine):
            mine = Selection(Filters(), article=article_id)
        return duck_rows.events_view(dc, mine)
    corpus, mask = _memory(c, m)
    in_article = corpus.events["article_id"].to_numpy() == article_id
    return rows.events_view(corpus, in_article & mask if (in_article & mask).any() else in_article)


def event_row(c: AnyCorpus, event_id: str) -> pd.Series | None:
    if isinstance(c, DuckCorpus):
        return duck_detail.event_row(c, event_id)
    return memory_event_row(c, event_id)


def quote_choices(c: AnyCorpus, words: str = "", page: int = 1) -> QuotePage:
    """Page `page` (clamped) of the quotes whose text holds `words`, ignoring case and
    accents as the event search does: over DuckDB only that page crosses, and any quote
    can still be reached."""
    needle = fold(words.strip())
    if isinstance(c, DuckCorpus):
        total = duck_detail.count_quotes(c, needle)
    else:
        found = rows.quote_positions(c, needle)
        total = len(found)
    pages = max(1, -(-total // QUOTE_PAGE))
    page = min(max(1, int(page)), pages)
    start = (page - 1) * QUOTE_PAGE
    if isinstance(c, DuckCorpus):
        frame, positions = duck_detail.quote_rows(c, needle, start, QUOTE_PAGE)
    else:
        positions = [int(p) for p in found[start : start + QUOTE_PAGE]]
        frame = c.quotes.iloc[positions].reset_index(drop=True)
    return QuotePage(frame, positions, total, page, pages)


def tables_notice(c: AnyCorpus) -> str | None:
    """How the tables were made (`notices.model_notice`)."""
    return c.notice if isinstance(c, DuckCorpus) else model_notice(c.articles)
