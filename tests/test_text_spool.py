"""Build memory (issue 15): the scanned texts wait on disk while articles are processed,
and only the batches in flight have theirs read back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.build import runner, worker
from core.build.runner import Engine
from core.build.text_spool import TextSpool
from core.ingest.article import Article, article_id_of


def _article(i: int, text: str) -> Article:
    return Article(article_id_of(text), f"a{i}.txt", None, None, None, "fr", None, None, text)


TEXTS = [
    "Le Maroc et la France signent un accord naval à Rabat.",
    "",
    "Œuvre « commune » — 日本 et l’Algérie 🇩🇿",
    "x" * 100_000,
]


def test_spool_gives_back_every_text_exactly_and_leaves_no_file(tmp_path: Path) -> None:
    articles = [_article(i, t) for i, t in enumerate(TEXTS)]
    with TextSpool(tmp_path / "cache") as spool:
        stripped = [spool.put(a) for a in articles]
        assert all(a.text == "" for a in stripped)
        assert os.listdir(tmp_path / "cache") == []  # unnamed: nothing to leave behind
        assert [spool.text(a.article_id) for a in reversed(stripped)] == TEXTS[::-1]
        assert spool.restore(stripped) == articles


def test_a_truncated_spool_is_an_error_not_a_short_text(tmp_path: Path) -> None:
    with TextSpool(tmp_path) as spool:
        a = spool.put(_article(0, TEXTS[0]))
        spool._file.truncate(10)
        with pytest.raises(OSError, match="truncated"):
            spool.text(a.article_id)


def _numbered(n: int) -> list[Article]:
    return [_article(i, f"article {i}") for i in range(n)]


def _fake_batch(batch: list[worker.WorkItem]) -> list[worker.Outcome]:
    return [{"article_id": item.article_id, "text": item.text} for item in batch]


def test_one_process_reads_each_batchs_texts_only_when_it_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = _numbered(40)
    texts = {a.article_id: a.text for a in articles}
    read: list[str] = []

    def text_of(article_id: str) -> str:
        read.append(article_id)
        return texts[article_id]

    seen_before: list[int] = []

    def process(batch: list[worker.WorkItem]) -> list[worker.Outcome]:
        seen_before.append(len(read))
        return _fake_batch(batch)

    monkeypatch.setattr(runner, "process_batch", process)
    stripped = [a.__class__(**{**vars(a), "text": ""}) for a in articles]
    outcomes = [o for b in runner.run(stripped, Engine(1), text_of) for o in b]
    assert [o["text"] for o in outcomes] == [a.text for a in articles]  # type: ignore[index]
    size = 40 // 4  # the batch size for 40 articles on one process
    assert seen_before == [size * (k + 1) for k in range(4)]


def _exit_on_bad(batch: list[worker.WorkItem]) -> list[worker.Outcome]:
    if any(item.file == "bad.txt" for item in batch):
        os._exit(3)  # what an out-of-memory kill looks like to the pool
    return _fake_batch(batch)


def test_a_dead_worker_costs_retries_of_the_batches_in_flight_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fresh pool takes the batches not yet sent: retrying every later batch alone
    would start one process (and load the models) per batch for the rest of the corpus."""
    monkeypatch.setattr(runner, "process_batch", _exit_on_bad)
    alone: list[int] = []
    real_alone = runner._alone

    def counted(batch: list[worker.WorkItem]) -> list[worker.Outcome] | None:
        alone.append(len(batch))
        return real_alone(batch)

    monkeypatch.setattr(runner, "_alone", counted)
    names = [f"{i}.txt" for i in range(24)]
    names[1] = "bad.txt"
    items = [worker.WorkItem(f"id{i}", name, "x", "en", None) for i, name in enumerate(names)]
    batches = [items[i : i + 2] for i in range(0, 24, 2)]
    outcomes = [o for b in runner._pooled(batches, 2) for o in b]
    failures = [o for o in outcomes if isinstance(o, worker.Failure)]
    assert [f.file for f in failures] == ["bad.txt"]
    assert sorted(o["article_id"] for o in outcomes if isinstance(o, dict)) == sorted(
        f"id{i}" for i in range(24) if i != 1
    )
    in_flight = 2 * runner._IN_FLIGHT
    batch_retries = [n for n in alone if n > 1]
    assert 1 <= len(batch_retries) <= in_flight  # not the 12 batches of the corpus
