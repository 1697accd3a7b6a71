"""Adding articles: validated, deduplicated, atomic, safe under concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

from core.ingest.article import scan_corpus
from core.ingest.intake import add_content, add_files, add_text
from core.ingest.manifest import read_manifest

TEXT_A = (
    "Le Sénégal et la Gambie ont annoncé mercredi la création d'une force conjointe chargée "
    "de lutter contre la contrebande le long du fleuve."
)
TEXT_B = (
    "Poland and Lithuania held a joint air-defence drill near the border on Thursday, "
    "the first of a series planned for this year."
)


def test_add_then_duplicate(tmp_path: Path) -> None:
    meta = {"title": "Force conjointe", "published": "2024-05-15", "url": "https://ex.org/a"}
    first = add_content("force.txt", TEXT_A.encode(), tmp_path, meta)
    assert first.added == ["force.txt"] and not first.errors
    again = add_content("copie.txt", f"  {TEXT_A}\r\n\r\n".encode(), tmp_path)
    assert again.added == []
    assert again.duplicates == ["copie.txt: same text as force.txt, not added"]
    rows, errors = read_manifest(tmp_path / "manifest.csv")
    assert errors == [] and rows["force.txt"].published == "2024-05-15"
    articles, _ = scan_corpus(tmp_path)
    assert [a.title for a in articles] == ["Force conjointe"]


def test_existing_different_file_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(TEXT_B, encoding="utf-8")
    result = add_content("note.txt", TEXT_A.encode(), tmp_path)
    assert result.added == ["note-2.txt"]
    assert (tmp_path / "note.txt").read_text(encoding="utf-8") == TEXT_B


def test_bad_name_and_bad_metadata_refused(tmp_path: Path) -> None:
    bad_name = add_content("../evil.txt", TEXT_A.encode(), tmp_path)
    assert bad_name.added == [] and "path components" in str(bad_name.errors[0])
    bad_meta = add_content("a.txt", TEXT_A.encode(), tmp_path, {"published": "15/05/2024"})
    assert bad_meta.added == [] and "published" in str(bad_meta.errors[0])
    bad_url = add_content("a.txt", TEXT_A.encode(), tmp_path, {"url": "javascript:alert(1)"})
    assert bad_url.added == [] and "http" in str(bad_url.errors[0])
    assert not (tmp_path / "a.txt").exists() and not (tmp_path / "manifest.csv").exists()


def test_bad_content_refused(tmp_path: Path) -> None:
    result = add_content("a.txt", b"", tmp_path)
    assert result.added == [] and str(result.errors[0]) == "a.txt: empty file"


def test_add_text_derives_a_safe_name(tmp_path: Path) -> None:
    result = add_text(TEXT_B, tmp_path, {"title": "Drill: Poland / Lithuania ../"})
    assert result.added == ["drill-poland-lithuania.txt"]
    html = f"<html><head><title>Exercice</title></head><body><p>{TEXT_A}</p></body></html>"
    page = add_text(html, tmp_path, is_html=True)
    assert page.added == ["exercice.html"]
    assert (tmp_path / "exercice.html").read_text(encoding="utf-8") == html  # kept as given


def test_add_files(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (source / "b.md").write_text(TEXT_B, encoding="utf-8")
    (source / "c.txt").write_text(TEXT_A, encoding="utf-8")
    corpus = tmp_path / "corpus"
    result = add_files(sorted(source.iterdir()), corpus)
    assert result.added == ["a.txt", "b.md"]
    assert result.duplicates == ["c.txt: same text as a.txt, not added"]


def test_existing_manifest_rows_preserved(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text(TEXT_B, encoding="utf-8")
    original = "file,title,published\nold.txt,Ancien,2024-13\n"
    (tmp_path / "manifest.csv").write_text(original, encoding="utf-8")
    add_content("new.txt", TEXT_A.encode(), tmp_path, {"title": "Nouveau"})
    lines = (tmp_path / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "old.txt,Ancien,2024-13,,,"  # kept verbatim, even its bad date
    assert lines[2].startswith("new.txt,Nouveau,")


def test_concurrent_adds_all_land(tmp_path: Path) -> None:
    texts = [f"{TEXT_A} Réunion numéro {i} à Banjul." for i in range(8)]
    barrier = threading.Barrier(len(texts))
    results = []

    def worker(i: int) -> None:
        barrier.wait()
        results.append(add_content(f"art{i}.txt", texts[i].encode(), tmp_path, {"title": f"T{i}"}))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(name for r in results for name in r.added) == sorted(
        f"art{i}.txt" for i in range(8)
    )
    rows, errors = read_manifest(tmp_path / "manifest.csv")
    assert errors == [] and sorted(rows) == sorted(f"art{i}.txt" for i in range(8))
    articles, scan_errors = scan_corpus(tmp_path)
    assert len(articles) == 8 and scan_errors == []


def _add_in_process(args: tuple[str, int]) -> list[str]:
    corpus, i = args
    text = f"{TEXT_B} Exercise number {i} took place at dawn."
    return add_content(f"proc{i}.txt", text.encode(), Path(corpus)).added


def test_concurrent_adds_from_processes_all_land(tmp_path: Path) -> None:
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(4) as pool:
        added = pool.map(_add_in_process, [(str(tmp_path), i) for i in range(6)])
    assert sorted(n for names in added for n in names) == [f"proc{i}.txt" for i in range(6)]
    rows, errors = read_manifest(tmp_path / "manifest.csv")
    assert errors == [] and len(rows) == 6
