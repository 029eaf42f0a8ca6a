"""The Rapport book as one JSON file: the complete, re-importable export.

`dump_book` writes every client, note (with its `changes`), event, follow-up,
level change and suggestion; `load_book` reads such a file back into exactly the
same `BookContents`, ids included, or raises `ImportProblem` naming the first
bad field (``clients[3].level``). The format is a public contract, documented in
docs/export-format.md: every field is written (``null`` when absent), so the
file explains itself, and the field tables below are the single definition of
it — they are deliberately explicit rather than derived from the dataclasses,
so that a change to the model cannot silently change the file format.

Never reads or writes storage, and never guesses: a file that does not follow
the schema imports nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, Generic, TypeVar

from crm.model import (
    Birthday,
    BookContents,
    CalendarKind,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    LevelChange,
    Note,
    NoteSource,
    Place,
    Suggestion,
    SuggestionStatus,
)
from crm.portability.problems import ImportProblem

FORMAT = "rapport-book"
VERSION = 1

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class _Codec(Generic[T]):
    """How one field's value becomes JSON and back; `expected` names the type in problems."""

    encode: Callable[[T], Any]
    decode: Callable[[Any, str], T]
    expected: str


def _bad(path: str, expected: str) -> ImportProblem:
    return ImportProblem("bad_field", {"path": path, "expected": expected})


def _same(value: Any) -> Any:
    return value


def _decode_int(raw: Any, path: str) -> int:
    # bool is an int in Python, but `true` is never an id or a month.
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _bad(path, "integer")
    return raw


def _decode_number(raw: Any, path: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _bad(path, "number")
    return float(raw)


def _decode_text(raw: Any, path: str) -> str:
    if not isinstance(raw, str):
        raise _bad(path, "text")
    return raw


def _decode_bool(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise _bad(path, "boolean")
    return raw


def _decode_datetime(raw: Any, path: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    # A moment without an offset is ambiguous by hours; refuse rather than assume UTC.
    if value is None or value.tzinfo is None:
        raise _bad(path, "datetime")
    return value


def _decode_date(raw: Any, path: str) -> date:
    try:
        if isinstance(raw, str) and len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise _bad(path, "date")


def _decode_time(raw: Any, path: str) -> time:
    try:
        if isinstance(raw, str):
            return time.fromisoformat(raw)
    except ValueError:
        pass
    raise _bad(path, "time")


def _decode_object(raw: Any, path: str) -> dict[str, object]:
    if not isinstance(raw, dict):
        raise _bad(path, "object")
    return raw


INT: _Codec[int] = _Codec(_same, _decode_int, "integer")
NUMBER: _Codec[float] = _Codec(_same, _decode_number, "number")
TEXT: _Codec[str] = _Codec(_same, _decode_text, "text")
BOOL: _Codec[bool] = _Codec(_same, _decode_bool, "boolean")
DATETIME: _Codec[datetime] = _Codec(datetime.isoformat, _decode_datetime, "datetime")
DATE: _Codec[date] = _Codec(date.isoformat, _decode_date, "date")
TIME: _Codec[time] = _Codec(time.isoformat, _decode_time, "time")
#: `Note.changes` is free-form JSON written by `crm.capture`; it is kept as it is.
JSON_OBJECT: _Codec[dict[str, object]] = _Codec(_same, _decode_object, "object")


def _enum(kind: type[E]) -> _Codec[E]:
    expected = "one of " + ", ".join(member.value for member in kind)

    def decode(raw: Any, path: str) -> E:
        try:
            return kind(raw)
        except ValueError:
            raise _bad(path, expected) from None

    return _Codec(lambda member: member.value, decode, expected)


def _optional(codec: _Codec[T]) -> _Codec[T | None]:
    def encode(value: T | None) -> Any:
        return None if value is None else codec.encode(value)

    expected = codec.expected + " or null"

    def decode(raw: Any, path: str) -> T | None:
        if raw is None:
            return None
        try:
            return codec.decode(raw, path)
        except ImportProblem as problem:
            # Deeper problems (clients[0].birthday.month) keep their own path and type.
            if problem.values.get("path") == path:
                raise _bad(path, expected) from None
            raise

    return _Codec(encode, decode, expected)


def _list_of(codec: _Codec[T]) -> _Codec[tuple[T, ...]]:
    def encode(values: tuple[T, ...]) -> list[Any]:
        return [codec.encode(value) for value in values]

    def decode(raw: Any, path: str) -> tuple[T, ...]:
        if not isinstance(raw, list):
            raise _bad(path, "list of " + codec.expected)
        return tuple(codec.decode(item, f"{path}[{index}]") for index, item in enumerate(raw))

    return _Codec(encode, decode, "list of " + codec.expected)


@dataclass(frozen=True, slots=True)
class _Record(Generic[T]):
    """A dataclass written as a JSON object, one entry per field, in this order."""

    kind: type[T]
    fields: Mapping[str, _Codec[Any]]
    check: Callable[[T, str], None] | None = None

    def encode(self, item: T) -> dict[str, Any]:
        return {name: codec.encode(getattr(item, name)) for name, codec in self.fields.items()}

    def decode(self, raw: Any, path: str) -> T:
        if not isinstance(raw, dict):
            raise _bad(path, "object")
        defaults = _defaults(self.kind)
        values: dict[str, Any] = {}
        for name, codec in self.fields.items():
            if name in raw:
                values[name] = codec.decode(raw[name], f"{path}.{name}")
            elif name not in defaults:
                raise _bad(f"{path}.{name}", codec.expected)
        item = self.kind(**values)
        if self.check is not None:
            self.check(item, path)
        return item

    def codec(self) -> _Codec[T]:
        return _Codec(self.encode, self.decode, self.kind.__name__.lower())


def _defaults(kind: type) -> frozenset[str]:
    """Fields that may be left out of a hand-written file (they have a default)."""
    return frozenset(
        field.name
        for field in fields(kind)
        if field.default is not MISSING or field.default_factory is not MISSING
    )


def _check_birthday(birthday: Birthday, path: str) -> None:
    """Refuse birthdays that no calendar has, so reminders never meet them."""
    if birthday.calendar is CalendarKind.LUNAR:
        valid = 1 <= birthday.month <= 12 and 1 <= birthday.day <= 30
    else:
        # 2000 was a leap year: a year-less 29 February is a real birthday.
        try:
            date(birthday.year or 2000, birthday.month, birthday.day)
            valid = not birthday.leap_month
        except ValueError:
            valid = False
    if birthday.year is not None and not 1 <= birthday.year <= 9999:
        valid = False
    if not valid:
        raise _bad(path, "birthday")


BIRTHDAY = _Record(
    Birthday,
    {
        "calendar": _enum(CalendarKind),
        "month": INT,
        "day": INT,
        "year": _optional(INT),
        "leap_month": BOOL,
    },
    check=_check_birthday,
)

PLACE = _Record(Place, {"latitude": NUMBER, "longitude": NUMBER, "label": _optional(TEXT)})

CLIENT = _Record(
    Client,
    {
        "id": INT,
        "name": TEXT,
        "aliases": _list_of(TEXT),
        "level": _enum(Level),
        "level_since": DATETIME,
        "created_at": DATETIME,
        "company": _optional(TEXT),
        "phone": _optional(TEXT),
        "tags": _list_of(TEXT),
        "area": _optional(TEXT),
        "place": _optional(PLACE.codec()),
        "birthday": _optional(BIRTHDAY.codec()),
        "last_contact_at": _optional(DATETIME),
        "snoozed_until": _optional(DATE),
    },
)

NOTE = _Record(
    Note,
    {
        "id": INT,
        "client_id": INT,
        "text": TEXT,
        "at": DATETIME,
        "source": _enum(NoteSource),
        "functions": _list_of(_enum(ContactFunction)),
        "hashtags": _list_of(TEXT),
        "changes": JSON_OBJECT,
    },
)

EVENT = _Record(
    Event,
    {
        "id": INT,
        "client_id": INT,
        "date": DATE,
        "time": _optional(TIME),
        "label": TEXT,
        "text": TEXT,
        "yearly": BOOL,
        "note_id": _optional(INT),
    },
)

FOLLOWUP = _Record(
    FollowUp,
    {
        "id": INT,
        "client_id": INT,
        "date": DATE,
        "time": _optional(TIME),
        "text": TEXT,
        "note_id": _optional(INT),
        "done_at": _optional(DATETIME),
    },
)

LEVEL_CHANGE = _Record(
    LevelChange,
    {
        "id": INT,
        "client_id": INT,
        "from_level": _optional(_enum(Level)),
        "to_level": _enum(Level),
        "at": DATETIME,
        "reason": _enum(ChangeReason),
        "note_id": _optional(INT),
    },
)

SUGGESTION = _Record(
    Suggestion,
    {
        "id": INT,
        "client_id": INT,
        "to_level": _enum(Level),
        "at": DATETIME,
        "reasons": _list_of(TEXT),
        "status": _enum(SuggestionStatus),
    },
)

#: The book's collections, in file order: (key in the file, record format).
COLLECTIONS: tuple[tuple[str, _Record[Any]], ...] = (
    ("clients", CLIENT),
    ("notes", NOTE),
    ("events", EVENT),
    ("followups", FOLLOWUP),
    ("level_changes", LEVEL_CHANGE),
    ("suggestions", SUGGESTION),
)


def dump_book(contents: BookContents, *, exported_at: datetime, owner_timezone: str) -> bytes:
    """The whole book as UTF-8 JSON (readable: indented, Chinese kept as is).

    Raises ValueError for a naive `exported_at` and TypeError if a note's
    `changes` holds something JSON cannot carry — an export that could not be
    read back must fail loudly rather than lose data quietly.
    """
    if exported_at.tzinfo is None:
        raise ValueError("exported_at must be timezone-aware")
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "owner_timezone": owner_timezone,
    }
    for key, record in COLLECTIONS:
        document[key] = [record.encode(item) for item in getattr(contents, key)]
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")


def load_book(data: bytes) -> BookContents:
    """Read a file written by `dump_book` back into the very same contents.

    Raises ImportProblem: ``encoding``, ``not_json``, ``wrong_schema``,
    ``newer_version``, ``bad_field``, ``duplicate_id`` or ``unknown_client``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem("encoding") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem("not_json", {"line": error.lineno, "column": error.colno}) from None
    _check_header(document)
    collections: dict[str, list[Any]] = {}
    for key, record in COLLECTIONS:
        raw = document.get(key, [])
        if not isinstance(raw, list):
            raise _bad(key, "list of " + record.codec().expected)
        collections[key] = [record.decode(item, f"{key}[{index}]") for index, item in enumerate(raw)]
    contents = BookContents(**collections)
    _check_references(contents)
    return contents


def _check_header(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        version = document.get("version") if isinstance(document, dict) else None
        raise ImportProblem("wrong_schema", {"format": found, "version": version})
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportProblem("wrong_schema", {"format": FORMAT, "version": version})
    if version > VERSION:
        raise ImportProblem("newer_version", {"version": version})


def _check_references(contents: BookContents) -> None:
    """Ids must be unique per collection, and every record must belong to a client in the file.

    `note_id` links are not checked: an event may outlive the note it came from,
    and refusing a whole backup for that would protect nobody.
    """
    client_ids: set[int] = set()
    for key, _record in COLLECTIONS:
        seen: set[int] = set()
        items: Sequence[Any] = getattr(contents, key)
        for index, item in enumerate(items):
            if item.id in seen:
                raise ImportProblem("duplicate_id", {"path": f"{key}[{index}].id", "id": item.id})
            seen.add(item.id)
            if key == "clients":
                client_ids.add(item.id)
            elif item.client_id not in client_ids:
                raise ImportProblem(
                    "unknown_client", {"path": f"{key}[{index}].client_id", "client_id": item.client_id}
                )
