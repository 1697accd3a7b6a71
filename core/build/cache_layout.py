"""The row cache's layout: typed extraction rows (core/extract/rows.py) to and from Arrow.

The Arrow schema is derived from the row types' annotations, never inferred from the
values, so every partition of one layout has the same schema, a value that does not fit
its type is refused when written, and a partition written by another layout (an older
cache, a row type that gained a field) is recognised as such: its articles are cache
misses, processed again, never a crash. Rows are rebuilt column by column (one list of
values per field, zipped into NamedTuples), which is faster and lighter than a dict per
row.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from dataclasses import fields
from itertools import pairwise
from typing import Any, get_args, get_origin, get_type_hints

import pyarrow as pa
import pyarrow.compute as pc

from core.extract.rows import ArticleRows

_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64()}


def _is_row_type(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


def _arrow_field(name: str, hint: Any) -> pa.Field:
    """The Arrow field of one annotated row field: `X | None` is nullable, `tuple[X, ...]`
    a list, a NamedTuple a struct, str/int/float a scalar."""
    if get_origin(hint) is types.UnionType:
        (inner,) = (a for a in get_args(hint) if a is not type(None))
        return _arrow_field(name, inner).with_nullable(True)
    if get_origin(hint) is tuple:
        item = _arrow_field("item", get_args(hint)[0])
        return pa.field(name, pa.list_(item), nullable=False)
    if _is_row_type(hint):
        return pa.field(name, pa.struct(_row_fields(hint)), nullable=False)
    return pa.field(name, _SCALARS[hint], nullable=False)


def _row_fields(cls: type) -> list[pa.Field]:
    return [_arrow_field(name, hint) for name, hint in get_type_hints(cls).items()]


_ARTICLE_HINTS = get_type_hints(ArticleRows)
FIELDS = tuple(f.name for f in fields(ArticleRows))
SCHEMA = pa.schema([_arrow_field(name, _ARTICLE_HINTS[name]) for name in FIELDS])
"""One Parquet row per article; each extraction list a list-of-struct column."""


def loose_field(field: pa.Field) -> pa.Field:
    """The field with every level allowed to be null (what any row's values fit)."""
    kind = field.type
    if pa.types.is_list(kind):
        kind = pa.list_(loose_field(kind.value_field))
    elif pa.types.is_struct(kind):
        kind = pa.struct([loose_field(kind.field(i)) for i in range(kind.num_fields)])
    return pa.field(field.name, kind, nullable=True)


LOOSE_SCHEMA = pa.schema([loose_field(f) for f in SCHEMA])
"""SCHEMA with nulls allowed anywhere: the layout of rows the cache refused."""


def loose_table(rows: Sequence[ArticleRows]) -> pa.Table:
    """The rows the cache refused (a null where none is allowed) as a table of
    LOOSE_SCHEMA, so the assembly reads them like cached rows; an Arrow error when a
    value is not even of its type."""
    arrays = [pa.array([getattr(r, f.name) for r in rows], type=f.type) for f in LOOSE_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=LOOSE_SCHEMA)


def _forbidden_nulls(array: pa.Array, field: pa.Field) -> bool:
    """Whether a field that may not be null holds a null, at any depth."""
    if not field.nullable and array.null_count:
        return True
    kind = field.type
    if pa.types.is_list(kind):
        return _forbidden_nulls(array.flatten(), kind.value_field)
    if pa.types.is_struct(kind):
        children = array.flatten()
        return any(_forbidden_nulls(c, kind.field(i)) for i, c in enumerate(children))
    return False


def to_table(rows: Sequence[ArticleRows]) -> pa.Table:
    """The Arrow table of some articles' rows; ValueError (or an Arrow error) when a value
    does not fit its field."""
    arrays = [pa.array([getattr(r, f.name) for r in rows], type=f.type) for f in SCHEMA]
    for array, field in zip(arrays, SCHEMA, strict=True):
        if _forbidden_nulls(array, field):
            raise ValueError(f"row cache: a null in {field.name}, which may not be null")
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def _values(array: pa.Array, hint: Any) -> list[Any]:
    """The Python values of an Arrow array holding values of the annotated type."""
    if get_origin(hint) is types.UnionType:
        (inner,) = (a for a in get_args(hint) if a is not type(None))
        return _values(array, inner)
    if get_origin(hint) is tuple:
        items = _values(array.flatten(), get_args(hint)[0])
        offsets = array.offsets.to_pylist()
        base = offsets[0]
        return [tuple(items[a - base : b - base]) for a, b in pairwise(offsets)]
    if _is_row_type(hint):
        make: Callable[[Any], Any] = hint._make
        columns = [
            _values(child, child_hint)
            for child, child_hint in zip(
                array.flatten(), get_type_hints(hint).values(), strict=True
            )
        ]
        return list(map(make, zip(*columns, strict=True)))
    if pa.types.is_string(array.type) and len(array) > 1:
        return _shared_strings(array)
    return array.to_pylist()


def _shared_strings(array: pa.Array) -> list[str | None]:
    """A text column's values with one Python string per distinct value: labels, keys,
    country codes, cue words and dates repeat across rows, and each copy would cost its
    own object for as long as the build holds the rows."""
    encoded = pc.dictionary_encode(array)
    distinct = encoded.dictionary.to_pylist()
    if len(distinct) * 2 > len(array):  # mostly distinct (excerpts, quotations)
        return array.to_pylist()
    return [None if i is None else distinct[i] for i in encoded.indices.to_pylist()]


def check_table(table: pa.Table) -> None:
    """ValueError when a partition was written by another layout or holds a null where
    its type allows none: what reading it as rows would refuse."""
    if not table.schema.equals(SCHEMA):
        raise ValueError("row cache: partition written by another layout")
    for field in SCHEMA:
        if _forbidden_nulls(table.column(field.name).combine_chunks(), field):
            raise ValueError(f"row cache: a null in {field.name}, which may not be null")


def column_values(table: pa.Table, name: str) -> list[Any]:
    """The Python values of one ArticleRows field of a partition (e.g. its people), one
    per article, without building the articles' other rows."""
    return _values(table.column(name).combine_chunks(), _ARTICLE_HINTS[name])


def from_table(table: pa.Table) -> list[ArticleRows]:
    """The rows of a partition; ValueError when it was written by another layout."""
    check_table(table)
    columns = [column_values(table, field.name) for field in SCHEMA]
    return [ArticleRows(*values) for values in zip(*columns, strict=True)]
