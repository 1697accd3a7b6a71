"""Cross-article clustering at scale: 50k -> 400k events must cost no more than 10x.

Synthetic event rows (random type, country pair, outlet and a date at day, month, year
or no precision) go through core.build.cluster.cluster_events; the best of `--reps` runs
counts. Writes bench/results/cluster.json and prints a table.

usage: python bench/bench_cluster.py [--sizes 50000 400000] [--reps 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.build.cluster import cluster_events  # noqa: E402
from core.build.schema import EVENT_TYPES  # noqa: E402

_CODES = [f"{a}{b}" for a in "ABCDEFGH" for b in "ABCDEF"]  # 48 made-up country codes


def synthetic_events(n: int, seed: int = 0) -> tuple[pd.DataFrame, dict[str, str]]:
    """n events over n/4 articles and 300 outlets, dates over ten years."""
    rng = np.random.default_rng(seed)
    a = rng.integers(len(_CODES), size=n)
    b = (a + 1 + rng.integers(len(_CODES) - 1, size=n)) % len(_CODES)
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(3650, size=n), unit="D")
    full = days.strftime("%Y-%m-%d").to_numpy()
    precision = rng.choice(4, size=n, p=[0.45, 0.2, 0.15, 0.2])
    cut = np.array([10, 7, 4, 0])[precision]
    dates = [d[:c] if c else None for d, c in zip(full, cut, strict=True)]
    articles = [f"a{i}" for i in rng.integers(max(1, n // 4), size=n)]
    frame = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "article_id": articles,
            "type": np.array(EVENT_TYPES)[rng.integers(len(EVENT_TYPES), size=n)],
            "countries": [[_CODES[x], _CODES[y]] for x, y in zip(a, b, strict=True)],
            "date": dates,
        }
    )
    outlets = {art: f"outlet{int(art[1:]) % 300}" for art in set(articles)}
    return frame, outlets


def best_time(n: int, reps: int) -> tuple[float, int]:
    frame, outlets = synthetic_events(n)
    best = float("inf")
    clusters = 0
    for _ in range(reps):
        started = time.perf_counter()
        out = cluster_events(frame, outlets)
        best = min(best, time.perf_counter() - started)
        clusters = int(out["cluster_id"].nunique())
    return best, clusters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 400_000])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        seconds, clusters = best_time(n, args.reps)
        rows.append({"events": n, "seconds": round(seconds, 3), "clusters": clusters})
        print(f"{n:>9,d} events  {seconds:7.3f} s  {clusters:,d} clusters")
    result: dict[str, object] = {"runs": rows}
    if len(rows) >= 2:
        ratio = rows[-1]["seconds"] / max(rows[0]["seconds"], 1e-9)  # type: ignore[operator]
        result["ratio"] = round(ratio, 2)
        result["target"] = "ratio <= 10 for 8x the events"
        print(f"{rows[-1]['events']:,d} / {rows[0]['events']:,d}: {ratio:.2f}x (target <= 10x)")
    out = ROOT / "bench" / "results" / "cluster.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
