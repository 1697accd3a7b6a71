"""The one http(s) check."""

from __future__ import annotations

import pytest

from core.text.url import http_url


@pytest.mark.parametrize("value", ["https://example.org/a?b=1", " http://host:8080/x "])
def test_http_addresses_pass(value: str) -> None:
    assert http_url(value) == value.strip()


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
        "//host/x",
        "http://a b",
        "http://a\x07",
        "",
        None,
        42,
        "ftp://host/x",
    ],
)
def test_anything_else_is_refused(value: object) -> None:
    assert http_url(value) is None
