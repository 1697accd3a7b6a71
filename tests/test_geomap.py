"""Deck spec: layers, no basemap, escaped tooltips, initial view over DZ/US/RU/MA."""

from __future__ import annotations

import json

import pandas as pd

from core.dashboard.map import FOCUS, INITIAL_VIEW, build_deck, load_geo


def _deck():
    counts = pd.DataFrame(
        {
            "iso2": ["DZ", "RU", "US", "MA"],
            "country": ["Algeria", "Russia", "US", "Morocco"],
            "events": [10, 6, 4, 1],
            "top_domains": ["arms_procurement (5)", "", "", "<b>x</b>"],
        }
    )
    dyads = pd.DataFrame(
        {
            "a": ["DZ", "DZ"],
            "b": ["RU", "US"],
            "name_a": ["Algeria", "Algeria"],
            "name_b": ["Russia", "United States"],
            "events": [6, 4],
            "dominant_domain": ["arms_procurement", "diplomacy_dialogue"],
            "top_domains": ["", ""],
        }
    )
    places = pd.DataFrame(
        {
            "location": ["Alger", "Algiers", "MOSCOW", "<img src=x onerror=alert(1)>"],
            "events": [1, 2, 3, 4],
        }
    )
    return build_deck(counts, dyads, places)


def test_layers_and_no_basemap() -> None:
    spec = json.loads(_deck().to_json())
    assert [layer["@@type"] for layer in spec["layers"]] == [
        "GeoJsonLayer",
        "ArcLayer",
        "ScatterplotLayer",
        "ScatterplotLayer",
        "TextLayer",
    ]
    # No basemap: no provider and no style URL for the frontend to fetch.
    assert not spec.get("mapProvider")
    assert not str(spec.get("mapStyle") or "").startswith(("http", "mapbox:"))
    geo, arcs, cities, _points, _labels = spec["layers"]
    feats = {f["properties"]["iso2"]: f["properties"] for f in geo["data"]["features"]}
    assert feats["DZ"]["events"] == 10 and feats["FR"]["events"] == 0
    assert feats["DZ"]["fill"] != feats["FR"]["fill"]
    assert len(arcs["data"]) == 2 and arcs["data"][0]["width"] > arcs["data"][1]["width"]
    assert arcs["data"][0]["color"] != arcs["data"][1]["color"]
    names = [c["tip"] for c in cities["data"]]
    assert any("Algiers" in n for n in names) and any("MOSCOW" in n for n in names)
    assert any(n.startswith("Alger\n") for n in names)  # a capital's French name is found too
    assert not any("onerror" in n for n in names)  # no such place: not drawn at all


def test_tooltips_are_plain_text() -> None:
    deck = _deck()
    assert "text" in deck._tooltip and "html" not in deck._tooltip  # set as innerText
    spec = json.loads(deck.to_json())
    geo, arcs, _cities, points, labels = spec["layers"]
    tips = [f["tip"] for f in geo["data"]["features"]] + [r["tip"] for r in arcs["data"]]
    tips += [r["tip"] for r in points["data"]]
    assert tips and not any("<br" in t or "&lt;" in t for t in tips)
    morocco = next(r for r in points["data"] if r["iso2"] == "MA")
    assert morocco["tip"] == "Morocco (MA)\n1 event\n<b>x</b>"  # shown as typed, never markup
    assert [r["name"] for r in labels["data"]] == ["Algeria", "Russia", "US", "Morocco"]


def test_directed_arcs_fade_from_actor_to_target() -> None:
    counts = pd.DataFrame(
        {"iso2": ["DZ", "RU"], "country": ["Algeria", "Russia"], "events": [2, 2]}
    )
    pairs = pd.DataFrame(
        {
            "a": ["RU"],
            "b": ["DZ"],
            "name_a": ["Russia"],
            "name_b": ["Algeria"],
            "events": [2],
            "dominant_domain": ["arms_procurement"],
            "top_domains": [""],
        }
    )
    empty = pd.DataFrame({"location": [], "events": []})
    arcs = json.loads(build_deck(counts, pairs, empty, directed=True).to_json())["layers"][1]
    row = arcs["data"][0]
    _, centroids, _ = load_geo()
    assert row["source"] == list(centroids["RU"]) and row["target"] == list(centroids["DZ"])
    assert row["source_color"][3] < row["color"][3]
    assert row["tip"].startswith("Russia → Algeria")


def test_initial_view_frames_focus_countries() -> None:
    _, centroids, _ = load_geo()
    half_width = 360 / 2**INITIAL_VIEW.zoom / 2 * 1.6
    for iso in FOCUS:
        lon, lat = centroids[iso]
        assert abs(lon - INITIAL_VIEW.longitude) <= half_width, iso
        assert -60 < lat < 80
