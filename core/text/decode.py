"""Bytes to text by the best evidence, saying so whenever the text was repaired.

A strict UTF-8 decode comes first. A file that is UTF-8 except for a few bytes keeps its
UTF-8 and only those bytes are read as cp1252 (the usual cause: a latin-1 line pasted
into a UTF-8 file), so one stray byte no longer turns "Algérie" into "AlgÃ©rie" in the
whole article. A file with no UTF-8 at all is a legacy encoding: cp1252 when it reads
like Western prose, else what charset-normalizer finds (cp1251, cp1256...). Mojibake
(UTF-8 read as cp1252 somewhere upstream) is repaired with ftfy. A declared charset is
one piece of evidence, never trusted against the bytes: a page declaring UTF-16 with no
UTF-16 bytes is not decoded as UTF-16.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

import charset_normalizer
import ftfy

_BINARY_CONTROL_SHARE = 0.02  # more control characters than this: not text
_LEGACY_ASCII_SHARE = 0.7  # a cp1252 article is still mostly ASCII
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodeProblem(ValueError):
    """The bytes are not text (binary, or no encoding gives readable text)."""


class Decoded(NamedTuple):
    """The text, the encoding used, and what was repaired (empty when nothing was)."""

    text: str
    encoding: str
    repairs: tuple[str, ...] = ()


# Unicode's control (Cc: C0, DEL, C1) and surrogate (Cs) characters, less tab, newlines
# and form feed: one regex scan instead of a category lookup per character.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_share(text: str) -> float:
    """Share of control characters other than tab, newlines and form feed."""
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _cp1252_byte(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte read as cp1252 (latin-1 for its holes)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="ignore") or bad.decode("latin-1"), error.end


codecs.register_error("entente_cp1252", _cp1252_byte)


def _utf8_evidence(body: bytes) -> tuple[int, int]:
    """(invalid UTF-8 sequences, valid non-ASCII characters) of the bytes."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - body.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) >= 0x80) - invalid
    return invalid, valid


def _reads_like_western(text: str) -> bool:
    """A cp1252 reading is believed when it reads like prose: no control characters and
    mostly ASCII (accented letters are a minority in French or English)."""
    if not text or control_share(text) > 0:
        return False
    ascii_share = sum(1 for ch in text if ch.isascii()) / len(text)
    return ascii_share >= _LEGACY_ASCII_SHARE and any(ch.isalpha() for ch in text)


def _legacy(data: bytes, declared: str | None) -> Decoded:
    """No UTF-8 in the file: the declared charset if it decodes cleanly, cp1252 if it
    reads like Western prose, else charset-normalizer's best guess."""
    if declared and not declared.startswith(("utf-16", "utf-32", "utf-8", "utf8")):
        try:
            text = data.decode(declared)
            if control_share(text) == 0:
                return Decoded(text, declared)
        except (UnicodeDecodeError, LookupError):
            pass
    text = data.decode("cp1252", errors="replace")
    if _reads_like_western(text) and "\ufffd" not in text:
        return Decoded(text, "cp1252")
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_16", "utf_32"):
        guessed = str(best)
        if control_share(guessed) == 0 and any(ch.isalpha() for ch in guessed):
            return Decoded(guessed, best.encoding)
    if _reads_like_western(data.decode("latin-1")):
        return Decoded(data.decode("latin-1"), "latin-1")
    raise DecodeProblem("not UTF-8 text and no legacy encoding gives readable text")


def _first_pass(data: bytes, declared: str | None) -> Decoded:
    if data.startswith(_UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise DecodeProblem("starts with a UTF-16 mark but is not valid UTF-16") from None
    if b"\x00" in data:
        raise DecodeProblem("binary file (contains NUL bytes), not text")
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    stray, valid = _utf8_evidence(body)
    has_utf8 = valid > stray
    if has_utf8:  # UTF-8 with a few stray bytes (often a pasted latin-1 line): keep it
        text = body.decode("utf-8", errors="entente_cp1252")
        repair = f"{stray} byte sequence(s) that are not UTF-8 read as cp1252; check the text"
        return Decoded(text, "utf-8", (repair,))
    found = _legacy(body, declared)
    note = f"not UTF-8: decoded as {found.encoding}"
    return found._replace(repairs=(note,))


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Text of a file's bytes; `declared` is an HTML page's <meta charset>, if any.
    Raises DecodeProblem when the bytes are not text."""
    found = _first_pass(data, (declared or "").strip().lower() or None)
    if control_share(found.text) > _BINARY_CONTROL_SHARE:
        raise DecodeProblem("binary file (mostly control characters), not text")
    fixed = ftfy.fix_encoding(found.text)
    if fixed != found.text:
        repair = "mojibake (UTF-8 read as another encoding) repaired"
        return Decoded(fixed, found.encoding, (*found.repairs, repair))
    return found
