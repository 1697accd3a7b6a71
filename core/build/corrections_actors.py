"""Actor corrections: split a wrong merge, rename, set country and role, merge two actors.

Applied in that order on the tables in a dict (mentions and quotes follow the actor ids).
An actor is found by its id, else by the name it had when corrected (ids of people with
the same name are numbered, and the numbering can change between builds).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from core.build.corrections import Entry
from core.build.corrections_keys import norm_text

SPLIT_SUFFIX = "~split"


@dataclass
class ActorResult:
    """What actor corrections did, for the event and quote steps that follow."""

    merged: dict[str, str] = field(default_factory=dict)
    moved: dict[tuple[str, int, str], str] = field(default_factory=dict)
    kept: set[tuple[str, int, str]] = field(default_factory=set)
    orphans: list[tuple[Entry, str]] = field(default_factory=list)
    applied: int = 0

    @property
    def replaced(self) -> bool:
        return bool(self.merged or self.moved)

    def resolve(self, actor_id: Any) -> Any:
        """Follow merges to the actor an id now belongs to."""
        seen = set()
        while actor_id in self.merged and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.merged[actor_id]
        return actor_id

    def map_event_actors(self, article_id: str, sentence: int, ids: list[str]) -> list[str]:
        out: list[str] = []
        for actor_id in ids:
            new = self.moved.get((article_id, sentence, actor_id))
            choices = [new] if new else []
            if not new or (article_id, sentence, actor_id) in self.kept:
                choices.append(actor_id)
            for choice in choices:
                final = self.resolve(choice)
                if final not in out:
                    out.append(final)
        return out


def _find(actors: pd.DataFrame, entry: Entry) -> int | None:
    """Row of the entry's actor: by id, else by a unique name or alias equal to its label."""
    ids = actors["actor_id"].astype(str).tolist()
    if entry.target in ids:
        return ids.index(entry.target)
    if not entry.label:
        return None
    label = norm_text(entry.label)
    hits = [
        row
        for row, (name, aliases) in enumerate(zip(actors["name"], actors["aliases"], strict=True))
        if label
        in {norm_text(str(n)) for n in [name, *list(aliases if aliases is not None else [])]}
    ]
    return hits[0] if len(hits) == 1 else None


def _get(frame: pd.DataFrame, row: int, column: str) -> Any:
    value: Any = frame[column].iat[row]
    return value


def _put(frame: pd.DataFrame, row: int, column: str, value: Any) -> None:
    frame.at[row, column] = cast(Any, value)


def _mark(actors: pd.DataFrame, row: int, column: str) -> None:
    marks = _get(actors, row, "corrected")
    if column not in marks:
        _put(actors, row, "corrected", [*marks, column])


def _recount(frames: dict[str, pd.DataFrame], rows: list[int]) -> None:
    actors, mentions = frames["actors"], frames["mentions"]
    ids = mentions["actor_id"].astype(object)
    for row in rows:
        mine = mentions[(ids == _get(actors, row, "actor_id")).to_numpy()]
        _put(actors, row, "n_mentions", len(mine))
        _put(actors, row, "n_articles", mine["article_id"].nunique())


def _split(frames: dict[str, pd.DataFrame], entry: Entry, row: int, result: ActorResult) -> None:
    actors, mentions = frames["actors"], frames["mentions"]
    old = str(_get(actors, row, "actor_id"))
    new = old + SPLIT_SUFFIX
    names = {norm_text(a) for a in entry.after}
    mine = (mentions["actor_id"].astype(object) == old).to_numpy()
    moving = mine & mentions["text"].astype(str).map(norm_text).isin(names).to_numpy()
    for article_id, sentence in zip(
        mentions["article_id"][moving], mentions["sentence"][moving], strict=True
    ):
        result.moved[(str(article_id), int(sentence), old)] = new
    for article_id, sentence in zip(
        mentions["article_id"][mine & ~moving], mentions["sentence"][mine & ~moving], strict=True
    ):
        result.kept.add((str(article_id), int(sentence), old))
    ids = mentions["actor_id"].astype(object).to_numpy().copy()
    ids[moving] = new
    frames["mentions"] = mentions.assign(actor_id=ids)
    gone = set(mentions["article_id"][moving]) - set(mentions["article_id"][mine & ~moving])
    quotes = frames["quotes"]
    hit = (quotes["actor_id"].astype(object) == old) & quotes["article_id"].isin(gone)
    frames["quotes"] = quotes.assign(actor_id=quotes["actor_id"].astype(object).where(~hit, new))
    split_off = sorted(entry.after, key=lambda a: (-len(a), a))
    aliases = [a for a in list(_get(actors, row, "aliases")) if norm_text(a) not in names]
    _put(actors, row, "aliases", aliases)
    extra = actors.iloc[[row]].reset_index(drop=True)
    for column, value in (
        ("actor_id", new),
        ("name", split_off[0]),
        ("aliases", split_off[1:]),
        ("corrected", ["split_aliases"]),
    ):
        _put(extra, 0, column, value)
    frames["actors"] = pd.concat([actors, extra], ignore_index=True)
    _mark(frames["actors"], row, "split_aliases")
    _recount(frames, [row, len(frames["actors"]) - 1])


def _merge(frames: dict[str, pd.DataFrame], entry: Entry, row: int, result: ActorResult) -> bool:
    actors = frames["actors"]
    old = str(_get(actors, row, "actor_id"))
    into = result.resolve(entry.after)
    ids = actors["actor_id"].astype(str).tolist()
    if into == old or into not in ids:
        result.orphans.append((entry, f"the actor to merge into ({entry.after}) is gone"))
        return False
    result.merged[old] = into
    keep = ids.index(into)
    name = str(_get(actors, keep, "name"))
    pooled = {*list(_get(actors, keep, "aliases")), str(_get(actors, row, "name"))}
    pooled |= set(_get(actors, row, "aliases"))
    _put(actors, keep, "aliases", sorted(pooled - {name}))
    _mark(actors, keep, "aliases")
    for table in ("mentions", "quotes"):
        frame = frames[table]
        ref = frame["actor_id"].astype(object)
        frames[table] = frame.assign(actor_id=ref.where(ref != old, into))
    frames["actors"] = actors.drop(index=row).reset_index(drop=True)
    _recount(frames, [frames["actors"]["actor_id"].astype(str).tolist().index(into)])
    return True


def apply_actor_entries(frames: dict[str, pd.DataFrame], entries: list[Entry]) -> ActorResult:
    """Apply actor entries to frames["actors"|"mentions"|"quotes"] (replaced in the dict)."""
    result = ActorResult()
    frames["actors"] = frames["actors"].copy()
    order = {"split_aliases": 0, "name": 1, "country": 1, "role": 1, "merged_into": 2}
    grouped: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        grouped[order.get(entry.field, 1)].append(entry)
    for stage in sorted(grouped):
        for entry in sorted(grouped[stage], key=lambda e: len(e.target)):
            row = _find(frames["actors"], entry)
            if row is None:
                result.orphans.append((entry, "the actor is no longer extracted"))
            elif entry.field == "split_aliases":
                _split(frames, entry, row, result)
                result.applied += 1
            elif entry.field == "merged_into":
                if entry.after is not None:
                    result.applied += _merge(frames, entry, row, result)
            else:
                frames["actors"].at[row, entry.field] = entry.after
                _mark(frames["actors"], row, entry.field)
                result.applied += 1
    return result
