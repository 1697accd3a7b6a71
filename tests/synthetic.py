"""Synthetic contract tables for tests and the dashboard scale benchmark.

Load only, never quality evidence: the rows are shaped like the pipeline's output
(same schema, realistic value distributions, excerpts that really are substrings of
the article text at their offsets) so the dashboard can be exercised at any size
without running spaCy. Built with numpy; 100k events take a couple of seconds.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from core.build.schema import DOMAINS, EVENT_STATUSES, EVENT_TYPES

# ISO2 -> (name, capital as spelled in data/geo populated places, weight)
_COUNTRIES: dict[str, tuple[str, str, float]] = {
    "DZ": ("Algérie", "Algiers", 30.0),
    "US": ("États-Unis", "Washington,  D.C.", 18.0),
    "RU": ("Russie", "Moscow", 16.0),
    "MA": ("Maroc", "Rabat", 12.0),
    "FR": ("France", "Paris", 8.0),
    "CN": ("Chine", "Beijing", 6.0),
    "TN": ("Tunisie", "Tunis", 3.0),
    "LY": ("Libye", "Tripoli", 3.0),
    "ML": ("Mali", "Bamako", 3.0),
    "NE": ("Niger", "Niamey", 2.0),
    "EG": ("Égypte", "Cairo", 2.0),
    "TR": ("Turquie", "Ankara", 2.0),
    "IT": ("Italie", "Rome", 2.0),
    "ES": ("Espagne", "Madrid", 2.0),
    "DE": ("Allemagne", "Berlin", 1.5),
    "GB": ("Royaume-Uni", "London", 1.5),
    "IN": ("Inde", "New Delhi", 1.0),
    "IR": ("Iran", "Tehran", 1.0),
    "SA": ("Arabie saoudite", "Riyadh", 1.0),
    "AE": ("Émirats arabes unis", "Abu Dhabi", 1.0),
    "QA": ("Qatar", "Doha", 1.0),
    "MR": ("Mauritanie", "Nouakchott", 1.0),
    "NG": ("Nigeria", "Abuja", 0.8),
    "ZA": ("Afrique du Sud", "Pretoria", 0.6),
    "BR": ("Brésil", "Brasília", 0.5),
    "UA": ("Ukraine", "Kyiv", 0.5),
    "IL": ("Israël", "Jerusalem", 0.5),
}

_TYPE_WEIGHTS = np.array([18, 16, 14, 10, 12, 8, 16, 6], dtype=float)
_STATUS_WEIGHTS = np.array([70, 15, 12, 3], dtype=float)
_VERBS = {
    "visit": "s'est rendu en visite officielle auprès de",
    "meeting": "a rencontré les responsables de",
    "agreement": "a signé un accord avec",
    "dialogue": "a tenu un dialogue stratégique avec",
    "procurement": "a commandé des équipements à",
    "exercise": "a mené un exercice conjoint avec",
    "statement": "a salué le partenariat avec",
    "other": "a évoqué la coopération avec",
}
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_FIRST = (
    "Saïd",
    "Lloyd",
    "Dmitri",
    "Nasser",
    "Michael",
    "Karim",
    "Anna",
    "Youssef",
    "Jean",
    "Li",
    "Omar",
    "Elena",
    "Abdelaziz",
    "Mark",
    "Fatima",
    "Ivan",
)
_LAST = (
    "Haddad",
    "Austin",
    "Choïgou",
    "Bourita",
    "Okafor",
    "Benali",
    "Ivanova",
    "Haddad",
    "Martin",
    "Wei",
    "Tazi",
    "Petrova",
    "Djerad",
    "Milley",
    "Zerhouni",
    "Orlov",
)
_ROLES = (
    "ministre de la Défense",
    "chef d'état-major",
    "ambassadeur",
    "général",
    "secrétaire d'État",
    "conseiller à la sécurité",
    None,
)
_ORGS = (
    "ministère de la Défense",
    "état-major",
    "armée de l'air",
    "marine nationale",
    "service de renseignement",
    "agence spatiale",
)
_OUTLETS = (
    "Algérie360",
    "TSA",
    "APS",
    "AFP",
    "Le Monde",
    "TV5Monde",
    "Jeune Afrique",
    "Reuters",
    "Just Info DZ",
    "El Watan",
    "Hespress",
    "RFI",
    "Sputnik",
    "Al-Monitor",
)


def _hex_ids(prefix: str, n: int, seed: int) -> list[str]:
    """Stable pseudo-hash ids (hex), distinct per seed."""
    return [
        hashlib.blake2b(f"{prefix}{seed}:{i}".encode(), digest_size=8).hexdigest() for i in range(n)
    ]


def _pick(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def synthetic_tables(
    n_events: int, n_articles: int, n_actors: int, seed: int = 0
) -> dict[str, pd.DataFrame]:
    """The five contract tables, filled with plausible synthetic rows."""
    rng = np.random.default_rng(seed)
    n_articles = max(1, n_articles)
    codes = np.array(list(_COUNTRIES))
    names = np.array([v[0] for v in _COUNTRIES.values()])
    capitals = np.array([v[1] for v in _COUNTRIES.values()])
    cweights = np.array([v[2] for v in _COUNTRIES.values()])

    # ---- actors: one per country first, then people and organisations
    n_country_actors = min(len(codes), n_actors)
    n_other = max(0, n_actors - n_country_actors)
    other_country = codes[_pick(rng, n_other, cweights)]
    is_person = rng.random(n_other) < 0.7
    first = np.array(_FIRST)[rng.integers(len(_FIRST), size=n_other)]
    last = np.array(_LAST)[rng.integers(len(_LAST), size=n_other)]
    org = np.array(_ORGS)[rng.integers(len(_ORGS), size=n_other)]
    serial = np.arange(n_other)
    other_names = [
        f"{f} {la}-{s}" if p else f"{o} ({c}) {s}"
        for f, la, o, c, s, p in zip(
            first, last, org, other_country, serial, is_person, strict=True
        )
    ]
    roles = np.array(_ROLES, dtype=object)[rng.integers(len(_ROLES), size=n_other)]
    actors = pd.DataFrame(
        {
            "actor_id": [f"country:{c}" for c in codes[:n_country_actors]]
            + [f"a{seed}_{i}" for i in range(n_other)],
            "name": list(names[:n_country_actors]) + other_names,
            "kind": ["country"] * n_country_actors
            + ["person" if p else "organization" for p in is_person],
            "country": list(codes[:n_country_actors]) + list(other_country),
            "role": [None] * n_country_actors
            + [r if p else None for r, p in zip(roles, is_person, strict=True)],
            "aliases": [[str(n).upper()] for n in names[:n_country_actors]]
            + [[n.split(" ")[-1]] for n in other_names],
        }
    )

    # ---- events
    n = n_events
    k = rng.choice([1, 2, 3], size=n, p=[0.15, 0.6, 0.25])
    draws = _pick(rng, n * 3, cweights).reshape(n, 3)
    countries = []
    for row, kk in zip(draws, k, strict=True):
        seen = list(dict.fromkeys(codes[row[:kk]].tolist()))
        countries.append(seen)
    first_c = np.array([c[0] for c in countries])
    second_c = np.array([c[1] if len(c) > 1 else None for c in countries], dtype=object)
    code_pos = {c: i for i, c in enumerate(codes)}
    first_pos = np.array([code_pos[c] for c in first_c], dtype=int) if n else np.array([], int)

    n_dom = rng.choice([1, 2], size=n, p=[0.7, 0.3])
    d1 = rng.integers(len(DOMAINS), size=n)
    d2 = (d1 + rng.integers(1, len(DOMAINS), size=n)) % len(DOMAINS)
    dom_arr = np.array(DOMAINS)
    domains = [
        [dom_arr[a]] if m == 1 else [dom_arr[a], dom_arr[b]]
        for a, b, m in zip(d1, d2, n_dom, strict=True)
    ]
    types = np.array(EVENT_TYPES[: len(_TYPE_WEIGHTS)])[_pick(rng, n, _TYPE_WEIGHTS)]
    statuses = np.array(EVENT_STATUSES)[_pick(rng, n, _STATUS_WEIGHTS)]

    years = np.clip(2025 - rng.exponential(5.0, size=n).astype(int), 2000, 2025)
    months = rng.integers(1, 13, size=n)
    days = rng.integers(1, 29, size=n)
    precision = np.array(["day", "month", "year"])[_pick(rng, n, np.array([5.0, 3.0, 2.0]))]
    has_date = rng.random(n) > 0.05
    dates: list[str | None] = []
    date_texts: list[str | None] = []
    for y, m, d, p, h in zip(years, months, days, precision, has_date, strict=True):
        if not h:
            dates.append(None)
            date_texts.append(None)
        elif p == "day":
            dates.append(f"{y:04d}-{m:02d}-{d:02d}")
            date_texts.append(f"le {d} {_MONTHS[m - 1]} {y}")
        elif p == "month":
            dates.append(f"{y:04d}-{m:02d}")
            date_texts.append(f"en {_MONTHS[m - 1]} {y}")
        else:
            dates.append(f"{y:04d}")
            date_texts.append(f"en {y}")
    date_precision = np.where(has_date, precision, None)

    # actors per event: the country actor of the first country, plus maybe a person
    actor_ids_all = actors["actor_id"].to_numpy()
    actor_names_all = actors["name"].to_numpy()
    extra = rng.integers(n_country_actors, max(n_actors, n_country_actors + 1), size=n)
    has_extra = (rng.random(n) < 0.6) & (n_actors > n_country_actors)
    lead_actor = np.where(has_extra, extra, np.minimum(first_pos, max(n_country_actors - 1, 0)))
    actor_ids = (
        [
            [actor_ids_all[a]]
            + ([f"country:{c}"] if h and f"country:{c}" != actor_ids_all[a] else [])
            for a, h, c in zip(lead_actor, has_extra, first_c, strict=True)
        ]
        if n_actors
        else [[] for _ in range(n)]
    )

    has_loc = rng.random(n) < 0.5
    loc_pos = np.where(rng.random(n) < 0.5, first_pos, first_pos)
    locations = np.where(has_loc, capitals[loc_pos], None)

    partner_names = [names[code_pos[s]] if s is not None else "ses partenaires" for s in second_c]
    lead_names = actor_names_all[lead_actor] if n_actors else np.array(["Le gouvernement"] * n)
    sentences = [
        f"{ln} {_VERBS[t]} {pn} dans le domaine {dm[0].replace('_', ' ')}"
        + (f", {dt}" if dt else "")
        + (f", à {lo}" if lo else "")
        + "."
        for ln, t, pn, dm, dt, lo in zip(
            lead_names, types, partner_names, domains, date_texts, locations, strict=True
        )
    ]
    has_quote = rng.random(n) < 0.1
    quote_texts = [
        f"« Notre coopération avec {pn} est stratégique »" if q else ""
        for pn, q in zip(partner_names, has_quote, strict=True)
    ]

    # ---- place events in articles; offsets by cumulative lengths per article
    art_of_event = np.sort(rng.integers(n_articles, size=n))
    seg = [
        s + (" " + q + ", a déclaré un responsable." if q else "")
        for s, q in zip(sentences, quote_texts, strict=True)
    ]
    title_prefix = [f"Coopération de défense n°{i}" for i in range(n_articles)]
    header_len = np.array([len(t) + 2 for t in title_prefix], dtype=np.int64)
    seg_len = np.fromiter((len(s) + 1 for s in seg), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    if n:
        cum = np.cumsum(seg_len)
        first_idx = np.searchsorted(art_of_event, art_of_event, side="left")
        before = np.where(first_idx > 0, cum[first_idx - 1], 0)
        starts = header_len[art_of_event] + (cum - seg_len) - before
    sent_len = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=n)
    ends = starts + sent_len
    sentence_no = np.arange(n) - (np.searchsorted(art_of_event, art_of_event) if n else 0) + 1

    bounds = np.searchsorted(art_of_event, np.arange(n_articles + 1))
    texts = [
        title_prefix[i]
        + "\n\n"
        + " ".join(seg[bounds[i] : bounds[i + 1]])
        + (" " if bounds[i + 1] > bounds[i] else "")
        + "Fin de l'article."
        for i in range(n_articles)
    ]
    article_ids = _hex_ids("art", n_articles, seed)
    outlets = np.array(_OUTLETS)[_pick(rng, n_articles, np.linspace(3, 1, len(_OUTLETS)))]
    pub_year = np.clip(2025 - rng.exponential(4.0, size=n_articles).astype(int), 2000, 2025)
    pub_month = rng.integers(1, 13, size=n_articles)
    pub_day = rng.integers(1, 29, size=n_articles)
    pub_prec = np.array(["day", "month", "year"])[_pick(rng, n_articles, np.array([6.0, 3.0, 1.0]))]
    published = [
        f"{y:04d}-{m:02d}-{d:02d}"
        if p == "day"
        else f"{y:04d}-{m:02d}"
        if p == "month"
        else f"{y:04d}"
        for y, m, d, p in zip(pub_year, pub_month, pub_day, pub_prec, strict=True)
    ]
    has_url = rng.random(n_articles) < 0.7
    articles = pd.DataFrame(
        {
            "article_id": article_ids,
            "file": [f"{i:06d}_{a}.txt" for i, a in enumerate(article_ids)],
            "title": title_prefix,
            "outlet": outlets,
            "url": [
                f"https://news.example.org/{a}" if h else None
                for a, h in zip(article_ids, has_url, strict=True)
            ],
            "language": np.where(rng.random(n_articles) < 0.85, "fr", "en"),
            "published": published,
            "published_precision": pub_prec,
            "n_chars": np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_articles),
            "text": texts,
        }
    )

    # clusters: ~20% of events share a cluster with the previous one
    joins = rng.random(n) < 0.2
    joins[:1] = False
    cluster_no = np.cumsum(~joins) - 1
    cluster_size = np.bincount(cluster_no)[cluster_no] if n else np.array([], int)
    art_id_arr = np.array(article_ids)
    events = pd.DataFrame(
        {
            "event_id": [f"e{seed}_{i}" for i in range(n)],
            "article_id": art_id_arr[art_of_event] if n else [],
            "sentence": sentence_no,
            "start": starts,
            "end": ends,
            "excerpt": sentences,
            "type": types,
            "countries": countries,
            "actor_country": first_c,
            "target_country": second_c,
            "actor_ids": actor_ids,
            "domains": domains,
            "location": locations,
            "status": statuses,
            "date": dates,
            "date_precision": date_precision,
            "date_text": date_texts,
            "confidence": np.round(rng.uniform(0.3, 1.0, size=n), 3),
            "cues": [[d.split("_")[0], t] for d, t in zip(dom_arr[d1], types, strict=True)],
            "cluster_id": [f"k{seed}_{c}" for c in cluster_no],
            "n_sources": cluster_size.astype(np.int64),
        }
    )

    # mentions: the lead actor's name at the start of each event sentence
    lead_ids = actor_ids_all[lead_actor] if n_actors else np.array([None] * n)
    lead_kind = actors["kind"].to_numpy()[lead_actor] if n_actors else np.array(["country"] * n)
    mentions = pd.DataFrame(
        {
            "article_id": events["article_id"],
            "sentence": sentence_no,
            "start": starts,
            "end": starts + np.fromiter((len(x) for x in lead_names), dtype=np.int64, count=n),
            "text": lead_names,
            "label": np.select(
                [lead_kind == "person", lead_kind == "organization"], ["PER", "ORG"], "LOC"
            ),
            "actor_id": lead_ids,
        }
    )

    # quotes: located after the sentence and its following space
    q_idx = np.flatnonzero(has_quote)
    q_start = ends[q_idx] + 1
    quotes = pd.DataFrame(
        {
            "article_id": events["article_id"].to_numpy()[q_idx],
            "actor_id": lead_ids[q_idx],
            "text": [quote_texts[i] for i in q_idx],
            "start": q_start,
            "end": q_start
            + np.fromiter((len(quote_texts[i]) for i in q_idx), dtype=np.int64, count=len(q_idx)),
        }
    )

    counts = mentions.groupby("actor_id").agg(
        n_mentions=("article_id", "size"), n_articles=("article_id", "nunique")
    )
    actors["n_mentions"] = actors["actor_id"].map(counts["n_mentions"]).fillna(0).astype(np.int64)
    actors["n_articles"] = actors["actor_id"].map(counts["n_articles"]).fillna(0).astype(np.int64)
    # one mention sentence per event: the event's own sentence
    event_mentions = events[
        ["event_id", "article_id", "sentence", "start", "end", "excerpt", "cues"]
    ]
    return {
        "articles": articles,
        "actors": actors,
        "mentions": mentions,
        "events": events,
        "event_mentions": event_mentions.reset_index(drop=True),
        "quotes": quotes,
    }
