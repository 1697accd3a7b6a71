"""AppTest over app.py and every page: renders, obeys `?country=RU`, keeps the URL."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.dashboard.corpus import load_corpus

APP = "../app.py"
PAGES = [
    None,
    "pages/map.py",
    "pages/domains.py",
    "pages/actors.py",
    "pages/sources.py",
    "pages/compare.py",
]


def open_app(page: str | None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def n_with_country(events: pd.DataFrame, iso2: str) -> int:
    """Events naming `iso2`, counted independently of core.query."""
    return sum(iso2 in list(c) for c in events["countries"])


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, {"country": "RU"}], ids=["default", "country=RU"])
def test_page_renders(dashboard_env, page, params) -> None:
    at = open_app(page, params)
    assert at.multiselect(key="country").value == list(params.values())
    assert at.query_params.get("country") == params.get("country")
    assert at.query_params["v"]


def _metric(at: AppTest, label: str) -> int:
    return int(next(m for m in at.metric if m.label == label).value.replace(",", ""))


def test_overview_country_filter_narrows(dashboard_env, corpus_frames) -> None:
    events = corpus_frames["events"]
    at = open_app(None)
    assert _metric(at, "Events") == len(events)
    at = open_app(None, {"country": "RU"})
    expected = n_with_country(events, "RU")
    assert 0 < expected < len(events)
    assert _metric(at, "Events") == expected


def test_all_mode_is_the_dyad(dashboard_env, corpus_frames) -> None:
    events = corpus_frames["events"]
    expected = sum({"DZ", "US"} <= set(c) for c in events["countries"])
    at = open_app(None, {"country": ["DZ", "US"], "mode": "all"})
    assert at.radio(key="mode").value == "all"
    assert _metric(at, "Events") == expected


def test_map_tables_narrow(dashboard_env, corpus_frames) -> None:
    events = corpus_frames["events"]
    at = open_app("pages/map.py", {"country": "RU"})
    countries = at.dataframe[0].value
    ru = countries.loc[countries["iso2"] == "RU", "events"].item()
    assert ru == n_with_country(events, "RU")
    # every other country counted only over events that also name RU
    ru_events = events[[("RU" in list(c)) for c in events["countries"]]]
    assert countries["events"].max() == ru
    assert countries.set_index("iso2")["events"].to_dict() == {
        k: int(v)
        for k, v in pd.Series(np.concatenate(ru_events["countries"].to_list()))
        .value_counts()
        .items()
    }


def test_actors_narrow(dashboard_env, corpus_frames) -> None:
    at_all = open_app("pages/actors.py")
    at_ru = open_app("pages/actors.py", {"country": "RU"})
    n_all = len(at_all.dataframe[0].value)
    n_ru = len(at_ru.dataframe[0].value)
    assert 0 < n_ru < n_all


def test_sources_narrow_and_search(dashboard_env, corpus_frames) -> None:
    events = corpus_frames["events"]
    ru_articles = events.loc[
        [("RU" in list(c)) for c in events["countries"]], "article_id"
    ].nunique()
    at = open_app("pages/sources.py", {"country": "RU"})
    assert len(at.dataframe[0].value) == min(ru_articles, 500)
    at.text_input(key="q").input("Russie").run()
    results = at.dataframe[1].value
    assert len(results) and results["excerpt"].str.contains("Russie", case=False).all()


def test_sources_reader_escapes(dashboard_env, corpus_frames) -> None:
    at = open_app("pages/sources.py")
    first = at.selectbox(key="article").options[0]
    at.selectbox(key="article").select_index(0).run()
    assert not at.exception
    html_blocks = [h.proto.body for h in at.get("html")]
    assert any('class="entente-text"' in b for b in html_blocks), first
    assert any('<mark class="event">' in b for b in html_blocks)


def test_compare_defaults_to_dz_ma(dashboard_env) -> None:
    at = open_app("pages/compare.py")
    assert at.selectbox(key="compare_a").value == "DZ"
    assert at.selectbox(key="compare_b").value == "MA"


def _share_link(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.code if "?" in c.value)


def test_compare_choice_goes_into_the_url_and_the_share_link(dashboard_env, corpus_frames) -> None:
    countries = {c for cs in corpus_frames["events"]["countries"] for c in cs}
    assert {"RU", "US"} <= countries
    at = open_app("pages/compare.py")
    assert at.query_params.get("compare_a") == "DZ" and at.query_params.get("compare_b") == "MA"
    at.selectbox(key="compare_a").select("RU").run()
    at.selectbox(key="compare_b").select("US").run()
    assert not at.exception
    assert at.query_params.get("compare_a") == "RU" and at.query_params.get("compare_b") == "US"
    assert "compare_a=RU&compare_b=US" in _share_link(at)


def _notices(at: AppTest) -> list[str]:
    """The link notices as a reader sees them (HTML-escaped text in st.html boxes)."""
    import html

    bodies = [el.proto.body for el in at.get("html")]
    return [html.unescape(b) for b in bodies if "entente-notice" in b]


def test_compare_bad_link_value_gets_a_notice(dashboard_env) -> None:
    at = open_app(None, {"compare_a": "<b>x</b>", "compare_b": "us"})
    warnings = _notices(at)
    assert any("compare_a" in w and "<b>x</b>" in w for w in warnings), warnings
    raw = " ".join(el.proto.body for el in at.get("html"))
    assert "<b>x</b>" not in raw  # escaped: shown as typed, never markup
    assert not any("compare_b" in w for w in warnings), warnings  # "us" is read as US


def test_bad_values_dropped_with_notice(dashboard_env) -> None:
    at = open_app(
        "pages/map.py",
        {
            "country": ["RU", "ZZ", "<script>"],
            "domain": "nope",
            "from": "2024-99-01",
            "mode": "both",
            "v": "deadbeef",
        },
    )
    notices = " ".join(_notices(at))
    assert "'ZZ'" in notices and "nope" in notices and "2024-99-01" in notices
    assert "another version of the corpus" in notices
    assert at.multiselect(key="country").value == ["RU"]
    assert at.query_params.get("country") == "RU"
    assert "domain" not in at.query_params and "from" not in at.query_params


def test_filters_survive_page_switch_and_link(dashboard_env, corpus_frames) -> None:
    at = open_app(None)
    at.multiselect(key="country").set_value(["DZ"]).run()
    at.multiselect(key="domain").set_value(["arms_procurement"]).run()
    at.switch_page("pages/domains.py").run()
    assert not at.exception
    assert at.query_params.get("country") == "DZ"  # synced by app.py
    # bound widgets (domain, ...) are written to the URL by the browser, not the
    # script, so AppTest does not see them in query_params; the widget keeps its value
    assert at.multiselect(key="domain").value == ["arms_procurement"]
    link = at.sidebar.code[0].value
    version = load_corpus(dashboard_env[1]).version  # the version of the tables shown
    assert link.endswith(f"/domains?country=DZ&domain=arms_procurement&v={version}")


def test_empty_filter_is_friendly(dashboard_env) -> None:
    at = open_app(None, {"country": "RU", "from": "1900-01-01", "to": "1900-12-31"})
    assert any("No event matches" in i.value for i in at.info)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, page
