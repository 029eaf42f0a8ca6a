"""Whole-document writes on TinyDB tables (TinyDB's own `update` only merges fields)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from tinydb.table import Document, Table


def put_document(table: Table, doc_id: int, values: dict[str, Any]) -> None:
    """Store `values` under `doc_id`, replacing the document whole so cleared fields vanish."""
    if table.contains(doc_id=doc_id):
        table.update(_replaced_by(values), doc_ids=[doc_id])
    else:
        table.insert(Document(values, doc_id=doc_id))


def _replaced_by(values: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(document: MutableMapping[str, Any]) -> None:
        document.clear()
        document.update(values)

    return replace
