"""Query functions against counts computed independently with plain pandas."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pandas as pd
import pytest

from core.dashboard import query as q
from core.dashboard import rows
from core.dashboard.corpus import build_corpus
from core.dashboard.filters import Filters
from tests.synthetic import synthetic_tables


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return synthetic_tables(n_events=1500, n_articles=200, n_actors=150, seed=3)


@pytest.fixture(scope="module")
def corpus(frames):
    return build_corpus(frames)


def expected_mask(events: pd.DataFrame, articles: pd.DataFrame, f: Filters) -> np.ndarray:
    outlet = events["article_id"].map(articles.set_index("article_id")["outlet"])
    keep = []
    for i, ev in events.iterrows():
        cs, ds = set(ev["countries"]), set(ev["domains"])
        ok = True
        if f.countries:
            ok &= set(f.countries) <= cs if f.mode == "all" else bool(cs & set(f.countries))
        if f.domains:
            ok &= bool(ds & set(f.domains))
        if f.types:
            ok &= ev["type"] in f.types
        if f.statuses:
            ok &= ev["status"] in f.statuses
        if f.outlets:
            ok &= outlet[i] in f.outlets
        d = ev["date"]
        if f.date_from or f.date_to:
            if not isinstance(d, str):
                ok = False
            else:
                lo = d + "-01-01"[len(d) - 4 :] if len(d) < 10 else d
                hi = d + "-12-31"[len(d) - 4 :] if len(d) < 10 else d
                if len(d) == 7:
                    lo, hi = d + "-01", d + "-31"
                if f.date_from:
                    ok &= hi >= f.date_from.isoformat()
                if f.date_to:
                    ok &= lo <= f.date_to.isoformat()
        keep.append(ok)
    return np.array(keep)


CASES = [
    Filters(),
    Filters(countries=("RU",)),
    Filters(countries=("DZ", "US"), mode="all"),
    Filters(countries=("DZ", "MA"), mode="any"),
    Filters(domains=("arms_procurement", "tourism")),
    Filters(types=("visit",), statuses=("planned",)),
    Filters(outlets=("AFP",)),
    Filters(date_from=date(2023, 3, 15), date_to=date(2024, 6, 30)),
    Filters(countries=("RU",), domains=("joint_exercises",), date_from=date(2020, 1, 1)),
]


@pytest.mark.parametrize("f", CASES)
def test_event_mask_matches_plain_pandas(corpus, frames, f) -> None:
    assert (q.event_mask(corpus, f) == expected_mask(frames["events"], frames["articles"], f)).all()


def test_unknown_country_all_mode_matches_nothing(corpus) -> None:
    assert not q.event_mask(corpus, Filters(countries=("RU", "ZZ"), mode="all")).any()


def test_country_counts_and_dyads(corpus, frames) -> None:
    f = Filters(countries=("RU",))
    mask = q.event_mask(corpus, f)
    sub = frames["events"][mask]
    expected = Counter(c for cs in sub["countries"] for c in cs)
    got = q.country_counts(corpus, mask).set_index("iso2")["events"].to_dict()
    assert got == dict(expected)
    pairs = Counter(
        tuple(sorted((a, b))) for cs in sub["countries"] for a in cs for b in cs if a < b
    )
    d = q.dyads(corpus, mask)
    assert {(a, b): n for a, b, n in zip(d["a"], d["b"], d["events"], strict=True)} == dict(pairs)
    top = d.iloc[0]
    dom = Counter(
        x
        for cs, ds in zip(sub["countries"], sub["domains"], strict=True)
        if top["a"] in cs and top["b"] in cs
        for x in ds
    )
    assert dom[top["dominant_domain"]] == max(dom.values())


def test_partner_domain_and_over_time(corpus, frames) -> None:
    mask = q.event_mask(corpus, Filters(countries=("DZ",)))
    sub = frames["events"][mask]
    cells = q.partner_domain(corpus, mask, exclude=("DZ",))
    assert "DZ" not in set(cells["iso2"])
    expected = Counter(
        (c, d)
        for cs, ds in zip(sub["countries"], sub["domains"], strict=True)
        for c in cs
        for d in ds
        if c != "DZ"
    )
    got = {
        (i, d): n for i, d, n in zip(cells["iso2"], cells["domain"], cells["events"], strict=True)
    }
    assert got == dict(expected)
    over = q.domains_over_time(corpus, mask)
    expected_t = Counter(
        (int(dt[:4]), d)
        for dt, ds in zip(sub["date"], sub["domains"], strict=True)
        if isinstance(dt, str)
        for d in ds
    )
    got_t = {
        (y, d): n for y, d, n in zip(over["year"], over["domain"], over["events"], strict=True)
    }
    assert got_t == dict(expected_t)


def test_selection_and_search(corpus, frames) -> None:
    mask = q.event_mask(corpus, Filters())
    sel = q.selection_mask(corpus, mask, countries=["MA"], domains=["tourism"], years=[2024])
    ev = frames["events"]
    exp = [
        ("MA" in cs) and ("tourism" in ds) and isinstance(d, str) and d.startswith("2024")
        for cs, ds, d in zip(ev["countries"], ev["domains"], ev["date"], strict=True)
    ]
    assert (sel == np.array(exp)).all()
    found = rows.search_events(corpus, mask, "MAROC")
    assert found.sum() == ev["excerpt"].str.contains("maroc", case=False).sum()


def test_headline_actor_stats_compare(corpus, frames) -> None:
    mask = q.event_mask(corpus, Filters(countries=("US",)))
    sub = frames["events"][mask]
    h = q.headline(corpus, mask)
    assert h["events"] == len(sub)
    assert h["articles"] == sub["article_id"].nunique()
    stats = rows.actor_stats(corpus, mask, kinds=("person", "organization", "country"))
    expected = Counter(a for ids in sub["actor_ids"] for a in ids)
    assert stats.set_index("actor_id")["events"].to_dict() == dict(expected)
    cmp = q.compare_counts(corpus, q.event_mask(corpus, Filters()), ("DZ", "MA"))
    ev = frames["events"]
    dz_types = Counter(t for t, cs in zip(ev["type"], ev["countries"], strict=True) if "DZ" in cs)
    got = cmp["types"][cmp["types"]["focus"] == "DZ"].set_index("key")["events"].to_dict()
    assert got == dict(dz_types)


def test_events_view_newest_first_and_empty(corpus) -> None:
    view = rows.events_view(corpus, q.event_mask(corpus, Filters()), limit=50)
    dates = [d for d in view["date"] if isinstance(d, str)]
    assert dates == sorted(dates, reverse=True) or len(dates) < 2 or dates[0] >= dates[-1]
    none = np.zeros(corpus.n_events, dtype=bool)
    assert rows.events_view(corpus, none).empty
    assert q.country_counts(corpus, none).empty and q.dyads(corpus, none).empty
    assert q.partner_domain(corpus, none).empty and q.domains_over_time(corpus, none).empty


def test_empty_corpus() -> None:
    c = build_corpus(synthetic_tables(0, 1, 0))
    mask = q.event_mask(c, Filters(countries=("RU",)))
    assert mask.shape == (0,)
    assert q.headline(c, mask)["events"] == 0


def test_two_selected_countries_are_each_others_partners() -> None:
    """DZ and RU selected: DZ-RU events put RU among DZ's partners (and DZ among RU's)."""
    from core.dashboard.corpus import build_corpus
    from core.dashboard.filters import Filters

    frames = synthetic_tables(0, 1, 0)
    base = frames["events"].iloc[0:0]
    rows = [
        {"event_id": "e1", "article_id": frames["articles"]["article_id"].iloc[0],
         "countries": ["DZ", "RU"], "domains": ["arms_procurement"]},
        {"event_id": "e2", "article_id": frames["articles"]["article_id"].iloc[0],
         "countries": ["DZ", "US"], "domains": ["counter_terrorism"]},
    ]  # fmt: skip
    frames["events"] = pd.concat([base, pd.DataFrame(rows)], ignore_index=True)
    corpus = build_corpus(frames)
    selected = ("DZ", "RU")
    mask = q.event_mask(corpus, Filters(countries=selected))
    cells = q.partner_domain(corpus, mask, exclude=selected)
    assert set(cells["iso2"]) == {"DZ", "RU", "US"}
    alone = q.partner_domain(corpus, q.event_mask(corpus, Filters(countries=("DZ",))), ("DZ",))
    assert set(alone["iso2"]) == {"RU", "US"}


def test_dyad_tone_is_the_mean_of_its_events() -> None:
    from core.dashboard.corpus import build_corpus

    frames = synthetic_tables(0, 1, 0)
    article = frames["articles"]["article_id"].iloc[0]
    rows = [
        {"event_id": "e1", "article_id": article, "countries": ["DZ", "RU"], "tone": 8.0},
        {"event_id": "e2", "article_id": article, "countries": ["DZ", "RU"], "tone": -5.0},
        {"event_id": "e3", "article_id": article, "countries": ["DZ", "US"], "tone": 2.5},
    ]
    frames["events"] = pd.concat([frames["events"].iloc[0:0], pd.DataFrame(rows)])
    corpus = build_corpus(frames)
    pairs = q.dyads(corpus, np.ones(corpus.n_events, dtype=bool)).set_index(["a", "b"])
    assert pairs.at[("DZ", "RU"), "tone"] == 1.5
    assert pairs.at[("DZ", "US"), "tone"] == 2.5
