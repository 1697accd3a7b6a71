"""A damage-tolerant CSV reader for manifest.csv: every problem is tied to its line and
the rows that parse are kept.

Python's csv module reads a file as one stream, so one unbalanced quote swallows every
later row into a cell, one over-long cell or one undecodable byte loses the whole file.
Here each physical line is decoded and parsed on its own; a quoted field may continue on
the next lines only while those lines do not look like rows of their own.
"""

from __future__ import annotations

import csv
from typing import NamedTuple

from core.text.decode import Decoded, DecodeProblem, decode

MAX_CELL = 4096
"""Longest manifest value kept (titles and URLs are far shorter); longer ones are dropped."""
_MAX_JOINED_LINES = 8
csv.field_size_limit(1 << 30)  # over-long cells are checked below, per row, not per file


class Record(NamedTuple):
    """The cells of one manifest row and the line it starts on (1-based)."""

    line: int
    cells: list[str]


class Damage(NamedTuple):
    """A problem found while reading the manifest, with the line it concerns."""

    line: int
    message: str


def _decode_lines(data: bytes) -> tuple[list[str], list[Damage]]:
    """Lines of the file, each decoded on its own: a line that is not UTF-8 is decoded by
    the evidence of its own bytes (core/text/decode.py) and reported."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    damage: list[Damage] = []
    lines: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.removesuffix(b"\r")
        try:
            lines.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            found = decode(raw)
        except DecodeProblem:
            found = Decoded(raw.decode("latin-1"), "latin-1")
        lines.append(found.text.replace("\n", " "))
        message = f"line is not valid UTF-8; read as {found.encoding}, check it"
        damage.append(Damage(number, message))
    return lines, damage


def _looks_like_row(line: str, suffixes: tuple[str, ...]) -> bool:
    """A line that stands alone as a row: balanced quotes and a first cell naming a file."""
    if line.count('"') % 2:
        return False
    first = next(csv.reader([line]), [""])
    return bool(first) and first[0].strip().lower().endswith(suffixes)


def _parse(text: str) -> list[str]:
    return next(csv.reader([text]), [])


def _join_quoted(lines: list[str], i: int, suffixes: tuple[str, ...]) -> int:
    """Index after the last line of a record starting at `i` with an open quote; `i + 1`
    when the quote never closes before a line that looks like a row of its own."""
    quotes = lines[i].count('"')
    for j in range(i + 1, min(len(lines), i + 1 + _MAX_JOINED_LINES)):
        if _looks_like_row(lines[j], suffixes):
            return i + 1
        quotes += lines[j].count('"')
        if quotes % 2 == 0:
            return j + 1
    return i + 1


def _checked(cells: list[str], line: int, damage: list[Damage]) -> list[str]:
    out = []
    for number, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL:
            message = f"cell {number} is {len(cell):,} characters (over {MAX_CELL:,}); dropped"
            damage.append(Damage(line, message))
            cell = ""
        out.append(cell)
    return out


def read_rows(data: bytes, suffixes: tuple[str, ...]) -> tuple[list[Record], list[Damage]]:
    """Every non-blank row of the file (header first) and the damage found."""
    lines, damage = _decode_lines(data)
    records: list[Record] = []
    i = 0
    while i < len(lines):
        end = i + 1
        if lines[i].count('"') % 2:
            end = _join_quoted(lines, i, suffixes)
            if end == i + 1:
                message = "unbalanced quote; the line was read with its quotes removed"
                damage.append(Damage(i + 1, message))
                cells = _parse(lines[i].replace('"', ""))
            else:
                cells = _parse("\n".join(lines[i:end]))
        else:
            cells = _parse(lines[i])
        if any(cell.strip() for cell in cells) or not records:
            records.append(Record(i + 1, _checked(cells, i + 1, damage)))
        i = end
    return records, damage
