"""Assembly-phase memory (issue 15): the build's steps after the models are released,
measured from an existing build's row cache instead of building 10,000 articles again.

`python bench/bench_assemble.py CORPUS OUT [--times K] [--path arrow|rows] [--write]`

CORPUS and OUT are a corpus folder and the output folder of a build of it (its row cache).
`--times K` makes a corpus K times bigger from them: every article and its cached rows
copied K times under fresh article ids (and its own copy of the text), so a 300-article
build stands in for 9,000 articles. `--path rows` is the previous assembly (every
article's rows as Python objects, then dict records); `arrow` the column-wise one from the
partitions (core/build/assemble_arrow.py); `--write` adds the write step (corrections
applied, Parquet written, into a scratch folder). Prints one JSON line: RSS before the
phase, its peak (sampled every 20 ms in this process), seconds, and the table sizes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    """This process's resident set, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Peak:
    """The highest RSS seen while the block runs (a sampling thread)."""

    def __enter__(self) -> Peak:
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def _copies(corpus: Path, out: Path, times: int, scratch: Path) -> tuple[list[Any], Any]:
    """The corpus's articles and a row cache holding `times` copies of each under new ids."""
    import pyarrow as pa

    from core import config
    from core.build.cache import RowCache
    from core.build.caches import CACHE
    from core.build.store import atomic_write_table
    from core.build.version import pipeline_version
    from core.ingest.article import scan_corpus

    articles, _ = scan_corpus(corpus, max_bytes=config.max_bytes())
    source = RowCache(out / CACHE, pipeline_version())
    if times == 1:
        return articles, source
    target = RowCache(scratch / CACHE, pipeline_version())
    made = []
    ids = [a.article_id for a in articles]
    for k in range(times):
        for table in source.tables(ids):
            copied = [f"{a}-{k:03d}" for a in table.column("article_id").to_pylist()]
            table = table.set_column(0, table.schema.field(0), pa.array(copied, pa.string()))
            part = f"part-{k:03d}-{len(made):05d}.parquet"
            atomic_write_table(target.root / part, table)
            target.adopt(part, copied)
            made.append(part)
        target.save_index()
    copies = [
        dataclasses.replace(a, article_id=f"{a.article_id}-{k:03d}", text=(a.text + " ")[:-1])
        for k in range(times)
        for a in articles
    ]
    return copies, RowCache(scratch / CACHE, pipeline_version())


def run(args: argparse.Namespace) -> dict[str, Any]:
    from core.build.assemble import assemble
    from core.build.corrections_store import write_built_tables
    from core.build.gc_pause import gc_frozen, gc_paused
    from core.build.guard import assemble_guarded

    with tempfile.TemporaryDirectory(prefix="entente-bench-assemble-") as tmp:
        articles, cache = _copies(args.corpus, args.out, args.times, Path(tmp))
        started, before = time.perf_counter(), rss_mb()
        with Peak() as peak, gc_frozen():
            ids = [a.article_id for a in articles]
            with gc_paused():
                if args.path == "rows":
                    rows = cache.load(ids)
                    frames = assemble(articles, rows)
                    del rows
                else:
                    cache.check(ids)
                    frames, _ = assemble_guarded(articles, cache)
            assembled = peak.peak
            if args.write:
                with gc_paused():
                    write_built_tables(Path(tmp) / "tables", frames, stamp=b"{}")
        return {
            "path": args.path,
            "articles": len(articles),
            "rss_before_mb": round(before, 1),
            "peak_assembly_mb": round(assembled, 1),
            "peak_mb": round(peak.peak, 1),
            "seconds": round(time.perf_counter() - started, 2),
            "rows": {name: len(frame) for name, frame in frames.items()},
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--path", choices=("arrow", "rows"), default="arrow")
    parser.add_argument("--write", action="store_true")
    print(json.dumps(run(parser.parse_args(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
