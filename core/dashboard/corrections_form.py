"""The correction forms: an event's type, countries, direction, date, domains, status and
location, or "not an event"; an actor's name, country, role, merge and split; a quote's
speaker. Each save appends to the log, re-applies the overlay to the tables and reruns,
so every view, count and export shows the change at once.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import config
from core.build.corrections import Change, append, plain
from core.build.corrections_fields import CorrectionError
from core.build.corrections_keys import event_key
from core.build.corrections_store import reapply
from core.build.schema import DOMAINS, EVENT_STATUSES, EVENT_TYPES, PRECISIONS
from core.dashboard.backend import AnyCorpus as Corpus
from core.dashboard.highlight import escape_markdown
from core.dashboard.state import clear_cache
from core.nlp.countries import country_label, load_countries

ANALYST = "analyst"
_KEPT_ANALYST = "_kept_analyst"
_MESSAGE = "_correction_message"
_FROM_DATE = "(from the date)"
_DATE_LENGTH = {"year": 4, "month": 7, "day": 10}


def _keep_analyst() -> None:
    """Runs before the rerun, so the restore in `analyst_input` sees the new name."""
    st.session_state[_KEPT_ANALYST] = st.session_state.get(ANALYST, "")


def analyst_input() -> str:
    """The analyst's name, remembered for the whole session (all pages)."""
    if _KEPT_ANALYST in st.session_state:
        st.session_state[ANALYST] = st.session_state[_KEPT_ANALYST]
    name = st.text_input(
        "Your name (recorded with each correction)",
        key=ANALYST,
        placeholder="e.g. A. Analyst",
        max_chars=80,
        on_change=_keep_analyst,
    )
    st.session_state[_KEPT_ANALYST] = name
    return (name or "").strip()


def show_message() -> None:
    """The result of the last save (kept across the rerun that follows it)."""
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.success(escape_markdown(message), icon="✏️")


def save(changes: list[Change]) -> bool:
    """Append, re-apply, reload; an invalid change is shown and nothing is recorded."""
    if not changes:
        st.info("Nothing changed: edit a field before saving.")
        return False
    if not analyst_name():
        st.error("Enter your name above: every correction records who made it.")
        return False
    tables = config.tables_dir()
    try:
        added = append(tables, changes)
    except CorrectionError as exc:
        st.error(escape_markdown(str(exc)))
        return False
    applied = reapply(tables)
    clear_cache()
    st.session_state[_MESSAGE] = (
        f"Saved {added} correction(s); {applied.applied} applied to the tables, "
        f"{len(applied.orphans)} orphaned."
    )
    st.rerun()
    return True


def changes_for(
    kind: str, target: str, label: str, row: pd.Series, new: dict[str, Any], reason: str
) -> list[Change]:
    """One change per field whose value differs from the row's."""
    analyst = analyst_name()
    out = []
    for name, value in new.items():
        before = plain(row.get(name)) if name in row.index else None
        if plain(value) != before:
            out.append(Change(analyst, kind, target, name, before, plain(value), reason, label))
    return out


def country_codes() -> list[str]:
    return sorted(load_countries())


def optional(value: Any) -> Any:
    value = plain(value)
    return value if value not in ("", None) else None


def _date_fields(date: str, precision: str) -> dict[str, Any]:
    """Date and precision as stored: the date cut to the precision, or the precision read
    from the date; a date with fewer parts than the precision asks for is refused."""
    date = date.strip()
    if not date:
        return {"date": None, "date_precision": None}
    if precision == _FROM_DATE:
        precision = {4: "year", 7: "month", 10: "day"}.get(len(date), "day")
    if len(date) < _DATE_LENGTH[precision]:
        raise CorrectionError(f"the date {date!r} is less precise than '{precision}'")
    return {"date": date[: _DATE_LENGTH[precision]], "date_precision": precision}


def pick(label: str, options: list[Any], current: Any, key: str, **kw: Any) -> Any:
    options = list(options)
    if current not in options:
        options.insert(0, current)
    return st.selectbox(label, options, index=options.index(current), key=key, **kw)


def _event_fields(row: pd.Series, key: str) -> dict[str, Any]:
    codes = country_codes()
    new: dict[str, Any] = {
        "type": pick("Type", list(EVENT_TYPES), row.get("type"), f"{key}type"),
        "status": pick("Status", list(EVENT_STATUSES), row.get("status"), f"{key}status"),
    }
    new["countries"] = st.multiselect(
        "Countries",
        codes,
        default=[c for c in plain(row.get("countries")) or [] if c in codes],
        format_func=country_label,
        key=f"{key}countries",
    )
    for name, label in (("actor_country", "From (actor)"), ("target_country", "To (target)")):
        new[name] = pick(
            label,
            [None, *codes],
            optional(row.get(name)),
            f"{key}{name}",
            format_func=lambda c: "—" if c is None else country_label(c),
        )
    new["domains"] = st.multiselect(
        "Domains",
        list(DOMAINS),
        default=[d for d in plain(row.get("domains")) or [] if d in DOMAINS],
        key=f"{key}domains",
    )
    date = st.text_input(
        "Date (YYYY, YYYY-MM or YYYY-MM-DD)", optional(row.get("date")) or "", key=f"{key}date"
    )
    precision = st.selectbox("Date precision", [_FROM_DATE, *PRECISIONS], key=f"{key}precision")
    location = st.text_input("Location", optional(row.get("location")) or "", key=f"{key}location")
    new["location"] = location.strip() or None
    new["date_input"] = (date, precision)
    return new


def correction_form(corpus: Corpus, event_row: pd.Series) -> None:
    """Form to correct one event (a row of `corpus.events`) or reject it."""
    event_id = str(event_row["event_id"])
    key = f"cf_{event_id}_"
    target = event_key(str(event_row["article_id"]), str(event_row["excerpt"]))
    label = str(event_row["excerpt"])[:300]
    with st.form(f"{key}form"):
        new = _event_fields(event_row, key)
        reject = st.checkbox("Not an event (reject it)", key=f"{key}reject")
        reason, submitted = form_footer(key)
    if not submitted:
        return
    try:
        new.update(_date_fields(*new.pop("date_input")))
    except CorrectionError as exc:
        st.error(escape_markdown(str(exc)))
        return
    changes = changes_for("event", target, label, event_row, new, reason)
    if reject:
        changes = [Change(analyst_name(), "event", target, "rejected", False, True, reason, label)]
    save(changes)


def form_footer(key: str) -> tuple[str, bool]:
    """Inside a form: the analyst's name (prefilled from the session), a reason and the
    save button. Returns (reason, submitted); a submitted name is kept for the session,
    so a form embedded in any page records who saved it."""
    name = st.text_input("Analyst", analyst_name(), key=f"{key}analyst", max_chars=80)
    reason = st.text_input("Reason (optional)", key=f"{key}reason", max_chars=300)
    submitted = st.form_submit_button("Save correction", key=f"{key}save")
    if submitted and name.strip():
        st.session_state[_KEPT_ANALYST] = name.strip()
    return reason, submitted


def analyst_name() -> str:
    """The name typed in `analyst_input` (empty when none yet)."""
    return str(st.session_state.get(_KEPT_ANALYST, "")).strip()
