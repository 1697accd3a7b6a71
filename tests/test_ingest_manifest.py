"""manifest.csv: each malformed row gives an error naming file and line; good rows load."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.ingest.manifest import (
    COLUMNS,
    ManifestRow,
    published_precision,
    read_manifest,
    write_manifest,
)


def _corpus(tmp_path: Path, manifest: str, files: tuple[str, ...] = ("a.txt", "b.txt")) -> Path:
    for name in files:
        (tmp_path / name).write_text("Un court article de test.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    return tmp_path / "manifest.csv"


def test_good_rows(tmp_path: Path) -> None:
    path = _corpus(
        tmp_path,
        "file,title,outlet,url,language,published\n"
        "a.txt,Un titre,Le Journal,https://example.org/a,fr,2024-02-29\n"
        "b.txt,,,,,2023\n",
    )
    rows, errors = read_manifest(path)
    assert errors == []
    assert rows["a.txt"] == ManifestRow(
        "a.txt", "Un titre", "Le Journal", "https://example.org/a", "fr", "2024-02-29", 2
    )
    assert rows["b.txt"].published == "2023" and rows["b.txt"].title is None


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path / "manifest.csv") == ({}, [])


def test_unknown_column_is_one_error_and_ignored(tmp_path: Path) -> None:
    path = _corpus(tmp_path, "file,title,author\na.txt,Titre,Quelqu'un\n")
    rows, errors = read_manifest(path)
    assert len(errors) == 1 and "author" in str(errors[0])
    assert rows["a.txt"].title == "Titre"


@pytest.mark.parametrize("bad", ["2024-13", "2023-02-30", "12/03/2024", "24", "2024-1-5"])
def test_bad_date_keeps_row_without_date(tmp_path: Path, bad: str) -> None:
    path = _corpus(tmp_path, f"file,title,published\nb.txt,x,2020\na.txt,Titre,{bad}\n")
    rows, errors = read_manifest(path)
    messages = [str(e) for e in errors]
    assert any(m.startswith("a.txt (manifest line 3):") and bad in m for m in messages)
    assert rows["a.txt"].published is None and rows["a.txt"].title == "Titre"


def test_missing_file_row_dropped(tmp_path: Path) -> None:
    path = _corpus(tmp_path, "file,title\na.txt,x\nghost.txt,y\n")
    rows, errors = read_manifest(path)
    assert "ghost.txt" not in rows
    assert [str(e) for e in errors] == [
        "ghost.txt (manifest line 3): listed in the manifest but not in the folder"
    ]


@pytest.mark.parametrize("name", ["../etc/passwd.txt", "sub/a.txt", "..\\a.txt", ".."])
def test_path_components_refused(tmp_path: Path, name: str) -> None:
    path = _corpus(tmp_path, f"file,title\n{name},x\na.txt,y\n")
    rows, errors = read_manifest(path)
    assert list(rows) == ["a.txt"]
    assert len(errors) == 1 and "path components" in str(errors[0])
    assert errors[0].line == 2


def test_duplicate_row(tmp_path: Path) -> None:
    path = _corpus(tmp_path, "file,title\na.txt,first\na.txt,second\n")
    rows, errors = read_manifest(path)
    assert rows["a.txt"].title == "first"
    assert len(errors) == 1 and "duplicate" in str(errors[0]) and errors[0].line == 3


def test_non_http_url_dropped(tmp_path: Path) -> None:
    path = _corpus(tmp_path, "file,url\na.txt,javascript:alert(1)\nb.txt,ftp://x.org/b\n")
    rows, errors = read_manifest(path)
    assert rows["a.txt"].url is None and rows["b.txt"].url is None
    assert len(errors) == 2 and all("http" in str(e) for e in errors)


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    rows = [
        ManifestRow("a.txt", 'Titre, avec "guillemets"', "Outlet", None, "fr", "2025-01", 2),
        ManifestRow("b.txt", None, None, "https://example.org", "en", None, 3),
    ]
    write_manifest(tmp_path / "manifest.csv", rows)
    text = (tmp_path / "manifest.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    back, errors = read_manifest(tmp_path / "manifest.csv")
    assert errors == [] and list(back.values()) == rows


def test_published_precision() -> None:
    assert published_precision("2025") == "year"
    assert published_precision("2025-03") == "month"
    assert published_precision("2025-03-09") == "day"
    assert published_precision(None) is None
    assert published_precision("2025-02-30") is None
