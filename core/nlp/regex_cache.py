"""Big compiled regular expressions kept on disk between processes.

spaCy's French language data compiles one 1.4 MB case-insensitive pattern (the hyphenated
word exceptions) when it is imported: about 5 s of CPython's pure-Python regex compiler,
paid by every process that loads the model, which is most of an incremental build of a
few articles. CPython compiles in two steps: parsing and code generation in Python (slow,
deterministic) and `_sre.compile` of the resulting list of integers (milliseconds). This
module stores that list for big patterns, keyed by the pattern, its flags and the exact
interpreter, and rebuilds the same `Pattern` from it (`_sre` validates code it is given,
and equal patterns compare equal code). Anything unexpected falls back to `re.compile`.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.atomic import atomic_write_bytes

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]  # CPython 3.11+
except ImportError:  # another interpreter or an older CPython: nothing to speed up
    _sre = _compiler = _parser = None

MIN_LENGTH = 20_000  # below this, compiling is cheaper than reading a file
_LOCK = threading.RLock()
_re_compile = re.compile  # the real one, also while `big_patterns_cached` swaps it


def _typecode() -> str | None:
    """An array type whose items are exactly as wide as the regex engine's code words."""
    if _sre is None:
        return None
    return next((t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE), None)


def _key(pattern: str, flags: int) -> str:
    """Pattern, flags and the engine that will run the code: any change means another file."""
    digest = hashlib.sha256()
    for part in (sys.version, str(_sre.MAGIC), str(_sre.CODESIZE), str(flags), pattern):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _build(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any], list[int]]:
    """What `re._compiler.compile` does, keeping the pieces needed to redo its last step."""
    parsed = _parser.parse(pattern, flags)
    code = [int(word) for word in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    header = {
        "flags": flags | parsed.state.flags,
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }
    return _assemble(pattern, header, code), header, code


def _assemble(pattern: str, header: dict[str, Any], code: list[int]) -> re.Pattern[str]:
    return _sre.compile(
        pattern,
        header["flags"],
        code,
        header["groups"],
        header["groupindex"],
        tuple(header["indexgroup"]),
    )


def _checksum(header: dict[str, Any], body: bytes) -> str:
    """Covers the header fields too: flags or groups edited by hand must not load."""
    meta = {k: v for k, v in header.items() if k != "sha256"}
    return hashlib.sha256(json.dumps(meta, sort_keys=True).encode() + b"\n" + body).hexdigest()


def _read(path: Path, key: str, pattern: str) -> re.Pattern[str] | None:
    """The cached pattern, or None when the file is missing, foreign or damaged."""
    try:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if header.get("key") != key or header.get("sha256") != _checksum(header, body):
            return None
        code = array.array(_typecode() or "I")
        code.frombytes(body)
        return _assemble(pattern, header, code.tolist())
    except (OSError, ValueError, TypeError, KeyError, RuntimeError):
        return None


def compile_cached(pattern: str, flags: int, cache_dir: Path) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from `cache_dir` when a previous process compiled it."""
    typecode = _typecode()
    if typecode is None or not isinstance(pattern, str) or not isinstance(flags, int):
        return _re_compile(pattern, flags)
    key = _key(pattern, flags)
    path = Path(cache_dir) / f"{key[:32]}.sre"
    cached = _read(path, key, pattern)
    if cached is not None:
        return cached
    try:
        compiled, header, code = _build(pattern, flags)
    except (AttributeError, TypeError, RuntimeError):  # engine internals changed
        return _re_compile(pattern, flags)
    body = array.array(typecode, code).tobytes()
    header["key"] = key
    header["sha256"] = _checksum(header, body)
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        atomic_write_bytes(path, json.dumps(header).encode("utf-8") + b"\n" + body)
    return compiled


@contextlib.contextmanager
def big_patterns_cached(cache_dir: Path, min_length: int = MIN_LENGTH) -> Iterator[None]:
    """Inside the block, `re.compile` of a str pattern of `min_length` characters or more
    goes through the disk cache; everything else is untouched. Serialised by a lock because
    it swaps a module attribute (the dashboard loads models from several threads)."""
    with _LOCK:
        previous = re.compile
        memo: dict[tuple[str, int], re.Pattern[str]] = {}

        def compile_(pattern: Any, flags: Any = 0) -> Any:
            if isinstance(pattern, str) and len(pattern) >= min_length:
                flags = int(flags)
                if (pattern, flags) not in memo:
                    memo[pattern, flags] = compile_cached(pattern, flags, cache_dir)
                return memo[pattern, flags]
            return _re_compile(pattern, flags)

        re.compile = compile_
        try:
            yield
        finally:
            re.compile = previous
