"""Build: corpus folder in, the five Parquet tables out (incremental, atomic).

Interface only for now; the implementation lands with the core pipeline issue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Progress = Callable[[int, int, str], None]
"""progress(done, total, message): called as articles are processed."""


@dataclass
class BuildReport:
    """What a build did: counts, the bad files with their reasons, and the time it took."""

    processed: int = 0
    reused: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def needs_build(articles_dir: Path, out_dir: Path) -> bool:
    """Cheap check (no spaCy): do the tables miss, or is the corpus newer than them?"""
    raise NotImplementedError


def build(
    articles_dir: Path,
    out_dir: Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    strict: bool = False,
) -> BuildReport:
    """Process new or changed articles, reuse cached rows for the rest, write the tables."""
    raise NotImplementedError
