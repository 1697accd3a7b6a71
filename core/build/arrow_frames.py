"""Arrow columns to the build's pandas frames: flattening the row cache's list-of-struct
columns, putting rows back in corpus order, and making frames whose columns have the
dtypes `DataFrame.from_records` gives the same values (so the written tables and every
consumer of the frames see no difference from the row-object assembly)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.build.cache_layout import loose_field
from core.build.schema import SCHEMAS

POS = "__pos"  # the article's place in the corpus order, so rows keep the old order


def flat(table: pa.Table, column: str, names: Sequence[str]) -> pa.Table:
    """One list-of-struct column as a table of its items, with the article's position."""
    lists = table.column(column).combine_chunks()
    items = lists.flatten()
    parent = pc.list_parent_indices(lists)
    arrays = [items.field(name) for name in names]
    return pa.Table.from_arrays(
        [*arrays, table.column(POS).combine_chunks().take(parent)], names=[*names, POS]
    )


def ordered(pieces: list[pa.Table]) -> pa.Table | None:
    """The pieces as one table in corpus order (stable: an article's rows keep theirs)."""
    pieces = [p for p in pieces if p.num_rows]
    if not pieces:
        return None
    schema = pa.schema([loose_field(f) for f in pieces[0].schema])
    table = pa.concat_tables([p.cast(schema) for p in pieces])
    order = np.argsort(table.column(POS).to_numpy(), kind="stable")
    return table.take(order)


def objects(array: pa.ChunkedArray | pa.Array) -> list[Any]:
    """Python values (None for null), one object per distinct string."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not len(array):
        return []
    if not pa.types.is_string(array.type):
        return array.to_pylist()
    encoded = pc.dictionary_encode(array)
    distinct: list[Any] = [*encoded.dictionary.to_pylist(), None]
    indices = encoded.indices.fill_null(len(distinct) - 1).to_numpy()
    return [distinct[i] for i in indices.tolist()]


def lists(array: pa.ChunkedArray | pa.Array) -> list[list[Any]]:
    """A list column as Python lists (as `assemble` makes), repeated strings shared."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    values = objects(array.flatten())
    offsets = array.offsets.to_numpy()
    offsets = offsets - offsets[0]
    return [values[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]


def column(values: list[Any] | pa.ChunkedArray | pa.Array) -> Any:
    """One frame column with the dtype `from_records` gives the same values: text as
    pandas' Arrow-backed `str` (a column of nothing but None stays object), lists as
    Python lists, numbers as numpy."""
    if isinstance(values, list):
        return values
    if pa.types.is_list(values.type):
        return lists(values)
    if values.null_count == len(values):
        return [None] * len(values)
    if pa.types.is_string(values.type):
        return values.to_pandas().array
    return values.to_numpy(zero_copy_only=False) if values.null_count else values.to_numpy()


def frame(table_name: str, columns: dict[str, Any], n: int) -> pd.DataFrame:
    """A frame laid out like `assemble`'s: the schema's columns, those not given NaN (as
    from_records leaves a column no record has)."""
    names = SCHEMAS[table_name].names
    if not n:
        return pd.DataFrame(columns=names)
    missing = np.full(n, np.nan)
    data = {name: column(columns[name]) if name in columns else missing for name in names}
    return pd.DataFrame(data, columns=names)


def release() -> None:
    """Hand the Arrow pool's freed pages back (mimalloc keeps them otherwise): each
    table's flattened columns are garbage once its frame is made, and would add up."""
    pa.default_memory_pool().release_unused()
