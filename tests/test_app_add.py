"""Sources page "Add articles": pasted HTML is stored, processed and listed at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.config import DATA_DIR


@pytest.mark.slow
def test_add_pasted_html_appears_without_restart(tmp_path: Path, monkeypatch) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(DATA_DIR / "articles", articles)
    monkeypatch.setenv("ENTENTE_ARTICLES", str(articles))
    monkeypatch.setenv("ENTENTE_TABLES", str(tmp_path / "tables"))
    at = AppTest.from_file("../app.py", default_timeout=300).run()
    assert not at.exception
    at.switch_page("pages/sources.py").run()
    before = len(at.dataframe[0].value)
    at.text_area(key="add_text").input(
        "<p>Le ministre marocain de la Défense s'est rendu à Moscou le 3 mars 2024 pour "
        "signer un accord de coopération militaire avec la Russie.</p><script>alert(1)</script>"
    )
    at.checkbox(key="add_is_html").check()
    at.text_input(key="add_title").input("Titre <img src=x onerror=alert(1)>")
    at.text_input(key="add_url").input("https://example.org/a")
    at.button(key="add_submit").click().run()
    assert not at.exception
    assert any("Added 1 article" in s.value for s in at.success)
    listed = at.dataframe[0].value
    assert len(listed) == before + 1
    assert "Titre <img src=x onerror=alert(1)>" in set(listed["title"])
