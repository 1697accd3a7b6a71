"""The pydeck map: country shapes shaded by events, a dot on every country with events
(small ones stay visible under the arcs), name labels, arcs per country pair (directed
from actor to target, or undirected) and event cities.

Pure builders returning `pdk.Deck` (tested via `deck.to_json()`). No basemap tiles: with
no map provider, pydeck keeps its "no style given" marker and Streamlit's deck.gl
component then loads no basemap; the Natural Earth shapes in data/geo are the map.
Tooltips are deck.gl's plain-text form (`{"text": ...}`, set as innerText), so no text
from an article can become markup there; the legend is escaped HTML.
"""

from __future__ import annotations

import json
import math
import weakref

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from core.config import GEO_DIR
from core.dashboard.charts import DOMAIN_COLORS, OTHER_COLOR
from core.dashboard.geo import load_geo, norm, place_index
from core.dashboard.labels import domain_label

# Algeria, the US, Russia and Morocco all in the first view.
INITIAL_VIEW = pdk.ViewState(latitude=38.0, longitude=5.0, zoom=0.9, pitch=0, bearing=0)
FOCUS = ("DZ", "US", "RU", "MA")
TOOLTIP = {
    "text": "{tip}",
    "style": {
        "backgroundColor": "#1f2630",
        "color": "white",
        "fontSize": "12px",
        "maxWidth": "280px",
        "whiteSpace": "pre-line",
        "overflowWrap": "anywhere",
    },
}
LABELS = 40  # country names drawn: the countries with most events
LOW, HIGH = np.array([198, 219, 239]), np.array([8, 48, 107])  # the shading ramp


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


def _hex_rgb(color: str, alpha: int = 200) -> list[int]:
    return [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def fill_color(events: int, top: int) -> list[int]:
    """Blue ramp on a log scale; countries with no event stay light grey."""
    if events <= 0 or top <= 0:
        return [225, 228, 232, 255]
    t = math.log1p(events) / math.log1p(top)
    return [*(LOW + (HIGH - LOW) * t).astype(int).tolist(), 255]


def _country_tip(name: str, iso2: str, events: int, domains: str) -> str:
    tip = f"{name} ({iso2})\n{events:,} event{'s' if events != 1 else ''}"
    return tip + (f"\n{domains}" if domains else "")


def country_shapes(counts: pd.DataFrame, geo: dict) -> dict:
    """GeoJSON features with events, fill colour and a plain-text tooltip."""
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
        name = str(props.get("name", ""))
        tip = _country_tip(name, iso2, events, domains_of.get(iso2, ""))
        new_props = {"name": name, "iso2": iso2, "events": events, "fill": fill_color(events, top)}
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": new_props,
                "tip": tip,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def country_points(counts: pd.DataFrame, centroids: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """A dot and a label position for each country with events (one row per country)."""
    d = counts[counts["iso2"].isin(centroids)]
    top = max(int(d["events"].max()), 1) if len(d) else 1
    return pd.DataFrame(
        {
            "iso2": d["iso2"].to_numpy(),
            "name": d["country"].astype(str).to_numpy(),
            "position": [list(centroids[i]) for i in d["iso2"]],
            "fill": [fill_color(int(n), top) for n in d["events"]],
            "tip": [
                _country_tip(str(name), str(iso), int(n), str(dom))
                for name, iso, n, dom in zip(
                    d["country"],
                    d["iso2"],
                    d["events"],
                    d["top_domains"] if "top_domains" in d else [""] * len(d),
                    strict=True,
                )
            ],
        },
        columns=["iso2", "name", "position", "fill", "tip"],
    )


def arc_rows(
    pairs: pd.DataFrame,
    centroids: dict[str, tuple[float, float]],
    limit: int = 300,
    directed: bool = False,
) -> pd.DataFrame:
    """One arc per pair with both ends located: width by events, colour by dominant
    domain; a directed arc goes from faint at the actor to full at the target."""
    d = pairs[pairs["a"].isin(centroids) & pairs["b"].isin(centroids)].head(limit)
    cols = ["source", "target", "events", "width", "color", "source_color", "tip"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    top = max(int(d["events"].max()), 1)
    colors = [DOMAIN_COLORS.get(x, OTHER_COLOR) for x in d["dominant_domain"]]
    link = " → " if directed else " – "
    return pd.DataFrame(
        {
            "source": [list(centroids[a]) for a in d["a"]],
            "target": [list(centroids[b]) for b in d["b"]],
            "events": d["events"].astype(int).to_numpy(),
            "width": (1 + 11 * np.sqrt(d["events"].to_numpy() / top)).round(2),
            "color": [_hex_rgb(c, 230) for c in colors],
            "source_color": [_hex_rgb(c, 40 if directed else 230) for c in colors],
            "tip": [
                f"{na}{link}{nb}\n{n:,} events\nmostly {domain_label(str(dom))}"
                for na, nb, n, dom in zip(
                    d["name_a"], d["name_b"], d["events"], d["dominant_domain"], strict=True
                )
            ],
        },
        columns=cols,
    )


def city_rows(locations: pd.DataFrame, places: dict[str, tuple[str, float, float]]) -> pd.DataFrame:
    """Event locations (location, events) matched to populated places, accent/case-insensitive."""
    rows = []
    for name, n in zip(locations["location"], locations["events"], strict=True):
        found = places.get(norm(name))
        if found:
            rows.append(
                {
                    "position": [found[1], found[2]],
                    "events": int(n),
                    "radius": 30000 + 15000 * math.sqrt(n),
                    "tip": f"{name}\n{int(n):,} event{'s' if int(n) != 1 else ''} here",
                }
            )
    return pd.DataFrame(rows, columns=["position", "events", "radius", "tip"])


def _layers(
    counts: pd.DataFrame, pairs: pd.DataFrame, locations: pd.DataFrame, geo_dir: str, directed: bool
) -> list[pdk.Layer]:
    geo, centroids, _ = load_geo(geo_dir)
    points = country_points(counts, centroids)
    return [
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
            data=arc_rows(pairs, centroids, directed=directed),
            id="dyads",
            pickable=True,
            get_source_position="source",
            get_target_position="target",
            get_source_color="source_color",
            get_target_color="color",
            get_width="width",
            width_units="pixels",
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=city_rows(locations, place_index(geo_dir)),
            id="cities",
            pickable=True,
            get_position="position",
            get_radius="radius",
            radius_min_pixels=3,
            get_fill_color=[230, 85, 13, 200],
            get_line_color=[255, 255, 255],
            stroked=True,
        ),
        *_country_marks(points),
    ]


def _country_marks(points: pd.DataFrame) -> list[pdk.Layer]:
    return [
        pdk.Layer(  # above the arcs, so a small country (Morocco) can be seen and clicked
            "ScatterplotLayer",
            data=points,
            id="country_points",
            pickable=True,
            get_position="position",
            get_radius=1,
            radius_min_pixels=5,
            get_fill_color="fill",
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
            stroked=True,
        ),
        pdk.Layer(
            "TextLayer",
            data=points.head(LABELS),
            id="labels",
            get_position="position",
            get_text="name",
            get_size=12,
            get_color=[20, 20, 20, 230],
            get_pixel_offset=[0, -12],
            font_weight=600,
            outline_width=2,
            outline_color=[255, 255, 255, 220],
        ),
    ]


def build_deck(
    counts: pd.DataFrame,
    pairs: pd.DataFrame,
    locations: pd.DataFrame,
    geo_dir: str = str(GEO_DIR),
    directed: bool = False,
) -> pdk.Deck:
    """The map: shaded countries, country dots and labels, arcs, event cities; no basemap."""
    return Deck(
        layers=_layers(counts, pairs, locations, geo_dir, directed),
        initial_view_state=INITIAL_VIEW,
        map_provider=None,
        tooltip=TOOLTIP,
    )
