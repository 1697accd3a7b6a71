"""What may be corrected, and which values are valid: one checker per (kind, field).

Every value that enters the log passes here, whether typed in the dashboard or read from
an imported CSV, so the overlay never carries a value the tables cannot hold.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from core.build.schema import DOMAINS, EVENT_STATUSES, EVENT_TYPES, PRECISIONS
from core.nlp.countries import load_countries
from core.text.partial_date import parse_partial_date


class CorrectionError(ValueError):
    """A correction that cannot be recorded (unknown field, invalid value), said plainly."""


_MAX_TEXT = 500


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(load_countries())


def _text(value: Any, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        raise CorrectionError(f"expected some text, got {value!r}")
    if len(value) > _MAX_TEXT:
        raise CorrectionError(f"text longer than {_MAX_TEXT} characters")


def _country(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or value not in _countries():
        raise CorrectionError(f"{value!r} is not a known ISO 3166 alpha-2 country code")


def _countries_list(value: Any) -> None:
    if not isinstance(value, list):
        raise CorrectionError(f"expected a list of country codes, got {value!r}")
    for code in value:
        _country(code)
        if code is None:
            raise CorrectionError("a country list cannot hold an empty code")


def _choice(options: tuple[str, ...], optional: bool = False) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value is None and optional:
            return
        if value not in options:
            raise CorrectionError(f"{value!r} is not one of {', '.join(options)}")

    return check


def _domains(value: Any) -> None:
    if not isinstance(value, list) or any(v not in DOMAINS for v in value):
        raise CorrectionError(f"expected a list of domains among {', '.join(DOMAINS)}")


def _date(value: Any) -> None:
    if value is None:
        return
    if parse_partial_date(value) is None:
        raise CorrectionError(f"{value!r} is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)")


def _flag(value: Any) -> None:
    if not isinstance(value, bool):
        raise CorrectionError(f"expected true or false, got {value!r}")


def _actor_ref(value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise CorrectionError(f"expected an actor id, got {value!r}")


def _aliases(value: Any) -> None:
    if not isinstance(value, list) or any(not isinstance(v, str) or not v.strip() for v in value):
        raise CorrectionError("expected a list of names to split off")


FIELDS: dict[str, dict[str, Callable[[Any], None]]] = {
    "event": {
        "type": _choice(EVENT_TYPES),
        "countries": _countries_list,
        "actor_country": _country,
        "target_country": _country,
        "date": _date,
        "date_precision": _choice(PRECISIONS, optional=True),
        "domains": _domains,
        "status": _choice(EVENT_STATUSES),
        "location": _text,
        "rejected": _flag,
    },
    "actor": {
        "name": lambda v: _text(v, optional=False),
        "country": _country,
        "role": _text,
        "merged_into": _actor_ref,
        "split_aliases": _aliases,
    },
    "quote": {"actor_id": _actor_ref},
}
"""Per kind, the fields an analyst may correct and the checker of their values."""


def check_field(kind: str, field: str) -> None:
    """Raise CorrectionError unless `field` of `kind` can be corrected."""
    if kind not in FIELDS:
        raise CorrectionError(f"unknown target kind {kind!r} (event, actor or quote)")
    if field not in FIELDS[kind]:
        raise CorrectionError(f"{kind} field {field!r} cannot be corrected")


def check_value(kind: str, field: str, value: Any) -> None:
    """Raise CorrectionError unless `value` is valid for `field` of `kind`."""
    check_field(kind, field)
    try:
        FIELDS[kind][field](value)
    except CorrectionError as exc:
        raise CorrectionError(f"{kind} {field}: {exc}") from None
