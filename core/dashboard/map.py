"""The pydeck map: country shapes shaded by events, dyad arcs, event cities.

Pure builders returning `pdk.Deck` (tested via `deck.to_json()`). No basemap tiles: with
no map provider, pydeck keeps its "no style given" marker and Streamlit's deck.gl
component then loads no basemap (`map_style=None` would make it fetch a Carto style); the
Natural Earth shapes in data/geo are the map, so it reads offline. Tooltips are HTML in
deck.gl, so every text in them is escaped here.
"""

from __future__ import annotations

import html
import json
import math
import unicodedata
import weakref
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from core.config import GEO_DIR
from core.dashboard.charts import DOMAIN_COLORS, OTHER_COLOR
from core.nlp.countries import capital, iso3_to_iso2, load_countries

# Algeria, the US, Russia and Morocco all in the first view.
INITIAL_VIEW = pdk.ViewState(latitude=38.0, longitude=5.0, zoom=0.9, pitch=0, bearing=0)
FOCUS = ("DZ", "US", "RU", "MA")
TOOLTIP = {
    "html": "{tip}",
    "style": {"backgroundColor": "#1f2630", "color": "white", "fontSize": "12px"},
}


class Deck(pdk.Deck):
    """pdk.Deck whose JSON is compact: pydeck's indented dump falls back to the
    pure-Python encoder and takes ~0.15 s for the country shapes; this takes ~0.02 s."""

    def to_json(self) -> str:
        cached = _JSON_CACHE.get(self)
        if cached is None:
            cached = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":")
            )
            _JSON_CACHE[self] = cached
        return cached


_JSON_CACHE: weakref.WeakKeyDictionary[Deck, str] = weakref.WeakKeyDictionary()


def _round(coords: object, digits: int = 2) -> object:
    """Round nested coordinate lists (110m shapes need no more than ~1 km precision)."""
    if isinstance(coords, list) and coords and isinstance(coords[0], int | float):
        return [round(float(x), digits) for x in coords]
    if isinstance(coords, list):
        return [_round(x, digits) for x in coords]
    return coords


def _norm(name: str) -> str:
    """Accent- and case-insensitive key for matching place names."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace(",", " ").replace(".", " ").split())


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    xs = np.array([p[0] for p in ring])
    ys = np.array([p[1] for p in ring])
    cross = xs[:-1] * ys[1:] - xs[1:] * ys[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return 0.0, float(xs.mean()), float(ys.mean())
    cx = ((xs[:-1] + xs[1:]) * cross).sum() / (6 * area)
    cy = ((ys[:-1] + ys[1:]) * cross).sum() / (6 * area)
    return abs(float(area)), float(cx), float(cy)


def _centroid(geometry: dict) -> tuple[float, float]:
    """Centroid of the largest polygon (so France sits in Europe, not in Guiana)."""
    polys = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    best = max((_ring_area_centroid(poly[0]) for poly in polys), key=lambda t: t[0])
    return best[1], best[2]


@lru_cache(maxsize=4)
def load_geo(
    geo_dir: str = str(GEO_DIR),
) -> tuple[dict, dict[str, tuple[float, float]], dict[str, tuple[str, float, float]]]:
    """Country features (with ISO2), centroids by ISO2, populated places by normalised name."""
    countries = json.loads(
        (Path(geo_dir) / "ne_110m_countries.geojson").read_text(encoding="utf-8")
    )
    features = []
    centroids: dict[str, tuple[float, float]] = {}
    for feature in countries["features"]:
        props = feature["properties"]
        iso2 = iso3_to_iso2(props.get("iso_a3", "")) or (
            "XK" if props.get("name") == "Kosovo" else None
        )
        if iso2 is None:
            iso2 = ""
        geometry = {
            **feature["geometry"],
            "coordinates": _round(feature["geometry"]["coordinates"]),
        }
        features.append(
            {"type": "Feature", "geometry": geometry, "properties": {**props, "iso2": iso2}}
        )
        if iso2:
            centroids[iso2] = _centroid(feature["geometry"])
    places_raw = json.loads(
        (Path(geo_dir) / "ne_110m_populated_places.geojson").read_text(encoding="utf-8")
    )
    places = {
        _norm(f["properties"]["name"]): (f["properties"]["name"], *f["geometry"]["coordinates"][:2])
        for f in places_raw["features"]
    }
    return {"type": "FeatureCollection", "features": features}, centroids, places


def _hex_rgb(color: str, alpha: int = 200) -> list[int]:
    color = color.lstrip("#")
    return [int(color[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _fill(events: int, top: int) -> list[int]:
    """Blue ramp on a log scale; countries with no event stay light grey."""
    if events <= 0 or top <= 0:
        return [225, 228, 232, 255]
    t = math.log1p(events) / math.log1p(top)
    low, high = np.array([198, 219, 239]), np.array([8, 48, 107])
    return [*(low + (high - low) * t).astype(int).tolist(), 255]


def country_shapes(counts: pd.DataFrame, geo: dict) -> dict:
    """GeoJSON features with events, fill colour and an escaped tooltip."""
    events_of = dict(zip(counts["iso2"], counts["events"].astype(int), strict=True))
    domains_of = (
        dict(zip(counts["iso2"], counts["top_domains"].astype(str), strict=True))
        if "top_domains" in counts
        else {}
    )
    top = max(events_of.values(), default=0)
    features = []
    for feature in geo["features"]:
        props = feature["properties"]
        iso2 = props.get("iso2", "")
        events = int(events_of.get(iso2, 0))
        domains = domains_of.get(iso2, "")
        name = html.escape(str(props.get("name", "")))
        tip = f"<b>{name}</b> ({html.escape(iso2)})<br/>{events} events"
        if domains:
            tip += f"<br/>{html.escape(domains)}"
        new_props = {
            "name": props.get("name", ""),
            "iso2": iso2,
            "events": events,
            "fill": _fill(events, top),
            "tip": tip,
        }
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": new_props,
                "tip": tip,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def arc_rows(
    dyads: pd.DataFrame, centroids: dict[str, tuple[float, float]], limit: int = 300
) -> pd.DataFrame:
    """One arc per dyad with both ends located: width by events, colour by dominant domain."""
    d = dyads[dyads["a"].isin(centroids) & dyads["b"].isin(centroids)].head(limit)
    if d.empty:
        return pd.DataFrame(columns=["source", "target", "events", "width", "color", "tip"])
    top = max(int(d["events"].max()), 1)
    return pd.DataFrame(
        {
            "source": [list(centroids[a]) for a in d["a"]],
            "target": [list(centroids[b]) for b in d["b"]],
            "events": d["events"].astype(int).to_numpy(),
            "width": (1 + 11 * np.sqrt(d["events"].to_numpy() / top)).round(2),
            "color": [_hex_rgb(DOMAIN_COLORS.get(x, OTHER_COLOR)) for x in d["dominant_domain"]],
            "tip": [
                f"<b>{html.escape(na)} – {html.escape(nb)}</b><br/>{n} events<br/>"
                f"dominant: {html.escape(str(dom))}<br/>{html.escape(str(top3))}"
                for na, nb, n, dom, top3 in zip(
                    d["name_a"],
                    d["name_b"],
                    d["events"],
                    d["dominant_domain"],
                    d["top_domains"],
                    strict=True,
                )
            ],
        }
    )


@lru_cache(maxsize=4)
def place_index(geo_dir: str = str(GEO_DIR)) -> dict[str, tuple[str, float, float]]:
    """Populated places by normalised name, plus every capital's French and English names
    (so "Alger" finds Algiers); "Washington" also finds "Washington, D.C." by prefix."""
    _, _, places = load_geo(geo_dir)
    index = dict(places)
    for key, value in places.items():  # "washington d c" -> also "washington"
        head = key.split(" ")[0]
        if len(head) > 3 and key.startswith(head + " "):
            index.setdefault(head, value)
    for iso2 in load_countries():
        english = capital(iso2, "en")
        found = index.get(_norm(english)) if english else None
        if found is None:
            continue
        for lang in ("fr", "en"):
            name = capital(iso2, lang)
            if name:
                index.setdefault(_norm(name), found)
    return index


def city_rows(locations: pd.DataFrame, places: dict[str, tuple[str, float, float]]) -> pd.DataFrame:
    """Event locations (location, events) matched to populated places, accent/case-insensitive."""
    rows = []
    for name, n in zip(locations["location"], locations["events"], strict=True):
        found = places.get(_norm(name))
        if found:
            rows.append(
                {
                    "position": [found[1], found[2]],
                    "events": int(n),
                    "radius": 30000 + 15000 * math.sqrt(n),
                    "tip": f"<b>{html.escape(str(name))}</b><br/>{int(n)} events here",
                }
            )
    return pd.DataFrame(rows, columns=["position", "events", "radius", "tip"])


def build_deck(
    counts: pd.DataFrame, dyads: pd.DataFrame, locations: pd.DataFrame, geo_dir: str = str(GEO_DIR)
) -> pdk.Deck:
    """The map: shaded countries, dyad arcs, event cities; no basemap."""
    geo, centroids, _ = load_geo(geo_dir)
    places = place_index(geo_dir)
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            data=country_shapes(counts, geo),
            id="countries",
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=0.5,
        ),
        pdk.Layer(
            "ArcLayer",
            data=arc_rows(dyads, centroids),
            id="dyads",
            pickable=True,
            get_source_position="source",
            get_target_position="target",
            get_source_color="color",
            get_target_color="color",
            get_width="width",
            width_units="pixels",
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=city_rows(locations, places),
            id="cities",
            pickable=True,
            get_position="position",
            get_radius="radius",
            radius_min_pixels=3,
            get_fill_color=[230, 85, 13, 200],
            get_line_color=[255, 255, 255],
            stroked=True,
        ),
    ]
    return Deck(layers=layers, initial_view_state=INITIAL_VIEW, map_provider=None, tooltip=TOOLTIP)
