"""Actor and quote correction forms, and the buttons that restore or undo an entry."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.build.corrections import Change, Entry, plain, revert_of
from core.build.corrections_keys import quote_key
from core.dashboard.backend import AnyCorpus as Corpus
from core.dashboard.corrections_form import (
    analyst_name,
    changes_for,
    country_codes,
    form_footer,
    optional,
    pick,
    save,
)
from core.nlp.countries import country_label


def _actor_names(corpus: Corpus, exclude: str = "") -> dict[str, str]:
    actors = corpus.actors[corpus.actors["actor_id"].astype(str) != exclude]
    return dict(
        zip(
            actors["actor_id"].astype(str),
            actors["name"].astype(str) + " (" + actors["kind"].astype(str) + ")",
            strict=True,
        )
    )


def actor_form(corpus: Corpus, actor_row: pd.Series) -> None:
    """Rename an actor, set its country and role, merge it into another, split off names."""
    actor_id = str(actor_row["actor_id"])
    key = f"ca_{actor_id}_"
    label = str(actor_row["name"])
    others = _actor_names(corpus, exclude=actor_id)
    aliases = [str(a) for a in plain(actor_row.get("aliases")) or []]
    with st.form(f"{key}form"):
        new: dict[str, Any] = {"name": st.text_input("Name", label, key=f"{key}name").strip()}
        new["country"] = pick(
            "Country",
            [None, *country_codes()],
            optional(actor_row.get("country")),
            f"{key}country",
            format_func=lambda c: "—" if c is None else country_label(c),
        )
        role = st.text_input("Role", optional(actor_row.get("role")) or "", key=f"{key}role")
        new["role"] = role.strip() or None
        merge = st.selectbox(
            "Merge into another actor (the same one under another name)",
            [None, *others],
            format_func=lambda a: "—" if a is None else others.get(a, a),
            key=f"{key}merge",
        )
        split = st.multiselect(
            "Split off these names (a different actor wrongly merged in)",
            aliases,
            key=f"{key}split",
        )
        reason, submitted = form_footer(key)
    if not submitted:
        return
    changes = changes_for("actor", actor_id, label, actor_row, new, reason)
    if merge:
        changes.append(
            Change(analyst_name(), "actor", actor_id, "merged_into", None, merge, reason, label)
        )
    if split:
        changes.append(
            Change(analyst_name(), "actor", actor_id, "split_aliases", [], split, reason, label)
        )
    save(changes)


def quote_form(corpus: Corpus, quote_row: pd.Series) -> None:
    """Change or clear the speaker of one quote (a row of `corpus.quotes`)."""
    target = quote_key(str(quote_row["article_id"]), str(quote_row["text"]))
    key = f"cq_{target}_"
    speakers = _actor_names(corpus)
    current = optional(quote_row.get("actor_id"))
    with st.form(f"{key}form"):
        speaker = pick(
            "Speaker",
            [None, *speakers],
            current,
            f"{key}speaker",
            format_func=lambda a: "— no speaker —" if a is None else speakers.get(a, a),
        )
        reason, submitted = form_footer(key)
    if submitted:
        label = str(quote_row["text"])[:300]
        save(changes_for("quote", target, label, quote_row, {"actor_id": speaker}, reason))


def restore_button(entry: Entry, key: str) -> None:
    """Put a rejected event back (a new entry, the rejection stays in the log)."""
    if st.button("Restore this event", key=key):
        save(
            [
                Change(
                    analyst_name(),
                    "event",
                    entry.target,
                    "rejected",
                    True,
                    False,
                    "restored",
                    entry.label,
                )
            ]
        )


def undo_button(entry: Entry, key: str) -> None:
    """Undo one entry: its field goes back to the extractor's value (a new entry)."""
    if st.button(f"Undo entry {entry.id}", key=key):
        save([revert_of(entry, analyst_name(), current=entry.before)])
