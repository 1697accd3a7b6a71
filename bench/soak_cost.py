"""Cost of hostile inputs: HTML nesting depth and `add` on a large corpus.

`python bench/soak_cost.py [--files 2000]`

  html   main-text extraction of a page of N nested <div>s (N = 1k ... 100k, and a 5 MB
         page), with the depth cap (core/text/depth.py), against the bare parser on the
         uncapped page for the depths it can do quickly: linear versus quadratic.
  add    one `add` into a corpus of --files articles plus one 1.2 MB deeply nested page:
         the first add (no index: every file is read once) and the next ones (only the
         changed files are read).

Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from core.ingest.intake import add_content  # noqa: E402
from core.ingest.known import INDEX_NAME  # noqa: E402
from core.text.html import extract  # noqa: E402

PARAGRAPH = "<p>Le Maroc et la France ont signé un accord de coopération navale.</p>"


def nested(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + PARAGRAPH + "</div>" * depth + "</body></html>"


def _timed(func, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    func(*args)
    return round(time.perf_counter() - started, 3)


def html_figures() -> dict[str, object]:
    capped = {d: _timed(extract, nested(d)) for d in (1_000, 10_000, 100_000, 450_000)}
    bare = {d: _timed(LexborHTMLParser, nested(d)) for d in (2_500, 5_000, 10_000, 20_000)}
    return {
        "extract_s_by_depth": capped,
        "bytes_of_deepest_page": len(nested(450_000)),
        "bare_parser_uncapped_s_by_depth": bare,
    }


def add_figures(n_files: int) -> dict[str, object]:
    corpus = Path(tempfile.mkdtemp(prefix="entente-add-"))
    try:
        for i in range(n_files):
            text = f"Le ministre de la Défense a reçu son homologue, réunion numéro {i}.\n"
            (corpus / f"a{i:05d}.txt").write_text(text * 20, encoding="utf-8")
        (corpus / "deep.html").write_text(nested(110_000), encoding="utf-8")
        times = []
        for k in range(4):
            data = f"Un accord naval a été signé, article ajouté numéro {k}.".encode()
            times.append(_timed(add_content, f"new{k}.txt", data, corpus))
        (corpus / INDEX_NAME).unlink()
        cold_again = _timed(add_content, "new-cold.txt", b"Un autre accord naval signe.", corpus)
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    return {
        "corpus_files": n_files + 1,
        "first_add_s (no index yet)": times[0],
        "next_adds_s": times[1:],
        "add_after_index_deleted_s": cold_again,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args(argv)
    print(json.dumps({"html": html_figures(), "add": add_figures(args.files)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
