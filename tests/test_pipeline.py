"""Build: corpus folder in, five Parquet tables out, incremental and crash-safe
(core/pipeline.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from core.build.pipeline import CACHE, build
from core.build.schema import SCHEMAS, TABLES
from core.build.store import read_tables, tables_exist

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = {
    "inde.txt": (
        "La France et l'Inde renforcent leur coopération navale\n"
        "Le ministre indien de la Défense, Rajiv Menon, s'est rendu à Paris mardi. "
        "Il a rencontré son homologue français pour discuter de la formation des pilotes.\n"
        "« Nous voulons construire ensemble des sous-marins », a déclaré Rajiv Menon.\n"
    ),
    "pakistan.md": (
        "# Pékin et Islamabad\n\n"
        "Le Pakistan a acheté des frégates à la Chine en 2022. "
        "Les marines chinoise et pakistanaise ont mené un exercice naval conjoint "
        "du 4 au 6 mars en mer d'Arabie.\n"
    ),
    "israel.txt": (
        "Israel and the United States signed a cyber-security agreement on 4 March 2024. "
        "The Israeli defense minister, Avi Cohen, traveled to Washington for the ceremony.\n"
    ),
}
MANIFEST = (
    "file,title,outlet,url,language,published\n"
    "inde.txt,France-Inde,Le Journal,https://example.org/inde,fr,2024-03-15\n"
    "pakistan.md,Chine-Pakistan,La Revue,,fr,2024-03\n"
    "israel.txt,Israel-US,The Paper,https://example.org/il,en,2024-03-15\n"
)


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "articles")


def _frames_equal(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(
            a[name].sort_index(axis=1).astype(str), b[name].sort_index(axis=1).astype(str)
        )


def test_build_writes_the_five_tables_with_the_contract_schema(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = build(corpus, out)
    assert report.errors == []
    assert (report.processed, report.reused, report.skipped) == (3, 0, False)
    for name in TABLES:
        schema = pq.read_schema(out / f"{name}.parquet")
        assert schema.names == SCHEMAS[name].names, name
        for field in SCHEMAS[name]:
            assert schema.field(field.name).type == field.type, (name, field.name)
    tables = read_tables(out)
    articles = tables["articles"].set_index("file")
    assert set(articles.index) == set(ARTICLES)
    assert articles.at["inde.txt", "title"] == "France-Inde"
    assert articles.at["israel.txt", "language"] == "en"
    assert articles.at["pakistan.md", "published_precision"] == "month"
    assert (articles["n_chars"] == articles["text"].str.len()).all()
    events = tables["events"]
    assert len(events) >= 3
    assert events["event_id"].is_unique
    for column in ("countries", "actor_ids", "domains", "cues"):
        assert all(isinstance(v, list | tuple | np.ndarray) for v in events[column]), column
    assert all(len(list(cs)) >= 2 for cs in events["countries"])
    pairs = {frozenset(cs) for cs in events["countries"]}
    assert {frozenset({"FR", "IN"}), frozenset({"CN", "PK"}), frozenset({"IL", "US"})} <= pairs
    # Offsets of events and mentions point into the stored article text.
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"], strict=True))
    for row in events.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.excerpt
    for row in tables["mentions"].itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    actors = tables["actors"].set_index("actor_id")
    assert "country:FR" in actors.index and actors.at["country:FR", "country"] == "FR"
    people = actors[actors["kind"] == "person"]
    menon = people[people["name"] == "Rajiv Menon"]
    assert len(menon) == 1 and menon["country"].iloc[0] == "IN"
    quotes = tables["quotes"]
    assert list(quotes["actor_id"]) == [menon.index[0]]


def test_build_twice_processes_nothing_the_second_time(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(corpus, out)
    first = read_tables(out)
    mtimes = {n: (out / f"{n}.parquet").stat().st_mtime_ns for n in TABLES}
    again = build(corpus, out)
    assert again.processed == 0
    assert again.skipped
    assert {n: (out / f"{n}.parquet").stat().st_mtime_ns for n in TABLES} == mtimes
    _frames_equal(first, read_tables(out))
    # A touched but unchanged file re-reads the corpus but reuses every cached article.
    path = corpus / "inde.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    third = build(corpus, out)
    assert (third.processed, third.reused, third.skipped) == (0, 3, False)
    _frames_equal(first, read_tables(out))


def test_rebuild_with_nothing_to_process_never_imports_spacy(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(corpus, out)
    (corpus / "israel.txt").unlink()  # a removal re-assembles the tables from the cache
    code = (
        "import sys; from core.build.pipeline import build; "
        f"r = build({str(corpus)!r}, {str(out)!r}); "
        "print(r.processed, r.reused, 'spacy' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["0", "2", "False"]
    assert set(read_tables(out)["articles"]["file"]) == {"inde.txt", "pakistan.md"}


def test_changed_article_is_processed_alone(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(corpus, out)
    with (corpus / "pakistan.md").open("a", encoding="utf-8") as handle:
        handle.write("\nLa Chine livrera aussi des drones au Pakistan l'an prochain.\n")
    report = build(corpus, out)
    assert (report.processed, report.reused) == (1, 2)
    text = read_tables(out)["articles"].set_index("file").at["pakistan.md", "text"]
    assert "drones" in text


def test_a_new_manifest_date_reprocesses_the_article(corpus: Path, tmp_path: Path) -> None:
    """Same text, other publication date: relative dates resolve differently, so the
    cached rows are not reused."""
    out = tmp_path / "out"
    build(corpus, out)
    manifest = (corpus / "manifest.csv").read_text(encoding="utf-8")
    (corpus / "manifest.csv").write_text(
        manifest.replace("fr,2024-03-15", "fr,2023-09-12"), encoding="utf-8"
    )
    report = build(corpus, out)
    assert (report.processed, report.reused) == (1, 2)
    events = read_tables(out)["events"]
    inde = read_tables(out)["articles"].set_index("file").at["inde.txt", "article_id"]
    dates = set(events[events["article_id"] == inde]["date"].dropna())
    assert dates and all(d.startswith("2023") for d in dates), dates


def test_bad_files_are_named_and_good_ones_processed(corpus: Path, tmp_path: Path) -> None:
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "blanc.txt").write_text("  \n\t \n", encoding="utf-8")
    (corpus / "image.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    report = build(corpus, out)
    assert report.processed == 3
    joined = "\n".join(report.errors)
    for name in ("vide.txt", "blanc.txt", "image.txt"):
        assert name in joined
    assert len(report.errors) == 3
    assert set(read_tables(out)["articles"]["file"]) == set(ARTICLES)


def test_strict_build_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    (corpus / "vide.txt").write_bytes(b"")
    out = tmp_path / "out"
    report = build(corpus, out, strict=True)
    assert any("vide.txt" in e for e in report.errors)
    assert report.processed == 0
    assert not out.exists() or not any(out.glob("*.parquet"))


def test_duplicate_text_is_reported_once(corpus: Path, tmp_path: Path) -> None:
    (corpus / "copie.txt").write_text(ARTICLES["israel.txt"], encoding="utf-8")
    report = build(corpus, tmp_path / "out")
    assert report.processed == 3
    assert any("copie.txt" in e and "israel.txt" in e for e in report.errors)


def _generated(folder: Path, n: int) -> None:
    """Short English articles (the English pipeline starts fast in a fresh process)."""
    pairs = [
        ("Indian", "French", "Paris"),
        ("Pakistani", "Chinese", "Beijing"),
        ("Libyan", "Italian", "Rome"),
        ("Egyptian", "Russian", "Moscow"),
    ]
    for i in range(n):
        a, b, city = pairs[i % 4]
        text = (
            f"The {a} minister met his {b} counterpart in {city} on {i % 27 + 1} March 2024.\n"
            f"The two countries signed agreement number {i} on officer training. "
            f"A joint naval exercise is planned in May, according to statement {i}.\n"
        )
        (folder / f"gen_{i:03d}.txt").write_text(text, encoding="utf-8")


def test_build_killed_midway_keeps_previous_tables(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(corpus, out)
    assert first.processed == 3 and not first.errors
    before = read_tables(out)
    cached_before = len(list((out / CACHE).glob("rows-*/part-*.parquet")))
    _generated(corpus, 240)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "core", "build", str(corpus), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if len(list((out / CACHE).glob("rows-*/part-*.parquet"))) > cached_before:
                break
            assert proc.poll() is None, "build finished before it could be killed"
            time.sleep(0.01)
        else:
            pytest.fail("the build never started processing")
        assert proc.poll() is None, "build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # The previous tables are whole and readable, with the previous content.
    for name in TABLES:
        pq.read_table(out / f"{name}.parquet")
    _frames_equal(before, read_tables(out))
    # What the killed build cached is whole (written atomically), never truncated.
    for path in (out / CACHE).glob("rows-*/*.parquet"):
        pq.read_table(path)
    # The next build completes.
    report = build(corpus, out)
    assert report.errors == []
    assert report.processed + report.reused == 243
    assert len(read_tables(out)["articles"]) == 243
    assert tables_exist(out)
