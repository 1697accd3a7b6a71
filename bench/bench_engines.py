"""Engines benchmark (issue 15): Dask LocalCluster vs `--jobs 2`, and `--jobs 1` vs the
bare same-components `nlp.pipe` at its best batch size.

`python bench/bench_engines.py [--n 1000] [--pairs 2] [--seed 0] [--skip-bare] [--skip-dask]`

Every phase is a fresh interpreter on a private copy of core/ and data/, timed from
outside (bench_scale.sampled: wall seconds, the tree's CPU seconds, peak tree RSS), after
an unreported warm-up build. The machine is shared: `--pairs` alternating pairs
(jobs2, dask2, then dask2, jobs2, ...) give one ratio per pair, and the median and range
are reported, for wall time and for CPU time (steadier under other load).

  jobs2       python -m core build N --jobs 2
  dask2       python -m core build N --engine dask --jobs 2 (LocalCluster of 2 worker
              processes started by the build: cluster start and model loads are timed)
  dask2_warm  the same on a LocalCluster of 2 workers started beforehand, whose workers
              have loaded the model (`--scheduler ADDRESS`: a real cluster's case)
  bare16/64   spacy.load(fr_core_news_sm, exclude the unused components) + nlp.pipe
  jobs1       python -m core build N --jobs 1   (target <= 1.15x the best bare pipe)

Per worker: a Dask worker's rate is N / dask2_warm wall / 2 workers; W such workers
process about W times that (the client's reduction, a few seconds per 10k articles, does
not scale out). Results: bench/results/engines.json.
"""

from __future__ import annotations

import argparse
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "engines.json"
TARGETS = {"dask2_vs_jobs2": 1.15, "jobs1_vs_best_bare": 1.15}


def _warm_cluster(repo: Path, workers: int) -> tuple[Any, Any]:
    """A LocalCluster whose workers run the snapshot's core and have its model loaded."""
    import dask
    from distributed import Client, LocalCluster

    from bench.bench_build import _env
    from core.build.engine_dask import LOCAL_CONFIG

    os.environ.update({k: _env(repo)[k] for k in ("PYTHONPATH", "ENTENTE_CACHE")})
    with dask.config.set(LOCAL_CONFIG):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=0,
        )
    client = Client(cluster)
    client.run(_load_model)
    return client, cluster


def _load_model() -> str:
    from core.nlp.pipeline import load_pipeline

    return load_pipeline("fr").meta["name"]


def _pairs(repo: Path, corpus: Path, work: Path, pairs: int) -> dict[str, list[dict[str, Any]]]:
    from bench.bench_scale import _build

    runs: dict[str, list[dict[str, Any]]] = {"jobs2": [], "dask2": []}
    for i in range(pairs):
        order = ["jobs2", "dask2"] if i % 2 == 0 else ["dask2", "jobs2"]
        for name in order:
            extra = ["--jobs", "2"] if name == "jobs2" else ["--engine", "dask", "--jobs", "2"]
            out = work / f"{name}-{i}"
            print(f"... pair {i + 1}: {name}", file=sys.stderr, flush=True)
            runs[name].append(_build(repo, corpus, out, *extra))
            print(f"    {runs[name][-1]}", file=sys.stderr, flush=True)
            shutil.rmtree(out, ignore_errors=True)
    return runs


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def _dask_phases(
    repo: Path, corpus: Path, work: Path, args: argparse.Namespace, doc: dict[str, Any]
) -> None:
    """The jobs2/dask2 pairs, then a build on a warm cluster (per-worker rate)."""
    from bench.bench_scale import _build

    runs = _pairs(repo, corpus, work, args.pairs)
    doc["runs"] = runs
    ratios = {
        kind: [d[kind] / j[kind] for d, j in zip(runs["dask2"], runs["jobs2"], strict=True)]
        for kind in ("wall_s", "cpu_s")
    }
    doc["dask2_vs_jobs2"] = {k: _spread(v) for k, v in ratios.items()}
    print("... dask2_warm", file=sys.stderr, flush=True)
    client, cluster = _warm_cluster(repo, 2)
    try:
        address = cluster.scheduler_address
        doc["dask2_warm"] = _build(
            repo, corpus, work / "warm2", "--engine", "dask", "--scheduler", address
        )
    finally:
        client.close()
        cluster.close()
    print(f"    {doc['dask2_warm']}", file=sys.stderr, flush=True)
    doc["per_worker_articles_s"] = round(args.n / doc["dask2_warm"]["wall_s"] / 2, 2)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.bench_build import _corpus, snapshot
    from bench.bench_scale import _bare, _build, _texts

    tmp = Path(tempfile.gettempdir())
    corpus = _corpus(tmp / f"entente-corpus-{args.n}-{args.seed}", args.n, args.seed)
    work = Path(tempfile.mkdtemp(prefix="entente-bench-engines-"))
    doc: dict[str, Any] = {"n": args.n}
    try:
        repo = snapshot(work)
        warm = _corpus(tmp / f"entente-corpus-16-{args.seed}", 16, args.seed)
        _build(repo, warm, work / "warm", "--jobs", "1")
        if not args.skip_dask:
            _dask_phases(repo, corpus, work, args, doc)
        if not args.skip_bare:
            texts = _texts(corpus, work)
            for name, step in (
                ("bare16", lambda: _bare(texts, 16)),
                ("bare64", lambda: _bare(texts, 64)),
                ("jobs1", lambda: _build(repo, corpus, work / "o1", "--jobs", "1")),
            ):
                print(f"... {name}", file=sys.stderr, flush=True)
                doc[name] = step()
            best = min(doc["bare16"]["wall_s"], doc["bare64"]["wall_s"])
            doc["jobs1_vs_best_bare"] = round(doc["jobs1"]["wall_s"] / best, 3)
            doc["jobs1_vs_bare16"] = round(doc["jobs1"]["wall_s"] / doc["bare16"]["wall_s"], 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    doc.update(
        targets=TARGETS,
        cpus=os.cpu_count(),
        load_avg_end=os.getloadavg(),
        when=time.strftime("%Y-%m-%dT%H:%M:%S"),
        command=f"python bench/bench_engines.py --n {args.n} --pairs {args.pairs}"
        + " --skip-bare" * args.skip_bare
        + " --skip-dask" * args.skip_dask,
    )
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--skip-dask", action="store_true", help="only bare pipes and --jobs 1")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    doc = run(args)
    for kind, spread in doc.get("dask2_vs_jobs2", {}).items():
        print(f"dask2 / jobs2 ({kind}): {spread}")
    if "dask2_warm" in doc:
        print(
            f"dask2_warm: {doc['dask2_warm']['wall_s']} s, "
            f"{doc['per_worker_articles_s']} articles/s per worker"
        )
    if "jobs1" in doc:
        print(
            f"jobs1 / best bare: {doc['jobs1_vs_best_bare']} "
            f"(bare16 {doc['bare16']['wall_s']} s, bare64 {doc['bare64']['wall_s']} s, "
            f"jobs1 {doc['jobs1']['wall_s']} s)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
