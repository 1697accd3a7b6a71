"""HTML main-text extraction. Only text nodes of the main content are kept, so scripts,
styles, event-handler attributes and other markup can never reach the text (and from
there the dashboard). Paragraph structure survives as blank lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.config import data_json
from core.text.boilerplate import BOILERPLATE_FILE
from core.text.depth import cap_depth
from core.text.normalize import normalize, single_line

DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "svg",
        "math",
        "template",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "label",
        "dialog",
        "figcaption",
        "head",
        "title",
        "meta",
        "link",
        "map",
        "area",
    ]
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "hr",
        "address",
        "details",
        "summary",
        "body",
        "html",
        "center",
        "fieldset",
        "legend",
    ]
)
_KEEP_ROOTS = frozenset({"html", "body", "article", "main"})
_WS = re.compile(r"[ \t\r\n\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlText:
    """What a page yields: main text (paragraphs split by blank lines) and a title."""

    text: str
    title: str | None


@cache
def _class_hint(path: Path = BOILERPLATE_FILE) -> re.Pattern[str] | None:
    """Class/id regex for boilerplate containers, from the boilerplate data file."""
    raw = data_json(Path(path)).get("html_drop_class_id")
    return re.compile(raw["pattern"], re.IGNORECASE) if raw else None


def declared_charset(data: bytes) -> str | None:
    """The <meta charset> of a page (first 4 KB), if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


def _is_boilerplate_box(node: LexborNode, use_hints: bool) -> bool:
    """Element skipped with all it contains: dropped tags, hidden ones, and (optionally)
    comment/share/related/ad containers recognised by class or id."""
    tag = node.tag or ""
    if tag in DROP_TAGS or tag.startswith("-"):
        return True
    attrs = node.attributes
    role = (attrs.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    if _is_hidden(attrs):
        return True
    if not use_hints or tag in _KEEP_ROOTS or (attrs.get("itemprop") or "") == "articleBody":
        return False
    hint = _class_hint()
    if hint is None:
        return False
    tokens = [*(attrs.get("class") or "").split(), (attrs.get("id") or "").strip()]
    return any(token and hint.fullmatch(token) for token in tokens)


def _flush(current: list[str], paragraphs: list[str]) -> None:
    lines = [" ".join(part.split()) for part in "".join(current).split("\n")]
    text = "\n".join(line for line in lines if line)
    if text:
        paragraphs.append(text)
    current.clear()


def node_text(root: LexborNode, *, use_hints: bool = True) -> str:
    """Visible text under `root`, one paragraph per block element, blank line between.
    Iterative walk: no recursion limit on deeply nested pages."""
    paragraphs: list[str] = []
    current: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            _flush(current, paragraphs)
            continue
        if tag == "-text":
            current.append(_WS.sub(" ", node.text_content or ""))
            continue
        if tag == "br":
            current.append("\n")
            continue
        if node is not root and _is_boilerplate_box(node, use_hints):
            continue
        if tag in BLOCK_TAGS or node is root:
            _flush(current, paragraphs)
            stack.append((node, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    _flush(current, paragraphs)
    return normalize("\n\n".join(paragraphs))


def _largest(nodes: list[LexborNode]) -> tuple[LexborNode, str] | None:
    """The node with the most extracted text, with that text."""
    best: tuple[LexborNode, str] | None = None
    for node in nodes:
        text = node_text(node)
        if text and (best is None or len(text) > len(best[1])):
            best = (node, text)
    return best


def _densest(body: LexborNode) -> LexborNode | None:
    """The element whose direct <p> children hold the most text (readability-style)."""
    scores: dict[int, tuple[LexborNode, int]] = {}
    for paragraph in body.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        length = len(" ".join(paragraph.text(deep=True).split()))
        node, score = scores.get(parent.mem_id, (parent, 0))
        scores[parent.mem_id] = (node, score + length)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: item[1])[0]


def _title(tree: LexborHTMLParser) -> str | None:
    """og:title, then the first <h1>, then <title>."""
    meta = tree.css_first('meta[property="og:title"], meta[name="og:title"]')
    h1, head_title = tree.css_first("h1"), tree.css_first("title")
    candidates = [
        meta.attributes.get("content") if meta else None,
        h1.text(deep=True) if h1 is not None else None,
        head_title.text(deep=True) if head_title is not None else None,
    ]
    for candidate in candidates:
        title = single_line(candidate)
        if title:
            return title
    return None


def extract(html: str) -> HtmlText:
    """Main text and title of a page: [itemprop=articleBody], else the largest <article>,
    else <main>/[role=main], else the densest paragraph container, else the whole body."""
    tree = LexborHTMLParser(cap_depth(html))
    title = _title(tree)
    body = tree.body
    if body is None:
        return HtmlText("", title)
    for selector in ('[itemprop="articleBody"]', "article", 'main, [role="main"]'):
        found = _largest(tree.css(selector))
        if found:
            return HtmlText(found[1], title)
    dense = _densest(body)
    text = node_text(dense) if dense is not None else ""
    if len(text) < 200:  # a thin "dense" block is not the article: take the body
        text = node_text(body) or text
    if not text:  # the class hints removed everything: they were wrong for this page
        text = node_text(body, use_hints=False)
    return HtmlText(text, title)
