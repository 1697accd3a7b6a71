"""Boilerplate removal: reader comments, share/follow widgets, player placeholders,
photo credits, cookie banners, teasers. The patterns are data (data/boilerplate.json) so
they can grow with new sites without touching code; this module only applies them to
normalised text, line by line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.config import DATA_DIR, data_json
from core.text.normalize import normalize

BOILERPLATE_FILE = DATA_DIR / "boilerplate.json"
ACTIONS = ("cut_rest", "cut_list", "drop_line", "keep_group", "widget_tokens")
_LETTER = re.compile(r"[^\W\d_]")
# A lowercase letter glued to a capital that starts a word: "HomepageHeadlines".
_GLUED = re.compile(r"[a-z][A-Z][a-z]")
# A ticker cell: a number (temperature, score, price) or a lone letter (a degree sign "o").
_TICKER_CELL = re.compile(r"^[-+]?\d+([.,]\d+)?\s*(°|%)?[a-zA-Z]?$|^\w$")


@dataclass(frozen=True)
class Rule:
    """One compiled pattern with what to do when a line matches it."""

    action: str
    pattern: re.Pattern[str]
    max_chars: int
    description: str


@dataclass(frozen=True)
class Rules:
    """The whole rule set plus the thresholds that guard the destructive actions."""

    rules: tuple[Rule, ...]
    widget: re.Pattern[str] | None
    cut_min_chars_before: int
    cut_list_max_line_chars: int
    repeated_line_min_chars: int
    max_line_chars: int
    glued_menu_min_joins: int = 4
    ticker_min_lines: int = 6
    ticker_max_line_chars: int = 20

    def of(self, action: str) -> tuple[Rule, ...]:
        """Rules with one action, in file order."""
        return tuple(rule for rule in self.rules if rule.action == action)


def parse_rules(raw: dict) -> Rules:
    """Compile the JSON rule set; a bad entry raises ValueError naming it."""
    max_line = int(raw.get("max_line_chars", 160))
    rules: list[Rule] = []
    widget_parts: list[str] = []
    for index, entry in enumerate(raw.get("rules", [])):
        action = entry.get("action")
        description = entry.get("description", "")
        if action not in ACTIONS or not description:
            raise ValueError(
                f"boilerplate rule {index}: needs an action in {ACTIONS} and a description"
            )
        try:
            pattern = re.compile(entry["pattern"], re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ValueError(f"boilerplate rule {index}: bad pattern: {exc}") from exc
        if action == "widget_tokens":
            widget_parts.append(entry["pattern"])
            continue
        rules.append(Rule(action, pattern, int(entry.get("max_chars", max_line)), description))
    widget = (
        re.compile(r"(?<!\w)(?:" + "|".join(widget_parts) + r")(?!\w)", re.IGNORECASE)
        if widget_parts
        else None
    )
    return Rules(
        rules=tuple(rules),
        widget=widget,
        cut_min_chars_before=int(raw.get("cut_min_chars_before", 200)),
        cut_list_max_line_chars=int(raw.get("cut_list_max_line_chars", max_line)),
        repeated_line_min_chars=int(raw.get("repeated_line_min_chars", 20)),
        max_line_chars=max_line,
        glued_menu_min_joins=int(raw.get("glued_menu_min_joins", 4)),
        ticker_min_lines=int(raw.get("ticker_min_lines", 6)),
        ticker_max_line_chars=int(raw.get("ticker_max_line_chars", 20)),
    )


@cache
def load_rules(path: Path = BOILERPLATE_FILE) -> Rules:
    """The rule set from the data file, compiled once per process."""
    return parse_rules(data_json(Path(path)))


def _matches(rule: Rule, line: str) -> bool:
    return len(line) <= rule.max_chars and rule.pattern.search(line) is not None


def is_widget_line(line: str, rules: Rules) -> bool:
    """True when the line holds only widget words (share, follow, player, read time)
    plus digits and punctuation: 'Partager 2 minutes de lecture', 'Follow by Email'."""
    if rules.widget is None or not line or len(line) > rules.max_line_chars:
        return False
    residue, hits = rules.widget.subn("", line)
    return hits > 0 and not _LETTER.search(residue)


def _drop_repeated(lines: list[str], min_chars: int) -> list[str]:
    """Blank out the second copy of a line repeated on the next non-blank line (an image
    caption printed twice, a title echoed by the page). The first copy stays: a caption
    often reports an event of its own (who received whom, where, when)."""
    out = list(lines)
    previous: int | None = None
    for index, line in enumerate(lines):
        if not line:
            continue
        if (
            previous is not None
            and len(line) >= min_chars
            and line.casefold() == lines[previous].casefold()
        ):
            out[index] = ""
        previous = index
    return out


def _cut_rest(lines: list[str], rules: Rules) -> list[str]:
    """Truncate at the first comment-section heading that follows enough body text; an
    early match (a 'Leave a comment' link by the byline) only loses its own line."""
    kept_chars = 0
    out: list[str] = []
    cut_rules = rules.of("cut_rest")
    for line in lines:
        if line and any(_matches(rule, line) for rule in cut_rules):
            if kept_chars >= rules.cut_min_chars_before:
                break
            continue
        out.append(line)
        kept_chars += len(line)
    return out


def _looks_like_link_list(lines: list[str], max_chars: int) -> bool:
    """Short lines that mostly do not end like sentences: headlines of linked articles."""
    items = [line for line in lines if line]
    if any(len(item) > max_chars for item in items):
        return False
    sentences = sum(1 for item in items if item.endswith((".", "!", "?", ".»", '."')))
    return sentences * 2 <= len(items)


def _cut_lists(lines: list[str], rules: Rules) -> list[str]:
    """Truncate at a related-articles heading that follows the body when only a list of
    headlines comes after it; otherwise the heading alone is dropped."""
    list_rules = rules.of("cut_list")
    out: list[str] = []
    kept_chars = 0
    for index, line in enumerate(lines):
        if line and any(_matches(rule, line) for rule in list_rules):
            rest = lines[index + 1 :]
            if kept_chars >= rules.cut_min_chars_before and _looks_like_link_list(
                rest, rules.cut_list_max_line_chars
            ):
                break
            continue
        out.append(line)
        kept_chars += len(line)
    return out


def _drop_lines(lines: list[str], rules: Rules) -> list[str]:
    drop_rules = rules.of("drop_line")
    keep_rules = rules.of("keep_group")
    out: list[str] = []
    for line in lines:
        if line and (any(_matches(r, line) for r in drop_rules) or is_widget_line(line, rules)):
            continue
        kept = next(
            (m for r in keep_rules if len(line) <= r.max_chars and (m := r.pattern.search(line))),
            None,
        )
        out.append(kept.group("keep") if kept else line)
    return out


def is_glued_menu(line: str, min_joins: int) -> bool:
    """Menu items run together with no spaces ("HomeNewsSportWorldVideo")."""
    return len(_GLUED.findall(line)) >= min_joins


def _drop_tickers(lines: list[str], rules: Rules) -> list[str]:
    """Blank out blocks of very short lines where numbers or lone letters make up a third
    or more: a weather, score or price ticker ("Lyon", "21", "o", "Nice", "24", "o")."""
    out = list(lines)
    block: list[int] = []
    for index in [*range(len(lines)), len(lines)]:
        line = lines[index] if index < len(lines) else None
        if line is not None and (not line or len(line) <= rules.ticker_max_line_chars):
            if line:
                block.append(index)
            continue
        cells = sum(1 for i in block if _TICKER_CELL.match(lines[i]))
        if len(block) >= rules.ticker_min_lines and cells * 3 >= len(block):
            for i in block:
                out[i] = ""
        block = []
    return out


def strip_boilerplate(text: str, rules: Rules | None = None) -> str:
    """Normalised text in, the same text without boilerplate lines out (still normalised)."""
    rules = rules or load_rules()
    lines = normalize(text).split("\n")
    lines = _drop_repeated(lines, rules.repeated_line_min_chars)
    lines = _cut_rest(lines, rules)
    lines = _cut_lists(lines, rules)
    lines = _drop_tickers(lines, rules)
    lines = [line for line in lines if not is_glued_menu(line, rules.glued_menu_min_joins)]
    lines = _drop_lines(lines, rules)
    return normalize("\n".join(lines))
