"""AppTest: an analyst corrects an event on the Corrections page; after a rebuild the
correction still shows, the counts moved, the export carries it and the log holds it."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.build.corrections import read_log
from core.build.corrections_keys import event_key
from core.build.pipeline import build
from core.build.store import read_tables
from core.dashboard.corpus import load_corpus
from core.dashboard.export import to_csv_bytes
from core.dashboard.labels import type_label
from core.dashboard.rows import events_view
from tests.browser_support import ROOT, copy_corpus

APP = "../app.py"
NEW_ARTICLE = (
    "Le Maroc et l'Espagne ont signé mardi à Rabat un accord de coopération militaire "
    "portant sur la sécurité maritime et la lutte contre le terrorisme.\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("corrections_app")
    articles = copy_corpus(ROOT / "data" / "articles", root)
    tables = root / "processed"
    report = build(articles, tables)
    assert not report.errors, report.errors
    return articles, tables


@pytest.fixture
def env(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("ENTENTE_ARTICLES", str(built[0]))
    monkeypatch.setenv("ENTENTE_TABLES", str(built[1]))
    monkeypatch.setenv("ENTENTE_AUTOBUILD", "0")
    return built


def _open(page: str | None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _events_metric(at: AppTest) -> int:
    return int(next(m for m in at.metric if m.label == "Events").value.replace(",", ""))


def _correct(event: pd.Series, new_type: str, country: str) -> AppTest:
    at = _open("pages/corrections.py")
    at.text_input(key="analyst").input("Ana Lyst").run()
    at.selectbox(key="corr_event").select(event["event_id"]).run()
    prefix = f"cf_{event['event_id']}_"
    at.selectbox(key=prefix + "type").select(new_type)
    at.multiselect(key=prefix + "countries").select(country)
    at.text_input(key=prefix + "reason").input("wrong type and a missing country")
    at.button(key=prefix + "save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert "Saved 2 correction" in at.success[0].value
    return at


def test_correct_an_event_then_rebuild(env: tuple[Path, Path]) -> None:
    articles, tables = env
    events = read_tables(tables)["events"]
    event = events[events["type"] != "exercise"].iloc[0]
    country = next(c for c in ("ES", "MA", "FR", "TN") if c not in list(event["countries"]))
    before = _events_metric(_open(None, {"type": "exercise"}))
    assert before == (events["type"] == "exercise").sum()

    _correct(event, "exercise", country)
    (articles / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = build(articles, tables)
    assert report.processed == 1 and not report.errors

    key = event_key(event["article_id"], event["excerpt"])
    rebuilt = read_tables(tables)["events"]
    row = rebuilt[
        [
            event_key(a, x) == key
            for a, x in zip(rebuilt["article_id"], rebuilt["excerpt"], strict=True)
        ]
    ].iloc[0]
    assert row["type"] == "exercise"
    assert country in list(row["countries"])
    assert sorted(row["corrected"]) == ["countries", "type"]

    overview = _open(None, {"type": "exercise"})
    assert _events_metric(overview) == before + 1
    shown = overview.dataframe[0].value
    # the corrected type is shown as its taxonomy label, marked with the pencil
    assert (shown["type"] == f"✏️ {type_label('exercise')}").sum() == 1

    corpus = load_corpus(tables)
    view = events_view(corpus, np.ones(corpus.n_events, dtype=bool))
    exported = pd.read_csv(io.BytesIO(to_csv_bytes(view)), encoding="utf-8-sig")
    line = exported[exported["event_id"] == row["event_id"]].iloc[0]
    assert line["type"] == "exercise" and set(line["corrected"].split("|")) == {"type", "countries"}

    log = [e for e in read_log(tables) if e.target == key]
    by_field = {e.field: e for e in log}
    assert len(log) == 2 and set(by_field) == {"type", "countries"}
    assert (by_field["type"].before, by_field["type"].after) == (event["type"], "exercise")
    assert by_field["countries"].before == list(event["countries"])
    assert by_field["countries"].after == [*list(event["countries"]), country]
    assert by_field["type"].analyst == "Ana Lyst"

    page = _open("pages/corrections.py")
    table = next(d.value for d in page.dataframe if "field" in d.value.columns)
    assert sorted(table["field"]) == ["countries", "type"]


def test_rename_an_actor_then_undo(env: tuple[Path, Path]) -> None:
    _, tables = env
    actors = read_tables(tables)["actors"]
    person = actors[actors["kind"] == "person"].iloc[0]
    at = _open("pages/corrections.py")
    at.text_input(key="analyst").input("Bea").run()
    at.selectbox(key="corr_actor").select(person["actor_id"]).run()
    prefix = f"ca_{person['actor_id']}_"
    at.text_input(key=prefix + "name").input("Renamed Person")
    at.button(key=prefix + "save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    renamed = read_tables(tables)["actors"].set_index("actor_id").loc[person["actor_id"]]
    assert renamed["name"] == "Renamed Person" and list(renamed["corrected"]) == ["name"]

    entry = next(e for e in read_log(tables) if e.kind == "actor")
    at.selectbox(key="corr_undo").select(entry.id).run()
    at.button(key="corr_undo_button").click().run()
    assert not at.exception
    restored = read_tables(tables)["actors"].set_index("actor_id").loc[person["actor_id"]]
    assert restored["name"] == person["name"] and list(restored["corrected"]) == []
    ops = [(e.field, e.op, e.analyst) for e in read_log(tables) if e.kind == "actor"]
    assert ops == [("name", "set", "Bea"), ("name", "revert", "Bea")]


def test_clear_a_quote_speaker(env: tuple[Path, Path]) -> None:
    _, tables = env
    quotes = read_tables(tables)["quotes"]
    pos = int(np.flatnonzero(quotes["actor_id"].notna().to_numpy())[0])
    at = _open("pages/corrections.py")
    at.text_input(key="analyst").input("Cy").run()
    at.selectbox(key="corr_quote").select(pos).run()
    target = next(s for s in at.selectbox if s.key and s.key.endswith("_speaker"))
    target.select_index(0)  # "— no speaker —"
    next(b for b in at.button if b.key and b.key.startswith("cq_")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = read_tables(tables)["quotes"].iloc[pos]
    assert pd.isna(after["actor_id"]) and list(after["corrected"]) == ["actor_id"]


def test_correct_from_the_reader_on_sources(env: tuple[Path, Path]) -> None:
    """The form sits under the reader's event too; its own name field is enough."""
    _, tables = env
    at = _open("pages/sources.py")
    at.selectbox(key="article").select_index(0).run()
    event_id = at.selectbox(key="event").value
    prefix = f"cf_{event_id}_"
    events = read_tables(tables)["events"].set_index("event_id")
    new_status = "planned" if events.loc[event_id, "status"] != "planned" else "historical"
    at.selectbox(key=prefix + "status").select(new_status)
    at.text_input(key=prefix + "analyst").input("Dee")
    at.button(key=prefix + "save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert read_tables(tables)["events"].set_index("event_id").loc[event_id, "status"] == new_status
    entry = read_log(tables)[-1]
    assert (entry.analyst, entry.field, entry.after) == ("Dee", "status", new_status)
