"""Language detection. Non-Latin scripts decide by themselves; Latin-script text goes to
py3langid (a maintained n-gram classifier that reads short sentences the function-word
count cannot), and only when it is unsure to the function-word scorer (data file, a
word shared by several languages weighing less than a distinctive one)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from core.config import DATA_DIR, data_json

SUPPORTED = ("fr", "en")
UNKNOWN = "und"
STOPWORDS_FILE = DATA_DIR / "language" / "stopwords.json"

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 20_000
_MIN_SCORE = 2.0  # about two distinctive function words
_MIN_MARGIN = 1.25  # best must beat the runner-up by this factor
_SCRIPT_SHARE = 0.5  # share of letters in one non-Latin script that settles it
_LANGID_MIN_PROB = 0.3  # py3langid's normalised probability for its best guess...
_LANGID_MARGIN = 4.0  # ...which must also beat the runner-up by this factor


@dataclass(frozen=True)
class Profiles:
    """Weighted function words and letters per language, plus script ranges."""

    words: dict[str, dict[str, float]]
    letters: dict[str, dict[str, float]]
    scripts: dict[str, tuple[tuple[int, int], ...]]


def _weights(sets: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    """item -> {language: 1/number of languages sharing the item}."""
    owners: dict[str, list[str]] = {}
    for lang, items in sets.items():
        for item in items:
            owners.setdefault(item, []).append(lang)
    return {item: {lang: 1.0 / len(langs) for lang in langs} for item, langs in owners.items()}


@cache
def load_profiles(path: Path = STOPWORDS_FILE) -> Profiles:
    """Read and weight the data file once per process."""
    raw = data_json(Path(path))
    langs = raw["languages"]
    letter_weight = float(raw.get("letter_weight", 0.3))
    words = _weights({code: set(spec["words"].split()) for code, spec in langs.items()})
    letters = _weights({code: set(spec.get("letters", "")) for code, spec in langs.items()})
    letters = {ch: {k: v * letter_weight for k, v in by.items()} for ch, by in letters.items()}
    scripts = {
        code: tuple((int(lo), int(hi)) for lo, hi in ranges)
        for code, ranges in raw.get("scripts", {}).items()
        if not code.startswith("_")
    }
    return Profiles(words=words, letters=letters, scripts=scripts)


def _script_language(text: str, profiles: Profiles) -> str | None:
    """The language a non-Latin script implies, when most letters are in it."""
    counts: Counter[str] = Counter()
    n_letters = 0
    for ch in text:
        if ch < "\u0250":  # ASCII and Latin letters, the common case: no range lookup
            n_letters += ch.isalpha()
            continue
        if not ch.isalpha():
            continue
        n_letters += 1
        point = ord(ch)
        for code, ranges in profiles.scripts.items():
            if any(lo <= point <= hi for lo, hi in ranges):
                counts[code] += 1
                break
    if not counts or n_letters == 0:
        return None
    if counts["ja"] and counts["ja"] + counts["zh"] >= _SCRIPT_SHARE * n_letters:
        return "ja"  # Japanese mixes kana with kanji
    code, count = counts.most_common(1)[0]
    return code if count >= _SCRIPT_SHARE * n_letters else None


def language_scores(text: str) -> dict[str, float]:
    """Evidence per Latin-script language (function words plus typical letters)."""
    profiles = load_profiles()
    sample = text[:_SAMPLE_CHARS].lower()
    scores: dict[str, float] = {}
    words, letters = profiles.words.get, profiles.letters.get
    for word in _WORD.findall(sample):
        found = words(word)  # most words are in no profile: no empty dict each time
        if found is not None:
            for lang, weight in found.items():
                scores[lang] = scores.get(lang, 0.0) + weight
    for ch, count in Counter(sample).items():
        found = letters(ch)
        if found is not None:
            for lang, weight in found.items():
                scores[lang] = scores.get(lang, 0.0) + weight * count
    return dict(scores)


@cache
def _langid() -> Any:
    """py3langid's identifier with normalised probabilities (1.5 s to load: once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def langid_language(text: str) -> str | None:
    """py3langid's answer when it is confident, else None (names, dates, tiny text)."""
    ranked = _langid().rank(text)
    if not ranked:
        return None
    best, prob = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    ok = prob >= _LANGID_MIN_PROB and prob >= _LANGID_MARGIN * runner_up
    return str(best) if ok else None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or 'und' when the evidence is too thin or
    too evenly split (very short text, lists of names)."""
    sample = text[:_SAMPLE_CHARS]
    by_script = _script_language(sample, load_profiles())
    if by_script:
        return by_script
    found = langid_language(sample)
    if found in SUPPORTED:
        return found
    # A close relative of a supported language (Walloon, Occitan for French) on short
    # text: the function words decide when they are clear.
    fallback = stopword_language(sample)
    return fallback if fallback in SUPPORTED or found is None else found


def stopword_language(sample: str) -> str:
    """The function-word detector: the fallback when py3langid is unsure."""
    ranked = sorted(language_scores(sample).items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < _MIN_SCORE:
        return UNKNOWN
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return best if score >= _MIN_MARGIN * runner_up else UNKNOWN


def clearly_not(text: str, language: str) -> str | None:
    """The detected language when the text is plainly not in `language` (a manifest
    mistake), else None. 'Plainly' = enough text, a confident detection, and almost no
    evidence for the claimed language."""
    if len(text) < 200:
        return None
    scores = language_scores(text)
    claimed = scores.get(language, 0.0)
    # Function words that back the claim clearly settle it without py3langid (~30 ms an
    # article): the test below could not find another language plainly ahead of them.
    others = max((v for k, v in scores.items() if k != language), default=0.0)
    if claimed >= _MIN_SCORE and claimed >= _MIN_MARGIN * others:
        return None
    detected = detect_language(text)
    if detected in (UNKNOWN, language):
        return None
    found = scores.get(detected, 0.0)
    if found == 0.0 and detected not in SUPPORTED:
        # Script-based detection (Arabic, Cyrillic...): the claim is wrong if few Latin hits.
        return detected if claimed < _MIN_SCORE else None
    return detected if found >= 4 * max(claimed, 0.5) else None


_LANGUAGE_NAMES = {
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "english": "en",
    "anglais": "en",
    "german": "de",
    "allemand": "de",
    "deutsch": "de",
    "spanish": "es",
    "espagnol": "es",
    "español": "es",
    "arabic": "ar",
    "arabe": "ar",
    "russian": "ru",
    "russe": "ru",
    "italian": "it",
    "italien": "it",
    "portuguese": "pt",
    "portugais": "pt",
}
_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$")


def normalize_language_code(value: str | None) -> str | None:
    """'fr', 'FR', 'fr-FR', 'French', 'français' -> 'fr'; '' -> None; garbage -> ValueError."""
    if value is None or not value.strip():
        return None
    clean = value.strip().lower()
    if clean in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[clean]
    if clean == UNKNOWN:
        return UNKNOWN
    match = _CODE.match(clean)
    if not match:
        raise ValueError(f"language {value!r} is not an ISO 639-1 code such as 'fr' or 'en'")
    return match.group(1)
