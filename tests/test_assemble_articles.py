"""The articles table: a page's own date line fills a missing manifest date, never
overrides one, and the pipeline that read each article is kept."""

from __future__ import annotations

from core.build.assemble import assemble
from core.extract.rows import ArticleRows
from core.ingest.article import Article


def _article(published: str | None, precision: str | None) -> Article:
    return Article("a1", "a.txt", "T", "Outlet", None, "fr", published, precision, "Texte.")


def _rows(stated: str | None) -> dict[str, ArticleRows]:
    return {"a1": ArticleRows("a1", "blank:fr", published_from_text=stated)}


def test_date_line_fills_a_missing_manifest_date() -> None:
    row = assemble([_article(None, None)], _rows("2024-10-02"))["articles"].iloc[0]
    assert (row["published"], row["published_precision"]) == ("2024-10-02", "day")
    assert row["pipeline"] == "blank:fr"


def test_manifest_date_wins_over_the_date_line() -> None:
    row = assemble([_article("2023-05", "month")], _rows("2024-10-02"))["articles"].iloc[0]
    assert (row["published"], row["published_precision"]) == ("2023-05", "month")


def test_a_malformed_stated_date_is_ignored() -> None:
    row = assemble([_article(None, None)], _rows("02/10/2024"))["articles"].iloc[0]
    assert row["published"] is None
