"""Command line: `python -m core build|evaluate|add`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import config
from core.build.corrections_cli import add_parser as corrections_parser


def _progress_bar(total_hint: int = 0):
    from tqdm import tqdm

    bar = tqdm(total=total_hint, unit="article", file=sys.stderr, dynamic_ncols=True)

    def update(done: int, total: int, message: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(message, refresh=False)
        bar.refresh()

    return bar, update


def cmd_build(args: argparse.Namespace) -> int:
    from core.build.pipeline import build

    bar, update = _progress_bar()
    report = build(
        Path(args.articles),
        Path(args.out),
        jobs=args.jobs,
        progress=update,
        strict=args.strict,
        engine=getattr(args, "engine", "local"),
        scheduler=getattr(args, "scheduler", None),
    )
    bar.close()
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.fatal:
        return 1
    rate = report.processed / report.seconds if report.seconds and report.processed else 0.0
    state = (
        "unchanged, nothing to do"
        if report.skipped
        else f"{report.processed} processed, {report.reused} reused"
    )
    print(
        f"built {args.out}: {state}, {len(report.errors)} bad file(s), "
        f"{report.seconds:.2f}s ({rate:.1f} articles/s)"
    )
    return 1 if args.strict and report.errors else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from core.build.corrections_store import read_extracted
    from core.build.evaluate import evaluate, format_scores
    from core.build.pipeline import build, needs_build
    from core.build.store import read_tables, tables_exist

    out = Path(args.out)
    # Tables built from another corpus are scored as they are: without --articles, the
    # default corpus is built only where there are no tables yet, never over them.
    articles = Path(args.articles) if args.articles else config.articles_dir()
    if (args.articles or not tables_exist(out)) and needs_build(articles, out):
        report = build(articles, out)
        for error in report.errors:
            print(f"error: {error}", file=sys.stderr)
        if report.fatal:
            return 1
    # The extractor's own tables by default; --corrected scores what analysts fixed.
    scores = evaluate((read_tables if args.corrected else read_extracted)(out), Path(args.gold))
    if args.verbose:
        for stem, detail in scores.details.items():
            print(stem, detail)
    print(format_scores(scores))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from core.ingest.intake import add_files

    meta = {k: getattr(args, k) for k in ("title", "outlet", "url", "published", "language")}
    result = add_files([Path(p) for p in args.files], Path(args.articles), meta)
    for name in result.added:
        print(f"added {name}")
    for message in result.duplicates:
        print(f"duplicate: {message}", file=sys.stderr)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if result.added and not args.no_build:
        return cmd_build(
            argparse.Namespace(articles=args.articles, out=args.out, jobs=1, strict=False)
        )
    return 1 if result.errors and not result.added else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core", description="Entente: news in, events and actors out."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="process the corpus into Parquet tables")
    b.add_argument("articles", nargs="?", default=str(config.articles_dir()))
    b.add_argument("--out", default=str(config.tables_dir()))
    b.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    b.add_argument("--strict", action="store_true", help="exit non-zero on any bad file")
    b.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where articles are processed: local processes, or a Dask cluster",
    )
    b.add_argument(
        "--scheduler", help="Dask scheduler address (default: a LocalCluster of --jobs workers)"
    )
    b.set_defaults(func=cmd_build)
    e = sub.add_parser("evaluate", help="score the tables against gold annotations")
    e.add_argument("--gold", required=True)
    e.add_argument("--out", default=str(config.tables_dir()))
    e.add_argument(
        "--articles",
        help="rebuild from this corpus first if it changed (default: score --out as it is)",
    )
    e.add_argument("-v", "--verbose", action="store_true", help="per-article details")
    e.add_argument("--corrected", action="store_true", help="score the corrected tables")
    e.set_defaults(func=cmd_evaluate)
    a = sub.add_parser("add", help="add article files to the corpus, then rebuild")
    a.add_argument("files", nargs="+")
    a.add_argument("--articles", default=str(config.articles_dir()))
    a.add_argument("--out", default=str(config.tables_dir()))
    for name in ("title", "outlet", "url", "published", "language"):
        a.add_argument(f"--{name}")
    a.add_argument("--no-build", action="store_true", help="only store the files")
    a.set_defaults(func=cmd_add)
    corrections_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
