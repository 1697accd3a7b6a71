"""Article text as safe HTML: entities highlighted, the chosen event's sentence marked.

Article text, entity labels and URLs are untrusted (they come from whatever a user
dropped in), so every piece of text is escaped and only our own tags are emitted.
The text is cut at every span boundary and each piece wrapped on its own, so
overlapping spans can never produce broken or injectable markup.
"""

from __future__ import annotations

import html
import re
from itertools import pairwise

import numpy as np
import pandas as pd

from core.text.url import http_url

LABEL_COLORS = {
    "PER": "#fde2a7",
    "ORG": "#c9e4ff",
    "LOC": "#d4f4d2",
    "GPE": "#d4f4d2",
    "MISC": "#eadcf8",
}
STYLE = (
    "<style>.entente-text{white-space:pre-wrap;line-height:1.6}"
    ".entente-text mark.event{background:#ffe36e;padding:0}"
    ".entente-text span.ent{border-radius:3px;padding:0 1px}</style>"
)


def safe_url(url: object) -> str | None:
    """The URL escaped for an href if it is http(s) with a host; otherwise None (no link)."""
    clean = http_url(url)
    return None if clean is None else html.escape(clean, quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(value: object) -> str:
    """Untrusted text for Streamlit calls that render Markdown (st.warning, st.caption,
    st.subheader…): every Markdown character is escaped, so a name, title or URL
    parameter like `![x](http://host/p.png)` shows as typed and never loads anything."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if value is None else str(value))


def link_html(url: object, text: str = "original article") -> str:
    """An <a> to an http(s) URL, or the escaped text alone when the URL is not safe."""
    href = safe_url(url)
    if href is None:
        return html.escape(text)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{html.escape(text)}</a>'


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def highlight_html(
    text: str,
    spans: pd.DataFrame | None = None,
    mark: tuple[int, int] | None = None,
) -> str:
    """Escaped text with entity spans (start, end, label[, name]) and one marked range."""
    text = text or ""
    n = len(text)
    cuts = {0, n}
    ents: list[tuple[int, int, str, str]] = []
    if spans is not None and len(spans):
        s = spans.sort_values(["start", "end"], ascending=[True, False])
        last_end = -1
        starts = np.clip(s["start"].to_numpy(dtype=np.int64), 0, n)
        ends = np.clip(s["end"].to_numpy(dtype=np.int64), 0, n)
        labels = [_text(x) for x in s["label"]] if "label" in s else [""] * len(s)
        names = [_text(x) for x in s["name"]] if "name" in s else labels
        for a, b, label, name in zip(starts, ends, labels, names, strict=True):
            if b <= a or a < last_end:  # empty or overlapping a previous entity
                continue
            ents.append((int(a), int(b), label, name))
            cuts.update((int(a), int(b)))
            last_end = b
    if mark is not None:
        ma, mb = max(0, int(mark[0])), min(n, int(mark[1]))
        if mb > ma:
            cuts.update((ma, mb))
            mark = (ma, mb)
        else:
            mark = None
    points = sorted(cuts)
    out: list[str] = [STYLE, '<div class="entente-text">']
    e = 0
    for a, b in pairwise(points):
        piece = html.escape(text[a:b])
        while e < len(ents) and ents[e][1] <= a:
            e += 1
        if e < len(ents) and ents[e][0] <= a < ents[e][1]:
            _, _, label, name = ents[e]
            color = LABEL_COLORS.get(label, "#eeeeee")
            piece = (
                f'<span class="ent" data-label="{html.escape(label, quote=True)}" '
                f'title="{html.escape(label + ": " + name, quote=True)}" '
                f'style="background:{color}">{piece}</span>'
            )
        if mark is not None and mark[0] <= a < mark[1]:
            piece = f'<mark class="event">{piece}</mark>'
        out.append(piece)
    out.append("</div>")
    return "".join(out)
