"""Command line: `python -m core build|add|evaluate` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from core.build.evaluate import FLOORS

ROOT = Path(__file__).resolve().parents[1]

# English articles: the CLI runs in fresh processes, and the English pipeline loads in a
# fraction of the time of the French model (French is covered in-process elsewhere).
GOOD = {
    "egypt.txt": (
        "Egypt's defence minister met his Russian counterpart in Moscow on 12 February 2024. "
        "The two countries signed an agreement on counter-terrorism.\n"
    ),
    "italy.txt": "Italy and Libya signed a search and rescue agreement in Rome on 3 March 2024.\n",
}
NEW_ARTICLE = (
    "China and Pakistan held a joint naval exercise off Karachi from March 4-6, 2024, "
    "the Pakistani navy said.\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "articles"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "vide.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def built(corpus: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = corpus.parent / "out"
    return out, run("build", str(corpus), "--out", str(out))


def test_build_with_a_bad_file_exits_zero_and_names_it(
    built: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, result = built
    assert result.returncode == 0, result.stderr
    assert "vide.txt" in result.stderr
    assert "empty" in result.stderr
    assert "2 processed" in result.stdout
    for name in ("articles", "actors", "mentions", "events", "quotes"):
        assert (out / f"{name}.parquet").is_file()


def test_strict_build_exits_non_zero(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "strict-out"
    result = run("build", str(corpus), "--out", str(out), "--strict")
    assert result.returncode != 0
    assert "vide.txt" in result.stderr
    assert not list(out.glob("*.parquet"))


def test_add_then_duplicate(
    corpus: Path, built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, _ = built
    new = tmp_path / "china-pakistan.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    added = run(
        "add",
        str(new),
        "--articles",
        str(corpus),
        "--out",
        str(out),
        "--title",
        "Sino-Pakistani drill",
        "--published",
        "2024-03-15",
    )
    assert added.returncode == 0, added.stderr
    assert "added china-pakistan.txt" in added.stdout
    assert "1 processed, 2 reused" in added.stdout
    assert (corpus / "china-pakistan.txt").is_file()
    manifest = (corpus / "manifest.csv").read_text(encoding="utf-8")
    assert "china-pakistan.txt,Sino-Pakistani drill" in manifest

    articles = pq.read_table(out / "articles.parquet").to_pandas().set_index("file")
    assert articles.at["china-pakistan.txt", "title"] == "Sino-Pakistani drill"
    assert articles.at["china-pakistan.txt", "published"] == "2024-03-15"

    again = run("add", str(new), "--articles", str(corpus), "--out", str(out))
    assert "duplicate" in again.stderr
    assert "china-pakistan.txt" in again.stderr
    assert "added" not in again.stdout
    assert len(list(corpus.glob("china-pakistan*.txt"))) == 1


def test_evaluate_prints_every_metric(
    corpus: Path, built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, _ = built
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "italy.json").write_text(
        json.dumps(
            {
                "countries": ["IT", "LY"],
                "dyads": [["IT", "LY"]],
                "domains": ["search_and_rescue"],
                "people": [],
                "events": [{"type": "agreement", "countries": ["IT", "LY"], "date": "2024-03-03"}],
                "quotes": [],
                "boilerplate_must_not_appear": [],
            }
        ),
        encoding="utf-8",
    )
    result = run("evaluate", "--gold", str(gold), "--out", str(out), "--articles", str(corpus))
    assert result.returncode == 0, result.stderr
    for name in [*FLOORS, "boilerplate_leaks"]:
        assert name in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("event_recall"))
    assert "1.000" in line and "PASS" in line


def test_evaluate_without_articles_scores_the_tables_as_they_are(
    built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """Tables built from another corpus are not rebuilt from the default one behind the
    analyst's back: evaluate without --articles reads them and writes nothing."""
    out, _ = built
    before = {p.name: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    files = set(pq.read_table(out / "articles.parquet").column("file").to_pylist())
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "egypt.json").write_text(
        json.dumps(
            {
                "countries": ["EG", "RU"],
                "dyads": [],
                "domains": [],
                "people": [],
                "events": [],
                "quotes": [],
                "boilerplate_must_not_appear": [],
            }
        ),
        encoding="utf-8",
    )
    result = run("evaluate", "--gold", str(gold), "--out", str(out))
    assert result.returncode == 0, result.stderr
    missing = next(x for x in result.stdout.splitlines() if x.startswith("missing_articles"))
    assert missing.split()[1] == "0"
    after = {p.name: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert set(pq.read_table(out / "articles.parquet").column("file").to_pylist()) == files
    assert "egypt.txt" in files and not files & {p.name for p in ROOT.glob("data/articles/*")}
