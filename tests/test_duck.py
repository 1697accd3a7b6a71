"""The DuckDB backend gives the in-memory backend's answers, every page renders on it, and
link values reach DuckDB as parameters (a quote or a SQL keyword is just a value)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.build.store import write_tables
from core.dashboard import views
from core.dashboard.backend import load_tables
from core.dashboard.corpus import Corpus, load_corpus
from core.dashboard.duck_corpus import DuckCorpus
from core.dashboard.duck_load import load_duck
from core.dashboard.filters import Filters
from tests.synthetic import synthetic_tables

FILTERS = [
    Filters(),
    Filters(countries=("DZ", "US"), mode="all"),
    Filters(countries=("RU", "MA"), domains=("arms_procurement", "joint_exercises")),
    Filters(outlets=("TSA",)),
    Filters(types=("visit",), statuses=("reported",), date_to=date(2020, 5, 1)),
    Filters(date_from=date(2019, 3, 1), date_to=date(2023, 6, 30)),
]
AGGREGATES = [
    "events_over_time",
    "country_counts",
    "dyads",
    "location_counts",
    "directed_pairs",
    "timeline_rows",
    "domains_over_time",
    "actor_stats",
]
UNORDERED = {"timeline_rows", "location_counts"}  # ties in any order, the same rows


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, DuckCorpus]:
    """The same tables (partitioned: 3 parts) on both backends."""
    root = tmp_path_factory.mktemp("duck")
    mp = pytest.MonkeyPatch()
    mp.setenv("ENTENTE_PARTITION_ROWS", "1500")
    write_tables(root, synthetic_tables(n_events=4000, n_articles=250, n_actors=150, seed=4))
    mp.undo()
    assert (root / "events.parquet").is_dir()
    return load_corpus(root), load_duck(root)


def _same(a: pd.DataFrame, b: pd.DataFrame, unordered: bool = False) -> None:
    if unordered:
        a = a.sort_values(list(a.columns)).reset_index(drop=True)
        b = b.sort_values(list(b.columns)).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False
    )


def test_vocabularies_and_version_agree(both: tuple[Corpus, DuckCorpus]) -> None:
    memory, duck = both
    for name in ("countries", "domains", "outlets", "types", "statuses", "version"):
        assert getattr(memory, name) == getattr(duck, name), name
    assert views.tables_notice(memory) == views.tables_notice(duck)


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_same_answers_on_both_backends(both: tuple[Corpus, DuckCorpus], f: Filters) -> None:
    memory, duck = both
    mm, dm = views.event_mask(memory, f), views.event_mask(duck, f)
    assert isinstance(mm, np.ndarray) and not isinstance(dm, np.ndarray)
    assert views.n_events(memory, mm) == views.n_events(duck, dm) > 0
    assert views.n_undated(memory, mm) == views.n_undated(duck, dm)
    assert views.headline(memory, mm) == views.headline(duck, dm)
    for name in AGGREGATES:
        fn = getattr(views, name)
        _same(fn(memory, mm), fn(duck, dm), unordered=name in UNORDERED)
    _same(
        views.partner_domain(memory, mm, f.countries), views.partner_domain(duck, dm, f.countries)
    )
    _same(views.events_view(memory, mm, 40), views.events_view(duck, dm, 40))
    pair = ("DZ", "MA")
    for key, frame in views.compare_counts(memory, mm, pair).items():
        _same(frame, views.compare_counts(duck, dm, pair)[key])
    am, ad = views.article_mask(memory, mm, f), views.article_mask(duck, dm, f)
    assert views.n_articles(memory, am) == views.n_articles(duck, ad)
    _same(views.articles_view(memory, am, 30), views.articles_view(duck, ad, 30))


def test_narrowing_search_and_actor_agree(both: tuple[Corpus, DuckCorpus]) -> None:
    memory, duck = both
    mm, dm = views.event_mask(memory, Filters()), views.event_mask(duck, Filters())
    picks = [{"countries": ["DZ"], "domains": ["arms_procurement"]}, {"years": [2024]}]
    parts_m = [views.narrow(memory, mm, **p) for p in picks]  # type: ignore[arg-type]
    parts_d = [views.narrow(duck, dm, **p) for p in picks]  # type: ignore[arg-type]
    um, ud = views.any_of(memory, mm, parts_m), views.any_of(duck, dm, parts_d)
    assert views.n_events(memory, um) == views.n_events(duck, ud) > 0
    _same(views.events_view(memory, um, 25), views.events_view(duck, ud, 25))
    for words in ("Memorandum", "ACCORD", "défense", "zzz"):
        sm, sd = views.search_events(memory, mm, words), views.search_events(duck, dm, words)
        assert views.n_events(memory, sm) == views.n_events(duck, sd)
    actor = str(views.actor_stats(memory, mm)["actor_id"].iloc[0])
    _same(views.actor_events(memory, mm, actor), views.actor_events(duck, dm, actor))
    _same(views.actor_quotes(memory, actor), views.actor_quotes(duck, actor))


def test_event_and_article_rows_agree(both: tuple[Corpus, DuckCorpus]) -> None:
    memory, duck = both
    event = memory.events.iloc[17]
    row = views.event_row(duck, str(event["event_id"]))
    assert row is not None and row["excerpt"] == event["excerpt"]
    small = views.detail_corpus(duck, str(event["event_id"]))
    assert str(event["article_id"]) in set(small.articles["article_id"])
    reader = views.reader_corpus(duck, str(event["article_id"]))
    assert len(reader.articles) == 1 and reader.articles["text"].iloc[0]
    mask = views.event_mask(memory, Filters())
    _same(
        views.article_events(memory, mask, str(event["article_id"])),
        views.article_events(duck, views.event_mask(duck, Filters()), str(event["article_id"])),
    )
    assert views.event_row(duck, "no such event") is None


@pytest.mark.parametrize("hostile", ["RU' OR 1=1 --", "x); DROP TABLE ev; --", "%", "?"])
def test_link_values_are_parameters(both: tuple[Corpus, DuckCorpus], hostile: str) -> None:
    """Values no parser let through still cannot change the SQL (they are parameters)."""
    _, duck = both
    f = Filters(domains=(hostile,), types=(hostile,), outlets=(hostile,))
    mask = views.event_mask(duck, f)
    assert views.n_events(duck, mask) == 0
    assert (
        views.n_events(duck, views.search_events(duck, views.event_mask(duck, Filters()), hostile))
        == 0
    )
    assert views.n_events(duck, views.event_mask(duck, Filters())) == duck.n_events


def test_threshold_picks_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tables(tmp_path, synthetic_tables(n_events=50, n_articles=5, n_actors=10, seed=1))
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "50")
    assert isinstance(load_tables(tmp_path), Corpus)
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "49")
    assert isinstance(load_tables(tmp_path), DuckCorpus)


PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/domains.py",
    "pages/actors.py",
    "pages/sources.py",
    "pages/compare.py",
    "pages/corrections.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_duckdb(
    dashboard_env: tuple[Path, Path],
    corpus_frames: dict,
    page: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each page, filtered by a link and with an event's panel open, on the DuckDB backend."""
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "0")
    event = corpus_frames["events"].iloc[3]
    at = AppTest.from_file("../app.py", default_timeout=120)
    for key, value in {
        "country": str(event["countries"][0]),
        "event": str(event["event_id"]),
        "article": str(event["article_id"]),
    }.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    texts = " ".join(str(s.value) for s in at.subheader)
    if page == "pages/overview.py":
        assert "Event:" in texts, texts  # the linked event's panel, from its own rows
    if page == "pages/sources.py":
        assert "Read an article" in texts


def test_one_database_per_generation(tmp_path: Path) -> None:
    """A new generation gets its own database; the old one goes with its generation."""
    frames = synthetic_tables(n_events=60, n_articles=6, n_actors=10, seed=2)
    write_tables(tmp_path, frames)
    first = load_duck(tmp_path)
    assert first.path.parent == (tmp_path / "current").resolve()
    write_tables(tmp_path, {"events": frames["events"].head(30)})
    second = load_duck(tmp_path)
    assert second.path != first.path and second.n_events == 30
    everything = views.event_mask(first, Filters(statuses=tuple(first.statuses)))
    assert views.n_events(first, everything) == 60  # an open database still answers
    write_tables(tmp_path, {"events": frames["events"].head(20)})
    write_tables(tmp_path, {"events": frames["events"].head(10)})
    assert not first.path.parent.exists()  # pruned with its generation


def test_a_build_big_enough_for_duckdb_makes_the_database_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first dashboard session after a big build opens the database the build made
    instead of making it (minutes at 10M events)."""
    from core.build.generations import current_dir
    from core.build.pipeline import build
    from tests.test_pipeline import write_corpus

    corpus = write_corpus(tmp_path / "articles")
    out = tmp_path / "out"
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "100")
    build(corpus, out)
    assert not list(current_dir(out).glob(".dashboard-*.duckdb")), "small tables: none made"
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "0")
    (corpus / "note.txt").write_text("La France et le Maroc ont signé un accord.\n")
    report = build(corpus, out)
    assert report.warnings == [] or all("dashboard" not in w for w in report.warnings)
    (made,) = current_dir(out).glob(".dashboard-*.duckdb")
    stamp = made.stat().st_mtime_ns
    duck = load_duck(out)
    assert duck.path == made and made.stat().st_mtime_ns == stamp
    assert duck.n_articles == 4


def _corrected_generation(tables: Path) -> str:
    """Tables with the extractor's copy kept, then one correction appended and applied
    (what `python -m core corrections import` and a dashboard save do): the event's key."""
    from core.build.corrections import Change, append
    from core.build.corrections_keys import event_keys
    from core.build.corrections_store import reapply, write_built_tables
    from core.build.store import read_tables

    write_built_tables(tables, synthetic_tables(n_events=60, n_articles=6, n_actors=10, seed=3))
    events = read_tables(tables)["events"]
    before = str(events["type"].iloc[0])
    after = "visit" if before != "visit" else "meeting"
    key = event_keys(events.head(1))[0]
    append(tables, [Change("ana", "event", key, "type", before, after)])
    assert reapply(tables).applied >= 1
    return after


def test_a_corrections_import_makes_the_database_of_its_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the threshold, the generation a correction writes gets its database at once:
    the next dashboard session opens it instead of making it (minutes at 10M events)."""
    from core.build.generations import current_dir

    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "0")
    after = _corrected_generation(tmp_path)
    (made,) = current_dir(tmp_path).glob(".dashboard-*.duckdb")
    stamp = made.stat().st_mtime_ns
    duck = load_duck(tmp_path)
    assert duck.path == made and made.stat().st_mtime_ns == stamp
    shown = views.events_view(duck, views.event_mask(duck, Filters(statuses=tuple(duck.statuses))))
    assert after in set(shown["type"])


def test_a_failed_database_only_defers_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corrected tables are published even when their database cannot be made now;
    the dashboard makes it on first use. Under the threshold none is made."""
    from core.build import dashboard_db
    from core.build.generations import current_dir

    def broken(folder: Path, target: Path) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "0")
    with monkeypatch.context() as m:
        m.setattr(dashboard_db, "build_database", broken)
        after = _corrected_generation(tmp_path)
    assert not list(current_dir(tmp_path).glob(".dashboard-*.duckdb"))
    duck = load_duck(tmp_path)  # made now, by the first session
    assert duck.path.parent == current_dir(tmp_path).resolve()
    frame = views.events_view(duck, views.event_mask(duck, Filters(statuses=tuple(duck.statuses))))
    assert after in set(frame["type"])
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "1000")
    other = tmp_path / "small"
    _corrected_generation(other)
    assert not list(current_dir(other).glob(".dashboard-*.duckdb"))


def test_temporary_databases_go_with_their_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables folders that cannot be written keep their databases in the shared temporary
    folder: one whose generation is gone is removed when any dashboard next opens tables,
    not only when another is built there; another folder's current one stays."""
    import tempfile

    from core.build import dashboard_db

    real = dashboard_db.build_database

    def read_only_tables(folder: Path, target: Path) -> None:
        if target.parent == folder:
            raise OSError("read-only file system")
        real(folder, target)

    monkeypatch.setattr(dashboard_db, "build_database", read_only_tables)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    frames = synthetic_tables(n_events=40, n_articles=4, n_actors=8, seed=5)
    a, b = tmp_path / "a", tmp_path / "b"
    write_tables(a, frames)
    old = load_duck(a).path
    assert old.parent == tmp_path / "tmp" / "entente-duckdb"
    write_tables(b, frames)
    kept = load_duck(b).path
    for n in (30, 20):  # two more generations: the first one is pruned
        write_tables(a, {"events": frames["events"].head(n)})
    assert old.exists()
    assert load_duck(b).path == kept  # opening b's (already made) database prunes a's
    assert not old.exists() and not Path(f"{old}.source").exists()
    assert kept.exists() and load_duck(a).n_events == 20


def test_quote_pages_agree_and_reach_every_quote(
    both: tuple[Corpus, DuckCorpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corrections page's quote list: same pages and searches on both backends, and
    the last quote is on the last page (no quote beyond a fixed first few)."""
    memory, duck = both
    monkeypatch.setattr(views, "QUOTE_PAGE", 7)
    n = len(memory.quotes)
    assert n > 3 * 7
    last = views.quote_choices(duck, "", 10**6)  # clamped to the last page
    assert last.page == last.pages == -(-n // 7) and last.positions[-1] == n - 1
    text = str(memory.quotes["text"].iloc[-1])
    for words, page in (("", 1), ("", 3), ("", last.pages), (text[:12].upper(), 1), ("zzq", 1)):
        m, d = views.quote_choices(memory, words, page), views.quote_choices(duck, words, page)
        assert (m.positions, m.total, m.page, m.pages) == (d.positions, d.total, d.page, d.pages)
        _same(m.rows, d.rows)
    found = views.quote_choices(duck, text)
    assert n - 1 in [
        p
        for page in range(1, found.pages + 1)
        for p in views.quote_choices(duck, text, page).positions
    ]


def test_any_quote_can_be_corrected_on_duckdb(
    dashboard_env: tuple[Path, Path],
    corpus_frames: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """AppTest over DuckDB: the last quote, past the first page, is reached by paging and
    by its words, and its own speaker form opens."""
    monkeypatch.setenv("ENTENTE_DUCKDB_EVENTS", "0")
    monkeypatch.setattr(views, "QUOTE_PAGE", 5)
    from core.build.corrections_keys import quote_key

    quotes = corpus_frames["quotes"]
    pos = len(quotes) - 1
    pages = -(-len(quotes) // 5)
    form = f"cq_{quote_key(str(quotes['article_id'].iloc[pos]), str(quotes['text'].iloc[pos]))}_"
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.switch_page("pages/corrections.py").run()
    assert f"{len(quotes):,} quotes · page 1 of {pages}" in [c.value for c in at.caption]
    at.number_input(key="corr_quote_page").set_value(10**4).run()  # past the end: the last
    assert f"page {pages} of {pages}" in " ".join(str(c.value) for c in at.caption)
    at.selectbox(key="corr_quote").select(pos).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=form + "speaker")  # the last quote's own form
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.switch_page("pages/corrections.py").run()
    at.text_input(key="corr_quote_find").input(str(quotes["text"].iloc[pos]).upper()).run()
    found = [c.value for c in at.caption if "quotes · page" in str(c.value)]
    assert found and not found[0].startswith(f"{len(quotes):,} ")  # narrowed
    at.number_input(key="corr_quote_page").set_value(10**4).run()  # the last match
    at.selectbox(key="corr_quote").select(pos).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=form + "speaker")


def test_a_new_filter_costs_compare_one_statement_per_country(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A country never chosen before: Compare's partners, domains, types and years of each
    of its two countries come from one statement each (four scans each before), with the
    in-memory answers."""
    write_tables(tmp_path, synthetic_tables(n_events=1500, n_articles=120, n_actors=60, seed=9))
    memory, duck = load_corpus(tmp_path), load_duck(tmp_path)
    seen: list[str] = []
    original = DuckCorpus.sql

    def record(self: DuckCorpus, query: str, params: object = ()) -> pd.DataFrame:
        seen.append(query)
        return original(self, query, params)  # type: ignore[arg-type]

    monkeypatch.setattr(DuckCorpus, "sql", record)
    f = Filters(countries=("TN", "DZ", "MA"))
    mm, dm = views.event_mask(memory, f), views.event_mask(duck, f)
    pair = ("DZ", "MA")
    got = views.compare_counts(duck, dm, pair)
    assert len(seen) == 2, seen
    for key, frame in views.compare_counts(memory, mm, pair).items():
        assert len(frame), key
        _same(frame, got[key])


def test_database_positions_follow_the_parts_in_name_order(tmp_path: Path, monkeypatch) -> None:
    """`pos` is a row's place in the table as a reader of the parts in name order sees it
    (the database numbers rows from the footers' counts, not by a window over them)."""
    import duckdb
    import pyarrow.parquet as pq

    from core.build.dashboard_db import make_database

    monkeypatch.setenv("ENTENTE_PARTITION_ROWS", "700")
    write_tables(tmp_path, synthetic_tables(n_events=3000, n_articles=200, n_actors=90, seed=6))
    parts = sorted((tmp_path / "mentions.parquet").glob("*.parquet"))
    assert len(parts) > 2
    keys = ["article_id", "sentence", "start"]
    expected = [
        tuple(r.values()) for p in parts for r in pq.read_table(p, columns=keys).to_pylist()
    ]
    con = duckdb.connect(str(make_database(tmp_path)), read_only=True)
    try:
        got = con.execute(
            "SELECT pos, article_id, sentence, start FROM mentions ORDER BY pos"
        ).fetchall()
        ev = con.execute("SELECT excerpt, folded FROM ev ORDER BY rank").fetchall()
    finally:
        con.close()
    assert [row[0] for row in got] == list(range(len(expected)))
    assert [row[1:] for row in got] == expected
    from core.text.fold import fold

    assert all(f == fold(e or "") for e, f in ev)
