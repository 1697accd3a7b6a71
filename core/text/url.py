"""The one http(s) check: the manifest accepts, the dashboard links and the corpus
indexes only addresses that pass it, so a `javascript:` or `file:` URL never becomes a
link anywhere."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # \s is str.isspace's set


def http_url(value: object) -> str | None:
    """`value` stripped when it is an http(s) URL with a host and no space or control
    character; None otherwise."""
    if not isinstance(value, str):
        return None
    clean = value.strip()
    if not clean or _SPACE_OR_CONTROL.search(clean):
        return None
    try:
        parts = urlsplit(clean)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return clean
