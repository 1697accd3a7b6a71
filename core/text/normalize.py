"""Text normalisation. Every character offset downstream (mentions, events, quotes) points
into the output of `normalize` + boilerplate removal, so this runs exactly once, before
spaCy, and must be idempotent: normalize(normalize(x)) == normalize(x)."""

from __future__ import annotations

import re
import unicodedata

_CHAR_MAP = {
    # Typographic apostrophes -> ASCII, so "l’armée" and "l'armée" tokenise the same way.
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u201b": "'",
    # Curly double quotes -> ASCII; « » are kept (French quotes carry meaning for quotes).
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    # Line and paragraph separators -> newline.
    "\u2028": "\n",
    "\u2029": "\n\n",
    "\x85": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\t": " ",
    # Every Unicode space separator (Zs): NBSP, narrow NBSP, thin, en/em, ideographic...
    "\u00a0": " ",
    "\u1680": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    **{chr(code): " " for code in range(0x2000, 0x200B)},
    # Invisible formatting characters that only break tokenisation (zero-width, BOM, soft
    # hyphen, bidi controls). ZWJ/ZWNJ are kept: some scripts need them.
    **dict.fromkeys("\u200b\u2060\ufeff\u00ad\u200e\u200f", ""),
    **dict.fromkeys("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", ""),
}
# The mapped characters as one class: a text is rewritten only where it holds one
# (str.translate looks every character up, most texts hold few or none of these).
_MAPPED = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")
# Remaining control characters (C0 except newline, DEL, C1) and lone surrogates.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Canonical form of a text: NFC, plain apostrophes/quotes, plain spaces, '\\n' line
    ends, no control characters, single spaces, no blank-line runs, no edge blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", _MAPPED.sub(_mapped, text))
    text = _EDGE_SPACES.sub("", _SPACES.sub(" ", text))
    text = _BLANK_RUN.sub("\n\n", text).strip("\n")
    # Dropping characters can bring a base letter next to a combining mark: compose again.
    composed = unicodedata.normalize("NFC", text)
    return composed if composed == text else normalize(composed)


def _mapped(match: re.Match[str]) -> str:
    return _CHAR_MAP[match.group()]


def single_line(text: str | None) -> str | None:
    """A metadata value (title, outlet) as one normalised line, None when empty."""
    if text is None:
        return None
    value = " ".join(normalize(text).split())
    return value or None


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
_MD_BULLET = re.compile(r"^[ \t]{0,3}[*+-][ \t]+", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_MD_STARS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_MD_UNDERSCORES = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_CODE = re.compile(r"`([^`\n]+)`")


def markdown_to_text(text: str) -> str:
    """Markdown markup removed (headings, emphasis, links, images, rules) so the NLP
    and the offsets see prose, not syntax."""
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub("", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_STARS.sub(r"\2", text)
    return _MD_UNDERSCORES.sub(r"\2", text)
