"""Seeded mutation fuzz: damaged articles through ingest + extraction + assembly.

`python bench/soak_fuzz.py [--n 10000] [--seed 0] [--model] [--edge-dates]`

Each mutation starts from an article of the corpus folder (data/articles by default),
breaks it in one to three ways (flipped, inserted, deleted or repeated bytes, stray
latin-1 bytes, cp1252/UTF-16/mojibake re-encodings, control and invisible characters,
HTML wrapping and deep nesting, huge words, dates and relative-date words) and runs it
through the pipeline the build uses. It counts:

  exceptions    anything other than a clean IngestError out of ingest, extraction or
                assembly (must be 0)
  invalid rows  table rows whose offsets fall outside the article, whose text differs
                from text[start:end], whose date does not parse or whose country code
                is not ISO alpha-2 (must be 0)

By default the pipeline is spacy.blank + the gazetteer (fast: rules, no statistical
model); `--model` uses the production pipelines. `--edge-dates` also gives some articles
calendar-edge publication dates (0001-01-01, 9999-12-31); those go through the build's
isolation (core/build/worker.py), so an article that fails is counted as isolated, not
as an exception. tests/test_reliability.py runs a small slice of this in CI.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from core.build.assemble import assemble  # noqa: E402
from core.build.worker import (  # noqa: E402
    Failure,
    WorkItem,
    facts_problem,
    process_batch,
    rows_problem,
    span_problem,
)
from core.extract.rows import ArticleRows  # noqa: E402
from core.ingest.article import Article, IngestError, article_from_bytes  # noqa: E402

ODD = [
    "\u0301", "\u200b", "\u202e", "\ufeff", "\u00ad", "\x00", "\x07", "\x1b", "\r", "\u2028",
    "\U0001f600", "\u0645\u0635\u0631", "\u4e2d\u56fd", "«", "»", '"', "\u2019", "\t", "\n\n",
]  # fmt: skip
WORDS = [
    "hier", "demain", "aujourd'hui", "l'année prochaine", "le mois dernier", "lundi",
    "le 31 février 9999", "le 1er janvier 0001", "en 10000", "le 29 février 2023",
    "du 4 au 6 mars", "yesterday", "next year", "« Nous", "a déclaré", "Algérie", "France",
    "Russie", "États-Unis", "M.", "le ministre", "Sergueï", "accord", "exercice conjoint",
]  # fmt: skip
DATES = ["2024-03-15", "2023", "2022-07", None, "2020-02-29"]
EDGE_DATES = ["0001-01-01", "9999-12-31", "9999", "0001"]


def _insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _span(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.randrange(1, 200))


def _reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    choice = rng.randrange(4)
    if choice == 0:
        return text.encode("cp1252", errors="replace")
    if choice == 1:
        return text.encode("utf-16")
    if choice == 2:
        return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    return text.encode("latin-1", errors="replace")


def _html(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([1, 5, 300, 3000])
    body = b"<p>" + data.replace(b"\n\n", b"</p><p>") + b"</p>"
    charset = rng.choice([b"utf-8", b"utf-16", b"iso-8859-1", b"bogus"])
    return (
        b'<html><head><meta charset="' + charset + b'"><script>alert(1)</script></head><body>'
        + b"<div>" * depth + body + b"</div>" * rng.choice([0, depth]) + b"</body></html>"
    )  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """`data` broken in one to three ways, and the suffix to store it under."""
    suffix = ".txt"
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        if op == 0 and data:
            at = rng.randrange(len(data))
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif op == 1:
            data = _insert(data, rng, bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))))
        elif op == 2:
            start, end = _span(data, rng)
            data = data[:start] + data[end:]
        elif op == 3:
            start, end = _span(data, rng)
            data = _insert(data, rng, data[start:end] * rng.randint(2, 20))
        elif op == 4:
            data = _insert(data, rng, rng.choice(ODD).encode("utf-8", errors="surrogatepass"))
        elif op == 5:
            data = _insert(data, rng, (" " + rng.choice(WORDS) + " ").encode("utf-8"))
        elif op == 6:
            data = _insert(data, rng, rng.choice([b"\xe9", b"\xc3", b"\xff\xfe", b"\x80\x81"]))
        elif op == 7:
            data = _reencode(data, rng)
        elif op == 8:
            data, suffix = _html(data, rng), rng.choice([".html", ".htm"])
        else:
            data = _insert(data, rng, b"x" * rng.choice([50, 5000, 60000]))
    return data, suffix


@dataclass
class Tally:
    """What a fuzz run found."""

    mutations: int = 0
    refused: int = 0
    articles: int = 0
    isolated: int = 0
    exceptions: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def _check_tables(frames: dict[str, Any], tally: Tally) -> None:
    texts = dict(zip(frames["articles"]["article_id"], frames["articles"]["text"], strict=True))
    for table, shown in (("mentions", "text"), ("events", "excerpt"), ("quotes", "text")):
        frame = frames[table]
        for row in frame.to_dict("records"):
            if shown not in row:
                tally.invalid.append(f"{table} row has no {shown}")
                continue
            text = texts[row["article_id"]]
            problem = span_problem(table, row["start"], row["end"], row[shown], text)
            if problem is None and table == "events":
                date = row.get("date")  # a missing date reads back as None or NaN
                date = date if isinstance(date, str) and date else None
                problem = facts_problem(table, date, list(row.get("countries", [])))
            if problem:
                tally.invalid.append(problem)


def run_fuzz(
    sources: list[bytes], n: int, seed: int, *, nlp: Any = None, edge_dates: bool = False
) -> Tally:
    """Mutate `n` articles from `sources`; with `nlp` the Docs come from that pipeline
    (any language), else from the production pipelines via the build's worker."""
    rng = random.Random(seed)
    tally = Tally()
    articles: list[Article] = []
    rows: dict[str, ArticleRows] = {}
    for i in range(n):
        data, suffix = mutate(rng.choice(sources), rng)
        published = rng.choice(DATES + (EDGE_DATES if edge_dates else []))
        tally.mutations += 1
        try:
            article = article_from_bytes(data, file=f"fuzz{i}{suffix}")
        except IngestError:
            tally.refused += 1
            continue
        except Exception:
            tally.exceptions.append(traceback.format_exc(limit=3))
            continue
        article = Article(**{**vars(article), "published": published})
        if article.article_id in rows:
            continue
        outcome = _extract(article, nlp, tally)
        if outcome is not None:
            articles.append(article)
            rows[article.article_id] = outcome
            tally.articles += 1
    try:
        _check_tables(assemble(articles, rows), tally)
    except Exception:
        tally.exceptions.append(traceback.format_exc(limit=5))
    return tally


def _extract(article: Article, nlp: Any, tally: Tally) -> ArticleRows | None:
    item = WorkItem(article.article_id, article.file, article.text, "fr", article.published)
    if nlp is None:
        (outcome,) = process_batch([item._replace(language=article.language)])
        if isinstance(outcome, Failure):
            tally.isolated += 1
            return None
        return outcome
    from core.build.worker import parse
    from core.extract.article import extract

    try:
        rows = extract(parse(nlp, article.text), article.article_id, "fr", article.published)
    except Exception:
        if article.published in EDGE_DATES:
            tally.isolated += 1  # what the build's worker would report and skip
        else:
            tally.exceptions.append(traceback.format_exc(limit=4))
        return None
    problem = rows_problem(rows, article.text)
    if problem:
        tally.invalid.append(problem)
        return None
    return rows


def blank_pipeline() -> Any:
    """spacy.blank('fr') with the gazetteer: the rules without a statistical model."""
    import spacy

    import core.nlp.gazetteer  # noqa: F401  (registers the component)
    from core import config
    from core.nlp.regex_cache import big_patterns_cached

    with big_patterns_cached(config.cache_dir() / "regex"):
        nlp = spacy.blank("fr")
    nlp.add_pipe("entente_gazetteer", last=True)
    return nlp


def sources_from(folder: Path) -> list[bytes]:
    """Article files of a folder, as bytes (the manifest left out)."""
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "articles")
    parser.add_argument("--model", action="store_true", help="production pipelines")
    parser.add_argument("--edge-dates", action="store_true")
    parser.add_argument("--chunk", type=int, default=500, help="articles per assembly")
    args = parser.parse_args(argv)
    sources = sources_from(args.corpus)
    nlp = None if args.model else blank_pipeline()
    started = time.perf_counter()
    total = Tally()
    for k, first in enumerate(range(0, args.n, args.chunk)):
        size = min(args.chunk, args.n - first)
        part = run_fuzz(
            sources, size, args.seed * 1_000_003 + k, nlp=nlp, edge_dates=args.edge_dates
        )
        for name in ("mutations", "refused", "articles", "isolated"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        total.exceptions += part.exceptions
        total.invalid += part.invalid
        print(f"{total.mutations} mutations, {len(total.exceptions)} exceptions, "
              f"{len(total.invalid)} invalid rows", file=sys.stderr)  # fmt: skip
    summary = {
        "mutations": total.mutations,
        "refused_by_ingest": total.refused,
        "articles_extracted": total.articles,
        "isolated_failures": total.isolated,
        "exceptions": len(total.exceptions),
        "invalid_rows": len(total.invalid),
        "seconds": round(time.perf_counter() - started, 1),
        "pipeline": "production" if args.model else "spacy.blank + gazetteer",
    }
    print(json.dumps(summary, indent=1))
    for text in (total.exceptions + total.invalid)[:5]:
        print(text, file=sys.stderr)
    return 1 if total.exceptions or total.invalid else 0


if __name__ == "__main__":
    sys.exit(main())
