"""The Directory: who uses Rapport and how they want it to behave.

One small TinyDB file, `DATA_DIR/directory.json`, one record per salesperson
keyed by their Telegram user id. Client data never lives here — only settings —
so the scheduler can scan every salesperson without opening their books.
Like `Book`, it does no locking within a process: `Store` serialises access.

Several processes may share the file (`WORKERS`, `bot/workers.py`), each serving
its own salespeople. So a write does not put this process's whole copy on disk,
which would undo what the others wrote since it read the file: holding a lock on
DATA_DIR, it reads the file again and changes only the records this process
changed. A process reads others' records as they were when it last wrote, and
never needs more: it only serves its own salespeople.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crm.model import Salesperson
from storage.documents import Database, put_document
from storage.durable import DurableJSONStorage, Tables
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
        self._people = self._db.table(_PEOPLE, cache_size=0)
        self._changed: set[str] = set()  # stored ids of the records changed since the last write

    @contextmanager
    def batch(self, *, defer: bool = False) -> Iterator[None]:
        """One atomic write for the block; with `defer`, left for `flush()` (see `Book.batch`)."""
        try:
            with self._storage.batch(defer=True):
                yield
        except BaseException:
            self._changed.clear()  # memory went back to the disk's state
            raise
        finally:
            self._people.clear_cache()
        if not defer:
            self.flush()

    @property
    def unflushed(self) -> bool:
        return self._storage.unwritten is not None

    def flush(self) -> None:
        """Write what a deferred batch changed; if that fails, the next read comes from disk."""
        if not self.unflushed:
            return
        changed, self._changed = self._changed, set()
        mine = dict((self._storage.read() or {}).get(_PEOPLE, {}))

        def onto(on_disk: Tables | None) -> Tables:
            if on_disk is None:  # no file yet: this process's copy is all there is
                return {**(self._storage.read() or {}), _PEOPLE: mine}
            people: dict[str, Any] = dict(on_disk.get(_PEOPLE, {}))
            for doc_id in changed:
                if doc_id in mine:
                    people[doc_id] = mine[doc_id]
                else:
                    people.pop(doc_id, None)
            return {**on_disk, _PEOPLE: people}

        with _locked(self.path.parent):
            self._storage.flush(onto=onto)

    def get(self, user_id: int) -> Salesperson | None:
        document = self._people.get(doc_id=user_id)
        return None if document is None else from_record(Salesperson, dict(document), user_id=user_id)

    def save(self, person: Salesperson) -> None:
        self._changed.add(str(person.user_id))
        put_document(self._people, person.user_id, to_record(person, skip=frozenset({"user_id"})))

    def remove(self, user_id: int) -> bool:
        if not self._people.contains(doc_id=user_id):
            return False
        self._changed.add(str(user_id))
        self._people.remove(doc_ids=[user_id])
        return True

    def all(self) -> list[Salesperson]:
        return [from_record(Salesperson, dict(document), user_id=document.doc_id) for document in self._people.all()]


_PEOPLE = "salespeople"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (no lock file to leave behind): one writer at a time across processes."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
