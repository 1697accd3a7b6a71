"""Ingest: bytes of one article in, a cleaned `Article` out, or an IngestError that says
which file is wrong and why. `scan_corpus` applies it to a folder, turning every bad
file into an error so one broken article never blocks the rest."""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

from core import config
from core.ingest.files import Entry, corpus_entries, read_regular
from core.ingest.manifest import (
    MANIFEST_NAME,
    SUFFIXES,
    IngestError,
    ManifestRow,
    file_name_problem,
    published_precision,
    read_manifest,
    suffix_problem,
)
from core.text.boilerplate import strip_boilerplate
from core.text.decode import Decoded, DecodeProblem, decode
from core.text.html import declared_charset, extract
from core.text.language import SUPPORTED, UNKNOWN, clearly_not, detect_language
from core.text.normalize import markdown_to_text, normalize, single_line

__all__ = [
    "SUFFIXES",
    "Article",
    "IngestError",
    "article_from_bytes",
    "article_id_of",
    "clean_text",
    "decode_bytes",
    "read_article",
    "scan_corpus",
]

HTML_SUFFIXES = (".html", ".htm")
_TITLE_MAX_CHARS = 150


@dataclass(frozen=True)
class Article:
    """One cleaned article: the unit every later pipeline step works on."""

    article_id: str
    file: str
    title: str | None
    outlet: str | None
    url: str | None
    language: str
    published: str | None
    published_precision: str | None
    text: str
    flags: tuple[str, ...] = ()


def article_id_of(text: str) -> str:
    """Stable id: first 16 hex chars of the SHA-256 of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def clean_text(raw: str, *, is_html: bool = False, is_markdown: bool = False) -> str:
    """Raw article text (or HTML, or Markdown) to the cleaned text offsets point into."""
    if is_html:
        raw = extract(raw).text
    elif is_markdown:
        raw = markdown_to_text(normalize(raw))
    return strip_boilerplate(normalize(raw))


def decode_bytes(data: bytes, *, file: str, is_html: bool = False) -> Decoded:
    """Bytes to text by the best evidence (core/text/decode.py); the page's declared
    charset is one piece of it. Raises IngestError when the bytes are not text."""
    declared = declared_charset(data) if is_html else None
    try:
        return decode(data, declared)
    except DecodeProblem as exc:
        raise IngestError(file, str(exc)) from None


def _headline(text: str) -> str | None:
    """The first line when it reads like a headline (short, no final sentence stop)."""
    first = text.split("\n", 1)[0].strip()
    if "\n" in text and 0 < len(first) <= _TITLE_MAX_CHARS and first[-1] not in ".:;!?,":
        return first
    return None


def _language(text: str, claimed: str | None) -> tuple[str, tuple[str, ...]]:
    """Manifest language wins unless the text is plainly another language."""
    flags: list[str] = []
    if claimed and claimed != UNKNOWN:
        actual = clearly_not(text, claimed)
        if actual is None:
            language = claimed
        else:
            language = actual
            flags.append(f"manifest_language_overridden:{claimed}")
    else:
        language = detect_language(text)
    if language == UNKNOWN:
        flags.append("language_unknown")
    elif language not in SUPPORTED:
        flags.append(f"unsupported_language:{language}")
    return language, tuple(flags)


def article_from_bytes(
    data: bytes, *, file: str, meta: ManifestRow | None = None, max_bytes: int | None = None
) -> Article:
    """Validate, decode and clean one article. Raises IngestError with a clear reason."""
    problem = file_name_problem(file) or suffix_problem(file)
    if problem:
        raise IngestError(file or "?", problem)
    limit = config.max_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise IngestError(file, f"file is {len(data):,} bytes, over the {limit:,}-byte limit")
    if not data:
        raise IngestError(file, "empty file")
    suffix = Path(file).suffix.lower()
    is_html = suffix in HTML_SUFFIXES
    decoded = decode_bytes(data, file=file, is_html=is_html)
    raw = decoded.text
    if not normalize(raw).strip():
        raise IngestError(file, "file holds only whitespace")
    page = extract(raw) if is_html else None  # parsed once: text and title
    text = clean_text(page.text) if page else clean_text(raw, is_markdown=suffix == ".md")
    html_title = page.title if page else None
    if not text:
        reason = (
            "HTML page has no main text" if is_html else "no text left after removing boilerplate"
        )
        raise IngestError(file, reason)
    meta = meta or ManifestRow(file=file)
    language, flags = _language(text, meta.language)
    flags = (*(f"text_repaired:{repair}" for repair in decoded.repairs), *flags)
    return Article(
        article_id=article_id_of(text),
        file=file,
        title=single_line(meta.title) or html_title or _headline(text),
        outlet=meta.outlet,
        url=meta.url,
        language=language,
        published=meta.published,
        published_precision=published_precision(meta.published),
        text=text,
        flags=flags,
    )


def read_article(
    path: Path, meta: ManifestRow | None = None, *, max_bytes: int | None = None
) -> Article:
    """One regular file from disk; the size is checked before reading so a huge file
    costs nothing, and links, FIFOs and devices are refused without blocking."""
    path = Path(path)
    limit = config.max_bytes() if max_bytes is None else max_bytes
    data = read_regular(path, limit)
    return article_from_bytes(data, file=path.name, meta=meta, max_bytes=limit)


def corpus_files(articles_dir: Path) -> tuple[list[Path], list[IngestError]]:
    """Regular article files of a folder, sorted by name, and the entries refused."""
    entries, errors = corpus_entries(articles_dir)
    return [entry.path for entry in entries], errors


def scan_corpus(
    articles_dir: Path,
    *,
    max_bytes: int | None = None,
    cache: MutableMapping[str, Article] | None = None,
) -> tuple[list[Article], list[IngestError]]:
    """Every article of a folder with its manifest metadata; bad files become errors.

    With `cache`, a file whose name, size, mtime and manifest row are unchanged is not
    read again (a rebuild of a large corpus then costs a stat per file)."""
    articles_dir = Path(articles_dir)
    if not articles_dir.is_dir():
        return [], [IngestError(str(articles_dir), "articles folder not found")]
    rows, errors = read_manifest(articles_dir / MANIFEST_NAME)
    entries, file_errors = corpus_entries(articles_dir)
    errors.extend(file_errors)
    articles: list[Article] = []
    for entry in entries:
        meta = rows.get(entry.path.name)
        key = _cache_key(entry, meta, max_bytes)
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            articles.append(hit)
            continue
        try:
            article = read_article(entry.path, meta, max_bytes=max_bytes)
        except IngestError as exc:
            errors.append(exc)
            continue
        if cache is not None:
            cache[key] = article
        articles.append(article)
    return articles, errors


def _cache_key(entry: Entry, meta: ManifestRow | None, max_bytes: int | None) -> str:
    fields = (
        None if meta is None else (meta.title, meta.outlet, meta.url, meta.language, meta.published)
    )
    return f"{entry.path.name}|{entry.size}|{entry.mtime_ns}|{fields!r}|{max_bytes}"
