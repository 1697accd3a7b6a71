"""The shared filters and their URL form.

A link is the unit of sharing (`/map?country=RU&domain=arms_procurement`), so parsing
must never raise: unknown or malformed values are dropped and reported as notices the
sidebar shows. The URL contract: `country` (ISO alpha-2, repeatable), `mode`
(any|all), `domain`, `type`, `status`, `outlet` (repeatable), `from`, `to`
(YYYY-MM-DD), `v` (corpus version). Page parameters: `compare_a`, `compare_b` (the
Compare page's two countries, ISO alpha-2), `event` (the open event detail panel),
`article` (the article in the Sources reader).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from core.text.partial_date import parse_partial_date

MODES = ("any", "all")
PARAM_KEYS = ("country", "mode", "domain", "type", "status", "outlet", "from", "to", "v")
PAGE_PARAMS = {"compare": ("compare_a", "compare_b")}
"""Parameters of one page, by its URL path; each holds a country. Kept in sync by hand:
Streamlit binds a selectbox to its formatted label ("Russia (RU)"), not to the code."""
DETAIL_PARAMS = ("event", "article")
"""The event whose detail panel is open and the article in the reader (checked by the
page that shows them: an id the corpus lacks gets a notice there)."""
_PAGE_DEFAULTS = {"compare_a": ("DZ", 0), "compare_b": ("MA", 1)}
_STREAMLIT_KEYS = ("embed", "embed_options")
_ISO2 = re.compile(r"^[A-Za-z]{2}$")
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2100, 12, 31)
"""The date widgets' range: a link's day outside it is dropped with a notice."""


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects; hashable so results can be cached on it."""

    countries: tuple[str, ...] = ()
    mode: str = "any"
    domains: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def is_default(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Known:
    """The values a corpus actually has: a URL value outside these is dropped."""

    countries: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()


def _values(params: Mapping[str, object], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, Iterable) else [raw]
    return [str(v) for v in items if str(v) != ""]


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _choose(
    params: Mapping[str, object],
    key: str,
    allowed: Iterable[str],
    notices: list[str],
    *,
    normalise=None,
) -> tuple[str, ...]:
    allowed_set = set(allowed)
    kept: list[str] = []
    dropped: list[str] = []
    for value in _values(params, key):
        candidate = normalise(value) if normalise else value
        if candidate in allowed_set:
            if candidate not in kept:
                kept.append(candidate)
        else:
            dropped.append(value)
    if dropped:
        notices.append(
            f"Ignored unknown {key} value(s) in the link: "
            + ", ".join(repr(_short(d)) for d in dropped)
        )
    return tuple(kept)


def parse_day(value: str) -> date | None:
    """A strict YYYY-MM-DD day, or None (core.text.partial_date reads it)."""
    parsed = parse_partial_date(value)
    if parsed is None or parsed.month is None or parsed.day is None:
        return None
    return date(parsed.year, parsed.month, parsed.day)


def _parse_days(params: Mapping[str, object], notices: list[str]) -> dict[str, date | None]:
    """`from` / `to`: strict days inside the widget's range, in order, else dropped."""
    days: dict[str, date | None] = {}
    for key in ("from", "to"):
        values = _values(params, key)
        days[key] = None
        if values:
            day = parse_day(values[-1])
            if day is None:
                notices.append(f"Ignored {key} date {_short(values[-1])!r} (expected YYYY-MM-DD).")
            elif not MIN_DAY <= day <= MAX_DAY:
                notices.append(
                    f"Ignored {key} date {values[-1]!r}: the date filter covers "
                    f"{MIN_DAY.isoformat()} to {MAX_DAY.isoformat()}."
                )
                day = None
            days[key] = day
    if days["from"] and days["to"] and days["from"] > days["to"]:
        notices.append("Ignored a date range whose start is after its end.")
        days = {"from": None, "to": None}
    return days


def parse_params(params: Mapping[str, object], known: Known) -> tuple[Filters, list[str]]:
    """Filters from query params (str or list of str per key) plus notices for dropped values."""
    notices: list[str] = []
    page_keys = [k for keys in PAGE_PARAMS.values() for k in keys]
    unknown = [
        k
        for k in params
        if k not in PARAM_KEYS
        and k not in page_keys
        and k not in DETAIL_PARAMS
        and k.lower() not in _STREAMLIT_KEYS
    ]
    if unknown:
        notices.append(
            "Ignored unknown link parameter(s): " + ", ".join(repr(_short(k)) for k in unknown)
        )
    for key in page_keys:  # the page applies them (page_choice); here only the notice
        _choose(params, key, known.countries, notices, normalise=lambda v: v.strip().upper())
    countries = _choose(
        params,
        "country",
        known.countries,
        notices,
        normalise=lambda v: v.strip().upper() if _ISO2.match(v.strip()) else v,
    )
    mode_values = _values(params, "mode")
    mode = "any"
    if mode_values:
        if mode_values[-1] in MODES:
            mode = mode_values[-1]
        else:
            notices.append(f"Ignored mode {_short(mode_values[-1])!r} (use 'any' or 'all').")
    domains = _choose(params, "domain", known.domains, notices)
    types = _choose(params, "type", known.types, notices)
    statuses = _choose(params, "status", known.statuses, notices)
    outlets = _choose(params, "outlet", known.outlets, notices)
    days = _parse_days(params, notices)
    filters = Filters(
        countries=countries,
        mode=mode,
        domains=domains,
        types=types,
        statuses=statuses,
        outlets=outlets,
        date_from=days["from"],
        date_to=days["to"],
    )
    return filters, notices


def page_choice(value: object, options: Iterable[str], default: str | None = None) -> str | None:
    """A page parameter's country (`compare_a=ru` -> "RU") when the corpus has it, else
    `default`: link values are untrusted and a page must open whatever they hold."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if not isinstance(value, str):
        return default
    candidate = value.strip().upper()
    return candidate if _ISO2.match(candidate) and candidate in set(options) else default


def page_default(key: str, options: list[str]) -> str | None:
    """What a page parameter holds when the link has none (Compare: Algeria vs Morocco,
    else the corpus's first two countries); the page and its share link agree on it."""
    code, fallback = _PAGE_DEFAULTS.get(key, ("", 0))
    if code in options:
        return code
    return options[fallback] if len(options) > fallback else None


def to_params(filters: Filters, version: str | None = None) -> dict[str, list[str] | str]:
    """The query params of a view; defaults are left out to keep links short."""
    params: dict[str, list[str] | str] = {}
    if filters.countries:
        params["country"] = list(filters.countries)
    if filters.mode != "any":
        params["mode"] = filters.mode
    if filters.domains:
        params["domain"] = list(filters.domains)
    if filters.types:
        params["type"] = list(filters.types)
    if filters.statuses:
        params["status"] = list(filters.statuses)
    if filters.outlets:
        params["outlet"] = list(filters.outlets)
    if filters.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["to"] = filters.date_to.isoformat()
    if version:
        params["v"] = version
    return params


def version_notice(params: Mapping[str, object], current: str) -> str | None:
    """A notice when the link was made on another corpus (its `v` differs)."""
    values = _values(params, "v")
    if not values or values[-1] == current:
        return None
    return (
        f"This link was made on another version of the corpus ({_short(values[-1], 16)!r}; "
        f"current {current!r}): figures may differ from the ones cited."
    )


def share_url(base: str, path: str, params: Mapping[str, list[str] | str]) -> str:
    """Full shareable URL: base (scheme://host[:port]/) + page path + query string."""
    base = base.rstrip("/")
    path = path.strip("/")
    query = urlencode(params, doseq=True)
    url = f"{base}/{path}" if path else f"{base}/"
    return f"{url}?{query}" if query else url
