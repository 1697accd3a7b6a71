"""Natural Earth shapes, centroids and populated places (data/geo), read once per
process: what the map draws and where it puts arcs, labels and city dots."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.config import GEO_DIR
from core.nlp.countries import capital, iso3_to_iso2, load_countries
from core.text.fold import strip_accents


def _round(coords: object, digits: int = 2) -> object:
    """Round nested coordinate lists (110m shapes need no more than ~1 km precision)."""
    if isinstance(coords, list) and coords and isinstance(coords[0], int | float):
        return [round(float(x), digits) for x in coords]
    if isinstance(coords, list):
        return [_round(x, digits) for x in coords]
    return coords


def norm(name: str) -> str:
    """Accent- and case-insensitive key for matching place names."""
    text = strip_accents(str(name)).casefold()
    return " ".join(text.replace(",", " ").replace(".", " ").split())


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
        norm(f["properties"]["name"]): (f["properties"]["name"], *f["geometry"]["coordinates"][:2])
        for f in places_raw["features"]
    }
    return {"type": "FeatureCollection", "features": features}, centroids, places


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
        found = index.get(norm(english)) if english else None
        if found is None:
            continue
        for lang in ("fr", "en"):
            name = capital(iso2, lang)
            if name:
                index.setdefault(norm(name), found)
    return index
