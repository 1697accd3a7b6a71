"""Reliability (issue 10): one bad article never stops a build, the corpus folder is a
trust boundary, damaged manifests and encodings are reported, hostile inputs cost linear
time, readers see the tables of exactly one build. One regression test per case, plus a
small seeded fuzz run (bench/soak_fuzz.py runs the long one)."""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock

from bench.soak_fuzz import blank_pipeline, run_fuzz, sources_from
from core.atomic import atomic_write_bytes
from core.build import cache, corrections_store, generations, pipeline, runner, store, worker
from core.build.pipeline import build, corpus_fingerprint
from core.build.schema import TABLES
from core.build.store import read_tables, write_tables
from core.config import DATA_DIR
from core.extract.rows import ArticleRows, EventMention, EventRow, MentionRow, QuoteRow
from core.ingest import known
from core.ingest.article import article_from_bytes, scan_corpus
from core.ingest.intake import LOCK_NAME, add_content, add_files
from core.ingest.manifest import read_manifest
from core.text.depth import cap_depth
from core.text.html import extract as html_extract
from tests.synthetic import synthetic_tables

ROOT = Path(__file__).resolve().parents[1]
EN = {
    "egypt.txt": "Egypt's defence minister met his Russian counterpart in Moscow on 12 "
    "February 2024. The two countries signed an agreement on counter-terrorism.\n",
    "italy.txt": "Italy and Libya signed a search and rescue agreement in Rome on 3 March "
    "2024. The Italian navy will train Libyan coast guards.\n",
    "boom.txt": "Japan and India held a joint naval exercise in the Bay of Bengal, the "
    "Indian navy said on Friday. BOOM\n",
}
FR = (
    "Le ministre algérien de la Défense a rencontré hier son homologue russe à Moscou. "
    "Les deux pays signeront demain un accord de coopération militaire.\n"
)


def _corpus(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return blank_pipeline()


# ---------------------------------------------------------------- 1. isolation


def test_an_article_that_raises_is_named_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.extract import article as extract_article

    real = extract_article.extract

    def flaky(doc, article_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise RuntimeError("extractor exploded")
        return real(doc, article_id, *args, **kwargs)

    monkeypatch.setattr(extract_article, "extract", flaky)
    out = tmp_path / "out"
    report = build(_corpus(tmp_path / "in", EN), out)
    assert report.fatal is None and report.processed == 2
    assert report.errors == [
        "boom.txt: processing failed (RuntimeError: extractor exploded); skipped"
    ]
    assert sorted(read_tables(out)["articles"]["file"]) == ["egypt.txt", "italy.txt"]


def _event_at(start: int, end: int, excerpt: str, **fields: object) -> EventRow:
    told = EventMention(0, start, end, excerpt, ("visite",))
    event = EventRow(
        sentence=0,
        start=start,
        end=end,
        excerpt=excerpt,
        type="visit",
        countries=("MA", "FR"),
        actor_country=None,
        target_country=None,
        actor_keys=(),
        domains=(),
        location=None,
        status="reported",
        date="2024-02-29",
        date_precision="day",
        date_text=None,
        confidence=0.5,
        cues=("visite",),
        n_mentions=1,
        tone=None,
        mentions=(told,),
    )
    return event._replace(**fields)


def test_invalid_rows_fail_only_their_article() -> None:
    text = "Le Maroc et la France."
    maroc = MentionRow(0, 3, 8, "Maroc", "COUNTRY", "country:MA")
    good = ArticleRows(
        "a",
        mentions=(maroc,),
        events=(_event_at(0, 8, "Le Maroc"),),
        quotes=(QuoteRow(None, "France", 15, 21),),
    )
    assert worker.rows_problem(good, text) is None
    outside = EventMention(0, 0, 99, "Le Maroc", ())
    for bad, problem in (
        (ArticleRows("a", mentions=(maroc._replace(end=99),)), "mentions offsets 3:99 outside"),
        (ArticleRows("a", mentions=(maroc._replace(text="Marox"),)), "mentions text at 3:8"),
        (ArticleRows("a", quotes=(QuoteRow(None, "France", 14, 20),)), "quotes text at 14:20"),
        (ArticleRows("a", events=(_event_at(0, 5, "Le Ma", date="10000-01-01"),)), "date"),
        (ArticleRows("a", events=(_event_at(0, 5, "Le Ma", date="2024-02-30"),)), "date"),
        (ArticleRows("a", events=(_event_at(0, 5, "Le Ma", countries=("FRA",)),)), "'FRA'"),
        (ArticleRows("a", events=(_event_at(0, 5, "Le Mx"),)), "events text at 0:5"),
        (
            ArticleRows("a", events=(_event_at(0, 5, "Le Ma", mentions=(outside,)),)),
            "event_mentions offsets 0:99",
        ),
    ):
        found = worker.rows_problem(bad, text)
        assert found is not None and problem in found, (bad, found)


def test_an_invalid_extraction_is_the_articles_failure_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.extract import article as extract_article

    def off_by_one(doc, article_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        return ArticleRows(article_id, mentions=(MentionRow(0, 0, 3, "Leq", "CITY", None),))

    monkeypatch.setattr(extract_article, "extract", off_by_one)
    (outcome,) = worker.process_batch([worker.WorkItem("a1", "odd.txt", FR, "fr", None)])
    assert isinstance(outcome, worker.Failure) and outcome.file == "odd.txt"
    assert outcome.reason.startswith("invalid extraction (mentions text at 0:3")


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "9999"])
def test_calendar_edge_dates_never_raise_out_of_the_worker(published: str) -> None:
    item = worker.WorkItem("a1", "edge.txt", FR, "fr", published)
    (outcome,) = worker.process_batch([item])
    if isinstance(outcome, worker.Failure):
        assert outcome.file == "edge.txt" and outcome.reason
    else:
        assert worker.rows_problem(outcome, FR) is None


def test_chunks_cover_the_text_and_end_at_breaks() -> None:
    text = "".join(f"Paragraphe {i}. Une phrase de plus ici.\n\n" for i in range(400))
    bounds = worker.chunk_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(end - start <= 1000 for start, end in bounds)
    assert all(text[end - 2 : end] == "\n\n" for _, end in bounds[:-1])
    assert worker.chunk_bounds("x" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_long_article_parsed_in_chunks_keeps_offsets(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "CHUNK_CHARS", 500)
    text = "".join(f"Le Maroc et la France, réunion {i}.\n\n" for i in range(200))
    doc = worker.parse(nlp, text)
    assert doc.text == text
    spans = list(doc.spans["gazetteer"])
    assert len(spans) == 400
    assert all(text[s.start_char : s.end_char] == s.text for s in spans)


def test_text_over_spacy_max_length_is_parsed(nlp) -> None:  # type: ignore[no-untyped-def]
    paragraph = "Le Maroc et la France signent un accord naval à Rabat.\n\n"
    text = paragraph * (nlp.max_length // len(paragraph) + 2000)
    assert len(text) > nlp.max_length
    doc = worker.parse(nlp, text)
    assert len(doc.text) == len(text)


def _exit_on_bad(batch: list[worker.WorkItem]) -> list[worker.Outcome]:
    if any(item.file == "bad.txt" for item in batch):
        os._exit(3)  # what an out-of-memory kill looks like to the pool
    return [{"article_id": item.article_id} for item in batch]


def test_a_dead_pool_worker_fails_only_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "process_batch", _exit_on_bad)
    names = ["a.txt", "bad.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
    items = [worker.WorkItem(f"id{i}", name, "x", "en", None) for i, name in enumerate(names)]
    outcomes = [o for batch in runner._pooled([items[:3], items[3:]], 2) for o in batch]
    failures = [o for o in outcomes if isinstance(o, worker.Failure)]
    assert [f.file for f in failures] == ["bad.txt"] and "worker process died" in failures[0].reason
    assert sorted(o["article_id"] for o in outcomes if isinstance(o, dict)) == [
        "id0", "id2", "id3", "id4", "id5",
    ]  # fmt: skip


_INHERITED: list[str] = []


def _report_inherited(batch: list[worker.WorkItem]) -> list[worker.Outcome]:
    return [{"article_id": item.article_id, "seen": list(_INHERITED)} for item in batch]


def test_pool_workers_start_fresh_not_as_forks_of_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forked worker would hold (and count as its own) the build's whole heap."""
    monkeypatch.setattr(runner, "process_batch", _report_inherited)
    _INHERITED.append("every scanned article's text")
    try:
        items = [worker.WorkItem(f"id{i}", f"{i}.txt", "x", "en", None) for i in range(4)]
        outcomes = [o for b in runner._pooled([items[:2], items[2:]], 2) for o in b]
    finally:
        _INHERITED.clear()
    assert len(outcomes) == 4 and all(o["seen"] == [] for o in outcomes)


class _Outcome:
    """A weakly referenceable outcome (lists and dicts are not)."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id


def _weak_outcomes(batch: list[worker.WorkItem]) -> list[_Outcome]:
    return [_Outcome(item.article_id) for item in batch]


def test_the_pool_keeps_no_batch_of_rows_once_handed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows handed to the cache are freed: kept futures held all 10k articles' rows."""
    import gc
    import weakref

    monkeypatch.setattr(runner, "process_batch", _weak_outcomes)
    items = [worker.WorkItem(f"id{i}", f"{i}.txt", "x", "en", None) for i in range(8)]
    freed, previous = [], None
    for batch in runner._pooled([items[i : i + 2] for i in range(0, 8, 2)], 2):
        if previous is not None:
            gc.collect()
            freed.append(previous() is None)
        previous = weakref.ref(batch[0])
        del batch
    assert freed == [True, True, True]


def test_pool_workers_do_not_outlive_a_killed_build(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    texts = {f"g{i:02d}.txt": EN["egypt.txt"].replace("12", str(i % 27 + 1)) + f" {i}\n"
             for i in range(40)}  # fmt: skip
    corpus = _corpus(tmp_path / "in", texts)
    proc = subprocess.Popen(
        [sys.executable, "-m", "core", "build", str(corpus), "--out", f"{tmp_path}/o", "--jobs=2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 60
        while len(parent.children()) < 2 and time.monotonic() < deadline:
            assert proc.poll() is None, "the build ended before its workers started"
            time.sleep(0.05)
        children = parent.children()
        assert children, "no worker process started"
        proc.kill()
        proc.wait(timeout=10)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive
    finally:
        if proc.poll() is None:
            proc.kill()


# ---------------------------------------------------------------- 2. trust boundary


def test_links_and_special_files_are_named_and_never_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", {"ok.txt": EN["egypt.txt"]})
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside)
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "folder.txt").mkdir()
    (corpus / "sub").mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(corpus / "sock.txt"))
        started = time.monotonic()
        articles, errors = scan_corpus(corpus)
        corpus_fingerprint(corpus)
    assert time.monotonic() - started < 5
    assert [a.file for a in articles] == ["ok.txt"]
    reasons = {e.file: e.reason for e in errors}
    assert set(reasons) == {"passwd.txt", "loop.txt", "pipe.txt", "folder.txt", "sock.txt"}
    assert "symbolic link" in reasons["passwd.txt"] and "FIFO" in reasons["pipe.txt"]
    assert "directory" in reasons["folder.txt"] and "socket" in reasons["sock.txt"]


def test_add_of_a_fifo_or_link_returns_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "link.txt").symlink_to("/etc/hostname")
    result: list[object] = []
    thread = threading.Thread(
        target=lambda: result.append(
            add_files([tmp_path / "pipe.txt", tmp_path / "link.txt"], tmp_path / "corpus")
        ),
        daemon=True,
    )
    thread.start()
    thread.join(timeout=10)
    assert result, "add blocked on a FIFO"
    errors = [str(e) for e in result[0].errors]  # type: ignore[attr-defined]
    assert len(errors) == 2 and "FIFO" in errors[0] and "symbolic link" in errors[1]


def test_busy_corpus_lock_gives_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENTENTE_LOCK_TIMEOUT", "0.2")
    tmp_path.mkdir(exist_ok=True)
    with FileLock(str(tmp_path / LOCK_NAME)):
        done = threading.Event()
        result: list[object] = []

        def other() -> None:
            result.append(add_content("a.txt", EN["italy.txt"].encode(), tmp_path))
            done.set()

        threading.Thread(target=other, daemon=True).start()
        assert done.wait(10)
    (error,) = result[0].errors  # type: ignore[attr-defined]
    assert "busy" in str(error) and "nothing was added" in str(error)
    assert not (tmp_path / "a.txt").exists()


# ---------------------------------------------------------------- 3. manifest damage


def _manifest(tmp_path: Path, body: bytes) -> Path:
    tmp_path.mkdir(exist_ok=True)
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(FR + name, encoding="utf-8")
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"file,title,outlet,url,language,published\n" + body)
    return path


def test_unbalanced_quote_does_not_swallow_later_rows(tmp_path: Path) -> None:
    path = _manifest(
        tmp_path,
        b'a.txt,"Titre A,Le Journal,,fr,2024\n'
        b"b.txt,Titre B,Le Journal,https://ex.org/b,fr,2024-03\n"
        b"c.txt,Titre C,La Revue,,fr,2023\n"
        b"d.txt,Titre D,La Revue,,en,2022\n",
    )
    rows, errors = read_manifest(path)
    assert sorted(rows) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert (rows["b.txt"].url, rows["c.txt"].outlet, rows["d.txt"].published) == (
        "https://ex.org/b", "La Revue", "2022",
    )  # fmt: skip
    assert [(e.line, "quote" in e.reason) for e in errors] == [(2, True)]


def test_non_utf8_line_and_huge_cell_lose_only_themselves(tmp_path: Path) -> None:
    path = _manifest(
        tmp_path,
        b"a.txt,D\xe9fense,O,,fr,2024\n"
        + b"b.txt," + b"x" * 300_000 + b",O,,fr,2023\n"
        + b"c.txt,Titre C,O,,fr,2022\n",
    )  # fmt: skip
    rows, errors = read_manifest(path)
    assert rows["a.txt"].title == "Défense" and rows["c.txt"].title == "Titre C"
    assert rows["b.txt"].title is None and rows["b.txt"].published == "2023"
    assert [e.line for e in errors] == [2, 3]


def test_manifest_that_is_a_fifo_or_link_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "manifest.csv")
    rows, errors = read_manifest(tmp_path / "manifest.csv")  # returns: never blocks
    assert rows == {} and "FIFO" in str(errors[0])
    (tmp_path / "manifest.csv").unlink()
    (tmp_path / "manifest.csv").symlink_to(_manifest(tmp_path / "x", b"a.txt,T,O,,fr,2024\n"))
    rows, errors = read_manifest(tmp_path / "manifest.csv")
    assert rows == {} and "symbolic link" in str(errors[0])


def test_add_never_rewrites_a_damaged_manifest(tmp_path: Path) -> None:
    path = _manifest(tmp_path, b'a.txt,"Titre A,O,,fr,2024\nb.txt,B,O,,fr,2024\n')
    before = path.read_bytes()
    result = add_content("new.txt", EN["italy.txt"].encode(), tmp_path)
    assert result.added == []
    (error,) = result.errors
    assert error.line == 2 and "not rewritten" in str(error)
    assert path.read_bytes() == before and not (tmp_path / "new.txt").exists()


# ---------------------------------------------------------------- 4. decoding


def test_one_bad_byte_no_longer_garbles_the_article() -> None:
    data = FR.encode("utf-8")
    at = data.index(b" de la")
    data = data[:at] + b" \xe9" + data[at:]  # one latin-1 byte in a UTF-8 file
    article = article_from_bytes(data, file="a.txt")
    assert "algérien é de la Défense" in article.text and "Ã" not in article.text
    assert any(f.startswith("text_repaired:") for f in article.flags)
    message = pipeline._flag_message(article, article.flags[0])
    assert message.startswith("a.txt: ") and "cp1252" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (FR.encode("utf-8") + "Écrit en latin-1.\n".encode("latin-1"), "Écrit en latin-1."),
        (FR.encode("utf-8").decode("cp1252").encode("utf-8"), "algérien"),
        ("Министерство обороны России подписало соглашение.".encode("cp1251"), "обороны"),
        ("وقعت الجزائر وروسيا اتفاقية للتعاون العسكري".encode("cp1256"), "الجزائر"),
    ],
)
def test_legacy_mixed_and_mojibake_decoded_and_reported(data: bytes, expected: str) -> None:
    article = article_from_bytes(data, file="x.txt")
    assert expected in article.text
    assert any(f.startswith("text_repaired:") for f in article.flags)


def test_page_declaring_utf16_with_latin1_body_is_not_cjk() -> None:
    page = b'<html><head><meta charset="utf-16"></head><body><article><p>'
    page += FR.encode("latin-1") + b"</p></article></body></html>"
    article = article_from_bytes(page, file="p.html")
    assert "algérien" in article.text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in article.text)


def test_clean_utf8_is_not_flagged() -> None:
    assert article_from_bytes(FR.encode("utf-8"), file="a.txt").flags == ()


# ---------------------------------------------------------------- 5. cost


def test_deep_nesting_is_linear() -> None:
    page = "<html><body>" + "<div>" * 100_000 + "<p>" + FR + "</p>" + "</div>" * 100_000
    started = time.perf_counter()
    text = html_extract(page + "</body></html>").text
    assert time.perf_counter() - started < 3
    assert "algérien" in text
    assert cap_depth("<div><div><p>x</p></div></div>", limit=1) == "<div><p>x</p></div>"


def test_add_reads_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        add_content(f"a{i}.txt", f"{EN['italy.txt']} Meeting {i}.".encode(), tmp_path)
    reads: list[str] = []
    real = known.read_regular
    monkeypatch.setattr(known, "read_regular", lambda p, n: reads.append(p.name) or real(p, n))
    result = add_content("new.txt", EN["egypt.txt"].encode(), tmp_path)
    assert result.added == ["new.txt"] and reads == []
    (tmp_path / "a2.txt").write_text(EN["boom.txt"], encoding="utf-8")  # edited by hand
    again = add_content("boom.txt", EN["boom.txt"].encode(), tmp_path)
    assert reads == ["a2.txt"] and again.duplicates == ["boom.txt: same text as a2.txt, not added"]


# ---------------------------------------------------------------- 6. tables of one build


def _tables(seed: int) -> dict[str, pd.DataFrame]:
    return synthetic_tables(n_events=20, n_articles=5, n_actors=8, seed=seed)


def test_generations_switch_atomically_and_old_ones_are_pruned(tmp_path: Path) -> None:
    for seed in range(4):
        write_tables(tmp_path, _tables(seed))
    assert len(list((tmp_path / generations.GENERATIONS).iterdir())) == 2
    current = generations.current_dir(tmp_path)
    for name in TABLES:
        path = tmp_path / f"{name}.parquet"
        assert path.is_symlink() and path.resolve() == (current / f"{name}.parquet").resolve()
    expected = _tables(3)["articles"]["article_id"].tolist()
    assert pd.read_parquet(tmp_path / "articles.parquet")["article_id"].tolist() == expected


def test_a_copy_that_followed_the_links_still_takes_new_builds(tmp_path: Path) -> None:
    write_tables(tmp_path / "a", _tables(1))
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # symlinks followed: real files
    assert read_tables(tmp_path / "b")["events"]["event_id"].tolist() == (
        _tables(1)["events"]["event_id"].tolist()
    )
    write_tables(tmp_path / "b", _tables(2))
    assert (tmp_path / "b" / generations.CURRENT).is_symlink()
    expected = _tables(2)["events"]["event_id"].tolist()
    assert read_tables(tmp_path / "b")["events"]["event_id"].tolist() == expected
    assert pd.read_parquet(tmp_path / "b" / "events.parquet")["event_id"].tolist() == expected


def test_a_reader_sees_one_build_even_if_a_build_lands_mid_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tables(tmp_path, _tables(1))
    real = store._read
    landed: list[bool] = []

    def read_then_build(folder: Path, name: str) -> pd.DataFrame:
        frame = real(folder, name)
        if not landed:
            landed.append(True)
            write_tables(tmp_path, _tables(2))
        return frame

    monkeypatch.setattr(store, "_read", read_then_build)
    tables = read_tables(tmp_path)
    first = _tables(1)
    for name in TABLES:
        assert len(tables[name]) == len(first[name]), name
    assert tables["articles"]["article_id"].tolist() == first["articles"]["article_id"].tolist()


def test_failed_publish_leaves_the_previous_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tables(tmp_path, _tables(1))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(generations, "atomic_write_bytes", full)
    with pytest.raises(OSError):
        write_tables(tmp_path, _tables(2))
    assert not list((tmp_path / generations.GENERATIONS).glob(".tmp-*"))
    expected = _tables(1)["events"]["event_id"].tolist()
    assert read_tables(tmp_path)["events"]["event_id"].tolist() == expected


def test_full_disk_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(corrections_store, "write_tables", full)
    monkeypatch.setattr(cache.RowCache, "flush", full)
    report = build(_corpus(tmp_path / "in", {"italy.txt": EN["italy.txt"]}), tmp_path / "o")
    assert report.fatal and "disk is full" in report.fatal and "previous tables" in report.fatal


def test_one_build_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "in", {"italy.txt": EN["italy.txt"]})
    out = tmp_path / "out"
    reports = []
    threads = [
        threading.Thread(target=lambda: reports.append(build(corpus, out))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.processed for r in reports) == [0, 0, 0, 1]
    assert sum(r.skipped for r in reports) == 3
    monkeypatch.setenv("ENTENTE_BUILD_TIMEOUT", "0.1")
    with FileLock(str(out / ".build.lock")):
        result: list[pipeline.BuildReport] = []
        worker_thread = threading.Thread(target=lambda: result.append(build(corpus, out)))
        worker_thread.start()
        worker_thread.join(10)
    assert result[0].fatal and "another build" in result[0].fatal


# ---------------------------------------------------------------- 7. file modes


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "a.txt", b"x")
        write_tables(tmp_path / "t", _tables(1))
        add_content("b.txt", EN["italy.txt"].encode(), tmp_path / "c")
    finally:
        os.umask(old)
    for path in (tmp_path / "a.txt", tmp_path / "t" / "events.parquet", tmp_path / "c" / "b.txt"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


# ---------------------------------------------------------------- 8. fuzz


def test_seeded_fuzz_gives_no_exception_and_no_invalid_row(nlp) -> None:  # type: ignore[no-untyped-def]
    tally = run_fuzz(sources_from(DATA_DIR / "articles"), 200, seed=0, nlp=nlp)
    assert tally.exceptions == [] and tally.invalid == []
    assert tally.articles > 100  # the mutations mostly still read as articles


def test_number_settings_fall_back_and_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.config import number_setting

    monkeypatch.delenv("ENTENTE_TEST_NUMBER", raising=False)
    assert number_setting("ENTENTE_TEST_NUMBER", 500, 0) == 500
    monkeypatch.setenv("ENTENTE_TEST_NUMBER", "12")
    assert number_setting("ENTENTE_TEST_NUMBER", 500, 0) == 12
    monkeypatch.setenv("ENTENTE_TEST_NUMBER", "-3")
    assert number_setting("ENTENTE_TEST_NUMBER", 500, 1) == 1
    monkeypatch.setenv("ENTENTE_TEST_NUMBER", "lots")
    assert number_setting("ENTENTE_TEST_NUMBER", 500) == 500
    monkeypatch.setenv("ENTENTE_TEST_NUMBER", "2.5")
    assert number_setting("ENTENTE_TEST_NUMBER", 60.0) == 2.5
    assert number_setting("ENTENTE_TEST_NUMBER", 500) == 500  # not an int: the default
