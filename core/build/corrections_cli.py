"""`python -m core corrections export|import|backup FILE [--out DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import config


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the `corrections` command on the main parser."""
    c = sub.add_parser("corrections", help="export, import or back up analysts' corrections (CSV)")
    c.add_argument("action", choices=["export", "import", "backup"])
    c.add_argument("file", help="CSV file to write or read ('-' exports to stdout)")
    c.add_argument(
        "--out",
        default=None,
        help="tables folder (default: ENTENTE_TABLES, else the bundled one)",
    )
    c.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Imports are deferred so `python -m core --help` does not load pandas."""
    from core.atomic import atomic_write_bytes
    from core.build.corrections import backup, db_path
    from core.build.corrections_csv import export_csv

    tables = Path(args.out) if args.out else config.tables_dir()
    if args.action == "export":
        text = export_csv(tables)
        if args.file == "-":
            sys.stdout.write(text)
        else:
            atomic_write_bytes(Path(args.file), text.encode("utf-8"))
            print(f"exported {text.count(chr(10)) - 1} entries to {args.file}")
        return 0
    if args.action == "backup":
        if not db_path(tables).exists():
            print(f"error: no corrections database in {tables}", file=sys.stderr)
            return 1
        backup(tables, Path(args.file))
        print(f"backed up {db_path(tables)} to {args.file}")
        return 0
    return _import(tables, Path(args.file))


def _import(tables: Path, path: Path) -> int:
    from core.build.corrections import db_path
    from core.build.corrections_csv import import_csv
    from core.build.corrections_store import reapply
    from core.build.store import tables_exist

    report = import_csv(tables, path)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(
        f"imported {report.added} entries into {db_path(tables)} "
        f"({report.already_there} already there, {len(report.errors)} bad row(s))"
    )
    if report.added and tables_exist(tables):
        applied = reapply(tables)
        print(
            f"tables updated: {applied.applied} corrections applied, "
            f"{len(applied.orphans)} orphaned"
        )
    return 1 if report.errors else 0
