"""Filters applied to the tables, and the aggregates behind each view.

Everything is numpy over the integer indexes of `core.tables.Corpus`: a filter is a
boolean mask over events, an aggregate is a `bincount`. No Python loop runs per row,
so 100k events stay well inside a 0.3 s rerun.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dashboard.corpus import Corpus
from core.dashboard.filters import Filters
from core.dashboard.labels import top_labels
from core.nlp.countries import country_name


def event_mask(c: Corpus, f: Filters) -> np.ndarray:
    """Boolean mask over `c.events` for the filters."""
    n = c.n_events
    mask = np.ones(n, dtype=bool)
    if f.countries:
        codes = [c.countries.index(x) for x in f.countries if x in c.countries]
        if len(codes) < len(f.countries) and f.mode == "all":
            return np.zeros(n, dtype=bool)
        hit = np.isin(c.ec_code, codes)
        per_event = np.bincount(c.ec_row[hit], minlength=n)
        mask &= per_event >= (len(codes) if f.mode == "all" else 1) if codes else False
    if f.domains:
        cols = [c.domains.index(d) for d in f.domains if d in c.domains]
        mask &= c.domain_matrix[:, cols].any(axis=1) if cols else False
    if f.types:
        mask &= np.isin(c.event_type, list(f.types))
    if f.statuses:
        mask &= np.isin(c.event_status, list(f.statuses))
    if f.outlets:
        mask &= np.isin(c.event_outlet, list(f.outlets))
    if f.date_from:
        mask &= (c.date_hi != "") & (c.date_hi >= f.date_from.isoformat())
    if f.date_to:
        mask &= (c.date_lo != "") & (c.date_lo <= f.date_to.isoformat())
    return mask


def article_mask(c: Corpus, mask: np.ndarray, f: Filters) -> np.ndarray:
    """Articles that carry a filtered event (or all matching articles when no event filter)."""
    if f.is_default():
        return np.ones(len(c.articles), dtype=bool)
    pos = c.event_article[mask]
    keep = np.bincount(pos[pos >= 0], minlength=len(c.articles)) > 0
    if f.outlets:
        keep |= c.articles["outlet"].isin(list(f.outlets)).to_numpy() & (
            not (f.countries or f.domains or f.types or f.statuses or f.date_from or f.date_to)
        )
    return keep


def headline(c: Corpus, mask: np.ndarray) -> dict[str, int]:
    """Headline figures of the filtered events."""

    def distinct(codes: np.ndarray, size: int) -> int:
        codes = codes[codes >= 0]
        return int((np.bincount(codes, minlength=size) > 0).sum()) if len(codes) else 0

    return {
        "events": int(mask.sum()),
        "articles": distinct(c.event_article[mask], len(c.articles)),
        "actors": distinct(c.ea_actor[mask[c.ea_row]], len(c.actors)),
        "countries": distinct(c.ec_code[mask[c.ec_row]], len(c.countries)),
        "outlets": distinct(c.event_outlet_code[mask], len(c.outlets)),
        "corroborated": int((c.events["n_sources"].to_numpy()[mask] > 1).sum()),
    }


def events_over_time(c: Corpus, mask: np.ndarray) -> pd.DataFrame:
    """Events per year (undated events left out)."""
    years = c.event_year[mask]
    years = years[years >= 0]
    if not len(years):
        return pd.DataFrame({"year": pd.Series(dtype=int), "events": pd.Series(dtype=int)})
    lo = int(years.min())
    counts = np.bincount(years - lo)
    frame = pd.DataFrame({"year": np.arange(lo, lo + len(counts)), "events": counts})
    return frame[frame["events"] > 0].reset_index(drop=True)


def _country_domain(c: Corpus, mask: np.ndarray) -> np.ndarray:
    """Events per (country, domain) under the mask: an n_countries x n_domains matrix."""
    nd = max(len(c.domains), 1)
    keys = c.ecd_key[mask[c.ecd_row]]
    return np.bincount(keys, minlength=len(c.countries) * nd).reshape(len(c.countries), nd)


def _country_totals(c: Corpus, mask: np.ndarray) -> np.ndarray:
    return np.bincount(c.ec_code[mask[c.ec_row]], minlength=len(c.countries))


def country_counts(c: Corpus, mask: np.ndarray, with_domains: bool = True) -> pd.DataFrame:
    """Events per country, most first, with the country's top domains."""
    counts = _country_totals(c, mask)
    keep = np.flatnonzero(counts)
    codes = [c.countries[i] for i in keep]
    frame = pd.DataFrame(
        {
            "iso2": codes,
            "country": [country_name(x) for x in codes],
            "events": counts[keep],
        }
    )
    if with_domains:
        frame["top_domains"] = top_labels(_country_domain(c, mask)[keep], c.domains)
    return frame.sort_values(["events", "iso2"], ascending=[False, True]).reset_index(drop=True)


def _pair_tone(
    c: Corpus, mask: np.ndarray, nc: int, uniq: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Mean tone of each pair's filtered events (NaN where no event has a tone)."""
    if "tone" not in c.events.columns:
        return np.full(len(uniq), np.nan)
    tone = pd.to_numeric(c.events["tone"], errors="coerce").to_numpy(float)
    sel = mask[c.pair_row] & ~np.isnan(tone[c.pair_row])
    keys = (c.pair_a * nc + c.pair_b)[sel]
    total = np.bincount(keys, weights=tone[c.pair_row][sel], minlength=nc * nc)[uniq]
    n = np.bincount(keys, minlength=nc * nc)[uniq]
    return np.round(np.divide(total, n, out=np.full(len(uniq), np.nan), where=n > 0), 2)


def dyads(c: Corpus, mask: np.ndarray) -> pd.DataFrame:
    """Country pairs with event counts, average tone (PLOVER scale, when the tables carry
    it), dominant domain and top domains."""
    nc = max(len(c.countries), 1)
    nd = max(len(c.domains), 1)
    cols = ["a", "b", "name_a", "name_b", "events", "tone", "dominant_domain", "top_domains"]
    pair_counts = np.bincount((c.pair_a * nc + c.pair_b)[mask[c.pair_row]], minlength=nc * nc)
    uniq = np.flatnonzero(pair_counts)
    if not len(uniq):
        return pd.DataFrame(columns=cols)
    dom = np.bincount(c.pd_key[mask[c.pd_row]], minlength=nc * nc * nd).reshape(nc * nc, nd)[uniq]
    a = [c.countries[i] for i in uniq // nc]
    b = [c.countries[i] for i in uniq % nc]
    best = dom.argmax(axis=1)
    has = dom.max(axis=1) > 0
    frame = pd.DataFrame(
        {
            "a": a,
            "b": b,
            "name_a": [country_name(x) for x in a],
            "name_b": [country_name(x) for x in b],
            "events": pair_counts[uniq],
            "tone": _pair_tone(c, mask, nc, uniq, pair_counts[uniq]),
            "dominant_domain": [
                c.domains[i] if h and c.domains else "" for i, h in zip(best, has, strict=True)
            ],
            "top_domains": top_labels(dom, c.domains),
        }
    )
    return frame.sort_values(["events", "a", "b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def location_counts(c: Corpus, mask: np.ndarray) -> pd.DataFrame:
    """Events per place name (events.location), most first."""
    codes = c.location_code[mask]
    counts = np.bincount(codes[codes >= 0], minlength=len(c.locations))
    keep = np.flatnonzero(counts)
    frame = pd.DataFrame({"location": [c.locations[i] for i in keep], "events": counts[keep]})
    return frame.sort_values("events", ascending=False).reset_index(drop=True)


def partner_domain(c: Corpus, mask: np.ndarray, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Long (iso2, country, domain, events) counts: the heatmap of partners x domains.

    One selected country is excluded so the rows are its partners; with several, each is
    also the others' partner (DZ and RU selected: RU is a row of DZ's partners), so a
    selected country is left out only when it has no event with another selected one."""
    matrix = _country_domain(c, mask)
    rows, cols = np.nonzero(matrix)
    if not len(c.domains) or not len(rows):
        return pd.DataFrame(columns=["iso2", "country", "domain", "events"])
    iso = [c.countries[i] for i in rows]
    frame = pd.DataFrame(
        {
            "iso2": iso,
            "country": [country_name(x) for x in iso],
            "domain": [c.domains[j] for j in cols],
            "events": matrix[rows, cols],
        }
    )
    return frame[~frame["iso2"].isin(_lone(c, mask, exclude))].reset_index(drop=True)


def _lone(c: Corpus, mask: np.ndarray, selected: tuple[str, ...]) -> list[str]:
    """The selected countries that share no filtered event with another selected one."""
    if len(selected) < 2:
        return list(selected)
    codes = [c.countries.index(s) for s in selected if s in c.countries]
    sel = mask[c.pair_row] & np.isin(c.pair_a, codes) & np.isin(c.pair_b, codes)
    paired = {c.countries[i] for i in np.concatenate([c.pair_a[sel], c.pair_b[sel]])}
    return [s for s in selected if s not in paired]


def domains_over_time(c: Corpus, mask: np.ndarray) -> pd.DataFrame:
    """Long (year, domain, events) counts of dated filtered events."""
    sel = mask & (c.event_year >= 0)
    years = c.event_year[sel]
    if not len(years) or not len(c.domains):
        return pd.DataFrame(columns=["year", "domain", "events"])
    lo = int(years.min())
    span = int(years.max()) - lo + 1
    dm = c.domain_matrix[sel]
    rows = [
        pd.DataFrame(
            {
                "year": np.arange(lo, lo + span),
                "domain": domain,
                "events": np.bincount(years - lo, weights=dm[:, j], minlength=span).astype(
                    np.int64
                ),
            }
        )
        for j, domain in enumerate(c.domains)
    ]
    frame = pd.concat(rows, ignore_index=True)
    return frame[frame["events"] > 0].reset_index(drop=True)


def selection_mask(
    c: Corpus,
    mask: np.ndarray,
    *,
    countries: list[str] | None = None,
    domains: list[str] | None = None,
    years: list[int] | None = None,
) -> np.ndarray:
    """Narrow a mask to a chart selection (heatmap cell, bar): the excerpts behind it."""
    out = mask.copy()
    if countries:
        codes = [c.countries.index(x) for x in countries if x in c.countries]
        hit = np.zeros(c.n_events, dtype=bool)
        hit[c.ec_row[np.isin(c.ec_code, codes)]] = True
        out &= hit
    if domains:
        cols = [c.domains.index(d) for d in domains if d in c.domains]
        out &= c.domain_matrix[:, cols].any(axis=1) if cols else False
    if years:
        out &= np.isin(c.event_year, [int(y) for y in years])
    return out


def compare_counts(
    c: Corpus, mask: np.ndarray, countries: tuple[str, str]
) -> dict[str, pd.DataFrame]:
    """Side-by-side counts for two countries: partners, domains, types, years (long form)."""
    parts: dict[str, list[pd.DataFrame]] = {"partners": [], "domains": [], "types": [], "years": []}
    for iso in countries:
        m = selection_mask(c, mask, countries=[iso])
        totals = _country_totals(c, m)
        keep = [i for i in np.flatnonzero(totals) if c.countries[i] != iso]
        parts["partners"].append(
            pd.DataFrame(
                {
                    "iso2": [c.countries[i] for i in keep],
                    "key": [country_name(c.countries[i]) for i in keep],
                    "events": totals[keep],
                    "focus": iso,
                }
            )
        )
        parts["domains"].append(
            pd.DataFrame({"key": c.domains, "events": c.domain_matrix[m].sum(axis=0), "focus": iso})
        )
        tcounts = np.bincount(c.type_code[m][c.type_code[m] >= 0], minlength=len(c.types))
        parts["types"].append(pd.DataFrame({"key": c.types, "events": tcounts, "focus": iso}))
        yrs = events_over_time(c, m).rename(columns={"year": "key"})
        parts["years"].append(yrs.assign(focus=iso))
    out = {}
    for name, frames in parts.items():
        frame = pd.concat(frames, ignore_index=True)
        out[name] = frame[frame["events"] > 0].reset_index(drop=True)
    return out
