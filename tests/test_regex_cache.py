"""core.nlp.regex_cache: a pattern read back from disk is the pattern `re` compiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.nlp import regex_cache
from core.nlp.regex_cache import big_patterns_cached, compile_cached

# Big enough to be cached, shaped like spaCy's exception lists: many anchored, case-
# insensitive alternatives over large Unicode classes, plus named groups and a backreference.
WORDS = [f"w{i:04d}" for i in range(900)]
BIG = (
    "(?iu)(?P<head>"
    + "|".join(f"^{w}[-‐][a-zà-öø-ÿ]+$" for w in WORDS)
    + r")|(?P<twice>\w+)-(?P=twice)"
)
SAMPLES = ["W0007-truc", "w0899-été", "w0900-x", "bonjour", "ab-ab", "ab-cd", "W0042‐À"]


def _matches(pattern: re.Pattern[str]) -> list[object]:
    return [(m.group(0), m.groupdict()) if (m := pattern.match(s)) else None for s in SAMPLES]


def test_compiled_pattern_equals_re_compile(tmp_path: Path) -> None:
    reference = re.compile(BIG)
    first = compile_cached(BIG, 0, tmp_path)
    assert len(list(tmp_path.glob("*.sre"))) == 1
    second = compile_cached(BIG, 0, tmp_path)
    # Pattern equality compares flags, source and the compiled code word by word.
    assert first == reference and second == reference
    assert second.groupindex == reference.groupindex and second.groups == reference.groups
    assert _matches(second) == _matches(reference)
    assert any(_matches(reference)) and None in _matches(reference)


def test_second_compile_is_read_not_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compile_cached(BIG, 0, tmp_path)

    def fail(*_: object) -> None:
        raise AssertionError("compiled again instead of reading the cache")

    monkeypatch.setattr(regex_cache, "_build", fail)
    assert compile_cached(BIG, 0, tmp_path) == re.compile(BIG)


def test_flags_and_pattern_change_the_key(tmp_path: Path) -> None:
    compile_cached(BIG, 0, tmp_path)
    verbose = compile_cached(BIG, re.MULTILINE, tmp_path)
    assert verbose == re.compile(BIG, re.MULTILINE)
    assert compile_cached(BIG + "|x", 0, tmp_path) == re.compile(BIG + "|x")
    assert len(list(tmp_path.glob("*.sre"))) == 3


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-9] + bytes(b ^ 0xFF for b in raw[-9:]),
        lambda raw: b"not json\n" + raw.partition(b"\n")[2],
        lambda raw: raw.replace(b'"flags": ', b'"flags": 1', 1),
        lambda raw: b"",
    ],
    ids=["truncated", "flipped", "bad-header", "edited-flags", "empty"],
)
def test_damaged_file_is_recompiled_and_replaced(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    compile_cached(BIG, 0, tmp_path)
    (path,) = tmp_path.glob("*.sre")
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert compile_cached(BIG, 0, tmp_path) == re.compile(BIG)
    assert path.read_bytes() == good


def test_invalid_pattern_raises_like_re(tmp_path: Path) -> None:
    bad = "(" + "a" * regex_cache.MIN_LENGTH
    with pytest.raises(re.error):
        compile_cached(bad, 0, tmp_path)
    assert not list(tmp_path.glob("*.sre"))


def test_unwritable_cache_still_compiles(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert compile_cached(BIG, 0, blocker / "regex") == re.compile(BIG)


def test_context_caches_only_big_patterns_and_restores_re(tmp_path: Path) -> None:
    before = re.compile
    with big_patterns_cached(tmp_path):
        assert re.compile is not before
        big = re.compile(BIG)
        again = re.compile(BIG, re.IGNORECASE)
        small = re.compile(r"\d+-\d+")
    assert re.compile is before
    assert big == re.compile(BIG) and again == re.compile(BIG, re.IGNORECASE)
    assert small is re.compile(r"\d+-\d+")  # untouched: straight from re's own cache
    assert len(list(tmp_path.glob("*.sre"))) == 2


def test_context_restores_re_after_an_error(tmp_path: Path) -> None:
    before = re.compile
    with pytest.raises(RuntimeError), big_patterns_cached(tmp_path):
        raise RuntimeError("boom")
    assert re.compile is before


def test_french_model_tokenizer_pattern_is_what_re_compiles(nlp_fr_model) -> None:  # type: ignore[no-untyped-def]
    """The production load goes through the cache; its biggest pattern must be the one
    CPython compiles itself (a real 5 s compile, once per run)."""
    pattern = nlp_fr_model.tokenizer.token_match.__self__
    assert len(pattern.pattern) >= regex_cache.MIN_LENGTH
    assert pattern == regex_cache._re_compile(pattern.pattern)  # spaCy passes no flags
    words = [t.text for t in nlp_fr_model.make_doc("Le vice-président et l'ex-ministre.")]
    assert "vice-président" in words
