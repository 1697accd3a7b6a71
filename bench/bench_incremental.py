"""Incremental build benchmark (issue 15): the +1 % rebuild at 10k and 100k articles.

`python bench/bench_incremental.py [--n 10000] [--copies 10] [--jobs 2] [--reps 3]`

10k, measured: a full `--jobs` build of N generated articles (bench_scale.kept_build:
reused when bench_memory.py already built the same corpus with this extractor version),
then N/100 new generated articles and a rebuild, `--reps` times from a copy of the full
build's output (median).

100k, a real cache made cheaply: building 100k articles with the model takes hours here
(about 10 articles/s/core), so the big corpus is `--copies` replicas of the N articles,
each file the same text plus a line `Réf. <copy>-<i>.` at its end (a new text, so a new
article id; the cleaned text starts with the original's, so every cached offset still
points at the same words), with its manifest row (same language and date: the same cache
inputs). Its row cache is filled by copying the N real rows under the replicas' ids
(Arrow, column `article_id` replaced), and its ingest cache by scanning it in this
process, then one build of the big corpus writes its tables (0 articles processed). The
+1 % (copies x N / 100 new generated articles) rebuild is timed as at 10k and compared
with a full build extrapolated from the measured 10k rate (wall seconds per article x
articles). What is not representative: ten near-identical copies of each article make
clusters ten times larger than a real corpus would. Results: bench/results/incremental.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # after PYTHONPATH: `--fill` runs on a snapshot's core
    sys.path.append(str(ROOT))

RESULTS = ROOT / "bench" / "results" / "incremental.json"
TARGET = 0.05


def _plus_one_percent(
    repo: Path, corpus: Path, full: Path, jobs: int, reps: int, seed: int, n: int
) -> dict[str, Any]:
    """`reps` rebuilds after adding n/100 new articles, each from a copy of `full`."""
    from bench.bench_scale import _build
    from bench.generate_corpus import generate, write_corpus

    write_corpus(generate(max(1, n // 100), seed=seed, prefix="new"), corpus, append=True)
    runs = []
    for rep in range(reps):
        out = full.parent / f"rebuild-{rep}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(full, out)
        runs.append(_build(repo, corpus, out, "--jobs", str(jobs)))
        shutil.rmtree(out, ignore_errors=True)
    walls = [r["wall_s"] for r in runs]
    return {
        "new": max(1, n // 100),
        "walls": walls,
        "wall_s": statistics.median(walls),
        "last": runs[-1]["last"],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


def _suffix(k: int, i: int) -> str:
    return f"\n\nRéf. {k}-{i}."


def replicate_corpus(base: Path, big: Path, copies: int) -> None:
    """`copies` replicas of every file of `base`, each with a reference line appended."""
    with (base / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    big.mkdir(parents=True)
    out_rows = []
    for k in range(copies):
        for i, row in enumerate(rows):
            text = (base / row["file"]).read_text(encoding="utf-8")
            name = f"r{k}_{i}_{row['file']}"
            (big / name).write_text(text.rstrip() + _suffix(k, i) + "\n", encoding="utf-8")
            out_rows.append({**row, "file": name, "url": f"{row['url']}?copy={k}"})
    with (big / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)


def _replicas(base_out: Path, big: Path) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The big corpus's ingest cache, made from the base build's cleaned articles (the
    replica's cleaned text is the original's plus its line: cleaning 100k texts costs
    about an hour here, mostly language detection), checked against a real scan of a
    sample; and the replicas' ids of every original id."""
    import dataclasses
    import random

    from core import config
    from core.build.caches import load_ingest_cache
    from core.ingest.article import _cache_key, article_id_of
    from core.ingest.files import corpus_entries
    from core.ingest.manifest import read_manifest

    base = {a.file: a for a in load_ingest_cache(base_out).values()}
    meta, _ = read_manifest(big / "manifest.csv")
    entries, _ = corpus_entries(big)
    cache: dict[str, Any] = {}
    replicas: dict[str, list[str]] = {}
    for entry in entries:
        k, i, file = entry.path.name[1:].split("_", 2)
        original, row = base[file], meta[entry.path.name]
        text = original.text + _suffix(int(k), int(i))
        article = dataclasses.replace(
            original, article_id=article_id_of(text), file=entry.path.name, url=row.url, text=text
        )
        cache[_cache_key(entry, row, config.max_bytes())] = article
        replicas.setdefault(original.article_id, []).append(article.article_id)
    _check_sample(big, random.Random(0).sample(sorted(cache.values(), key=str), 40))
    return cache, replicas


def _check_sample(big: Path, made: list[Any]) -> None:
    """The made articles equal what scanning their files gives (in a folder of their own)."""
    from core.ingest.article import scan_corpus

    names = {a.file for a in made}
    sample = big.parent / "sample"
    sample.mkdir()
    lines = (big / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0], *(line for line in lines[1:] if line.split(",", 1)[0] in names)]
    (sample / "manifest.csv").write_text("".join(kept), encoding="utf-8")
    for name in names:
        shutil.copy2(big / name, sample / name)
    real = {a.file: a for a in scan_corpus(sample)[0]}
    for article in made:
        assert real[article.file] == article, f"{article.file}: made != scanned"
    shutil.rmtree(sample)


def fill_cache(base_corpus: Path, base_out: Path, big: Path, big_out: Path) -> int:
    """The big corpus's row cache from the base build's real rows (see the module doc),
    and its ingest cache; the number of replicas cached."""
    import pyarrow as pa

    from core.build.cache import RowCache
    from core.build.caches import CACHE, save_ingest_cache
    from core.build.store import atomic_write_table
    from core.build.version import pipeline_version

    cache, replicas = _replicas(base_out, big)
    save_ingest_cache(big_out, cache, list(cache.values()))
    version = pipeline_version()
    source = RowCache(base_out / CACHE, version)
    target = RowCache(big_out / CACHE, version)
    for part in sorted(set(source._index.values())):
        table = source._partition_table(part)
        ids = table.column("article_id").to_pylist()
        for k in range(max(len(v) for v in replicas.values())):
            new_ids = [replicas[i][k] for i in ids]
            copy = table.set_column(0, table.schema.field(0), pa.array(new_ids, pa.string()))
            name = f"part-copy{k}-{part.removeprefix('part-')}"
            atomic_write_table(target.root / name, copy)
            target.adopt(name, new_ids)
    target.save_index()
    return len(target)


def _fill_in_snapshot(repo: Path, *paths: Path) -> int:
    """fill_cache in a child running the snapshot's core (its version, its cache names)."""
    import subprocess

    from bench.bench_build import _env

    cmd = [sys.executable, str(Path(__file__).resolve()), "--fill", *map(str, paths)]
    done = subprocess.run(cmd, env=_env(repo), cwd=repo, capture_output=True, check=True)
    return int(done.stdout.decode().split()[-1])


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.bench_build import _corpus, snapshot
    from bench.bench_scale import _build, kept_build

    tmp = Path(tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="entente-bench-incremental-"))
    doc: dict[str, Any] = {}
    try:
        repo = snapshot(work)
        corpus = _corpus(tmp / f"entente-corpus-{args.n}-{args.seed}", args.n, args.seed)
        print(f"... full build, {args.n} articles (kept, or built now)", file=sys.stderr)
        full_out, full = kept_build(repo, corpus, args.jobs)
        per_article = full["wall_s"] / args.n
        src = work / "corpus"
        shutil.copytree(corpus, src)
        shutil.copytree(full_out, work / "full")
        print(f"... +1 % at {args.n}", file=sys.stderr, flush=True)
        small = _plus_one_percent(repo, src, work / "full", args.jobs, args.reps, 1, args.n)
        doc["n"] = {
            "articles": args.n,
            "full": full,
            "add1pct": small,
            "ratio": round(small["wall_s"] / full["wall_s"], 4),
        }
        big_n = args.n * args.copies
        print(f"... {big_n}-article corpus and cache from the real rows", file=sys.stderr)
        big, big_out = work / "big", work / "big-out" / "out"
        started = time.perf_counter()
        replicate_corpus(corpus, big, args.copies)
        cached = _fill_in_snapshot(repo, corpus, full_out, big, big_out)
        setup_s = time.perf_counter() - started
        print(f"... tables of the {big_n}-article corpus (nothing to process)", file=sys.stderr)
        prime = _build(repo, big, big_out, "--jobs", str(args.jobs))
        if " 0 processed" not in prime["last"]:
            print(f"warning: the cache was not used: {prime['last']}", file=sys.stderr)
        print(f"... +1 % at {big_n}", file=sys.stderr, flush=True)
        plus = _plus_one_percent(repo, big, big_out, args.jobs, args.reps, 2, big_n)
        extrapolated = per_article * big_n
        doc["big"] = {
            "articles": big_n,
            "cached": cached,
            "setup_s": round(setup_s, 1),
            "tables_from_cache": prime,
            "add1pct": plus,
            "full_extrapolated_s": round(extrapolated, 1),
            "ratio": round(plus["wall_s"] / extrapolated, 4),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    doc.update(
        target=TARGET,
        cpus=os.cpu_count(),
        load_avg_end=os.getloadavg(),
        when=time.strftime("%Y-%m-%dT%H:%M:%S"),
        command=f"python bench/bench_incremental.py --n {args.n} --copies "
        f"{args.copies} --jobs {args.jobs} --reps {args.reps}",
    )
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--fill", nargs=4, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fill:
        print(fill_cache(*args.fill))
        return 0
    doc = run(args)
    for key in ("n", "big"):
        row = doc[key]
        print(
            f"{row['articles']:>7} articles: +1 % rebuild {row['add1pct']['wall_s']:.1f} s "
            f"(runs {row['add1pct']['walls']}), {100 * row['ratio']:.2f} % of a full build"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
