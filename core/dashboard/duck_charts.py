"""The DuckDB twins of the chart aggregates: partners x domains, domains over time,
Compare's side-by-side counts, directed pairs and the Overview's timeline marks. Same
frames as `core.dashboard.query`, `pairs` and `timeline`; only aggregates or the marks
drawn leave DuckDB."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.duck_query import country_domain, pair_frame
from core.dashboard.duck_where import Selection, where
from core.dashboard.labels import type_label
from core.nlp.countries import country_name


def _lone(c: DuckCorpus, s: Selection, selected: tuple[str, ...]) -> list[str]:
    """The selected countries that share no selected event with another selected one."""
    if len(selected) < 2:
        return list(selected)
    sql, params = where(s, c.countries)
    paired = c.sql(
        f"""WITH p AS (SELECT unnest(pairs) AS p FROM ev WHERE {sql})
        SELECT DISTINCT unnest([p[1], p[2]]) AS x FROM p
        WHERE list_contains(?::VARCHAR[], p[1]) AND list_contains(?::VARCHAR[], p[2])""",
        [*params, list(selected), list(selected)],
    )
    found = set(paired["x"].astype(str))
    return [x for x in selected if x not in found]


def partner_domain(c: DuckCorpus, s: Selection, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Long (iso2, country, domain, events): the partners x domains heatmap."""
    cols = ["iso2", "country", "domain", "events"]
    frame = country_domain(c, s)
    if not c.domains or not len(frame):
        return pd.DataFrame(columns=cols)
    row = np.asarray(pd.Index(c.countries).get_indexer(pd.Index(frame["c"])), np.int64)
    col = np.asarray(pd.Index(c.domains).get_indexer(pd.Index(frame["d"])), np.int64)
    frame = frame.iloc[np.argsort(row * len(c.domains) + col)]
    iso = frame["c"].astype(str).tolist()
    out = pd.DataFrame(
        {
            "iso2": iso,
            "country": [country_name(x) for x in iso],
            "domain": frame["d"].astype(str).tolist(),
            "events": frame["n"].to_numpy(np.int64),
        }
    )
    lone = c.memo(("lone", s, exclude), lambda: _lone(c, s, exclude))
    return out[~out["iso2"].isin(lone)].reset_index(drop=True)


def domains_over_time(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """Long (year, domain, events) counts of dated selected events, by domain then year."""

    def run() -> pd.DataFrame:
        sql, params = where(s, c.countries)
        return c.sql(
            f"""WITH x AS (SELECT year, unnest(ds) AS domain FROM ev
            WHERE ({sql}) AND year >= 0)
            SELECT year, domain, count(*) AS events FROM x GROUP BY 1, 2""",
            params,
        )

    frame = c.memo(("domains_time", s), run)
    if not len(frame):
        return pd.DataFrame(columns=["year", "domain", "events"])
    rank = pd.Index(c.domains).get_indexer(pd.Index(frame["domain"]))
    frame = frame.assign(_r=rank).sort_values(["_r", "year"]).drop(columns="_r")
    return frame.astype({"year": np.int64, "events": np.int64}).reset_index(drop=True)


def _compare_parts(c: DuckCorpus, m: Selection) -> pd.DataFrame:
    """(part, k, year, n): one country's partners, domains, types and years, from one
    statement that reads the events once (four statements did, a scan each)."""

    def run() -> pd.DataFrame:
        sql, params = where(m, c.countries)
        return c.sql(
            f"""WITH f AS MATERIALIZED (SELECT cs, ds, coalesce(type, '') AS type, year
              FROM ev WHERE {sql})
            SELECT 'partners' AS part, x AS k, NULL::INTEGER AS year, count(*) AS n
              FROM (SELECT unnest(cs) AS x FROM f) GROUP BY x
            UNION ALL SELECT 'domains', x, NULL, count(*)
              FROM (SELECT unnest(ds) AS x FROM f) GROUP BY x
            UNION ALL SELECT 'types', type, NULL, count(*) FROM f GROUP BY type
            UNION ALL SELECT 'years', NULL, year, count(*) FROM f WHERE year >= 0 GROUP BY year""",
            params,
        )

    return c.memo(("compare_parts", m), run)


def _compare_one(c: DuckCorpus, s: Selection, iso: str) -> dict[str, pd.DataFrame]:
    parts = _compare_parts(c, s.narrow(countries=(iso,)))
    part = parts["part"].to_numpy()
    totals = parts[part == "partners"].rename(columns={"k": "c"})
    totals = totals[totals["c"] != iso].sort_values("c")
    dom, types = parts[part == "domains"], parts[part == "types"]
    years = parts[part == "years"].sort_values("year")
    return {
        "partners": pd.DataFrame(
            {
                "iso2": totals["c"].astype(str).tolist(),
                "key": [country_name(x) for x in totals["c"]],
                "events": totals["n"].to_numpy(np.int64),
                "focus": iso,
            }
        ),
        "domains": pd.DataFrame(
            {"key": c.domains, "events": _lookup(dom, c.domains), "focus": iso}
        ),
        "types": pd.DataFrame({"key": c.types, "events": _lookup(types, c.types), "focus": iso}),
        "years": pd.DataFrame(
            {
                "key": years["year"].to_numpy(np.int64),
                "events": years["n"].to_numpy(np.int64),
                "focus": iso,
            }
        ),
    }


def _lookup(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    counts = dict(zip(frame["k"].astype(str), frame["n"], strict=True))
    return np.array([int(counts.get(k, 0)) for k in keys], dtype=np.int64)


def compare_counts(
    c: DuckCorpus, s: Selection, countries: tuple[str, str]
) -> dict[str, pd.DataFrame]:
    """Side-by-side counts for two countries: partners, domains, types, years."""
    parts = [_compare_one(c, s, iso) for iso in countries]
    out = {}
    for name in ("partners", "domains", "types", "years"):
        frame = pd.concat([p[name] for p in parts], ignore_index=True)
        out[name] = frame[frame["events"] > 0].reset_index(drop=True)
    return out


def directed_pairs(c: DuckCorpus, s: Selection) -> pd.DataFrame:
    """(actor, target) country pairs with counts, dominant and top domains."""
    cols = ["a", "b", "name_a", "name_b", "events", "dominant_domain", "top_domains"]

    def run() -> tuple[pd.DataFrame, pd.DataFrame]:
        sql, params = where(s, c.countries)
        base = f"""WITH p AS (SELECT actor_country AS a, target_country AS b, ds FROM ev
        WHERE ({sql}) AND actor_country IN (SELECT c FROM country_vocab)
          AND target_country IN (SELECT c FROM country_vocab)
          AND actor_country <> target_country)"""
        args = params
        pairs = c.sql(
            f"{base} SELECT a, b, count(*) AS events FROM p GROUP BY 1, 2 "
            "ORDER BY events DESC, a, b",
            args,
        )
        domains = c.sql(
            f"{base}, q AS (SELECT a, b, unnest(ds) AS d FROM p) "
            "SELECT a, b, d, count(*) AS n FROM q GROUP BY 1, 2, 3",
            args,
        )
        return pairs, domains

    pairs, domains = c.memo(("directed", s), run)
    if not len(pairs):
        return pd.DataFrame(columns=cols)
    return pair_frame(c, pairs, domains)[cols]


def timeline_rows(c: DuckCorpus, s: Selection, top: int = 8, limit: int = 2000) -> pd.DataFrame:
    """(country, start, end, precision, type, excerpt) per dated event x top country."""
    cols = ["country", "start", "end", "precision", "type", "excerpt"]

    def run() -> pd.DataFrame:
        sql, params = where(s, c.countries)
        return c.sql(
            f"""WITH t AS (SELECT rank, cs, lo, hi, date_precision, type, excerpt FROM ev
              WHERE ({sql}) AND lo IS NOT NULL ORDER BY rank LIMIT ?),
            x AS (SELECT rank, unnest(cs) AS c, lo, hi, date_precision, type, excerpt FROM t),
            best AS (SELECT c FROM x GROUP BY c ORDER BY count(*) DESC, c LIMIT ?)
            SELECT x.* FROM x WHERE c IN (SELECT c FROM best) ORDER BY rank""",
            [*params, int(limit), int(top)],
        )

    rows = c.memo(("timeline", s, top, limit), run)
    if not len(rows):
        return pd.DataFrame(columns=cols)
    precision = rows["date_precision"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "country": [country_name(str(x)) for x in rows["c"]],
            "start": rows["lo"].to_numpy(object),
            "end": rows["hi"].to_numpy(object),
            "precision": np.where(precision == "", "unknown", precision),
            "type": [type_label(str(t) if isinstance(t, str) else "") for t in rows["type"]],
            "excerpt": [str(x)[:120] for x in rows["excerpt"]],
        },
        columns=cols,
    )
