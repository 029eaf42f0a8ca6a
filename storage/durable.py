"""Crash-safe JSON files and the TinyDB storage built on them.

A salesperson's book is their livelihood, so a write either lands completely or
not at all: the new content goes to a temporary file in the same folder, is
fsync'd, atomically renamed over the old file, and the folder is fsync'd so the
rename itself survives a power cut. A reader therefore only ever sees a whole
old file or a whole new one.

`DurableJSONStorage` keeps the decoded data in memory (this process is the only
writer, or rebases its writes on what others wrote: `flush(onto=…)`), so TinyDB's
many `read()` calls cost nothing, and it can batch: inside
`batch()` writes stay in memory and are flushed once at the end, or thrown away
if the batch fails — which makes a multi-table change (a note with its facts)
all-or-nothing.

This module must never write a file in place.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

Tables = dict[str, dict[str, Any]]


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file, whole."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:  # a full disk, or an error: no half-written temporary stays behind
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files a killed process left in `folder`; returns what was removed.

    A write interrupted by SIGKILL or a power cut leaves its `.name.<pid>.<thread>.tmp`
    (the real file is untouched). Nothing reads them, but they pile up. One is a leftover
    when its process is gone — or has this process's pid, since a restarted container
    often gets the same pid and this runs before this process writes anything.
    """
    removed = []
    for temporary in folder.glob(".*.tmp") if folder.is_dir() else ():
        match = _TEMPORARY.fullmatch(temporary.name)
        if match is not None and _is_leftover(int(match[1])):
            temporary.unlink(missing_ok=True)
            removed.append(temporary)
    return removed


_TEMPORARY = re.compile(r"\..+\.(\d+)\.\d+\.tmp")


def _is_leftover(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def fsync_directory(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (POSIX needs the directory synced too)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def encode_tables(data: Tables) -> bytes:
    """Compact UTF-8 JSON (Chinese stays 3 bytes a character, not 6 as \\uXXXX).

    orjson rather than the standard library: a busy book is megabytes and is
    rewritten on every note, and orjson encodes it about ten times faster.
    """
    return orjson.dumps(data)


def read_stored(path: Path) -> bytes:
    """A data file's content, empty if there is none: the I/O half of opening it, for a worker thread."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


class CorruptFile(Exception):
    """A data file exists but is not valid JSON; it is left untouched for a human to look at."""


class DurableJSONStorage(Storage):
    """A TinyDB storage that writes atomically and can defer writes to the end of a batch."""

    def __init__(self, path: str | Path, *, stored: bytes | None = None, **_: object) -> None:
        """`stored` is the file's content if the caller read it already (see `read_stored`)."""
        super().__init__()
        self._path = Path(path)
        self._stored = stored
        self._data: Tables | None = None
        self._loaded = False
        self._batch_depth = 0
        self._dirty = False
        #: Whether the last completed batch wrote the file (it may have only read).
        self.last_batch_wrote = False
        #: Names of the tables the current (or last) batch changed, as its writers report them
        #: (the storage itself only ever sees whole files).
        self.changed_tables: set[str] = set()
        #: The file a deferred batch encoded and `flush()` has yet to write; memory is ahead of the disk.
        self.unwritten: bytes | None = None
        #: Bytes of the file as last read or written: what the decoded data's memory is estimated from.
        self.stored_size = 0

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> Tables | None:
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        self._loaded = True
        if self._batch_depth:
            self._dirty = True
        else:
            payload = encode_tables(data)
            write_atomically(self._path, payload)
            self.stored_size = len(payload)

    def adopt(self, data: Tables) -> None:
        """Take `data` as the file's content (an upgraded old file, a new book's schema stamp) and
        leave its write to the end of the next batch, which its caller may run off the event loop."""
        self._data = data
        self._loaded = True
        self._dirty = True

    def close(self) -> None:
        """Nothing to release: no file handle stays open between writes."""

    @contextmanager
    def batch(self, *, defer: bool = False) -> Iterator[None]:
        """Collect every write inside the block into one atomic write at its end.

        If the block raises, the in-memory data is dropped and re-read from disk
        on next use, so a half-applied change never reaches the file or the cache.
        With `defer`, the encoded file waits in `unwritten` for `flush()`, so the
        caller can do the change on one thread and the fsync'd write on another.
        """
        if self._batch_depth == 0:
            self.last_batch_wrote = False
            self.changed_tables.clear()
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self.discard()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            try:
                self.unwritten = encode_tables(self._data or {})
            except BaseException:
                self.discard()
                raise
            if not defer:
                self.flush()

    def flush(self, *, onto: Callable[[Tables | None], Tables] | None = None) -> None:
        """Write what the last batch left in `unwritten`; if that fails, memory goes back to the disk's state.

        With `onto`, the change is rebased on the file as it is now (another process may
        have written it since this one read it): `onto` gets the file's tables and returns
        what to write, which memory then holds too. The caller keeps other writers out.
        """
        payload, self.unwritten = self.unwritten, None
        if payload is None:
            return
        try:
            if onto is not None:
                self._stored = None
                self._data = onto(self._load())
                payload = encode_tables(self._data)
            write_atomically(self._path, payload)
        except BaseException:
            self.discard()
            raise
        self.last_batch_wrote = True
        self.stored_size = len(payload)

    def discard(self) -> None:
        """Forget what is in memory; the next read comes from disk."""
        self.unwritten = None
        self._data = None
        self._loaded = False
        self._dirty = False
        self.changed_tables.clear()

    def _load(self) -> Tables | None:
        raw, self._stored = self._stored, None  # given once: after a discard, the disk decides
        if raw is None:
            raw = read_stored(self._path)
        if not raw.strip():
            return None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise CorruptFile(f"{self._path} is not valid JSON ({error}); it was left as it is") from error
        if not isinstance(data, dict):
            raise CorruptFile(f"{self._path} does not hold a TinyDB document")
        self.stored_size = len(raw)
        return data

