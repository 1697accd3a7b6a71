"""Real-browser tests: `streamlit run app.py` driven by Playwright on Debian's chromium.

A shared link (`/map?country=RU`, `/domains?country=DZ&country=US&mode=all`,
`/compare?compare_a=US&compare_b=RU`) must reopen the same view, a bad link must render
with a notice, and an article carrying script payloads added through the Sources page
must be listed without anything of it running.
Screenshots go to a temp dir (the README's come from scripts/refresh_screenshots.py).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from tests.browser_support import (
    ROOT,
    PageEvents,
    StreamlitServer,
    copy_corpus,
    hostile_urls,
    require_browser,
    visit_hostile,
)

HOSTILE_SAMPLE = range(8)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

pytestmark = pytest.mark.browser

SEED_ARTICLES = ROOT / "data" / "articles"
# Tests write screenshots to a temp dir only; scripts/refresh_screenshots.py makes the README's.
SCREENSHOTS = Path(tempfile.gettempdir()) / "entente_browser_screenshots"
TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 1000}

XSS_SCRIPT = "<script>alert('xss')</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_TITLE = f"Paris et New Delhi {XSS_SCRIPT} {XSS_IMG} coopèrent"
XSS_PARAGRAPH = (
    "La France et l'Inde ont signé jeudi à New Delhi un accord de coopération en matière "
    "de défense portant sur la formation des officiers, des exercices navals conjoints "
    "dans l'océan Indien et la production de sous-marins. Le ministre indien de la "
    "Défense a salué un partenariat stratégique avec Paris."
)
XSS_HTML = (
    f"<html><head><title>Coopération franco-indienne</title></head><body><article>"
    f"<p>{XSS_PARAGRAPH}</p>{XSS_SCRIPT}<p>{XSS_IMG}</p></article></body></html>"
)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed corpus copied to a temp dir and built once (the servers only read it)."""
    require_browser()
    from core.build.pipeline import build

    root = tmp_path_factory.mktemp("browser_seed")
    articles, tables = copy_corpus(SEED_ARTICLES, root), root / "processed"
    report = build(articles, tables)
    assert not report.errors, report.errors
    return articles, tables


def _serve(articles: Path, tables: Path, log_dir: Path) -> Iterator[StreamlitServer]:
    server = StreamlitServer(articles, tables, log_path=log_dir / "streamlit.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def seed_server(
    seed_corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    """One server on the seed corpus for the tests that open the entry page."""
    yield from _serve(*seed_corpus, tmp_path_factory.mktemp("seed_server"))


@pytest.fixture
def fresh_seed_server(
    seed_corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    """A server nobody has opened yet: a shared link is often the first request it gets."""
    yield from _serve(*seed_corpus, tmp_path_factory.mktemp("fresh_server"))


@pytest.fixture(scope="module")
def intake_corpus(
    seed_corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """A separate copy of the built seed corpus that the add-article test may change."""
    root = tmp_path_factory.mktemp("browser_intake")
    articles = copy_corpus(seed_corpus[0], root)
    tables = root / "processed"
    shutil.copytree(seed_corpus[1], tables)
    return articles, tables


@pytest.fixture(scope="module")
def intake_server(
    intake_corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    yield from _serve(*intake_corpus, tmp_path_factory.mktemp("intake_server"))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def events(page: Page) -> PageEvents:
    """Record dialogs (dismissed), uncaught page errors and console errors."""
    seen = PageEvents()

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    # No network at run time: the page may only talk to the local server.
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else seen.external_requests.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    return seen


# ---------------------------------------------------------------- helpers


def wait_for_app(page: Page, title: str) -> None:
    """Wait until the script has finished a run with the page's title on screen."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_be_visible()
    expect(page.get_by_test_id("stMain").locator("h1", has_text=title)).to_be_visible()
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def assert_no_exception(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)


def country_tags(page: Page) -> Locator:
    """The selected-value tags of the sidebar country multiselect (key `country`)."""
    widget = page.get_by_test_id("stSidebar").locator(".st-key-country")
    return widget.get_by_test_id("stMultiSelectTagsContainer").locator("[data-tag]")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000, f"{path} looks empty"
    return path


# ---------------------------------------------------------------- tests


def test_shared_link_on_map_page_keeps_country_across_pages(
    fresh_seed_server: StreamlitServer, page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    page.goto(fresh_seed_server.url("/map?country=RU"))
    wait_for_app(page, "Map")
    # The page ran inside app.py's navigation, with the shared sidebar filters.
    nav = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
    pages = ("Overview", "Map", "Domains", "Actors", "Sources", "Compare", "Corrections")
    expect(nav).to_have_text([re.compile(rf"{name}$") for name in pages])
    expect(country_tags(page)).to_have_text(["Russia (RU)"])
    deck = page.get_by_test_id("stDeckGlJsonChart")
    expect(deck).to_be_visible()
    expect(deck.locator("canvas").first).to_be_visible()
    assert_no_exception(page)
    assert query(page).get("country") == ["RU"], page.url
    screenshot(page, "map.png")

    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink").filter(
        has_text="Domains"
    ).click()
    expect(page).to_have_url(re.compile(r"/domains\?"))
    wait_for_app(page, "Domains")
    expect(country_tags(page)).to_have_text(["Russia (RU)"])
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    assert_no_exception(page)
    assert query(page).get("country") == ["RU"], page.url
    screenshot(page, "domains.png")
    assert not events.page_errors, events.page_errors
    assert not events.external_requests, events.external_requests


def test_shared_link_on_domains_page_with_two_countries_all_mode(
    fresh_seed_server: StreamlitServer, page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    page.goto(fresh_seed_server.url("/domains?country=DZ&country=US&mode=all"))
    wait_for_app(page, "Domains")
    expect(country_tags(page)).to_have_text(["Algeria (DZ)", "United States (US)"])
    mode = page.get_by_test_id("stSidebar").locator(".st-key-mode")
    expect(mode.get_by_role("radio", name="all")).to_be_checked()
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2)
    for index in range(2):
        expect(charts.nth(index)).to_be_visible()
    assert_no_exception(page)
    params = query(page)
    assert params.get("country") == ["DZ", "US"], page.url
    assert params.get("mode") == ["all"], page.url
    assert not events.page_errors, events.page_errors


def test_shared_compare_link_reopens_both_countries(
    seed_server: StreamlitServer, page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    page.goto(seed_server.url("/compare?compare_a=US&compare_b=RU"))
    wait_for_app(page, "Compare")
    main = page.get_by_test_id("stMain")
    first = main.locator(".st-key-compare_a").get_by_role("combobox", name="First country")
    second = main.locator(".st-key-compare_b").get_by_role("combobox", name="Second country")
    expect(first).to_have_value("United States (US)")
    expect(second).to_have_value("Russia (RU)")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    assert_no_exception(page)
    params = query(page)
    assert params.get("compare_a") == ["US"] and params.get("compare_b") == ["RU"], page.url
    share = page.get_by_test_id("stSidebar").get_by_test_id("stExpander")
    share.get_by_text("Share this view").click()
    link = share.get_by_test_id("stCode")
    expect(link).to_contain_text("/compare?")
    shared = parse_qs(urlparse(link.inner_text().strip()).query)
    assert shared.get("compare_a") == ["US"] and shared.get("compare_b") == ["RU"], shared
    assert not events.page_errors, events.page_errors


def test_bad_link_renders_with_a_notice_naming_dropped_values(
    seed_server: StreamlitServer, page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    page.goto(seed_server.url("/?country=XX&domain=nonsense&from=2020-13-45"))
    wait_for_app(page, "Overview")
    assert_no_exception(page)
    notices = page.get_by_test_id("stSidebar").locator(".entente-notice")
    expect(notices.first).to_be_visible()
    for dropped in ("XX", "nonsense", "2020-13-45"):
        expect(notices.filter(has_text=dropped)).not_to_have_count(0)
    expect(country_tags(page)).to_have_count(0)
    expect(page.get_by_test_id("stMetric")).to_have_count(5)
    params = query(page)
    assert "XX" not in params.get("country", []), page.url
    assert "nonsense" not in params.get("domain", []), page.url
    assert not events.page_errors, events.page_errors


def test_overview_headline_figures(
    seed_server: StreamlitServer, seed_corpus: tuple[Path, Path], page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    tables = seed_corpus[1]
    articles = pd.read_parquet(tables / "articles.parquet")
    event_rows = pd.read_parquet(tables / "events.parquet")
    countries = {code for codes in event_rows["countries"] for code in codes}

    page.goto(seed_server.url("/"))
    wait_for_app(page, "Overview")
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(5)
    labels = metrics.get_by_test_id("stMetricLabel")
    expect(labels).to_have_text(["Articles", "Events", "Actors", "Countries", "Outlets"])
    values = metrics.get_by_test_id("stMetricValue")
    expect(values.nth(0)).to_have_text(f"{len(articles):,}")
    expect(values.nth(1)).to_have_text(f"{len(event_rows):,}")
    expect(values.nth(2)).to_have_text(re.compile(r"^[1-9][\d,]*$"))
    expect(values.nth(3)).to_have_text(f"{len(countries):,}")
    expect(values.nth(4)).to_have_text(re.compile(r"^[1-9][\d,]*$"))
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "overview.png")
    assert not events.page_errors, events.page_errors


def test_add_article_with_script_payloads_through_the_ui_runs_nothing(
    intake_server: StreamlitServer,
    intake_corpus: tuple[Path, Path],
    page: Page,
    events: PageEvents,
) -> None:
    from playwright.sync_api import expect

    articles_dir, tables_dir = intake_corpus
    before = {p.name for p in articles_dir.iterdir() if not p.name.startswith(".")}
    payload_requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            payload_requests.append(request.url)
            if urlparse(request.url).path.rstrip("/").endswith("/x")
            else None
        ),
    )

    outlet = "Exemple <b>Presse</b>"
    page.goto(intake_server.url("/sources"))
    wait_for_app(page, "Sources")
    expect(page.get_by_role("heading", name="Articles (5)")).to_be_visible()

    page.locator(".st-key-add_text textarea").fill(XSS_HTML)
    page.locator(".st-key-add_is_html").get_by_text("The pasted text is HTML").click()
    expect(page.locator(".st-key-add_is_html input[type=checkbox]")).to_be_checked()
    page.locator(".st-key-add_title input").fill(XSS_TITLE)
    page.locator(".st-key-add_outlet input").fill(outlet)
    page.locator(".st-key-add_published input").fill("2025-02-13")
    page.locator(".st-key-add_submit button").click()

    expect(page.get_by_test_id("stAlert").filter(has_text="Added 1 article")).to_be_visible(
        timeout=90_000
    )
    wait_for_app(page, "Sources")
    expect(page.get_by_role("heading", name="Articles (6)")).to_be_visible()

    # Listed, its title shown as text: pick it in the reader and read its cleaned text.
    reader = page.locator(".st-key-article")
    reader.click()
    option = page.get_by_role("option").filter(has_text=XSS_TITLE)
    expect(option).to_have_count(1)
    option.click()
    expect(reader.get_by_role("combobox")).to_have_value(f"{XSS_TITLE} — {outlet}")
    expect(page.get_by_text("ont signé jeudi à New Delhi")).to_be_visible()
    wait_for_app(page, "Sources")
    assert_no_exception(page)

    # Nothing of the payloads became markup in the page.
    main = page.get_by_test_id("stMain")
    expect(main.locator("img[src='x']")).to_have_count(0)
    expect(main.locator("script")).to_have_count(0)
    expect(page.locator("img[onerror]")).to_have_count(0)
    assert not events.dialogs, f"a payload ran: {events.dialogs}"
    assert not events.page_errors, events.page_errors
    from_payload = [m for m in events.console_errors if re.search(r"xss|alert|onerror", m)]
    assert not from_payload, from_payload
    assert not payload_requests, f"the <img src=x> payload was loaded: {payload_requests}"

    # Stored: one new article file and manifest row; the stored text is plain.
    added = {p.name for p in articles_dir.iterdir() if not p.name.startswith(".")} - before
    assert len(added) == 1, added
    manifest = pd.read_csv(articles_dir / "manifest.csv", dtype=str, keep_default_na=False)
    row = manifest[manifest["file"] == next(iter(added))]
    assert list(row["title"]) == [XSS_TITLE]
    stored = pd.read_parquet(tables_dir / "articles.parquet")
    mine = stored[stored["title"] == XSS_TITLE]
    assert len(mine) == 1, stored["title"].tolist()
    text = str(mine["text"].iloc[0])
    assert "ont signé jeudi à New Delhi" in text
    for marker in ("<script", "</script>", "<img", "onerror", "alert("):
        assert marker not in text, f"stored text keeps {marker!r}: {text!r}"


# Each page opened with filters (and page parameters) a share link must keep.
SHARED_VIEWS = [
    ("/?country=DZ&domain=diplomacy_dialogue", "Overview", ""),
    ("/map?country=RU", "Map", "map"),
    ("/domains?country=DZ&country=US&mode=all", "Domains", "domains"),
    ("/actors?country=DZ", "Actors", "actors"),
    ("/sources?country=MA", "Sources", "sources"),
    ("/compare?compare_a=US&compare_b=RU&country=DZ", "Compare", "compare"),
]


def share_link(page: Page) -> str:
    """The URL in the sidebar's "Share this view" box."""
    from playwright.sync_api import expect

    share = page.get_by_test_id("stSidebar").get_by_test_id("stExpander")
    share.get_by_text("Share this view").click()
    link = share.get_by_test_id("stCode")
    expect(link).to_contain_text("?v=" if "?" not in page.url else "?")
    return link.inner_text().strip()


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(c => c.querySelector('svg text, canvas'))"""


def main_text(page: Page) -> str:
    """The main area's text once every chart has drawn its marks (Vega draws after the run)."""
    page.wait_for_function(CHARTS_DRAWN)
    return page.get_by_test_id("stMain").inner_text()


def open_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.mark.parametrize(("start", "title", "path"), SHARED_VIEWS, ids=[v[1] for v in SHARED_VIEWS])
def test_share_link_reopens_the_same_view_in_a_new_context(
    seed_server: StreamlitServer, browser: Browser, start: str, title: str, path: str
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    first, second = open_context(browser), open_context(browser)
    try:
        page = first.new_page()
        page.goto(seed_server.url(start))
        wait_for_app(page, title)
        link = share_link(page)
        assert urlparse(link).path.rstrip("/") == ("/" + path if path else ""), link
        shared = second.new_page()
        shared.goto(link)
        wait_for_app(shared, title)
        assert_no_exception(shared)
        assert parse_qs(urlparse(shared.url).query) == parse_qs(urlparse(link).query)
        # The first page's text read only now (on a loaded machine it could be read while
        # its last elements were still arriving), then the same text on the shared page
        # once its run has drawn everything (expect retries until then).
        wait_for_app(page, title)
        original = main_text(page)
        shared.wait_for_function(CHARTS_DRAWN)
        expect(shared.get_by_test_id("stMain")).to_have_text(original, use_inner_text=True)
    finally:
        first.close()
        second.close()


def _directed_event(tables: Path) -> pd.Series:
    """A directed event of the seed corpus, the first in event_id order."""
    rows = pd.read_parquet(tables / "events.parquet")
    directed = rows[rows["actor_country"].notna() & rows["target_country"].notna()]
    directed = directed[directed["actor_country"] != directed["target_country"]]
    assert len(directed), "the seed corpus has no directed event"
    return directed.sort_values("event_id").iloc[0]


def test_event_detail_from_an_overview_row_shows_direction_and_sentence(
    seed_server: StreamlitServer, seed_corpus: tuple[Path, Path], page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    from core.nlp.countries import country_label

    event = _directed_event(seed_corpus[1])
    # Narrow the list to this event's dyad, type and status so it is among few rows.
    pair = "&".join(f"country={c}" for c in sorted(event["countries"]))
    page.goto(seed_server.url(f"/?{pair}&mode=all&type={event['type']}&status={event['status']}"))
    wait_for_app(page, "Overview")
    table = page.locator(".st-key-latest_events")
    expect(table.locator("canvas").first).to_be_visible()
    # Glide's grid is a canvas: click the first row's selection cell (header ~35 px).
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    panel = page.locator(".st-key-latest_events_detail_panel")
    expect(panel).to_be_visible()
    wait_for_app(page, "Overview")
    chosen = query(page).get("event", [""])[0]
    rows = pd.read_parquet(seed_corpus[1] / "events.parquet").set_index("event_id")
    assert chosen in rows.index, page.url
    row = rows.loc[chosen]
    arrow = f"{country_label(row['actor_country'])} → {country_label(row['target_country'])}"
    expect(panel.get_by_test_id("eventFacts")).to_contain_text("Who → whom")
    expect(panel.get_by_test_id("eventFacts")).to_contain_text(arrow)
    mark = panel.locator("mark.event").first
    expect(mark).to_be_visible()
    excerpt = " ".join(str(row["excerpt"]).split())
    assert " ".join(mark.inner_text().split()) == excerpt
    assert_no_exception(page)
    assert not events.page_errors, events.page_errors


def _hover_tooltip(page: Page) -> str:
    """Move over the map until deck.gl shows a tooltip (Algeria first: near the centre,
    just below it, at the initial view), and return its text."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
    box = canvas.bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tip = page.locator(".deck-tooltip")
    for dx, dy in ((-5, 32), (0, 40), (-20, 25), (10, 50), (-40, 10), (150, -60)):
        page.mouse.move(cx + dx - 3, cy + dy - 3)
        page.mouse.move(cx + dx, cy + dy)
        try:
            tip.wait_for(state="visible", timeout=2_000)
        except PlaywrightTimeout:
            continue
        text = tip.inner_text()
        if text.strip():
            return text
    raise AssertionError("no map tooltip appeared")


def test_map_tooltip_is_plain_text_with_a_legend(
    seed_server: StreamlitServer, page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    page.goto(seed_server.url("/map"))
    wait_for_app(page, "Map")
    expect(page.get_by_test_id("mapLegend")).to_contain_text("events (log scale)")
    text = _hover_tooltip(page)
    assert "<" not in text and "event" in text, text
    # Set as text: the only elements inside are the line breaks innerText makes.
    expect(page.locator(".deck-tooltip").locator("*:not(br)")).to_have_count(0)
    assert_no_exception(page)
    assert not events.page_errors, events.page_errors
    assert not [m for m in events.console_errors if "Layer" in m], events.console_errors


def test_domains_page_shows_every_domain_label_of_its_data(
    seed_server: StreamlitServer, seed_corpus: tuple[Path, Path], page: Page, events: PageEvents
) -> None:
    from playwright.sync_api import expect

    from core.dashboard.labels import domain_label

    rows = pd.read_parquet(seed_corpus[1] / "events.parquet")
    located = rows[[len(c) > 0 for c in rows["countries"]]]
    domains = sorted({d for ds in located["domains"] for d in ds})
    assert domains, "the seed corpus has no domain"
    page.goto(seed_server.url("/domains"))
    wait_for_app(page, "Domains")
    heatmap = page.locator(".st-key-heatmap")
    expect(heatmap.locator("svg text").first).to_be_attached()
    page.wait_for_function(CHARTS_DRAWN)
    drawn = {t.strip() for t in heatmap.locator("svg text").all_text_contents()}
    missing = [domain_label(d) for d in domains if domain_label(d) not in drawn]
    assert not missing, f"labels not drawn in full: {missing}; drawn: {sorted(drawn)}"
    assert not any(t.endswith("…") for t in drawn), drawn
    assert_no_exception(page)
    assert not events.page_errors, events.page_errors


def test_hostile_urls_raise_nothing_run_nothing_and_fetch_nothing(
    seed_server: StreamlitServer, page: Page, events: PageEvents
) -> None:
    """The fast sample of bench/hostile_urls.py (which runs 300)."""
    problems: list[str] = []
    for path in hostile_urls(len(HOSTILE_SAMPLE)):
        problems += visit_hostile(page, seed_server.base_url, path, events)
    assert not problems, problems
    assert not events.page_errors, events.page_errors
