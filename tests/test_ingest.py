"""article_from_bytes / scan_corpus: one test per bad input, plus the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.config import DATA_DIR
from core.ingest.article import Article, IngestError, article_from_bytes, article_id_of, scan_corpus
from core.ingest.manifest import ManifestRow
from core.text.normalize import normalize

FR = (
    "Le Maroc et la Mauritanie ont signé lundi à Nouakchott un accord de coopération "
    "militaire portant sur la formation des officiers et la surveillance des frontières.\n\n"
    "Selon le communiqué publié après la rencontre, un comité mixte se réunira chaque année."
)
EN = (
    "Japan and the Philippines signed an agreement on Tuesday allowing their forces to "
    "train together, the defence ministry in Tokyo said.\n\n"
    "The deal still has to be ratified by both parliaments before it can take effect."
)
GOLD_DIR = Path("/work/shared/gold")


def _error(data: bytes, file: str = "a.txt", **kwargs: object) -> IngestError:
    with pytest.raises(IngestError) as info:
        article_from_bytes(data, file=file, **kwargs)
    assert str(info.value).startswith(f"{file}: ")
    return info.value


def test_good_article() -> None:
    meta = ManifestRow("a.txt", "Un accord", "Le Quotidien", None, "fr", "2024-06", 2)
    article = article_from_bytes(FR.encode("utf-8"), file="a.txt", meta=meta)
    assert article.text == FR
    assert article.article_id == article_id_of(FR) and len(article.article_id) == 16
    assert (article.language, article.published_precision, article.flags) == ("fr", "month", ())
    assert article.title == "Un accord"


def test_detection_without_manifest() -> None:
    assert article_from_bytes(EN.encode("utf-8"), file="e.md").language == "en"


def test_manifest_language_wins_unless_obviously_wrong() -> None:
    article = article_from_bytes(
        EN.encode("utf-8"), file="e.txt", meta=ManifestRow("e.txt", language="fr")
    )
    assert article.language == "en"
    assert "manifest_language_overridden:fr" in article.flags
    short = article_from_bytes(
        b"Accord sign\xc3\xa9.", file="s.txt", meta=ManifestRow("s.txt", language="fr")
    )
    assert short.language == "fr"


def test_empty_file() -> None:
    assert "empty" in _error(b"").reason


def test_whitespace_only() -> None:
    assert "whitespace" in _error(" \n\t\u00a0\r\n".encode()).reason


def test_binary_refused() -> None:
    assert "binary" in _error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").reason
    assert "binary" in _error(bytes(range(1, 32)) * 10).reason


def test_cp1252_legacy_encoding_accepted() -> None:
    article = article_from_bytes(FR.replace("\n\n", "\r\n\r\n").encode("cp1252"), file="l.txt")
    assert article.text == FR


def test_utf16_with_bom_accepted() -> None:
    assert article_from_bytes(EN.encode("utf-16"), file="u.txt").text == EN


def test_undecodable_refused() -> None:
    assert "UTF-8" in _error(bytes(range(128, 256)) * 4).reason


def test_over_size_limit() -> None:
    assert "limit" in _error(FR.encode("utf-8"), max_bytes=100).reason


def test_html_without_main_text() -> None:
    page = b"<html><body><nav>Menu</nav><script>var a = 1;</script></body></html>"
    assert "no main text" in _error(page, file="p.html").reason


def test_only_boilerplate_refused() -> None:
    assert "boilerplate" in _error(b"Partager\nFollow by Email\n").reason


def test_unsupported_language_flagged_but_kept() -> None:
    text = (
        "Die Regierung hat bestätigt, dass die beiden Armeen im Frühjahr gemeinsame "
        "Manöver abhalten werden, trotz der Spannungen in der Region."
    )
    article = article_from_bytes(text.encode("utf-8"), file="de.txt")
    assert article.language == "de"
    assert article.flags == ("unsupported_language:de",)


@pytest.mark.parametrize("name", ["../a.txt", "sub/a.txt", "a\\b.txt", ".."])
def test_path_components_refused(name: str) -> None:
    assert "path components" in _error(FR.encode(), file=name).reason


def test_unsupported_extension() -> None:
    assert "unsupported file type" in _error(FR.encode(), file="a.pdf").reason


def test_scan_corpus_turns_bad_files_into_errors(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "a.md").write_text(f"# Un titre\n\n{FR}", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,title,published\nb.txt,Titre B,2024-02-31\n", encoding="utf-8"
    )
    articles, errors = scan_corpus(tmp_path)
    assert [a.file for a in articles] == ["a.md", "b.txt"]
    assert articles[0].title == "Un titre" and articles[0].text.startswith("Un titre\n\nLe Maroc")
    assert articles[1].title == "Titre B" and articles[1].published is None
    assert sorted(e.file for e in errors) == ["b.txt", "empty.txt", "scan.pdf"]


def _gold() -> dict[str, dict]:
    if not GOLD_DIR.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in GOLD_DIR.glob("*.json")}


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="gold annotations not present")
def test_seed_corpus_boilerplate_gone_body_kept() -> None:
    articles, errors = scan_corpus(DATA_DIR / "articles")
    assert errors == []
    by_stem = {Path(a.file).stem: a for a in articles}
    checked = 0
    for stem, gold in _gold().items():
        article = by_stem[stem]
        for fragment in gold.get("boilerplate_must_not_appear", []):
            assert fragment.lower() not in article.text.lower(), (stem, fragment)
            checked += 1
        # The body survives: every long source paragraph free of boilerplate is kept.
        noise = [f.lower() for f in gold.get("boilerplate_must_not_appear", [])]
        raw = normalize((DATA_DIR / "articles" / article.file).read_text(encoding="utf-8"))
        lines = raw.split("\n")
        paragraphs = [  # long, not listed as noise, not a caption printed twice
            line
            for line in lines
            if len(line) > 150
            and not any(f in line.lower() for f in noise)
            and lines.count(line) == 1
        ]
        assert paragraphs, stem
        for paragraph in paragraphs:
            assert paragraph in article.text, (stem, paragraph[:60])
    assert checked > 0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_article_or_ingest_error(text: str) -> None:
    _article_or_error(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_bytes_give_article_or_ingest_error(data: bytes, name: str) -> None:
    _article_or_error(data, name)


def _article_or_error(data: bytes, name: str = "x.txt") -> None:
    try:
        article = article_from_bytes(data, file=name)
    except IngestError as exc:
        assert exc.file == name and exc.reason
        return
    assert isinstance(article, Article)
    assert article.text and normalize(article.text) == article.text
    assert article.article_id == article_id_of(article.text)
