"""Build benchmark (issue 5): `python -m core build` against a bare spaCy pipe.

`python bench/bench_build.py [--n 2000] [--seed 0] [--corpus DIR] [--keep]`

Every phase runs in a fresh interpreter and is timed from the outside (wall clock, so
interpreter start, imports and model load count on both sides of each ratio):

  bare      spacy.load("fr_core_news_sm") with all components, nlp.pipe over the
            cleaned texts of the corpus: the reference the issue names
  bare_mp   the same with nlp.pipe(n_process=2): the 2-core floor for --jobs 2
  build1    python -m core build CORPUS --out fresh --jobs 1   (target <= 1.15x bare)
  build2    the same with --jobs 2 (speed-up reported against build1)
  noop      rebuild of build1's output, nothing changed         (target <= 2% of build1)
  add1pct   rebuild after adding 1% new generated articles      (target <= 5% of build1)

The two rebuilds are short and noisy, so each runs --reps times from the same starting
state (a copy of build1's output) and the median counts. The builds use a private, empty
ENTENTE_CACHE: build1 pays the one-off compile of spaCy's French tokenizer regex, the
rebuilds find it cached, as any build after the first on a machine does.

Results go to bench/results/build.json and a table on stdout. The corpus comes from
bench/generate_corpus.py (load only) and is reused between runs from --corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "build.json"
TARGETS = {"build1_vs_bare": 1.15, "noop_vs_build1": 0.02, "add1pct_vs_build1": 0.05}
_CLI_SECONDS = re.compile(r"(\d+) processed, (\d+) reused.*?([\d.]+)s \(")


def snapshot(work: Path) -> Path:
    """A private copy of core/ and data/: edits made to the tree while the benchmark runs
    would change the pipeline version and silently turn the rebuilds into full builds."""
    repo = work / "repo"
    shutil.copytree(ROOT / "core", repo / "core", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", repo / "data", ignore=shutil.ignore_patterns("processed"))
    return repo


def _env(repo: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
    if repo != ROOT:  # a benchmark snapshot: a cache that starts empty
        env["ENTENTE_CACHE"] = str(repo.parent / "user-cache")
    return env


def bare_phase(texts_file: Path, n_process: int) -> dict[str, float]:
    """Child process: the reference pipe. Prints its inner timings as JSON."""
    import spacy

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm")
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process))
    done = time.perf_counter()
    return {"load_s": loaded - started, "pipe_s": done - loaded, "tokens": tokens}


def _timed(cmd: list[str], repo: Path = ROOT) -> tuple[float, str]:
    """Wall seconds of a child command, plus its stdout; stops the run if it fails."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=repo, env=_env(repo), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return wall, proc.stdout


def _build(repo: Path, corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "core", "build", str(corpus), "--out", str(out)]
    wall, stdout = _timed([*cmd, "--jobs", str(jobs)], repo)
    row: dict[str, Any] = {"wall_s": wall, "cli": stdout.strip().splitlines()[-1]}
    match = _CLI_SECONDS.search(stdout)
    if match:
        row.update(processed=int(match[1]), reused=int(match[2]), inner_s=float(match[3]))
    else:  # "unchanged, nothing to do"
        row.update(processed=0, inner_s=float(re.findall(r"([\d.]+)s \(", stdout)[-1]))
    return row


def _rebuilds(repo: Path, corpus: Path, start: Path, reps: int) -> dict[str, Any]:
    """`reps` rebuilds, each from a fresh copy of `start`: the median run, plus all walls."""
    runs = []
    for i in range(reps):
        out = start.with_name(f"{start.name}-rep{i}")
        shutil.copytree(start, out)
        runs.append(_build(repo, corpus, out, 1))
        shutil.rmtree(out, ignore_errors=True)
    walls = sorted(r["wall_s"] for r in runs)
    median = statistics.median(walls)
    row = min(runs, key=lambda r: abs(r["wall_s"] - median))
    return {**row, "wall_s": median, "walls": walls}


def _bare(texts_file: Path, n_process: int) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--bare", str(texts_file)]
    wall, stdout = _timed([*cmd, "--n-process", str(n_process)])
    return {"wall_s": wall, **json.loads(stdout.strip().splitlines()[-1])}


def _corpus(path: Path, n: int, seed: int) -> Path:
    """The generated corpus at `path`, made unless it already holds exactly n articles."""
    from bench.generate_corpus import generate, write_corpus

    manifest = path / "manifest.csv"
    if manifest.exists() and len(manifest.read_text(encoding="utf-8").splitlines()) == n + 1:
        return path
    if path.exists():
        shutil.rmtree(path)
    write_corpus(generate(n, seed=seed), path)
    return path


def run(n: int, seed: int, corpus: Path, keep: bool, reps: int = 3) -> dict[str, Any]:
    """All phases in order; returns the results document."""
    from bench.generate_corpus import generate, write_corpus
    from core.ingest.article import scan_corpus

    _corpus(corpus, n, seed)
    work = Path(tempfile.mkdtemp(prefix="entente-bench-build-"))
    try:
        repo = snapshot(work)
        src = work / "corpus"
        shutil.copytree(corpus, src)
        articles, errors = scan_corpus(src)
        if errors:
            print(f"warning: {len(errors)} bad file(s), e.g. {errors[0]}", file=sys.stderr)
        texts_file = work / "texts.json"
        texts_file.write_text(json.dumps([a.text for a in articles]), encoding="utf-8")
        size = sum(len(a.text.encode()) for a in articles)
        phases: dict[str, dict[str, Any]] = {}
        steps = [
            ("bare", lambda: _bare(texts_file, 1)),
            ("bare_mp", lambda: _bare(texts_file, 2)),
            ("build1", lambda: _build(repo, src, work / "out1", 1)),
            ("build2", lambda: _build(repo, src, work / "out2", 2)),
            ("noop", lambda: _rebuilds(repo, src, work / "out1", reps)),
        ]
        for name, step in steps:
            print(f"... {name}", file=sys.stderr, flush=True)
            phases[name] = step()
        extra = generate(max(1, n // 100), seed=seed + 1, prefix="new")
        write_corpus(extra, src, append=True)
        print("... add1pct", file=sys.stderr, flush=True)
        phases["add1pct"] = _rebuilds(repo, src, work / "out1", reps)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    n_docs = len(articles)
    if phases["noop"]["processed"] or phases["add1pct"]["processed"] > len(extra):
        print("warning: a rebuild reprocessed cached articles (cache miss)", file=sys.stderr)
    for name, row in phases.items():
        docs = n_docs if name not in ("noop", "add1pct") else row.get("processed", 0)
        row["articles_per_s"] = docs / row["wall_s"] if docs else None
    wall = {k: v["wall_s"] for k, v in phases.items()}
    ratios = {
        "build1_vs_bare": wall["build1"] / wall["bare"],
        "build1_inner_vs_bare_inner": phases["build1"]["inner_s"]
        / (phases["bare"]["load_s"] + phases["bare"]["pipe_s"]),
        "build2_speedup": wall["build1"] / wall["build2"],
        "bare_mp_speedup": wall["bare"] / wall["bare_mp"],
        "build2_vs_bare_mp": wall["build2"] / wall["bare_mp"],
        "noop_vs_build1": wall["noop"] / wall["build1"],
        "add1pct_vs_build1": wall["add1pct"] / wall["build1"],
    }
    return {
        "n_articles": n_docs,
        "n_new_articles": len(extra),
        "corpus_mb": round(size / 1e6, 2),
        "seed": seed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "load_avg_end": os.getloadavg(),
        "phases": phases,
        "ratios": ratios,
        "targets": TARGETS,
        "met": {k: ratios[k] <= v for k, v in TARGETS.items()},
        "rebuild_reps": reps,
        "command": f"python bench/bench_build.py --n {n} --seed {seed} --reps {reps}",
    }


def print_table(doc: dict[str, Any]) -> None:
    """Seconds, articles/s and ratios, as the README shows them."""
    print(f"{doc['n_articles']} articles ({doc['corpus_mb']} MB), {doc['machine']['cpus']} cpus")
    print(f"{'phase':<9} {'wall s':>8} {'inner s':>8} {'art/s':>7}")
    for name, row in doc["phases"].items():
        inner = row.get("inner_s", row.get("load_s", 0) + row.get("pipe_s", 0))
        rate = f"{row['articles_per_s']:.1f}" if row["articles_per_s"] else "-"
        print(f"{name:<9} {row['wall_s']:>8.2f} {inner:>8.2f} {rate:>7}")
    for key, value in doc["ratios"].items():
        target = doc["targets"].get(key)
        verdict = (
            ""
            if target is None
            else f"  target <= {target:g}: " + ("met" if value <= target else "MISSED")
        )
        print(f"{key:<28} {value:7.3f}{verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (issue 5: 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, help="generated corpus folder (reused)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--reps", type=int, default=3, help="runs of each rebuild (median)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        print(json.dumps(bare_phase(args.bare, args.n_process)))
        return 0
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"entente-corpus-{args.n}-{args.seed}"
    doc = run(args.n, args.seed, corpus, args.keep, max(1, args.reps))
    print_table(doc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
