"""The event detail panel's facts, on hand-built tables (two articles, one cluster)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dashboard import rows
from core.dashboard.corpus import build_corpus
from core.dashboard.event_detail import event_facts, passage

TEXT_A = "Préambule sans intérêt. Alger et Moscou ont signé un mémorandum. Fin du texte."
TEXT_B = "Autre source. Le mémorandum signé à Alger porte sur la défense aérienne."
SENTENCE_A = "Alger et Moscou ont signé un mémorandum."


def _frames(with_mentions: bool = False, tone: bool = False) -> dict[str, pd.DataFrame]:
    start = TEXT_A.index(SENTENCE_A)
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "file": ["a1.txt", "a2.txt"],
            "title": [None, "Défense aérienne"],
            "outlet": [None, "Presse"],
            "url": [None, None],
            "language": ["fr", "fr"],
            "published": ["2024-05-02", "2024-05-03"],
            "published_precision": ["day", "day"],
            "n_chars": [len(TEXT_A), len(TEXT_B)],
            "text": [TEXT_A, TEXT_B],
        }
    )
    actors = pd.DataFrame(
        {
            "actor_id": ["p1", "c1"],
            "name": ["Jean Exemple", "Algeria"],
            "kind": ["person", "country"],
            "country": ["DZ", "DZ"],
            "role": ["ministre", None],
            "aliases": [[], []],
            "n_mentions": [1, 2],
            "n_articles": [1, 2],
        }
    )
    event = {
        "sentence": 1,
        "type": "agreement",
        "countries": ["DZ", "RU"],
        "actor_country": "DZ",
        "target_country": "RU",
        "actor_ids": ["p1", "c1"],
        "domains": ["diplomacy_dialogue"],
        "location": "Alger",
        "status": "reported",
        "date": "2024-05",
        "date_precision": "month",
        "date_text": "en mai",
        "confidence": 0.8,
        "cues": ["mémorandum"],
        "cluster_id": "k1",
        "n_sources": 2,
    }
    events = pd.DataFrame(
        [
            {
                **event,
                "event_id": "e1",
                "article_id": "a1",
                "start": start,
                "end": start + len(SENTENCE_A),
                "excerpt": SENTENCE_A,
            },
            {
                **event,
                "event_id": "e2",
                "article_id": "a2",
                "start": 14,
                "end": len(TEXT_B),
                "excerpt": TEXT_B[14:],
                "actor_country": None,
                "target_country": None,
            },
        ]
    )
    if tone:
        events["tone"] = [0.5, np.nan]
    frames = {
        "articles": articles,
        "actors": actors,
        "mentions": pd.DataFrame(
            columns=["article_id", "sentence", "start", "end", "text", "label", "actor_id"]
        ),
        "events": events,
        "quotes": pd.DataFrame(
            {
                "article_id": ["a2"],
                "actor_id": ["p1"],
                "text": ["« Un pas utile »"],
                "start": [0],
                "end": [5],
            }
        ),
    }
    if with_mentions:
        frames["event_mentions"] = pd.DataFrame(
            {
                "event_id": ["e1", "e1"],
                "article_id": ["a1", "a2"],
                "sentence": [1, 1],
                "start": [start, 14],
                "end": [start + len(SENTENCE_A), len(TEXT_B)],
                "excerpt": [SENTENCE_A, TEXT_B[14:]],
                "cues": [[], []],
            }
        )
    return frames


def test_facts_state_direction_date_words_people_and_the_other_article() -> None:
    facts = event_facts(build_corpus(_frames()), "e1")
    assert facts is not None
    assert facts.directed and facts.direction == "Algeria (DZ) → Russia (RU)"
    assert (facts.date, facts.precision, facts.date_text) == ("2024-05", "month", "en mai")
    assert facts.domains == ["Diplomacy and dialogue"]
    assert facts.type == "Agreement"
    assert facts.people == ["Jean Exemple, ministre"]  # the country actor is not a person
    assert facts.tone is None
    assert [p.sentence for p in facts.passages] == [SENTENCE_A]
    assert facts.passages[0].before.endswith("intérêt. ")
    assert facts.quotes["text"].tolist() == ["« Un pas utile »"]
    assert facts.corroborating["article_id"].tolist() == ["a2"]


def test_without_actor_and_target_the_countries_are_not_an_arrow() -> None:
    facts = event_facts(build_corpus(_frames(tone=True)), "e2")
    assert facts is not None and not facts.directed
    assert "→" not in facts.direction and "Russia (RU)" in facts.direction
    assert facts.tone is None  # NaN tone reads as unknown
    assert event_facts(build_corpus(_frames(tone=True)), "e1").tone == 0.5


def test_every_mention_sentence_comes_from_the_event_mentions_table() -> None:
    facts = event_facts(build_corpus(_frames(with_mentions=True)), "e1")
    assert facts is not None
    assert [(p.article_id, p.sentence) for p in facts.passages] == [
        ("a1", SENTENCE_A),
        ("a2", TEXT_B[14:]),
    ]


def test_unknown_event_and_bad_offsets() -> None:
    assert event_facts(build_corpus(_frames()), "nope") is None
    assert passage("abc", "a", 5, 9) is None
    long = "mot " * 200 + "PHRASE." + " mot" * 200
    p = passage(long, "a", long.index("PHRASE"), long.index("PHRASE") + 7)
    assert p is not None and p.sentence == "PHRASE."
    assert p.before.startswith("…mot") and p.after.endswith("mot…")


def test_search_ignores_case_and_accents_and_display_never_says_none() -> None:
    corpus = build_corpus(_frames())
    everything = np.ones(corpus.n_events, dtype=bool)
    for needle in ("memorandum", "MÉMORANDUM", "Memorandum"):
        assert rows.search_events(corpus, everything, needle).tolist() == [True, True]
    shown = rows.for_display(rows.events_view(corpus, everything))
    assert "None" not in shown.astype(str).to_numpy().ravel().tolist()
    assert set(shown["title"]) == {"(untitled)", "Défense aérienne"}
    assert set(shown["outlet"]) == {"unknown outlet", "Presse"}


def test_top_positions_match_a_full_sort() -> None:
    rng = np.random.default_rng(3)
    key = rng.permutation(1000)
    positions = np.flatnonzero(rng.random(1000) < 0.5)
    full = positions[np.argsort(-key[positions], kind="stable")]
    assert rows.top_positions(positions, key, 20).tolist() == full[:20].tolist()
    assert rows.top_positions(positions, key, None).tolist() == full.tolist()


def test_model_notice_counts_articles_without_a_language_model() -> None:
    from core.dashboard.notices import model_notice

    assert model_notice(pd.DataFrame({"article_id": ["a"]})) is None  # no such column yet
    frame = pd.DataFrame({"nlp_model": ["fr_core_news_sm", None, "blank:en"]})
    notice = model_notice(frame)
    assert notice is not None and notice.startswith("2 of 3 articles")
    assert model_notice(frame.iloc[:1]) is None
