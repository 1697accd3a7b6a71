"""The data contract: the tables every view, export and test reads.

Kept in one place so the pipeline, the store, the dashboard and the synthetic
benchmark tables all agree on column names and Arrow types.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

_STR = pa.string()
_INT = pa.int64()
_FLT = pa.float64()
_STRS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("article_id", _STR),
            ("file", _STR),
            ("title", _STR),
            ("outlet", _STR),
            ("url", _STR),
            ("language", _STR),
            ("published", _STR),
            ("published_precision", _STR),
            ("n_chars", _INT),
            ("text", _STR),
            ("pipeline", _STR),
        ]
    ),
    "actors": pa.schema(
        [
            ("actor_id", _STR),
            ("name", _STR),
            ("kind", _STR),
            ("country", _STR),
            ("role", _STR),
            ("aliases", _STRS),
            ("n_mentions", _INT),
            ("n_articles", _INT),
            ("corrected", _STRS),
        ]
    ),
    "mentions": pa.schema(
        [
            ("article_id", _STR),
            ("sentence", _INT),
            ("start", _INT),
            ("end", _INT),
            ("text", _STR),
            ("label", _STR),
            ("actor_id", _STR),
        ]
    ),
    "events": pa.schema(
        [
            ("event_id", _STR),
            ("article_id", _STR),
            ("sentence", _INT),
            ("start", _INT),
            ("end", _INT),
            ("excerpt", _STR),
            ("type", _STR),
            ("countries", _STRS),
            ("actor_country", _STR),
            ("target_country", _STR),
            ("actor_ids", _STRS),
            ("domains", _STRS),
            ("location", _STR),
            ("status", _STR),
            ("date", _STR),
            ("date_precision", _STR),
            ("date_text", _STR),
            ("confidence", _FLT),
            ("cues", _STRS),
            ("n_mentions", _INT),
            ("tone", _FLT),
            ("cluster_id", _STR),
            ("n_sources", _INT),
            ("n_articles", _INT),
            ("corrected", _STRS),
        ]
    ),
    "event_mentions": pa.schema(
        [
            ("event_id", _STR),
            ("article_id", _STR),
            ("sentence", _INT),
            ("start", _INT),
            ("end", _INT),
            ("excerpt", _STR),
            ("cues", _STRS),
        ]
    ),
    "quotes": pa.schema(
        [
            ("article_id", _STR),
            ("actor_id", _STR),
            ("text", _STR),
            ("start", _INT),
            ("end", _INT),
            ("corrected", _STRS),
        ]
    ),
}

# `corrected` (events, actors, quotes): the fields an analyst corrected (core/build/corrections*).
TABLES: tuple[str, ...] = tuple(SCHEMAS)

EVENT_TYPES = (
    "visit",
    "meeting",
    "agreement",
    "dialogue",
    "procurement",
    "exercise",
    "statement",
    "other",
    "rupture",
)
DOMAINS = (
    "arms_procurement",
    "intelligence_sharing",
    "maritime_security",
    "counter_terrorism",
    "joint_exercises",
    "training_education",
    "defense_industry",
    "search_and_rescue",
    "cyber_security",
    "disaster_response",
    "diplomacy_dialogue",
    "energy_minerals",
    "economy_trade",
    "tourism",
)
"""The cooperation domains of the design card; their cue words are in data/taxonomy."""
EVENT_STATUSES = ("reported", "planned", "historical", "negated")
ACTOR_KINDS = ("country", "person", "organization")
PRECISIONS = ("day", "month", "year")


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns, so no consumer special-cases 'no rows'."""
    return SCHEMAS[table].empty_table().to_pandas()


def _empty_lists(n: int, kind: pa.DataType) -> pa.Array:
    offsets = pa.array(np.zeros(n + 1, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array([], type=kind.value_type), type=kind)


def to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    """Cast a frame to the table's schema (list columns as Parquet lists; a missing column
    is null, or empty lists for a list column: the same file as the frame with the
    column of empty lists that applying no correction adds)."""
    schema = SCHEMAS[table]
    frame = frame.reset_index(drop=True)
    arrays = []
    for field in schema:
        if field.name not in frame.columns and pa.types.is_list(field.type):
            arrays.append(_empty_lists(len(frame), field.type))
        elif field.name not in frame.columns:
            arrays.append(pa.nulls(len(frame), type=field.type))
        elif pa.types.is_list(field.type):
            # A missing list is an empty list, so readers never special-case null.
            values = [
                list(v) if isinstance(v, list | tuple | np.ndarray) else []
                for v in frame[field.name].tolist()
            ]
            arrays.append(pa.array(values, type=field.type))
        else:
            # from_pandas: None and NaN both become null.
            arrays.append(pa.array(frame[field.name], type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)
