"""The tables as the dashboard holds them: loaded once, indexed once, shared read-only.

Every filter and aggregate of `core.dashboard.query` runs on the integer indexes built here
(event x country, event x domain, event x actor, dyads), so a rerun is a few numpy
passes over 100k rows and never a Python loop per row. `load_corpus` is pure and
tested; `core.dashboard.state` wraps it in `st.cache_resource` keyed by the tables'
mtimes, so a rebuild is picked up without restart and no rerun pays for a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core.build.generations import current_dir
from core.build.pipeline import read_stamp
from core.build.schema import EVENT_STATUSES, EVENT_TYPES, TABLES
from core.build.store import read_tables
from core.text.url import http_url


def bounded_memo(
    extras: dict[str, Any], key: tuple, compute: Callable[[], Any], *, size: int
) -> Any:
    """`compute()` remembered under `key` in `extras["memo"]`; sessions share a corpus, so
    past `size` results the oldest quarter is forgotten."""
    store = extras.setdefault("memo", {})
    try:
        return store[key]
    except KeyError:
        pass
    value = compute()
    if len(store) >= size:
        for old in list(store)[: size // 4]:
            store.pop(old, None)
    store[key] = value
    return value


def corrections_digest(frames: dict[str, pd.DataFrame]) -> str:
    """What analysts changed in these tables (corrected fields per row, and how many
    events are left after rejections): part of a link's `v`, so a link opened after a
    correction or an undo says the figures moved. Read from the tables themselves, so it
    always describes the generation being shown."""
    digest = hashlib.sha256()
    for name in ("events", "actors", "quotes"):
        frame = frames.get(name)
        if frame is None or "corrected" not in frame.columns:
            continue
        digest.update(f"{name}:{len(frame)}".encode())
        for position, fields in enumerate(frame["corrected"].tolist()):
            if fields is not None and len(fields):
                digest.update(f"{position}={','.join(map(str, fields))};".encode())
    return digest.hexdigest()[:12]


def corpus_version(article_ids: Iterable[str], pipeline: str = "") -> str:
    """Short hash of the sorted article ids and the version of the extractor that built
    the tables (the `v` of a link): a link opened after either changed says so."""
    digest = hashlib.sha256()
    for article_id in sorted(str(a) for a in article_ids):
        digest.update(article_id.encode())
        digest.update(b"\n")
    digest.update(f"pipeline={pipeline}".encode())
    return digest.hexdigest()[:8]


def _explode(lists: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, value) pairs of a list column, duplicates within a row removed."""
    exploded = pd.Series(lists.to_numpy(), index=np.arange(len(lists))).explode().dropna()
    frame = pd.DataFrame({"row": exploded.index.to_numpy(), "value": exploded.to_numpy()})
    frame = frame.drop_duplicates()
    return frame["row"].to_numpy(np.int64), frame["value"].astype(str).to_numpy()


def _codes(values: np.ndarray, vocab: list[str]) -> np.ndarray:
    return (
        pd.Index(vocab, dtype=object).get_indexer(pd.Index(values, dtype=object)).astype(np.int64)
    )


def _date_bounds(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest day a YYYY / YYYY-MM / YYYY-MM-DD date can denote, as strings."""
    s = dates.astype("string")
    n = s.str.len()
    lo = s.where(n != 4, s + "-01-01").where(n != 7, s + "-01")
    hi = s.where(n != 4, s + "-12-31").where(n != 7, s + "-31")
    valid = n.isin([4, 7, 10]).fillna(False)
    lo = lo.where(valid)
    hi = hi.where(valid)
    return lo.fillna("").to_numpy(object), hi.fillna("").to_numpy(object)


@dataclass(frozen=True, eq=False)
class Corpus:
    """The contract tables plus integer indexes for fast filtering and counting."""

    articles: pd.DataFrame
    actors: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    quotes: pd.DataFrame
    countries: list[str]
    domains: list[str]
    outlets: list[str]
    types: list[str]
    statuses: list[str]
    version: str
    ec_row: np.ndarray  # event x country
    ec_code: np.ndarray
    ed_row: np.ndarray  # event x domain
    ed_code: np.ndarray
    ea_row: np.ndarray  # event x actor
    ea_actor: np.ndarray  # position in actors table (-1 unknown)
    pair_row: np.ndarray  # event x dyad (a < b, country codes)
    pair_a: np.ndarray
    pair_b: np.ndarray
    event_outlet: np.ndarray
    event_type: np.ndarray
    event_status: np.ndarray
    event_year: np.ndarray  # -1 when undated
    date_lo: np.ndarray
    date_hi: np.ndarray
    domain_matrix: np.ndarray  # n_events x n_domains, bool
    ecd_row: np.ndarray  # event x country x domain (for country-domain counts)
    ecd_key: np.ndarray  # country code * n_domains + domain code
    pd_row: np.ndarray  # event x dyad x domain
    pd_key: np.ndarray  # (a * n_countries + b) * n_domains + domain code
    type_code: np.ndarray  # position in `types`
    locations: list[str]  # distinct event locations
    location_code: np.ndarray  # position in `locations` (-1 none)
    url_ok: np.ndarray  # articles whose url is http(s) (safe to link)
    event_article: np.ndarray  # position in articles table (-1 unknown)
    event_outlet_code: np.ndarray  # position in `outlets` (-1 none)
    date_rank: np.ndarray  # rank of each event by earliest date (undated lowest)
    extras: dict = field(default_factory=dict)

    @property
    def n_events(self) -> int:
        return len(self.events)

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """Remember a derived result (keyed by the filters) for this corpus; small LRU."""
        return bounded_memo(self.extras, key, compute, size=64)


_CORE_TABLES = ("articles", "actors", "mentions", "events", "quotes")


def _event_links(events: pd.DataFrame, actors: pd.DataFrame) -> dict[str, Any]:
    """Event x country, x domain and x actor pairs, with the country and domain vocabularies."""
    ec_row, ec_val = _explode(events["countries"])
    ed_row, ed_val = _explode(events["domains"])
    ea_row, ea_val = _explode(events["actor_ids"])
    countries = sorted(pd.Series(ec_val).value_counts().index.tolist())
    domains = sorted(set(ed_val.tolist()))
    ed_code = _codes(ed_val, domains)
    domain_matrix = np.zeros((len(events), len(domains)), dtype=bool)
    domain_matrix[ed_row, ed_code] = True
    actor_pos = pd.Series(np.arange(len(actors)), index=actors["actor_id"].astype(str))
    actor_pos = actor_pos[~actor_pos.index.duplicated()]
    return {
        "countries": countries,
        "domains": domains,
        "ec_row": ec_row,
        "ec_code": _codes(ec_val, countries),
        "ed_row": ed_row,
        "ed_code": ed_code,
        "ea_row": ea_row,
        "ea_actor": actor_pos.reindex(ea_val).fillna(-1).to_numpy(np.int64),
        "domain_matrix": domain_matrix,
    }


def _pair_links(links: dict[str, Any]) -> dict[str, Any]:
    """Dyads (every unordered pair of distinct countries within an event), and the
    country x domain and dyad x domain keys the count tables group by."""
    ec = pd.DataFrame({"row": links["ec_row"], "code": links["ec_code"]})
    pairs = ec.merge(ec, on="row")
    pairs = pairs[pairs["code_x"] < pairs["code_y"]]
    nd = max(len(links["domains"]), 1)
    ncountries = max(len(links["countries"]), 1)
    ed = pd.DataFrame({"row": links["ed_row"], "d": links["ed_code"]})
    ecd = ec.merge(ed, on="row")
    pdd = pairs[["row", "code_x", "code_y"]].merge(ed, on="row")
    return {
        "pair_row": pairs["row"].to_numpy(np.int64),
        "pair_a": pairs["code_x"].to_numpy(np.int64),
        "pair_b": pairs["code_y"].to_numpy(np.int64),
        "ecd_row": ecd["row"].to_numpy(np.int64),
        "ecd_key": (ecd["code"] * nd + ecd["d"]).to_numpy(np.int64),
        "pd_row": pdd["row"].to_numpy(np.int64),
        "pd_key": ((pdd["code_x"] * ncountries + pdd["code_y"]) * nd + pdd["d"]).to_numpy(np.int64),
    }


def _article_links(events: pd.DataFrame, articles: pd.DataFrame) -> dict[str, Any]:
    """Each event's article position and outlet, and which article urls are linkable."""
    outlet_of = pd.Series(articles["outlet"].to_numpy(), index=articles["article_id"].to_numpy())
    outlet_of = outlet_of[~outlet_of.index.duplicated()]
    event_outlet = outlet_of.reindex(events["article_id"].to_numpy()).fillna("").to_numpy(object)
    outlets = sorted({str(o) for o in articles["outlet"].dropna() if str(o).strip()})
    art_pos = pd.Series(np.arange(len(articles)), index=articles["article_id"].to_numpy())
    art_pos = art_pos[~art_pos.index.duplicated()]
    url_ok = np.fromiter(
        (http_url(u) is not None for u in articles["url"]), dtype=bool, count=len(articles)
    )
    return {
        "outlets": outlets,
        "event_outlet": event_outlet,
        "event_outlet_code": _codes(event_outlet, outlets),
        "event_article": art_pos.reindex(events["article_id"].to_numpy())
        .fillna(-1)
        .to_numpy(np.int64),
        "url_ok": url_ok,
    }


def _event_fields(events: pd.DataFrame) -> dict[str, Any]:
    """Per-event dates, year, type, status and location as codes and arrays."""
    date_lo, date_hi = _date_bounds(events["date"])
    date_rank = np.empty(len(events), dtype=np.int64)
    date_rank[np.argsort(date_lo.astype(str), kind="stable")] = np.arange(len(events))
    year = pd.to_numeric(events["date"].astype("string").str.slice(0, 4), errors="coerce")
    event_type = events["type"].fillna("").astype(str).to_numpy(object)
    event_status = events["status"].fillna("").astype(str).to_numpy(object)
    types = list(EVENT_TYPES) + sorted(set(event_type) - set(EVENT_TYPES) - {""})
    statuses = list(EVENT_STATUSES) + sorted(set(event_status) - set(EVENT_STATUSES) - {""})
    location_values = events["location"].astype("string").str.strip()
    locations = sorted(set(location_values.dropna()) - {""})
    return {
        "types": types,
        "statuses": statuses,
        "event_type": event_type,
        "event_status": event_status,
        "type_code": _codes(event_type, types),
        "event_year": year.fillna(-1).astype(np.int64).to_numpy(),
        "date_lo": date_lo,
        "date_hi": date_hi,
        "date_rank": date_rank,
        "locations": locations,
        "location_code": _codes(location_values.fillna("").to_numpy(object), locations),
    }


def build_corpus(frames: dict[str, pd.DataFrame], pipeline: str = "") -> Corpus:
    """Index the tables (pure: the same frames always give the same corpus)."""
    articles = frames["articles"].reset_index(drop=True)
    actors = frames["actors"].reset_index(drop=True)
    events = frames["events"].reset_index(drop=True)
    links = _event_links(events, actors)
    return Corpus(
        articles=articles,
        actors=actors,
        mentions=frames["mentions"].reset_index(drop=True),
        events=events,
        quotes=frames["quotes"].reset_index(drop=True),
        version=corpus_version(
            articles["article_id"].astype(str), f"{pipeline}|{corrections_digest(frames)}"
        ),
        **links,
        **_pair_links(links),
        **_article_links(events, articles),
        **_event_fields(events),
        extras={"tables": {k: v for k, v in frames.items() if k not in _CORE_TABLES}},
    )


def load_corpus(tables_dir: Path) -> Corpus:
    """Read the Parquet tables and index them; the tables and the build stamp come from the
    same generation (resolved once)."""
    folder = current_dir(Path(tables_dir))
    stamp = read_stamp(folder)
    return build_corpus(read_tables(folder), str(stamp.get("pipeline_version", "")))


def tables_stamp(tables_dir: Path) -> tuple[tuple[str, float, int], ...]:
    """(name, mtime, size) of each table file: the cache key that notices a rebuild."""
    stamp = []
    for name in TABLES:
        path = Path(tables_dir) / f"{name}.parquet"
        try:
            st_ = path.stat()
            stamp.append((name, st_.st_mtime, st_.st_size))
        except OSError:
            stamp.append((name, 0.0, 0))
    return tuple(stamp)
