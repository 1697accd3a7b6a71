"""manifest.csv: per-article metadata (title, outlet, url, language, published). A bad
row never stops the corpus from loading: each problem becomes an IngestError naming the
file and the manifest line, and the row keeps whatever is still trustworthy."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from core.atomic import atomic_write_bytes
from core.ingest.csvlines import read_rows
from core.ingest.regular import NotReadable, read_regular_bytes
from core.text.language import normalize_language_code
from core.text.normalize import single_line
from core.text.partial_date import parse_partial_date
from core.text.url import http_url

COLUMNS = ("file", "title", "outlet", "url", "language", "published")
MANIFEST_NAME = "manifest.csv"
SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x1f\x7f]")


class IngestError(ValueError):
    """A bad input, with the file it concerns and (for manifest rows) the line, so the
    message a user sees always names where to look. Re-exported by core.ingest."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        super().__init__(file, reason, line)
        self.file = file
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file} (manifest line {self.line})"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ManifestRow:
    """Validated metadata of one article; `line` is the manifest line it came from."""

    file: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published: str | None = None
    line: int = 0


def file_name_problem(name: str) -> str | None:
    """Why `name` is not a safe plain file name for the corpus folder (None if it is)."""
    if not name or not name.strip():
        return "file name is empty"
    if "/" in name or "\\" in name or ".." in name or name in (".", ".."):
        return "file name must be a plain name without path components or '..'"
    if _CONTROL.search(name):
        return "file name contains control characters"
    if name.startswith("."):
        return "file name must not start with '.' (hidden files are ignored)"
    return None


def suffix_problem(name: str) -> str | None:
    """Why the file type is not accepted (None if it is)."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return None
    shown = suffix or "no extension"
    return f"unsupported file type ({shown}); accepted: {' '.join(SUFFIXES)}"


def check_published(value: str | None) -> str | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' of a real date; '' -> None; else ValueError."""
    if value is None or not value.strip():
        return None
    clean = value.strip()
    if parse_partial_date(clean) is None:
        raise ValueError(
            f"published date {clean!r} is not a real date written YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return clean


def check_url(value: str | None) -> str | None:
    """An http(s) URL with a host; '' -> None; anything else (javascript:, file:) -> ValueError."""
    if value is None or not value.strip():
        return None
    clean = value.strip()
    if http_url(clean) is None:
        raise ValueError(
            f"url {clean!r} is not an http(s) address (with a host, no spaces or control "
            "characters)"
        )
    return clean


def published_precision(published: str | None) -> str | None:
    """'day', 'month' or 'year' for a valid published value, else None."""
    try:
        clean = check_published(published)
    except ValueError:
        return None
    if clean is None:
        return None
    return {4: "year", 7: "month", 10: "day"}[len(clean)]


def row_from_fields(
    fields: Mapping[str, str | None], *, file: str, line: int = 0
) -> tuple[ManifestRow, list[IngestError]]:
    """Validate one row's metadata. Bad values are dropped (None) with an error each, so
    the caller decides whether to keep the row (scan) or refuse it (intake)."""
    errors: list[IngestError] = []
    values: dict[str, str | None] = {}
    checks = {
        "published": check_published,
        "url": check_url,
        "language": normalize_language_code,
    }
    for column, check in checks.items():
        try:
            values[column] = check(fields.get(column))
        except ValueError as exc:
            errors.append(IngestError(file, str(exc), line or None))
            values[column] = None
    row = ManifestRow(
        file=file,
        title=single_line(fields.get("title")),
        outlet=single_line(fields.get("outlet")),
        url=values["url"],
        language=values["language"],
        published=values["published"],
        line=line,
    )
    return row, errors


def parse_manifest(
    path: Path,
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[IngestError]]:
    """Raw header, (line, row) records and the damage found (each with its line): rows
    that parse are kept whatever happens to their neighbours."""
    name = Path(path).name
    try:
        data = read_regular_bytes(Path(path), MANIFEST_MAX_BYTES)
    except NotReadable as exc:
        return [], [], [IngestError(name, f"manifest not read: {exc}")]
    rows, damage = read_rows(data, SUFFIXES)
    errors = [IngestError(name, d.message, d.line) for d in sorted(damage)]
    if not rows:
        return [], [], errors
    header = [cell.strip().lower() for cell in rows[0].cells]
    records: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows[1:]:
        record = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            record[""] = ",".join(cells[len(header) :])
        records.append((line, record))
    return header, records, errors


def read_manifest_records(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Raw header and (line, row) records, unvalidated: what intake rewrites verbatim so
    that adding an article never loses or alters an existing row. Raises IngestError
    when the file is damaged (rewriting it would lose what could not be read)."""
    header, records, damage = parse_manifest(path)
    if damage:
        first = damage[0]
        raise IngestError(
            first.file,
            f"{first.reason} -- the manifest is damaged, so it was not rewritten and nothing "
            "was added; fix the line and add again",
            first.line,
        )
    return header, records


def read_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[IngestError]]:
    """Validated rows by file name, and every problem found. A missing manifest is an
    empty one: files without metadata are fine."""
    path = Path(path)
    if not path.exists():
        return {}, []
    header, records, errors = parse_manifest(path)
    if header and "file" not in header:
        return {}, [*errors, IngestError(path.name, "manifest has no 'file' column", 1)]
    for column in header:
        if column not in COLUMNS:
            errors.append(IngestError(path.name, f"unknown column {column!r} ignored", 1))
    rows: dict[str, ManifestRow] = {}
    for line, record in records:
        file = (record.get("file") or "").strip()
        if record.get(""):
            errors.append(
                IngestError(file or path.name, "extra cells beyond the header ignored", line)
            )
        problem = file_name_problem(file) or suffix_problem(file)
        if problem:
            errors.append(IngestError(file or path.name, f"{problem}; row ignored", line))
            continue
        if file in rows:
            first = rows[file].line
            errors.append(
                IngestError(file, f"duplicate row (first at line {first}); ignored", line)
            )
            continue
        if not (path.parent / file).is_file():
            errors.append(IngestError(file, "listed in the manifest but not in the folder", line))
            continue
        row, row_errors = row_from_fields(record, file=file, line=line)
        errors.extend(row_errors)
        rows[file] = row
    return rows, errors


def _cell(value: str | None) -> str:
    return "" if value is None else value


def manifest_bytes(header: Iterable[str], records: Iterable[Mapping[str, str | None]]) -> bytes:
    """CSV bytes (UTF-8, '\\n' line ends) for a header and records keyed by column."""
    columns = list(header)
    sink = io.StringIO(newline="")
    writer = csv.writer(sink, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
    return sink.getvalue().encode("utf-8")


def write_manifest(path: Path, rows: Iterable[ManifestRow]) -> None:
    """Write validated rows atomically (temp file + rename), standard column order."""
    records = [{column: getattr(row, column) for column in COLUMNS} for row in rows]
    atomic_write_bytes(Path(path), manifest_bytes(COLUMNS, records))
