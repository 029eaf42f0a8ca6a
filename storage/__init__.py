"""Persistence: the only package that knows TinyDB. See DESIGN.md, "Storage"."""

from storage.book import Book, Collection
from storage.directory import Directory
from storage.durable import CorruptFile
from storage.schema import SchemaTooNew
from storage.store import Store

__all__ = ["Book", "Collection", "CorruptFile", "Directory", "SchemaTooNew", "Store"]
