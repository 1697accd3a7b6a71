"""Kill soak: builds killed with SIGKILL at random moments never damage the tables.

`python bench/soak_kill.py [--kills 10] [--n 120] [--jobs 2] [--seed 0] [--keep DIR]`

A corpus A (generated English articles) is built; corpus B adds `--n` more. Then, `--kills`
times: a build of B starts (`python -m core build --jobs J`) and is killed with SIGKILL
after a random delay (uniform over 1.1x the time an uninterrupted build takes). After each
kill it checks that

  * the tables read back whole and are exactly those of A (or, if the kill came after the
    switch, exactly those of an uninterrupted build of B): never a mix;
  * no worker process of the killed build is still alive.

Each round starts from a copy of A's folder. Finally one more build runs to completion,
and its tables must equal an uninterrupted build of B into a fresh folder. Prints one
JSON summary; exit 1 on any violation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.build.schema import TABLES  # noqa: E402
from core.build.store import read_tables  # noqa: E402

PAIRS = [
    ("Indian", "French", "Paris"),
    ("Pakistani", "Chinese", "Beijing"),
    ("Libyan", "Italian", "Rome"),
    ("Egyptian", "Russian", "Moscow"),
    ("Moroccan", "Spanish", "Madrid"),
]


def _write(folder: Path, first: int, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + n):
        a, b, city = PAIRS[i % len(PAIRS)]
        text = (
            f"The {a} minister met his {b} counterpart in {city} on {i % 27 + 1} March 2024.\n"
            f"The two countries signed agreement number {i} on officer training. "
            f"A joint naval exercise is planned in May, according to statement {i}.\n"
        )
        (folder / f"gen_{i:04d}.txt").write_text(text, encoding="utf-8")


def _build(corpus: Path, out: Path, jobs: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "core",
            "build",
            str(corpus),
            "--out",
            str(out),
            "--jobs",
            f"{jobs}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _canonical(out: Path) -> dict[str, pd.DataFrame]:
    tables = read_tables(out)
    canon = {}
    for name in TABLES:
        frame = tables[name].astype(str)
        canon[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return canon


def _same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    return all(a[name].equals(b[name]) for name in TABLES)


def _kill_round(corpus: Path, out: Path, jobs: int, delay: float) -> tuple[bool, int]:
    """(build finished before the kill, worker processes left alive)."""
    proc = _build(corpus, out, jobs)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + delay
    children: set[psutil.Process] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            children.update(parent.children(recursive=True))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(list(children), timeout=10)
    return finished, len(alive)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--n", type=int, default=120, help="articles added between A and B")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp one)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="entente-soak-"))
    corpus, out, ref = work / "corpus", work / "out", work / "reference"
    _write(corpus, 0, 20)
    if _build(corpus, out, 1).wait() != 0:
        raise SystemExit("the first build failed")
    tables_a = _canonical(out)
    snapshot = work / "out-a"
    shutil.copytree(out, snapshot, symlinks=True)
    _write(corpus, 20, args.n)
    started = time.perf_counter()
    if _build(corpus, ref, args.jobs).wait() != 0:
        raise SystemExit("the reference build failed")
    full_s = time.perf_counter() - started
    tables_b = _canonical(ref)
    violations: list[str] = []
    finished_before_kill = mid_processing = 0
    cached_a = len(list((snapshot / "cache").glob("*.json")))
    for k in range(args.kills):
        shutil.rmtree(out)  # each round starts from A's tables and cache
        shutil.copytree(snapshot, out, symlinks=True)
        delay = rng.uniform(0.0, 1.1 * full_s)  # some kills come after the end
        finished, alive = _kill_round(corpus, out, args.jobs, delay)
        finished_before_kill += finished
        mid_processing += len(list((out / "cache").glob("*.json"))) > cached_a and not finished
        now = _canonical(out)
        if not (_same(now, tables_a) or _same(now, tables_b)):
            violations.append(f"kill {k} at {delay:.2f}s: tables are neither A nor B")
        if alive:
            violations.append(f"kill {k} at {delay:.2f}s: {alive} worker(s) outlived the build")
        if finished and not _same(now, tables_b):
            violations.append(f"kill {k}: finished build differs from the reference")
    if _build(corpus, out, args.jobs).wait() != 0:
        violations.append("the build after the kills failed")
    elif not _same(_canonical(out), tables_b):
        violations.append("the build after the kills differs from an uninterrupted one")
    summary = {
        "kills": args.kills,
        "finished_before_kill": finished_before_kill,
        "killed_while_processing": mid_processing,
        "uninterrupted_build_s": round(full_s, 2),
        "articles": 20 + args.n,
        "jobs": args.jobs,
        "violations": violations,
    }
    print(json.dumps(summary, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    os.sync()
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
