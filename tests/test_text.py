"""normalize(): the one canonical form every offset points into."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.text.fold import fold, fold_all
from core.text.normalize import markdown_to_text, normalize, single_line


def test_apostrophes_and_quotes_become_ascii() -> None:
    assert normalize("L\u2019état-major l\u2018a dit\u02bc") == "L'état-major l'a dit'"
    assert (
        normalize("\u201cUne phrase\u201d et \u201eune autre\u201d")
        == '"Une phrase" et "une autre"'
    )


def test_french_guillemets_kept_with_plain_spaces() -> None:
    assert normalize("Il a dit\u00a0:\u00a0\u00ab\u202fnous venons\u202f\u00bb.") == (
        "Il a dit : « nous venons »."
    )


def test_nbsp_thin_spaces_and_runs_collapse() -> None:
    assert normalize("12\u2009000 soldats\u00a0\u00a0 et\t\tdes   navires") == (
        "12 000 soldats et des navires"
    )


def test_nfc_composition() -> None:
    decomposed = "Ope\u0301ration conjointe"
    assert normalize(decomposed) == "Opération conjointe"


def test_control_and_invisible_characters_removed() -> None:
    assert normalize("a\x00b\x07c\u200bd\ufeffe\u00adf") == "abcdef"


def test_line_endings_and_blank_lines() -> None:
    raw = "\r\n\r\nTitre\r\nLigne deux\rLigne trois\n\n\n\n\nFin  \n\n\n   \n"
    assert normalize(raw) == "Titre\nLigne deux\nLigne trois\n\nFin"


def test_single_line_for_metadata() -> None:
    assert single_line("  Un\n titre\u00a0 long ") == "Un titre long"
    assert single_line("   ") is None
    assert single_line(None) is None


def test_markdown_markup_removed() -> None:
    md = "# The pact\n\nA **naval** deal, see [the text](https://example.org).\n\n![map](m.png)"
    assert normalize(markdown_to_text(md)) == "The pact\n\nA naval deal, see the text."


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "\r" not in once and "\u00a0" not in once and "  " not in once


def test_the_two_fold_variants() -> None:
    from core.text.fold import fold, strip_accents

    text = "Œuvre d’État à Hô Chi Minh"
    assert len(fold(text)) == len(text) and fold(text) == "œuvre d'etat a ho chi minh"
    assert strip_accents(text) == "OEuvre d'Etat a Ho Chi Minh"


def test_phrase_alternation_folds_dedups_and_puts_longest_first() -> None:
    import re

    from core.text.fold import phrase_alternation

    pattern = phrase_alternation(["à la", "À  la veille de", "a la", ""])
    assert pattern.split("|") == [re.escape("a la veille de"), re.escape("a la")]
    assert re.match(pattern, "a la veille de la visite").group() == "a la veille de"


def test_the_alternation_of_no_phrase_matches_nothing() -> None:
    import re

    from core.text.fold import phrase_alternation

    # An empty alternation would match at every position of every sentence.
    for phrases in ([], ["", "  "]):
        assert re.search(phrase_alternation(phrases), "une visite a alger") is None


def test_a_cue_list_that_is_missing_or_empty_is_named_with_its_file() -> None:
    import re

    import pytest

    from core.text.fold import listed_phrases

    for raw in ({}, {"before": []}, {"before": [" "]}, {"before": "lors de"}, ["lors de"]):
        with pytest.raises(ValueError, match=r"cues\.json: 'before' must be a non-empty list"):
            listed_phrases(raw, "before", "cues.json")
    assert re.search(listed_phrases({"before": ["Lors de"]}, "before", "x"), "lors de la")


def test_fold_makes_typographic_apostrophes_plain_and_keeps_the_length() -> None:
    from core.text.fold import fold

    text = "Lors d’une visite à l‘État"
    assert fold(text) == "lors d'une visite a l'etat"
    assert len(fold(text)) == len(text)


def test_control_class_is_the_unicode_categories_less_layout_characters() -> None:
    """control_share counts by one regex class: it must be exactly Cc and Cs less tab,
    newlines and form feed, over every code point."""
    import unicodedata

    from core.text.decode import _CONTROL

    for code in range(0x110000):
        ch = chr(code)
        expected = unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r\f"
        assert bool(_CONTROL.fullmatch(ch)) == expected, hex(code)


def test_normalize_maps_each_character_as_a_translation_table_would() -> None:
    from core.text.normalize import _CHAR_MAP, _MAPPED, _mapped

    sample = "l\u2019arm\u00e9e\u00a0\u201cdit\u201d\u2029a\u200bb\u202fc\t" + "".join(_CHAR_MAP)
    assert _MAPPED.sub(_mapped, sample) == sample.translate(str.maketrans(_CHAR_MAP))
    assert _MAPPED.sub(_mapped, "plain text") == "plain text"


def test_fold_lowercases_dotted_capital_i_in_every_text() -> None:
    """'İ' has no one-character lowercase; its fold is 'i' whether or not the text also
    holds characters beyond Latin (it used to be 'I' in a Latin-only text)."""
    from core.text.fold import fold

    assert fold("İzmir") == "izmir"
    assert fold("İzmir – Ankara") == "izmir – ankara"
    assert len(fold("İzmir – Ankara")) == len("İzmir – Ankara")


def test_fold_is_the_same_on_a_text_and_on_its_parts() -> None:
    """Sentences take slices of their article's fold: folding must not depend on what
    else the text holds (the ASCII shortcut used to keep a backtick the table unifies)."""
    from core.text.fold import fold

    text = "L`armée de l'air – İzmir, the `joint´ exercise."
    assert fold(text) == "".join(fold(ch) for ch in text)
    assert fold("l`armee") == fold("l’armee") == "l'armee"


@given(st.lists(st.text(alphabet=st.characters(codec=None)), max_size=12))
def test_fold_all_folds_each_text_as_fold_does(texts: list[str]) -> None:
    # Any code point: accents, "İ", typographic apostrophes, emoji, the separator itself.
    assert fold_all(texts) == [fold(t) for t in texts]


def test_fold_all_on_the_characters_a_translation_table_special_cases() -> None:
    texts = ["ÉTATS-UNIS d’une `x`", "İstanbul", "ǅ 😀 Ω", "", "a\x00b", "\ud800é"]
    assert fold_all(texts) == [fold(t) for t in texts]
    assert fold_all(texts)[0] == "etats-unis d'une 'x'"
