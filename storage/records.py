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
from collections.abc import Callable, Mapping
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


def from_record(cls: type[T], record: Mapping[str, Any], **extra: Any) -> T:
    """Rebuild `cls` from a stored dict; `extra` supplies fields not stored (the id).

    Only the fields the record holds are visited (defaults are left out when
    stored), and a field stored as it is read (a string, a number) is taken as
    it is: books are decoded whole for every digest and plan, so this runs for
    every record of a book many times a minute. Stored keys the class no longer
    has are ignored.
    """
    values: dict[str, Any] = dict(extra)
    dataclass_type: type = cls  # mypy does not see `type[T]` as Hashable, as `functools.cache` needs
    decoders = _decoders(dataclass_type)
    for name, value in record.items():
        decode = decoders.get(name, _UNKNOWN)
        if decode is None:
            values[name] = value
        elif decode is not _UNKNOWN:
            values[name] = decode(value)  # type: ignore[operator]
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
def _decoders(cls: type) -> dict[str, Decoder | None]:
    """Each stored field's decoder by name; None where the stored value is the value (no work)."""
    names = {field.name for field in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls, vars(crm.model), vars(crm.model))
    decoders = {name: _decoder(kind) for name, kind in hints.items() if name in names}
    return {name: None if decode is _same else decode for name, decode in decoders.items()}


_UNKNOWN = object()


def _decoder(kind: Any) -> Decoder:
    """A function turning the stored form of `kind` back into a value of it."""
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(option for option in get_args(kind) if option is not type(None)))
        if inner is _same:
            return _same
        return lambda value: None if value is None else inner(value)
    if origin in (tuple, list):
        item = _decoder(get_args(kind)[0])
        container = tuple if origin is tuple else list
        if item is _same:
            return container  # a copy: a stored list is never shared with a record read from it
        return lambda value: container(item(element) for element in value)
    if origin is dict:
        key_kind, item_kind = get_args(kind)
        decode_key, decode_item = _decoder(key_kind), _decoder(item_kind)
        return lambda value: {decode_key(key): decode_item(item) for key, item in value.items()}
    if isinstance(kind, type):
        if issubclass(kind, Enum):
            members = kind._value2member_map_  # Level("friend") through EnumType.__call__ is 5× slower
            return lambda value: members.get(value) or kind(value)
        if kind in (datetime, date, time):
            return kind.fromisoformat
        if dataclasses.is_dataclass(kind):
            return lambda value: from_record(kind, value)
        if kind is float:
            return float
    return _same


def _same(value: Any) -> Any:
    return value
