"""How Rapport's TinyDB tables change: whole documents, in place.

`Database` is TinyDB with one difference. Stock TinyDB copies a whole table
twice on every insert, update or removal (its ids become ints for the change,
then strings again for the JSON file), so filling a table of n documents one by
one costs n² — importing a phone book of 5,000 clients took 14 s, holding the
event loop and every other salesperson's reply. Our storage keeps the decoded
file in memory and is its only writer, so a change can go straight into the
stored table; `_IdKeyed` shows TinyDB's updaters that table with the int ids
they expect. (`table_class` is TinyDB's own extension point; `_update_table`
is the one method every write goes through — TinyDB is pinned.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

StoredDocument = dict[str, Any]
_ABSENT = object()


class _IdKeyed(MutableMapping[int, StoredDocument]):
    """A stored table (ids as strings, as JSON keeps them) seen with int ids, changed in place.

    It remembers what each change replaced, so an updater that fails half-way
    (`insert_multiple` meeting a taken id) can be undone: stock TinyDB, which
    changed a copy, left the table as it was, and so does this (a document
    removed and put back comes last, where TinyDB kept its place; no updater
    removes and then fails).
    """

    __slots__ = ("_stored", "_replaced")

    def __init__(self, stored: dict[str, StoredDocument]) -> None:
        self._stored = stored
        self._replaced: list[tuple[str, object]] = []

    def __getitem__(self, doc_id: int) -> StoredDocument:
        return self._stored[str(doc_id)]

    def __setitem__(self, doc_id: int, document: StoredDocument) -> None:
        key = str(doc_id)
        self._replaced.append((key, self._stored.get(key, _ABSENT)))
        self._stored[key] = document

    def __delitem__(self, doc_id: int) -> None:
        key = str(doc_id)
        self._replaced.append((key, self._stored.pop(key)))

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._stored

    def __iter__(self) -> Iterator[int]:
        return (int(doc_id) for doc_id in self._stored)

    def __len__(self) -> int:
        return len(self._stored)

    def clear(self) -> None:
        self._replaced.extend(self._stored.items())
        self._stored.clear()

    def undo(self) -> None:
        """Put back what the changes so far replaced, newest first."""
        for key, previous in reversed(self._replaced):
            if previous is _ABSENT:
                del self._stored[key]
            else:
                self._stored[key] = previous  # type: ignore[assignment]
        self._replaced.clear()


class _InPlaceTable(Table):
    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        table = _IdKeyed(tables.setdefault(self.name, {}))
        try:
            updater(table)  # type: ignore[arg-type]  # a dict in all but name
        except BaseException:
            table.undo()
            raise
        self._storage.write(tables)
        self.clear_cache()


class Database(TinyDB):
    """TinyDB whose writes cost the documents they touch, not the size of their table."""

    table_class = _InPlaceTable


def put_document(table: Table, doc_id: int, values: dict[str, Any]) -> None:
    """Store `values` under `doc_id`, replacing the document whole so cleared fields vanish.

    (TinyDB's own `update` only merges fields.)
    """
    if table.contains(doc_id=doc_id):
        table.update(_replaced_by(values), doc_ids=[doc_id])
    else:
        table.insert(Document(values, doc_id=doc_id))


def _replaced_by(values: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(document: MutableMapping[str, Any]) -> None:
        document.clear()
        document.update(values)

    return replace
