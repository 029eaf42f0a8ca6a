"""The one place where domain dataclasses become stored dicts and back.

Records are compact: a field whose value equals its declared default is left
out (TinyDB rewrites the whole file on every write, so every byte counts), and
the record's id is the TinyDB document id, never a field. Types are driven by
the dataclass annotations, so a new field needs no code here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

import crm.model

T = TypeVar("T")


def to_record(item: object, *, skip: frozenset[str] = frozenset({"id"})) -> dict[str, Any]:
    """A JSON-ready dict of a dataclass instance, without `skip` fields and empty values."""
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
    hints = _hints(cls)
    values: dict[str, Any] = dict(extra)
    for name, kind in hints.items():
        if name in record:
            values[name] = _decode(kind, record[name])
    return cls(**values)


def _is_default(field: dataclasses.Field[Any], value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        return bool(value == field.default)
    if field.default_factory is not dataclasses.MISSING:
        return bool(value == field.default_factory())
    return False


@cache
def _hints(cls: type) -> dict[str, Any]:
    names = {field.name for field in dataclasses.fields(cls)}
    return {
        name: kind
        for name, kind in typing.get_type_hints(cls, vars(crm.model), vars(crm.model)).items()
        if name in names
    }


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


def _decode(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in get_args(kind) if option is not type(None)]
        return _decode(options[0], value)
    if origin is tuple:
        item_kind = get_args(kind)[0]
        return tuple(_decode(item_kind, item) for item in value)
    if origin is list:
        item_kind = get_args(kind)[0]
        return [_decode(item_kind, item) for item in value]
    if origin is dict:
        key_kind, item_kind = get_args(kind)
        return {_decode(key_kind, key): _decode(item_kind, item) for key, item in value.items()}
    if kind is object or kind is Any:
        return value
    if isinstance(kind, type):
        if issubclass(kind, Enum):
            return kind(value)
        if kind is datetime:
            return datetime.fromisoformat(value)
        if kind is date:
            return date.fromisoformat(value)
        if kind is time:
            return time.fromisoformat(value)
        if dataclasses.is_dataclass(kind):
            return from_record(kind, value)
        if kind is float:
            return float(value)
    return value
