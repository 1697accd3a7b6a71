"""The aggregates behind each view, in SQL (the DuckDB twins of `core.dashboard.query`:
same arguments but a `Selection`, same frames). Only the aggregate crosses into Python:
a few hundred rows of counts whatever the number of events. Results are remembered per
selection (`DuckCorpus.memo`), so a rerun with the same filters asks DuckDB nothing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.duck_where import Selection, where
from core.dashboard.labels import top_labels
from core.nlp.countries import country_name


def _w(c: DuckCorpus, s: Selection) -> tuple[str, list[Any]]:
    return where(s, c.countries)


def count(c: DuckCorpus, s: Selection) -> int:
    """Events in the selection."""

    def run() -> int:
        sql, params = _w(c, s)
        return int(c.scalar(f"SELECT count(*) FROM ev WHERE {sql}", params))

    return c.memo(("count", s), run)


def headline(c: DuckCorpus, s: Selection) -> dict[str, int]:
    """Headline figures of the selected events (query.headline)."""

    def run() -> dict[str, int]:
        sql, params = _w(c, s)
        row = c.sql(
            f"""WITH f AS (SELECT art_pos, outlet, n_sources, cs, actor_ids FROM ev WHERE {sql})
            SELECT (SELECT count(*) FROM f) AS events,
              (SELECT count(DISTINCT art_pos) FROM f) AS articles,
              (SELECT count(DISTINCT a) FROM (SELECT unnest(actor_ids) AS a FROM f)
                 WHERE a IN (SELECT actor_id FROM actors)) AS actors,
              (SELECT count(DISTINCT x) FROM (SELECT unnest(cs) AS x FROM f)) AS countries,
              (SELECT count(DISTINCT outlet) FROM f WHERE trim(outlet) <> '') AS outlets,
              (SELECT count(*) FROM f WHERE n_sources > 1) AS corroborated""",
            params,
        ).iloc[0]
        return {key: int(row[key]) for key in row.index}

    return c.memo(("headline", s), run)


def events_over_time(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """Events per year (undated left out)."""

    def run() -> pd.DataFrame:
        sql, params = _w(c, s)
        frame = c.sql(
            f"SELECT year, count(*) AS events FROM ev WHERE ({sql}) AND year >= 0 "
            "GROUP BY year ORDER BY year",
            params,
        )
        return frame.astype({"year": int, "events": int}).reset_index(drop=True)

    return c.memo(("over_time", s), run)


def _matrix(frame: pd.DataFrame, rows: list, cols: list[str], row_key: Any) -> np.ndarray:
    """A (rows x cols) count matrix from long (row key, d, n) counts."""
    out = np.zeros((len(rows), max(len(cols), 1)), dtype=np.int64)
    if len(frame) and cols:
        r = pd.Index(rows).get_indexer(pd.Index(row_key(frame)))
        d = pd.Index(cols).get_indexer(pd.Index(frame["d"]))
        ok = (r >= 0) & (d >= 0)
        out[r[ok], d[ok]] = frame["n"].to_numpy(np.int64)[ok]
    return out


def country_domain(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """Long (c, d, n): events per country and domain."""

    def run() -> pd.DataFrame:
        sql, params = _w(c, s)
        return c.sql(
            f"""WITH x AS (SELECT unnest(cs) AS c, ds FROM ev WHERE {sql}),
            y AS (SELECT c, unnest(ds) AS d FROM x)
            SELECT c, d, count(*) AS n FROM y GROUP BY c, d""",
            params,
        )

    return c.memo(("country_domain", s), run)


def country_totals(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """(c, n): events per country, most first then by code."""

    def run() -> pd.DataFrame:
        sql, params = _w(c, s)
        return c.sql(
            f"""WITH x AS (SELECT unnest(cs) AS c FROM ev WHERE {sql})
            SELECT c, count(*) AS n FROM x GROUP BY c ORDER BY n DESC, c""",
            params,
        )

    return c.memo(("country_totals", s), run)


def country_counts(c: DuckCorpus, s: Selection, with_domains: bool = True) -> pd.DataFrame:
    """Events per country, most first, with the country's top domains."""
    totals = country_totals(c, s)
    codes = totals["c"].astype(str).tolist()
    frame = pd.DataFrame(
        {
            "iso2": codes,
            "country": [country_name(x) for x in codes],
            "events": totals["n"].to_numpy(np.int64),
        }
    )
    if with_domains:
        matrix = _matrix(country_domain(c, s), codes, c.domains, lambda f: f["c"])
        frame["top_domains"] = top_labels(matrix, c.domains)
    return frame


def location_counts(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """Events per place name, most first."""

    def run() -> pd.DataFrame:
        sql, params = _w(c, s)
        return c.sql(
            f"""SELECT trim(location) AS location, count(*) AS events FROM ev
            WHERE ({sql}) AND trim(coalesce(location, '')) <> ''
            GROUP BY 1 ORDER BY events DESC, location""",
            params,
        ).astype({"events": np.int64})

    return c.memo(("locations", s), run)


def _pairs(c: DuckCorpus, s: Selection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per dyad (a < b): events and mean tone; and long (a, b, d, n) domain counts."""

    def run() -> tuple[pd.DataFrame, pd.DataFrame]:
        sql, params = _w(c, s)
        base = f"WITH p AS (SELECT unnest(pairs) AS p, ds, tone FROM ev WHERE {sql})"
        pairs = c.sql(
            f"""{base} SELECT p[1] AS a, p[2] AS b, count(*) AS events,
            avg(tone) AS tone FROM p GROUP BY 1, 2 ORDER BY events DESC, a, b""",
            params,
        )
        domains = c.sql(
            f"""{base}, q AS (SELECT p[1] AS a, p[2] AS b, unnest(ds) AS d FROM p)
            SELECT a, b, d, count(*) AS n FROM q GROUP BY a, b, d""",
            params,
        )
        return pairs, domains

    return c.memo(("pairs", s), run)


def pair_frame(c: DuckCorpus, pairs: pd.DataFrame, domains: pd.DataFrame) -> pd.DataFrame:
    """Named dyads with dominant and top domains (the frame `query.dyads` returns)."""
    keys = list(zip(pairs["a"], pairs["b"], strict=True))
    dom = _matrix(domains, keys, c.domains, lambda f: list(zip(f["a"], f["b"], strict=True)))
    best, has = dom.argmax(axis=1), dom.max(axis=1) > 0
    a, b = pairs["a"].astype(str).tolist(), pairs["b"].astype(str).tolist()
    return pd.DataFrame(
        {
            "a": a,
            "b": b,
            "name_a": [country_name(x) for x in a],
            "name_b": [country_name(x) for x in b],
            "events": pairs["events"].to_numpy(np.int64),
            "dominant_domain": [
                c.domains[i] if h and c.domains else "" for i, h in zip(best, has, strict=True)
            ],
            "top_domains": top_labels(dom, c.domains),
        }
    )


def dyads(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """Country pairs with event counts, mean tone, dominant and top domains."""
    cols = ["a", "b", "name_a", "name_b", "events", "tone", "dominant_domain", "top_domains"]
    pairs, domains = _pairs(c, s)
    if not len(pairs):
        return pd.DataFrame(columns=cols)
    frame = pair_frame(c, pairs, domains)
    frame["tone"] = np.round(pd.to_numeric(pairs["tone"]).to_numpy(float), 2)
    return frame[cols]


def count_frame(c: DuckCorpus, s: Selection, key: str) -> pd.DataFrame:
    """(k, n): selected events per value of `key` (an SQL expression of ours, never a
    user's: the callers pass fixed column expressions)."""

    def run() -> pd.DataFrame:
        sql, params = _w(c, s)
        return c.sql(
            f"WITH x AS (SELECT {key} AS k FROM ev WHERE {sql}) "
            "SELECT k, count(*) AS n FROM x GROUP BY k",
            params,
        )

    return c.memo(("count_frame", s, key), run)
