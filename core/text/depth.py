"""Nesting depth capped before HTML parsing, so hostile pages cost linear time."""

from __future__ import annotations

import re

MAX_DEPTH = 256
"""Deepest element nesting kept. The HTML parser's cost grows with the square of the
nesting depth (100k nested divs: tens of seconds), so tags deeper than this are dropped
before parsing (their text stays); no real page nests this deep."""
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
# Elements that never hold others or that the parser closes implicitly: not depth.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "rt",
        "rp",
        "tbody",
        "thead",
        "tfoot",
        "colgroup",
        "caption",
    ]
)


def cap_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """`html` with the tags nested deeper than `limit` removed; linear in its length."""
    if html.count("<") <= limit:
        return html
    pieces: list[str] = []
    depth, last = 0, 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT:
            continue
        drop = (depth >= limit) if not closing else (depth > limit)
        depth = max(0, depth - 1) if closing else depth + 1
        if drop:
            pieces.append(html[last : match.start()])
            last = match.end()
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)
