"""HTML main-text extraction: only the article's text nodes survive."""

from __future__ import annotations

from core.ingest.article import article_from_bytes, clean_text
from core.text.html import extract

PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8"><title>Harbour pact | The Coastal Herald</title>
<meta property="og:title" content="Kenya and Tanzania sign a harbour security pact">
<style>body { color: red }</style>
<script>window.tracker = function () { steal(document.cookie) }</script>
</head>
<body onload="tracker()">
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a>Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<div class="layout has-sidebar">
<article>
  <h1>Kenya and Tanzania sign a harbour security pact</h1>
  <p>Kenya and Tanzania signed a pact on Monday to protect their ports against piracy
  and smuggling.<script>alert(1)</script></p>
  <p>The agreement covers joint inspections in Mombasa and Dar es Salaam.
  <img src=x onerror=alert(1)> <a href="javascript:alert(2)" onclick="alert(3)">Details</a></p>
  <figure><img src="p.jpg"><figcaption>Harbour officials in Mombasa.</figcaption></figure>
  <div class="share-buttons">Share on Facebook Tweet Email</div>
  <section id="comments"><h3>4 comments</h3><p>Great news for the coast!</p>
  <form><textarea>Leave a Reply</textarea><button>Post</button></form></section>
</article>
<aside><h4>Most read</h4><ul><li>Floods in the north</li></ul></aside>
</div>
<noscript>Please enable JavaScript</noscript>
<iframe src="https://ads.example"></iframe>
<footer>© 2025 The Coastal Herald. All rights reserved.</footer>
</body></html>"""


def test_main_text_and_title() -> None:
    page = extract(PAGE)
    assert page.title == "Kenya and Tanzania sign a harbour security pact"
    assert "Kenya and Tanzania signed a pact on Monday" in page.text
    assert "joint inspections in Mombasa and Dar es Salaam." in page.text
    assert "\n\n" in page.text  # paragraphs stay separated


def test_no_trace_of_scripts_payloads_or_chrome() -> None:
    text = clean_text(PAGE, is_html=True)
    for trace in [
        "alert",
        "onerror",
        "onclick",
        "javascript",
        "tracker",
        "cookie",
        "color: red",
        "Home",
        "Sport",
        "Great news",
        "Leave a Reply",
        "Share on Facebook",
        "Most read",
        "Floods",
        "enable JavaScript",
        "All rights reserved",
        "<",
        ">",
    ]:
        assert trace not in text, trace


def test_paragraph_wrapping_is_unfolded() -> None:
    text = clean_text(PAGE, is_html=True)
    assert "protect their ports against piracy and smuggling." in text


def test_page_without_article_tag_uses_densest_block() -> None:
    html = (
        "<html><body><div id=menu><a>Accueil</a><a>Politique</a></div>"
        "<div class=txt><p>Le Bénin et le Togo ont renforcé jeudi leur coopération contre "
        "les groupes armés dans le nord de leurs territoires.</p>"
        "<p>Un centre commun de renseignement doit ouvrir à Cotonou en fin d'année, selon "
        "les deux ministres de la Défense réunis à Lomé.</p></div>"
        "<div class=pied>Mentions légales</div></body></html>"
    )
    text = extract(html).text
    assert text.startswith("Le Bénin et le Togo")
    assert "Accueil" not in text and "Mentions" not in text


def test_title_falls_back_to_h1_then_title() -> None:
    assert extract("<title>Only the title</title><p>x</p>").title == "Only the title"
    h1 = "<title>Site</title><h1>The headline</h1><p>x</p>"
    assert extract(h1).title == "The headline"


def test_html_article_gets_html_title_when_manifest_has_none() -> None:
    article = article_from_bytes(PAGE.encode("utf-8"), file="pact.html")
    assert article.title == "Kenya and Tanzania sign a harbour security pact"
    assert article.language == "en"
    assert "alert" not in article.text
