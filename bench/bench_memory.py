"""Build memory benchmark (issue 15): peak RSS of a whole build at 1k vs 10k articles.

`python bench/bench_memory.py [--small 1000] [--large 10000] [--jobs 2] [--seed 0]`

Both builds run `python -m core build CORPUS --jobs N` in a fresh interpreter against a
private copy of core/ and data/ (bench_build.snapshot), after an unreported warm-up build
of 16 articles (model files, compiled-regex cache). Peak RSS is that of the whole process
tree (psutil, every 0.1 s: the build and its worker processes; bench_scale.sampled).
Target: peak at `--large` <= 1.2x peak at `--small`. The large build's output and its wall
time are kept (bench_scale.kept_build) for bench_incremental.py, which would otherwise
build the same corpus again. Results go to bench/results/memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "memory.json"
TARGET = 1.2


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.bench_build import _corpus, snapshot
    from bench.bench_scale import _build, kept_build

    tmp = Path(tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="entente-bench-memory-"))
    phases: dict[str, dict[str, Any]] = {}
    try:
        repo = snapshot(work)
        warm = _corpus(tmp / f"entente-corpus-16-{args.seed}", 16, args.seed)
        print("... warm-up (not reported)", file=sys.stderr, flush=True)
        _build(repo, warm, work / "warm", "--jobs", "1")
        for name, n in (("small", args.small), ("large", args.large)):
            corpus = _corpus(tmp / f"entente-corpus-{n}-{args.seed}", n, args.seed)
            print(f"... {name}: {n} articles, --jobs {args.jobs}", file=sys.stderr, flush=True)
            if name == "large":
                phases[name] = kept_build(repo, corpus, args.jobs, fresh=True)[1]
            else:
                phases[name] = _build(repo, corpus, work / name, "--jobs", str(args.jobs))
            phases[name]["articles"] = n
            print(f"    {phases[name]}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = phases["large"]["peak_rss_mb"] / phases["small"]["peak_rss_mb"]
    return {
        "phases": phases,
        "peak_rss_large_vs_small": round(ratio, 3),
        "wall_large_vs_small": round(phases["large"]["wall_s"] / phases["small"]["wall_s"], 3),
        "target": TARGET,
        "met": ratio <= TARGET,
        "cpus": os.cpu_count(),
        "load_avg_end": os.getloadavg(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "command": (
            f"python bench/bench_memory.py --small {args.small} --large {args.large} "
            f"--jobs {args.jobs} --seed {args.seed}"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    doc = run(args)
    for name, row in doc["phases"].items():
        print(
            f"{name:<6} {row['articles']:>7} articles {row['wall_s']:>8.1f} s "
            f"{row['peak_rss_mb']:>8.0f} MB"
        )
    print(f"peak RSS large / small: {doc['peak_rss_large_vs_small']:.3f} (target <= {TARGET})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
