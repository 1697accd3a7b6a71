"""Untrusted text comes out escaped; links only for http(s)."""

from __future__ import annotations

import re

import pandas as pd

from core.dashboard.highlight import highlight_html, link_html, safe_url


def test_script_in_text_is_escaped() -> None:
    text = 'Intro <script>alert("x")</script> Alger et <img src=x onerror=alert(1)> fin.'
    start = text.index("Alger")
    spans = pd.DataFrame(
        {
            "start": [start],
            "end": [start + 5],
            "label": ['LOC"><script>'],
            "name": ["<b>Algiers</b>"],
        }
    )
    out = highlight_html(text, spans, mark=(0, len(text)))
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '<span class="ent"' in out and "&lt;b&gt;Algiers&lt;/b&gt;" in out
    assert out.count('<mark class="event">') >= 1


def test_entities_and_mark_positions() -> None:
    text = "Le général Benhaddadi a rencontré Austin. Autre phrase."
    spans = pd.DataFrame(
        {"start": [11, 34, 12], "end": [21, 40, 15], "label": ["PER", "PER", "PER"]}
    )
    out = highlight_html(text, spans, mark=(0, 41))
    assert ">Benhaddadi</span>" in out  # the overlapping span is ignored
    assert "Autre phrase." in out.split("</mark>")[-1]


def test_bad_offsets_do_not_break() -> None:
    spans = pd.DataFrame({"start": [-5, 50, 3], "end": [2, 80, 1], "label": ["X", "Y", "Z"]})
    out = highlight_html("short", spans, mark=(10, 20))
    body = out.split('<div class="entente-text">')[1]
    assert re.sub(r"<[^>]+>", "", body) == "short" and "<mark" not in out


def test_links_only_for_http() -> None:
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "", None, "ftp://x"):
        assert safe_url(bad) is None
    assert "<a " not in link_html("javascript:alert(1)", "t<i>")
    assert "t&lt;i&gt;" in link_html("javascript:alert(1)", "t<i>")
    assert 'rel="noopener noreferrer"' in link_html("http://x.org", "ok")


def test_escape_markdown_neutralises_images_links_and_emphasis() -> None:
    from core.dashboard.highlight import escape_markdown

    hostile = "![x](http://host/p.png) [click](javascript:alert(1)) **bold** <b>"
    out = escape_markdown(hostile)
    # Every Markdown trigger is backslash-escaped: no image, link, emphasis or tag forms.
    for trigger in ("![", "](", "**", "<b>"):
        assert trigger not in out
    assert out.replace("\\", "") == hostile
    assert escape_markdown(None) == ""
