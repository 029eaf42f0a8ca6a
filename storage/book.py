"""One salesperson's book: their clients and everything known about them.

`Book` is a small repository over one TinyDB file. Each kind of record lives in
a `Collection` that speaks domain dataclasses; ids are never reused (a counter
per collection lives in the file's meta record), so a stale button that names a
deleted client can never open a different one.

A Book is not thread-safe and does no locking: `storage.store.Store` hands it
to one transaction at a time, inside `batch()`, so a transaction is written to
disk once, atomically, or not at all.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from crm.model import BookContents, Client, Event, FollowUp, LevelChange, Note, Suggestion
from storage.documents import Database, put_document
from storage.durable import DurableJSONStorage
from storage.records import from_record, to_record
from storage.schema import BOOK_MIGRATIONS, BOOK_SCHEMA, META_DOC, META_TABLE, Migration, upgrade

T = TypeVar("T")

_revisions = itertools.count(1)  # process-wide, so a rebuilt collection never repeats a revision

#: Measured on the load benchmark's books of 300 clients: a 200 KB file decodes to ~0.6 MB (`_compact`).
_MEMORY_PER_FILE_BYTE = 3

_SINGLETON = 1  # doc id of the one document in single-document tables

#: Every kind of record a book holds, by table name: the collections, then the two single-document tables.
BOOK_TABLES = ("clients", "notes", "events", "followups", "level_changes", "suggestions", "deliveries", "context")
_COLLECTION_TABLES = BOOK_TABLES[:6]


class Collection(Generic[T]):
    """Typed records of one kind, stored in one TinyDB table.

    `revision` changes whenever the collection does, so callers can cache what
    they derive from it (the client-name index) and know when to rebuild. Each
    change also puts the table's name in `changed_tables`, the book's record of
    what its current transaction touched.
    """

    def __init__(
        self, table: Table, cls: type[T], take_id: Callable[[str], int], changed_tables: set[str]
    ) -> None:
        self._table = table
        self._cls = cls
        self._take_id = take_id
        self._changed_tables = changed_tables
        self.revision = next(_revisions)

    def _changed(self) -> None:
        self.revision = next(_revisions)
        self._changed_tables.add(self._table.name)

    def reserve_id(self) -> int:
        """A new, never-used id, for a record stored later with `save` (one write instead of two)."""
        return self._take_id(self._table.name)

    def project(self, *fields: str) -> list[tuple[Any, ...]]:
        """(id, field values…) of every record, without decoding whole records — for cheap signatures."""
        return [(int(doc_id), *(stored.get(name) for name in fields)) for doc_id, stored in self._stored().items()]

    def add(self, item: T) -> T:
        """Store a new record; the returned copy carries its new, never-reused id."""
        new_id = self._take_id(self._table.name)
        self._table.insert(Document(to_record(item), doc_id=new_id))
        self._changed()
        return dataclasses.replace(item, id=new_id)  # type: ignore[type-var]

    def get(self, item_id: int) -> T | None:
        stored = self._stored().get(str(item_id))
        return None if stored is None else from_record(self._cls, stored, id=item_id)

    def all(self) -> list[T]:
        cls = self._cls
        return [from_record(cls, stored, id=int(doc_id)) for doc_id, stored in self._stored().items()]

    def where(self, **equals: Any) -> list[T]:
        """Records whose stored field equals the given value (`client_id=7`; ids compare as ints)."""
        cls = self._cls
        return [from_record(cls, stored, id=int(doc_id)) for doc_id, stored in self._matching(equals)]

    def _matching(self, equals: dict[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
        """(stored id, stored record) of the records with this one field value; a field left out never matches.

        A plain scan: TinyDB's queries cost a `Query` test per record and cached
        their results only until the next write, which is every transaction.
        """
        [(name, value)] = equals.items()  # one field is all any caller asks for
        wanted = _stored(value)
        return [(doc_id, stored) for doc_id, stored in self._stored().items() if stored.get(name, _ABSENT) == wanted]

    @property
    def name(self) -> str:
        return self._table.name

    def save(self, item: T) -> None:
        """Replace the stored record with `item` (whole, so cleared fields do not linger)."""
        item_id = item.id  # type: ignore[attr-defined]
        put_document(self._table, item_id, to_record(item))
        self._changed()

    def remove(self, item_id: int) -> bool:
        if not self._table.contains(doc_id=item_id):
            return False
        self._table.remove(doc_ids=[item_id])
        self._changed()
        return True

    def remove_where(self, **equals: Any) -> list[int]:
        ids = [int(doc_id) for doc_id, _ in self._matching(equals)]
        if ids:
            self._table.remove(doc_ids=ids)
            self._changed()
        return ids

    def count(self) -> int:
        return len(self._table)

    def restore(self, items: list[T]) -> None:
        """Put back records with their own ids (import of an exported book)."""
        self._table.truncate()
        self._table.insert_multiple(
            Document(to_record(item), doc_id=item.id) for item in items  # type: ignore[attr-defined]
        )
        self._changed()

    def _stored(self) -> Mapping[str, Mapping[str, Any]]:
        """The table as stored, ids as strings: reading records straight from it skips the copy into
        a TinyDB `Document` that every record read through `Table` costs (books are read whole often)."""
        return self._table._read_table()  # TinyDB is pinned; documents.py relies on its internals too


_ABSENT = object()


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class Book:
    """Clients, notes, events, follow-ups, level history, suggestions and the delivery log."""

    def __init__(
        self,
        path: Path,
        owner_id: int,
        *,
        stored: bytes | None = None,
        migrations: Mapping[int, Migration] = BOOK_MIGRATIONS,
    ) -> None:
        """Open the book at `path`; `stored` is its file's content if the caller has read it already."""
        self.owner_id = owner_id
        self.path = path
        self._storage = DurableJSONStorage(path, stored=stored)
        self._db = Database(storage=lambda: self._storage)
        self._migrations = migrations
        self._open()

    def _open(self) -> None:
        tables, changed = upgrade(self._storage.read(), current=BOOK_SCHEMA, migrations=self._migrations)
        if changed:
            self._storage.adopt(tables)
        _compact(tables)
        self.clients: Collection[Client] = self._collection("clients", Client)
        self.notes: Collection[Note] = self._collection("notes", Note)
        self.events: Collection[Event] = self._collection("events", Event)
        self.followups: Collection[FollowUp] = self._collection("followups", FollowUp)
        self.level_changes: Collection[LevelChange] = self._collection("level_changes", LevelChange)
        self.suggestions: Collection[Suggestion] = self._collection("suggestions", Suggestion)

    def _collection(self, name: str, cls: type[T]) -> Collection[T]:
        # Bound to the database, not to the Book: a Collection → Book reference would make every
        # book a reference cycle, freed only by a full collection — an evicted book's whole data
        # would stay in memory until then.
        return Collection(
            self._db.table(name, cache_size=64), cls, functools.partial(_take_id, self._db), self._storage.changed_tables
        )

    @property
    def memory_estimate(self) -> int:
        """Bytes this book holds while open: its decoded file takes about three times the file."""
        return self._storage.stored_size * _MEMORY_PER_FILE_BYTE

    @property
    def last_batch_wrote(self) -> bool:
        """Whether the last transaction changed the book (and so reached the disk)."""
        return self._storage.last_batch_wrote

    @property
    def last_batch_changed(self) -> frozenset[str]:
        """Which kinds of record the last transaction changed ("followups", "deliveries", …).

        Lets a listener ignore changes it does not depend on: the reminder
        scheduler re-plans a salesperson only when their follow-ups or delivery
        log moved, not after every note.
        """
        return frozenset(self._storage.changed_tables) if self._storage.last_batch_wrote else frozenset()

    @contextmanager
    def batch(self, *, defer: bool = False) -> Iterator[None]:
        """All writes inside are one atomic write; on error nothing changes, on disk or here.

        With `defer` the write waits for `flush()`: the change is made (CPU
        only) where the caller likes, the fsync'd write off the event loop.
        """
        try:
            with self._storage.batch(defer=defer):
                yield
        except BaseException:
            self._start_afresh()
            raise

    @property
    def unflushed(self) -> bool:
        """Whether a deferred batch changed the book and `flush()` has yet to write it."""
        return self._storage.unwritten is not None

    def flush(self) -> None:
        """Write the change a deferred batch made; if that fails, the book is as the disk has it."""
        try:
            self._storage.flush()
        except BaseException:
            self._start_afresh()
            raise

    def _start_afresh(self) -> None:
        """Everything from disk again (after a failed change): TinyDB tables cache query results and the next id."""
        self._db.clear_cache()
        self._db = Database(storage=lambda: self._storage)
        self._open()

    # -- ids -------------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        return _meta(self._db)

    def _save_meta(self, meta: dict[str, Any]) -> None:
        put_document(self._db.table(META_TABLE), int(META_DOC), meta)

    # -- single-document tables: the delivery log and conversation context ------------

    def _singleton(self, name: str) -> dict[str, Any]:
        document = self._db.table(name).get(doc_id=_SINGLETON)
        return dict(document) if document else {}

    def _save_singleton(self, name: str, values: dict[str, Any]) -> None:
        put_document(self._db.table(name), _SINGLETON, values)
        self._storage.changed_tables.add(name)

    def delivered_at(self, key: str) -> datetime | None:
        """When the reminder `key` (which names its day) went out, or None if it has not."""
        stamp = self._singleton("deliveries").get(key)
        return None if stamp is None else datetime.fromisoformat(stamp)

    def record_delivery(self, key: str, at: datetime) -> None:
        log = self._singleton("deliveries")
        log[key] = at.isoformat()
        self._save_singleton("deliveries", log)

    def forget_deliveries(self, keep: Callable[[str, datetime], bool]) -> int:
        """Drop delivery log entries `keep` rejects (old days); returns how many went."""
        log = self._singleton("deliveries")
        kept = {key: stamp for key, stamp in log.items() if keep(key, datetime.fromisoformat(stamp))}
        if len(kept) != len(log):
            self._save_singleton("deliveries", kept)
        return len(log) - len(kept)

    def context(self, key: str) -> Any:
        """Conversation state that must survive a restart (e.g. the client being talked about)."""
        return self._singleton("context").get(key)

    def set_context(self, key: str, value: Any) -> None:
        values = self._singleton("context")
        if value is None:
            if key not in values:
                return
            values.pop(key)
        else:
            values[key] = value
        self._save_singleton("context", values)

    # -- whole book --------------------------------------------------------------------

    def remove_client(self, client_id: int) -> bool:
        """Delete a client and everything that belongs to them."""
        if not self.clients.remove(client_id):
            return False
        for collection in (self.notes, self.events, self.followups, self.level_changes, self.suggestions):
            collection.remove_where(client_id=client_id)
        return True

    def contents(self) -> BookContents:
        return BookContents(
            clients=self.clients.all(),
            notes=self.notes.all(),
            events=self.events.all(),
            followups=self.followups.all(),
            level_changes=self.level_changes.all(),
            suggestions=self.suggestions.all(),
        )

    def replace_contents(self, contents: BookContents) -> None:
        """Make the book hold exactly `contents`, ids included (restoring an export)."""
        pairs: list[tuple[Collection[Any], list[Any]]] = [
            (self.clients, contents.clients),
            (self.notes, contents.notes),
            (self.events, contents.events),
            (self.followups, contents.followups),
            (self.level_changes, contents.level_changes),
            (self.suggestions, contents.suggestions),
        ]
        meta = self._meta()
        counters = dict(meta.get("next", {}))
        for collection, items in pairs:
            collection.restore(items)
            name = collection.name
            highest = max((item.id for item in items), default=0)
            counters[name] = max(int(counters.get(name, 1)), highest + 1)
        self._save_meta({**meta, "next": counters})

    def is_empty(self) -> bool:
        return self.clients.count() == 0 and self.notes.count() == 0


def _compact(tables: Mapping[str, Any]) -> None:
    """Make a just-read book cheaper to keep open: each repeated string one object, lists tuples.

    A book stays open across many transactions (`storage.store`), and JSON keeps
    no references: a quarter of a decoded book is strings said again and again
    (a client's creation time is also their first level change; levels,
    contact functions). Sharing them keeps ~0.6 MB of a 300-client book
    resident instead of ~0.85 MB.

    A record's lists (a note's contact functions, a client's aliases) become
    tuples. The garbage collector looks through every list on each full
    collection, and through every record holding one; a tuple of strings, and
    then its record, it stops tracking. With 200 books open that is ~75,000
    tracked objects instead of ~285,000, and a full collection — a pause every
    reply waiting at that moment feels — takes about half as long. Reading a
    record copies its lists anyway (`storage.records`), and orjson writes a
    tuple as a list. Only the collections: the conversation context's values
    are handed out as stored.
    """
    seen: dict[str, str] = {}
    shared = seen.setdefault
    for name in _COLLECTION_TABLES:
        table = tables.get(name)
        for document in table.values() if isinstance(table, dict) else ():
            for field, value in document.items() if isinstance(document, dict) else ():
                kind = value.__class__
                if kind is str:
                    document[field] = shared(value, value)
                elif kind is list:
                    document[field] = tuple([shared(item, item) if item.__class__ is str else item for item in value])


def _meta(db: TinyDB) -> dict[str, Any]:
    document = db.table(META_TABLE).get(doc_id=int(META_DOC))
    return dict(document) if document else {}


def _take_id(db: TinyDB, table_name: str) -> int:
    """A new, never-reused id for a record of `table_name` (the counters live in the meta document)."""
    meta = _meta(db)
    counters = dict(meta.get("next", {}))
    new_id = int(counters.get(table_name, 1))
    counters[table_name] = new_id + 1
    put_document(db.table(META_TABLE), int(META_DOC), {**meta, "next": counters})
    return new_id
