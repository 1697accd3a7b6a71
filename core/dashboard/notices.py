"""Notices every page shows about how the tables were made."""

from __future__ import annotations

import pandas as pd

MODEL_COLUMNS = ("nlp_model", "model", "pipeline")
"""The articles column naming the language model an article was processed with (the
first present is read); a missing value or a 'blank' pipeline means none was used."""


def model_notice(articles: pd.DataFrame) -> str | None:
    """'3 of 25 articles were processed without a language model …', or None."""
    column = next((c for c in MODEL_COLUMNS if c in articles.columns), None)
    if column is None or articles.empty:
        return None
    values = articles[column].astype("string").str.strip().str.lower()
    without = int((values.isna() | (values == "") | values.str.startswith("blank")).sum())
    if not without:
        return None
    return (
        f"{without:,} of {len(articles):,} articles were processed without a language model "
        "(names and places in them are found by rules only, so fewer events and actors)."
    )
