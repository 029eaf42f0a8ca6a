"""The one place where domain dataclasses become stored dicts and back.

Records are compact: a field whose value equals its declared default is left
out (TinyDB rewrites the whole file on every write, so every byte counts), and
the record's id is the TinyDB document id, never a field. Types are driven by
the dataclass annotations, so a new field needs no code here; the converters
for each class are worked out once and reused, because whole books are decoded
on every plan and digest.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

import crm.model

T = TypeVar("T")
Decoder = Callable[[Any], Any]


def to_record(item: object, *, skip: frozenset[str] = frozenset({"id"})) -> dict[str, Any]:
    """A JSON-ready dict of a dataclass instance, without `skip` fields and default values."""
    record: dict[str, Any] = {}
    for field in dataclasses.fields(item):  # type: ignore[arg-type]
        if field.name in skip:
            continue
        value = getattr(item, field.name)
        if _is_default(field, value):
            continue
        record[field.name] = _encode(value)
    return record


def from_record(cls: type[T], record: dict[str, Any], **extra: Any) -> T:
    """Rebuild `cls` from a stored dict; `extra` supplies fields not stored (the id)."""
    values: dict[str, Any] = dict(extra)
    dataclass_type: type = cls  # mypy does not see `type[T]` as Hashable, as `functools.cache` needs
    for name, decode in _decoders(dataclass_type):
        if name in record:
            values[name] = decode(record[name])
    return cls(**values)


def _is_default(field: dataclasses.Field[Any], value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        return bool(value == field.default)
    if field.default_factory is not dataclasses.MISSING:
        return bool(value == field.default_factory())
    return False


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes are never stored; pass an aware one")
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return to_record(value, skip=frozenset())
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(_encode(key)): _encode(item) for key, item in value.items()}
    return value


@cache
def _decoders(cls: type) -> tuple[tuple[str, Decoder], ...]:
    names = {field.name for field in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls, vars(crm.model), vars(crm.model))
    return tuple((name, _decoder(kind)) for name, kind in hints.items() if name in names)


def _decoder(kind: Any) -> Decoder:
    """A function turning the stored form of `kind` back into a value of it."""
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(option for option in get_args(kind) if option is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin in (tuple, list):
        item = _decoder(get_args(kind)[0])
        container = tuple if origin is tuple else list
        return lambda value: container(item(element) for element in value)
    if origin is dict:
        key_kind, item_kind = get_args(kind)
        decode_key, decode_item = _decoder(key_kind), _decoder(item_kind)
        return lambda value: {decode_key(key): decode_item(item) for key, item in value.items()}
    if isinstance(kind, type):
        if issubclass(kind, Enum):
            return kind
        if kind in (datetime, date, time):
            return kind.fromisoformat
        if dataclasses.is_dataclass(kind):
            return lambda value: from_record(kind, value)
        if kind is float:
            return float
    return _same


def _same(value: Any) -> Any:
    return value
