"""The per-article step, isolated: a batch of articles in, for each one its extraction
rows or the reason it failed. Nothing an article does (a spaCy error, a date at the
calendar's edge, a row pointing outside its text) can raise out of here, so one bad
article is reported and skipped while the rest of the corpus builds.

This is the one function an engine (process pool, Dask) needs to ship to workers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from core.extract.rows import ArticleRows
from core.text.partial_date import parse_partial_date

if TYPE_CHECKING:  # spaCy is imported only when an article is processed
    from spacy.language import Language
    from spacy.tokens import Doc

CHUNK_CHARS = 100_000
"""Articles longer than this are parsed in pieces (spaCy's max_length is 1,000,000 and
its memory grows with the text); pieces end at a paragraph, line or sentence break."""
_REASON_MAX = 300
_ISO2 = re.compile(r"^[A-Z]{2}$")


class WorkItem(NamedTuple):
    """What a worker needs of one article (picklable, no corpus state)."""

    article_id: str
    file: str
    text: str
    language: str
    published: str | None


class Failure(NamedTuple):
    """One article that could not be processed, with a reason a user can read."""

    article_id: str
    file: str
    reason: str


Outcome = ArticleRows | Failure


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text` exactly, each at most `size` characters, cut
    after the last paragraph break, else line break, else sentence end, else space."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            found = window.rfind(sep, size // 2)
            if found > 0:
                cut = found + len(sep)
                break
        end = start + (cut if cut > 0 else size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def parse(nlp: Language, text: str) -> Doc:
    """One Doc for the whole text; long texts are parsed by pieces and joined, so
    character offsets still point into `text` (Doc.from_docs keeps text and spans)."""
    from spacy.tokens import Doc

    bounds = chunk_bounds(text, CHUNK_CHARS)
    if len(bounds) == 1:
        return nlp(text)
    docs = [nlp(text[start:end]) for start, end in bounds]
    return Doc.from_docs(docs, ensure_whitespace=False)


def span_problem(table: str, start: int, end: int, shown: str, text: str) -> str | None:
    """Why a row's offsets would be invalid: outside the text, or not where its text is."""
    if not 0 <= start <= end <= len(text):
        return f"{table} offsets {start}:{end} outside the text"
    if text[start:end] != shown:
        return f"{table} text at {start}:{end} differs from the article text"
    return None


def facts_problem(table: str, date: str | None, countries: Iterable[str]) -> str | None:
    """Why an event's facts would be invalid: a date that does not parse, a country that
    is not an ISO alpha-2 code."""
    if date is not None and parse_partial_date(date) is None:
        return f"{table} date {date!r} is not a real date written YYYY, YYYY-MM or YYYY-MM-DD"
    for code in countries:
        if not isinstance(code, str) or not _ISO2.match(code):
            return f"{table} country {code!r} is not an ISO alpha-2 code"
    return None


def _spans(rows: ArticleRows) -> Iterator[tuple[str, int, int, str]]:
    """(table, start, end, text shown) of every row that points into the article text."""
    for m in rows.mentions:
        yield "mentions", m.start, m.end, m.text
    for e in rows.events:
        yield "events", e.start, e.end, e.excerpt
        for em in e.mentions:
            yield "event_mentions", em.start, em.end, em.excerpt
    for q in rows.quotes:
        yield "quotes", q.start, q.end, q.text


def rows_problem(rows: ArticleRows, text: str) -> str | None:
    """First invalid row of an article's extraction, described; None when all are valid."""
    for table, start, end, shown in _spans(rows):
        if problem := span_problem(table, start, end, shown, text):
            return problem
    for e in rows.events:
        if problem := facts_problem("events", e.date, e.countries):
            return problem
    return None


def _reason(exc: BaseException) -> str:
    message = f"{type(exc).__name__}: {exc}"
    return message if len(message) <= _REASON_MAX else message[: _REASON_MAX - 3] + "..."


def _docs(nlp: Language, items: list[WorkItem]) -> list[Doc | Exception]:
    """Docs of a batch: nlp.pipe when every text is short (faster), and one by one when
    the batch holds a long text or the pipe failed, so a failure is the article's own."""
    if all(len(item.text) <= CHUNK_CHARS for item in items):  # else parse() splits them
        try:
            return list(nlp.pipe(item.text for item in items))
        except Exception:  # retried one by one below
            pass
    out: list[Doc | Exception] = []
    for item in items:
        try:
            out.append(parse(nlp, item.text))
        except Exception as exc:
            out.append(exc)
    return out


def _one(doc: Doc, item: WorkItem, known: dict[str, tuple[str, str, str]]) -> Outcome:
    from core.extract.article import extract

    try:
        found = extract(doc, item.article_id, item.language, item.published, known=known)
        problem = rows_problem(found, item.text)
    except Exception as exc:  # isolation: any failure is this article's
        return Failure(item.article_id, item.file, f"processing failed ({_reason(exc)})")
    if problem:
        return Failure(item.article_id, item.file, f"invalid extraction ({problem})")
    # What besides the text made these rows: a cached row read under other metadata, or
    # made by another pipeline than the one now installed, is processed again (the build
    # compares it with core.build.pipeline._inputs).
    return replace(found, inputs=(item.language, item.published, found.pipeline))


def _by_language(batch: list[WorkItem]) -> Iterator[tuple[str, list[WorkItem]]]:
    groups: dict[str, list[WorkItem]] = {}
    for item in batch:
        groups.setdefault(item.language, []).append(item)
    yield from groups.items()


def process_batch(batch: list[WorkItem]) -> list[Outcome]:
    """Worker: the rows or a Failure for every article of the batch, in order of
    language group; never raises for an article's sake."""
    from core.extract.known_people import known_people
    from core.nlp.pipeline import load_pipeline

    try:
        known = known_people()
    except Exception as exc:
        return [Failure(i.article_id, i.file, f"setup failed ({_reason(exc)})") for i in batch]
    out: list[Outcome] = []
    for language, items in _by_language(batch):
        try:
            nlp = load_pipeline(language)
        except Exception as exc:
            reason = f"no pipeline for {language!r} ({_reason(exc)})"
            out.extend(Failure(i.article_id, i.file, reason) for i in items)
            continue
        for item, doc in zip(items, _docs(nlp, items), strict=True):
            if isinstance(doc, Exception):
                reason = f"processing failed ({_reason(doc)})"
                out.append(Failure(item.article_id, item.file, reason))
            else:
                out.append(_one(doc, item, known))
    return out
