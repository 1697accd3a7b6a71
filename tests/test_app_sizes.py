"""AppTest: every page renders without exception on no data, one article, the bundled
corpus (built by the real pipeline) and 100k synthetic events, with and without filters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.build.pipeline import build
from core.build.schema import SCHEMAS
from core.build.store import write_tables
from core.config import DATA_DIR
from tests.synthetic import synthetic_tables

PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/domains.py",
    "pages/actors.py",
    "pages/sources.py",
    "pages/compare.py",
]
FILTERS = [{}, {"country": "DZ", "domain": "arms_procurement", "from": "2015-01-01"}]


def _empty() -> dict[str, pd.DataFrame]:
    return {name: schema.empty_table().to_pandas() for name, schema in SCHEMAS.items()}


def _tables(kind: str) -> dict[str, pd.DataFrame]:
    if kind == "empty":
        return _empty()
    if kind == "one_article":
        return synthetic_tables(n_events=3, n_articles=1, n_actors=5, seed=1)
    return synthetic_tables(n_events=100_000, n_articles=8_000, n_actors=3_000, seed=2)


@pytest.fixture(scope="module", params=["empty", "one_article", "bundled", "100k"])
def sized_env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(f"app_{request.param}")
    (root / "articles").mkdir()
    if request.param == "bundled":
        report = build(DATA_DIR / "articles", root / "processed")
        assert report.errors == [], report.errors
    else:
        write_tables(root / "processed", _tables(request.param))
    return request.param, root


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", FILTERS, ids=["no_filter", "filtered"])
def test_page_renders_at_every_size(
    sized_env: tuple[str, Path], page: str, params: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kind, root = sized_env
    monkeypatch.setenv("ENTENTE_ARTICLES", str(root / "articles"))
    monkeypatch.setenv("ENTENTE_TABLES", str(root / "processed"))
    monkeypatch.setenv("ENTENTE_AUTOBUILD", "0")
    at = AppTest.from_file("../app.py", default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
