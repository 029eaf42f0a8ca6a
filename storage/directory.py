"""The Directory: who uses Rapport and how they want it to behave.

One small TinyDB file, `DATA_DIR/directory.json`, one record per salesperson
keyed by their Telegram user id. Client data never lives here — only settings —
so the scheduler can scan every salesperson without opening their books.
Like `Book`, it does no locking itself: `Store` serialises access.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from crm.model import Salesperson
from storage.documents import Database, put_document
from storage.durable import DurableJSONStorage
from storage.records import from_record, to_record
from storage.schema import DIRECTORY_MIGRATIONS, DIRECTORY_SCHEMA, Migration, upgrade


class Directory:
    def __init__(self, path: Path, *, migrations: Mapping[int, Migration] = DIRECTORY_MIGRATIONS) -> None:
        self.path = path
        self._storage = DurableJSONStorage(path)
        tables, changed = upgrade(self._storage.read(), current=DIRECTORY_SCHEMA, migrations=migrations)
        if changed:
            self._storage.write(tables)
        self._db = Database(storage=lambda: self._storage)
        self._people = self._db.table("salespeople", cache_size=0)

    @contextmanager
    def batch(self, *, defer: bool = False) -> Iterator[None]:
        """One atomic write for the block; with `defer`, left for `flush()` (see `Book.batch`)."""
        try:
            with self._storage.batch(defer=defer):
                yield
        finally:
            self._people.clear_cache()

    @property
    def unflushed(self) -> bool:
        return self._storage.unwritten is not None

    def flush(self) -> None:
        """Write what a deferred batch changed; if that fails, the next read comes from disk."""
        self._storage.flush()

    def get(self, user_id: int) -> Salesperson | None:
        document = self._people.get(doc_id=user_id)
        return None if document is None else from_record(Salesperson, dict(document), user_id=user_id)

    def save(self, person: Salesperson) -> None:
        put_document(self._people, person.user_id, to_record(person, skip=frozenset({"user_id"})))

    def remove(self, user_id: int) -> bool:
        if not self._people.contains(doc_id=user_id):
            return False
        self._people.remove(doc_ids=[user_id])
        return True

    def all(self) -> list[Salesperson]:
        return [from_record(Salesperson, dict(document), user_id=document.doc_id) for document in self._people.all()]
