"""Rapport's TinyDB changes tables in place; what it stores must be exactly what stock TinyDB stores."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from storage.documents import Database, put_document

ids = st.integers(min_value=1, max_value=12)
documents = st.dictionaries(st.sampled_from(["name", "level", "tags"]), st.text(max_size=3) | st.integers(), max_size=3)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), ids, documents),
        st.tuples(st.just("insert_many"), st.lists(ids, max_size=3, unique=True), documents),
        st.tuples(st.just("put"), ids, documents),
        st.tuples(st.just("merge"), ids, documents),
        st.tuples(st.just("remove"), st.lists(ids, max_size=3, unique=True), st.none()),
        st.tuples(st.just("remove_where"), st.integers(0, 3), st.none()),
        st.tuples(st.just("truncate"), st.none(), st.none()),
    ),
    max_size=25,
)


def apply(db: TinyDB, steps: list[tuple[str, Any, Any]]) -> tuple[dict[str, Any], list[Any]]:
    """Run `steps` on two tables of `db`; returns the stored data and what each step answered."""
    answers: list[Any] = []
    table = db.table("clients", cache_size=0)
    for step, (operation, target, document) in enumerate(steps):
        try:
            if operation == "insert":
                answers.append(table.insert(Document(document, doc_id=target)))
            elif operation == "insert_many":
                answers.append(table.insert_multiple(Document(document, doc_id=doc_id) for doc_id in target))
            elif operation == "put":
                put_document(table, target, document)
            elif operation == "merge":
                answers.append(table.update(document, doc_ids=[target]))
            elif operation == "remove":
                answers.append(table.remove(doc_ids=[doc_id for doc_id in target if table.contains(doc_id=doc_id)]))
            elif operation == "remove_where":
                answers.append(table.remove(lambda stored: len(stored) == target))
            else:
                table.truncate()
        except ValueError as refused:  # an id already taken: both must refuse, and change nothing
            answers.append(("refused", str(refused)))
        db.table("meta").insert(Document({"after": step}, doc_id=step + 1))
        answers.append([(document.doc_id, dict(document)) for document in table.all()])
    return db.storage.read() or {}, answers


@settings(max_examples=200, deadline=None)
@given(operations)
def test_every_change_stores_what_stock_tinydb_stores(steps: list[tuple[str, Any, Any]]) -> None:
    assert apply(Database(storage=MemoryStorage), steps) == apply(TinyDB(storage=MemoryStorage), steps)
