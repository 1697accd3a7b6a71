"""What the DuckDB backend has instead of a boolean mask: a `Selection` (the filters plus
a page's narrowing: a chart cell, a search, an actor, an article) and the SQL WHERE clause
it stands for. Every value reaches DuckDB as a `?` parameter, never inside the SQL text:
filters come from links, and links are untrusted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from core.dashboard.filters import Filters


@dataclass(frozen=True)
class Selection:
    """A set of events, described rather than listed; hashable (a memo key)."""

    filters: Filters
    countries: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    needle: str = ""  # folded search words (core.text.fold)
    actor: str = ""
    article: str = ""
    dated: bool | None = None  # True: dated events only; False: undated only
    parts: tuple[Selection, ...] | None = None  # a union: any of these

    def narrow(self, **changes: Any) -> Selection:
        """This selection with more conditions (each kept from a union's parts too)."""
        if self.parts is not None:
            return Selection(self.filters, parts=tuple(p.narrow(**changes) for p in self.parts))
        return replace(self, **changes)


@dataclass(frozen=True)
class ArticleSelection:
    """The articles that carry a selected event (all articles under default filters)."""

    events: Selection


def union(filters: Filters, parts: list[Selection]) -> Selection:
    return Selection(filters, parts=tuple(parts))


def _any(column: str, values: list[Any]) -> str:
    """`column` (a list) holds any of `len(values)` parameters: list_contains per value is
    several times faster in DuckDB than list_has_any with a list parameter."""
    return "(" + " OR ".join(f"list_contains({column}, ?)" for _ in values) + ")"


def _all(column: str, values: list[Any]) -> str:
    return "(" + " AND ".join(f"list_contains({column}, ?)" for _ in values) + ")"


def _within(column: str, values: list[Any]) -> str:
    return f"coalesce({column}, '') IN ({', '.join('?' for _ in values)})"


def _filter_clauses(f: Filters, known: list[str]) -> tuple[list[str], list[Any]]:
    """The sidebar filters as SQL conditions on `ev` (same meaning as query.event_mask)."""
    sql: list[str] = []
    params: list[Any] = []
    if f.countries:
        codes = [x for x in f.countries if x in known]
        if not codes or (f.mode == "all" and len(codes) < len(f.countries)):
            return ["FALSE"], []
        sql.append(_all("cs", codes) if f.mode == "all" else _any("cs", codes))
        params.extend(codes)
    for column, values in (
        ("domains", f.domains),
        ("type", f.types),
        ("status", f.statuses),
        ("outlet", f.outlets),
    ):
        if not values:
            continue
        sql.append(
            _any("ds", list(values)) if column == "domains" else _within(column, list(values))
        )
        params.extend(values)
    if f.date_from:
        sql.append("hi >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        sql.append("lo <= ?")
        params.append(f.date_to.isoformat())
    return sql, params


def _narrowing(s: Selection) -> tuple[list[str], list[Any]]:
    sql: list[str] = []
    params: list[Any] = []
    if s.countries:
        sql.append(_any("cs", list(s.countries)))
        params.extend(s.countries)
    if s.domains:
        sql.append(_any("ds", list(s.domains)))
        params.extend(s.domains)
    if s.years:
        sql.append(f"year IN ({', '.join('?' for _ in s.years)})")
        params.extend(int(y) for y in s.years)
    if s.needle:
        sql.append("contains(folded, ?)")
        params.append(s.needle)
    if s.actor:
        sql.append("list_contains(actor_ids, ?)")
        params.append(s.actor)
    if s.article:
        sql.append("article_id = ?")
        params.append(s.article)
    if s.dated is not None:
        sql.append("lo IS NOT NULL" if s.dated else "year < 0")
    return sql, params


def where(s: Selection, known: list[str]) -> tuple[str, list[Any]]:
    """(SQL condition on `ev`, its parameters) for the selection."""
    if s.parts is not None:
        if not s.parts:
            return "FALSE", []
        pieces = [where(p, known) for p in s.parts]
        return (
            "(" + ") OR (".join(sql for sql, _ in pieces) + ")",
            [v for _, params in pieces for v in params],
        )
    sql, params = _filter_clauses(s.filters, known)
    more, more_params = _narrowing(s)
    clauses = sql + more
    return (" AND ".join(clauses) if clauses else "TRUE"), params + more_params
