"""Schema versions of the data files and the migrations between them.

Every file carries `{"_meta": {"1": {"schema": N, ...}}}`. When the code's
version is newer, the registered migrations run in order (N → N+1 → …) on the
raw tables before TinyDB sees them, and the result is written back atomically.
A file from a newer Rapport is refused rather than silently damaged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], Tables]

META_TABLE = "_meta"
META_DOC = "1"

BOOK_SCHEMA = 1
DIRECTORY_SCHEMA = 1

#: Book migrations, keyed by the version they upgrade *from*. None yet: v1 is the first.
BOOK_MIGRATIONS: Mapping[int, Migration] = {}
DIRECTORY_MIGRATIONS: Mapping[int, Migration] = {}


class SchemaTooNew(Exception):
    """The file was written by a newer Rapport; refuse instead of guessing."""


def schema_of(tables: Tables | None) -> int | None:
    """The version stored in the file, or None for a new, empty file."""
    if not tables:
        return None
    meta = tables.get(META_TABLE, {}).get(META_DOC, {})
    return int(meta.get("schema", 1))


def upgrade(
    tables: Tables | None, *, current: int, migrations: Mapping[int, Migration]
) -> tuple[Tables, bool]:
    """Bring `tables` to `current`; returns the tables and whether anything changed."""
    version = schema_of(tables)
    if tables is None or version is None:
        return _stamped({}, current), True
    if version > current:
        raise SchemaTooNew(f"this data file has schema {version}, but this Rapport understands up to {current}")
    changed = False
    while version < current:
        step = migrations.get(version)
        if step is None:
            raise SchemaTooNew(f"no migration from schema {version} to {version + 1}")
        tables = step(tables)
        version += 1
        changed = True
    if changed:
        tables = _stamped(tables, current)
    return tables, changed


def _stamped(tables: Tables, version: int) -> Tables:
    meta = dict(tables.get(META_TABLE, {}).get(META_DOC, {}))
    meta["schema"] = version
    return {**tables, META_TABLE: {META_DOC: meta}}
