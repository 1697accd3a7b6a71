"""Build scale benchmark (issue 15): engines, the model floor, and peak memory vs N.

`python bench/bench_scale.py [--small 500] [--large 2000] [--seed 0] [--skip-large]`

Every phase runs in a fresh interpreter against a private copy of core/ and data/
(bench_build.snapshot), timed by wall clock from outside, with the peak RSS of its whole
process tree (psutil, every 0.1 s: the Dask scheduler, nanny and worker processes
count):

  bare16 / bare64  spacy.load(fr_core_news_sm, exclude=the components the build never
                   runs) + nlp.pipe(batch_size=16 / 64) over the small corpus' texts
  jobs1            python -m core build SMALL --jobs 1      (target <= 1.15x best bare)
  jobs2            python -m core build SMALL --jobs 2
  dask2            python -m core build SMALL --engine dask --jobs 2   (LocalCluster of 2
                   worker processes; target <= 1.15x jobs2)
  large2           python -m core build LARGE --jobs 2      (peak RSS vs jobs2: how build
                   memory grows with the corpus)
  cache_read       in this process: every cached article of LARGE's build read from the
                   Parquet partitions, and the same rows as one JSON file per article

A first, unreported build of 16 articles warms the file cache and the snapshot's
compiled-regex cache, so every timed build finds it, as any build after a machine's first.
The machine is shared and noisy: read the ratios, not the seconds. Results go to
bench/results/scale.json. Corpora come from bench/generate_corpus.py (load only).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "scale.json"
TARGETS = {"jobs1_vs_best_bare": 1.15, "dask2_vs_jobs2": 1.15}


def bare_phase(texts_file: Path, batch_size: int) -> dict[str, float]:
    """Child process: the same components as the build, nothing of ours."""
    import spacy

    from core.nlp.models import MODELS
    from core.nlp.pipeline import UNUSED

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    nlp = spacy.load(MODELS["fr"][0], exclude=UNUSED)
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    done = time.perf_counter()
    return {"load_s": loaded - started, "pipe_s": done - loaded, "tokens": tokens}


def _tree_rss(proc: Any) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def sampled(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run a child; wall seconds, peak tree RSS (MB) and the last line of its stdout."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        watch, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                peak = max(peak, _tree_rss(watch))
            time.sleep(0.1)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{err.read().decode()[-3000:]}")
        lines = out.read().decode().strip().splitlines()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),  # the tree's user + system time (children it reaped)
        "peak_rss_mb": round(peak / 2**20, 1),
        "last": lines[-1],
    }


def _build(
    repo: Path, corpus: Path, out: Path, *extra: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    from bench.bench_build import _env

    cmd = [sys.executable, "-m", "core", "build", str(corpus), "--out", str(out), *extra]
    return sampled(cmd, {**_env(repo), **(env or {})}, repo)


KEPT = Path(tempfile.gettempdir()) / "entente-bench-builds"


def snapshot_version(repo: Path) -> str:
    """The extractor version of a snapshot (not of the tree, which may change meanwhile)."""
    from bench.bench_build import _env

    code = "from core.build.version import pipeline_version; print(pipeline_version())"
    done = subprocess.run(
        [sys.executable, "-c", code], env=_env(repo), cwd=repo, capture_output=True, check=True
    )
    return done.stdout.decode().strip()


def kept_build(
    repo: Path, corpus: Path, jobs: int, *, fresh: bool = False
) -> tuple[Path, dict[str, Any]]:
    """A full `--jobs` build of `corpus` kept between benchmarks (bench_memory builds it,
    bench_incremental reuses it: a 10k build takes minutes), keyed by the extractor
    version and the corpus; (its output folder, its measured phase)."""
    home = KEPT / f"{snapshot_version(repo)[:12]}-{corpus.name}-j{jobs}"
    out, phase_file = home / "out", home / "phase.json"
    if not fresh and phase_file.exists() and (out / "build.json").exists():
        return out, json.loads(phase_file.read_text(encoding="utf-8"))
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    phase = _build(repo, corpus, out, "--jobs", str(jobs))
    phase_file.write_text(json.dumps(phase), encoding="utf-8")
    return out, phase


def _bare(texts: Path, batch: int) -> dict[str, Any]:
    from bench.bench_build import _env

    cmd = [sys.executable, str(Path(__file__).resolve()), "--bare", str(texts)]
    row = sampled([*cmd, "--batch", str(batch)], _env(ROOT), ROOT)
    row.update(json.loads(row.pop("last")))
    return row


def _texts(corpus: Path, work: Path) -> Path:
    from core.ingest.article import scan_corpus

    articles, _ = scan_corpus(corpus)
    path = work / "texts.json"
    path.write_text(json.dumps([a.text for a in articles]), encoding="utf-8")
    return path


def cache_read(out: Path, scratch: Path) -> dict[str, Any]:
    """Reading every cached article of a build: the Parquet partitions against the same
    rows as one JSON file per article (the previous layout), in this process."""
    import gc

    from core.build.cache import RowCache
    from core.build.pipeline import CACHE, read_stamp

    version = read_stamp(out)["pipeline_version"]
    ids = list(RowCache(out / CACHE, version)._index)
    gc.disable()
    started = time.perf_counter()
    rows = RowCache(out / CACHE, version).load(ids)
    parquet_s = time.perf_counter() - started
    scratch.mkdir(parents=True, exist_ok=True)
    for article_id, row in rows.items():
        record = dataclasses.asdict(row)  # what the JSON layout held: plain values
        (scratch / f"{article_id}.json").write_text(json.dumps(record), encoding="utf-8")
    started = time.perf_counter()
    for path in scratch.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    json_s = time.perf_counter() - started
    gc.enable()
    return {
        "articles": len(rows),
        "parquet_s": round(parquet_s, 3),
        "json_s": round(json_s, 3),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.bench_build import _corpus, snapshot

    tmp = Path(tempfile.gettempdir())
    small = _corpus(tmp / f"entente-corpus-{args.small}-{args.seed}", args.small, args.seed)
    work = Path(tempfile.mkdtemp(prefix="entente-bench-scale-"))
    phases: dict[str, dict[str, Any]] = {}
    try:
        repo = snapshot(work)
        texts = _texts(small, work)
        warm = _corpus(tmp / f"entente-corpus-16-{args.seed}", 16, args.seed)
        print("... warm-up (model files, compiled-regex cache; not reported)", file=sys.stderr)
        _build(repo, warm, work / "warm", "--jobs", "1")
        steps = [
            ("bare16", lambda: _bare(texts, 16)),
            ("bare64", lambda: _bare(texts, 64)),
            ("jobs1", lambda: _build(repo, small, work / "o1", "--jobs", "1")),
            ("jobs2", lambda: _build(repo, small, work / "o2", "--jobs", "2")),
            ("dask2", lambda: _build(repo, small, work / "o3", "--engine", "dask", "--jobs", "2")),
        ]
        if not args.skip_large:
            large = _corpus(tmp / f"entente-corpus-{args.large}-{args.seed}", args.large, args.seed)
            steps.append(("large2", lambda: _build(repo, large, work / "o4", "--jobs", "2")))
            steps.append(("cache_read", lambda: cache_read(work / "o4", work / "json")))
        for name, step in steps:
            print(f"... {name}", file=sys.stderr, flush=True)
            phases[name] = step()
            print(f"    {phases[name]}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(phases, args)


def report(phases: dict[str, dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    wall = {k: v["wall_s"] for k, v in phases.items() if "wall_s" in v}
    ratios = {
        "jobs1_vs_bare16": wall["jobs1"] / wall["bare16"],
        "jobs1_vs_best_bare": wall["jobs1"] / min(wall["bare16"], wall["bare64"]),
        "dask2_vs_jobs2": wall["dask2"] / wall["jobs2"],
        "jobs2_speedup": wall["jobs1"] / wall["jobs2"],
    }
    if "large2" in phases:
        ratios["peak_rss_large_vs_small"] = (
            phases["large2"]["peak_rss_mb"] / phases["jobs2"]["peak_rss_mb"]
        )
        ratios["wall_large_vs_small"] = wall["large2"] / wall["jobs2"]
    return {
        "small": args.small,
        "large": None if args.skip_large else args.large,
        "phases": phases,
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "targets": TARGETS,
        "met": {k: ratios[k] <= v for k, v in TARGETS.items()},
        "cpus": os.cpu_count(),
        "load_avg_end": os.getloadavg(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "command": f"python bench/bench_scale.py --small {args.small} --large {args.large}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=16, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        print(json.dumps(bare_phase(args.bare, args.batch)))
        return 0
    doc = run(args)
    for name, row in doc["phases"].items():
        if "wall_s" not in row:
            print(f"{name:<7} {row}")
            continue
        print(f"{name:<7} {row['wall_s']:>8.1f} s {row['peak_rss_mb']:>8.0f} MB")
    for key, value in doc["ratios"].items():
        print(f"{key:<26} {value:7.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
