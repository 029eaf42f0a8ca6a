"""The book keeps what it is given, atomically, and never hands out an id twice."""

from __future__ import annotations

import asyncio
import errno
import gc
import json
import os
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest

from crm.model import (
    Birthday,
    CalendarKind,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    LevelChange,
    Note,
    Place,
)
from crm import salespeople
from storage import Book, SchemaTooNew, Store
from storage import durable

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)


def a_client(name: str = "张伟", **fields: object) -> Client:
    return Client(id=0, name=name, level=Level.PASSER_BY, level_since=NOW, created_at=NOW, **fields)  # type: ignore[arg-type]


def open_book(path: Path) -> Book:
    return Book(path / "book.json", owner_id=42)


def test_a_client_with_every_field_comes_back_identical(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    original = a_client(
        aliases=("张总", "老张"),
        company="华为",
        phone="+8613800000000",
        tags=("装修", "VIP"),
        area="朝阳区",
        place=Place(39.9, 116.4, "店里"),
        birthday=Birthday(8, 15, 1980, CalendarKind.LUNAR, leap_month=True),
        last_contact_at=NOW,
        snoozed_until=date(2026, 11, 23),
    )
    with book.batch():
        stored = book.clients.add(original)
    reopened = open_book(tmp_path)
    with reopened.batch():
        assert reopened.clients.get(stored.id) == stored


def test_a_record_read_from_the_book_changes_it_only_when_saved(tmp_path: Path) -> None:
    """Records are read straight from the stored table (no TinyDB copy), so they must not share it."""
    book = open_book(tmp_path)
    with book.batch():
        client = book.clients.add(a_client(aliases=("张总",), tags=("VIP",)))
        note = book.notes.add(Note(id=0, client_id=client.id, text="hi", at=NOW, functions=(ContactFunction.CARE,)))
    with book.batch():
        read = book.clients.get(client.id)
        assert read is not None
        read.phone, read.aliases = "123", (*read.aliases, "老张")
        [listed] = book.notes.where(client_id=client.id)
        listed.text = "changed"
    with book.batch():
        assert book.clients.get(client.id) == client
        assert book.notes.all() == [note]


def test_a_reopened_book_reads_and_writes_its_lists_as_before(tmp_path: Path) -> None:
    """An open book holds its records' lists as tuples (less memory, less garbage collection); nothing else may tell."""
    book = open_book(tmp_path)
    with book.batch():
        client = book.clients.add(a_client(aliases=("张总", "老张"), tags=("VIP",)))
        note = book.notes.add(Note(id=0, client_id=client.id, text="hi", at=NOW, functions=(ContactFunction.CARE,)))
        book.set_context("recent", [client.id])

    reopened = open_book(tmp_path)
    with reopened.batch():
        assert reopened.clients.all() == [client] and reopened.notes.all() == [note]
        recent = reopened.context("recent")
        recent.append(7)  # the conversation context is handed out as stored, a list
        reopened.set_context("recent", recent)
        reopened.clients.add(a_client("李娜"))

    raw = json.loads((tmp_path / "book.json").read_text("utf-8"))
    assert raw["clients"][str(client.id)]["aliases"] == ["张总", "老张"]
    assert raw["notes"][str(note.id)]["functions"] == ["care"]
    assert open_book(tmp_path).context("recent") == [client.id, 7]


def test_a_field_an_older_rapport_stored_is_ignored_when_read(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    with book.batch():
        client = book.clients.add(a_client())
    raw = json.loads((tmp_path / "book.json").read_text("utf-8"))
    raw["clients"][str(client.id)]["fax"] = "010-1234"
    (tmp_path / "book.json").write_text(json.dumps(raw), "utf-8")
    reopened = open_book(tmp_path)
    with reopened.batch():
        assert reopened.clients.all() == [client]


def test_notes_keep_html_looking_text_exactly(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    text = "<b>bold</b> & <script>alert(1)</script> 😀 \u200b"
    with book.batch():
        note = book.notes.add(Note(id=0, client_id=1, text=text, at=NOW, functions=(ContactFunction.CARE,)))
    with open_book(tmp_path).batch():
        assert open_book(tmp_path).notes.get(note.id).text == text  # type: ignore[union-attr]


def test_a_failed_transaction_leaves_disk_and_memory_unchanged(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    with book.batch():
        book.clients.add(a_client("李姐"))
    with pytest.raises(RuntimeError), book.batch():
        book.clients.add(a_client("王总"))
        raise RuntimeError("crash half way")
    with book.batch():
        assert [client.name for client in book.clients.all()] == ["李姐"]
    with open_book(tmp_path).batch():
        assert [client.name for client in open_book(tmp_path).clients.all()] == ["李姐"]


def test_ids_of_deleted_clients_are_never_reused(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    with book.batch():
        first = book.clients.add(a_client("张伟"))
        second = book.clients.add(a_client("李姐"))
        book.remove_client(second.id)
    reopened = open_book(tmp_path)
    with reopened.batch():
        third = reopened.clients.add(a_client("王总"))
    assert third.id not in (first.id, second.id)


def test_removing_a_client_removes_everything_about_them(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    with book.batch():
        keep = book.clients.add(a_client("李姐"))
        gone = book.clients.add(a_client("张伟"))
        for client in (keep, gone):
            book.notes.add(Note(id=0, client_id=client.id, text="hi", at=NOW))
            book.events.add(Event(id=0, client_id=client.id, date=date(2027, 6, 7), label="高考"))
            book.followups.add(FollowUp(id=0, client_id=client.id, date=date(2026, 11, 24), text="回访", time=time(15)))
            book.level_changes.add(
                LevelChange(id=0, client_id=client.id, to_level=Level.FRIEND, at=NOW, reason=ChangeReason.NOTE)
            )
        book.remove_client(gone.id)
    with book.batch():
        for collection in (book.notes, book.events, book.followups, book.level_changes):
            assert {item.client_id for item in collection.all()} == {keep.id}  # type: ignore[attr-defined]


def test_saving_a_record_drops_fields_that_were_cleared(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    with book.batch():
        client = book.clients.add(a_client(phone="123", company="Acme"))
        client.phone = None
        book.clients.save(client)
    raw = json.loads((tmp_path / "book.json").read_text("utf-8"))
    assert "phone" not in raw["clients"][str(client.id)]
    assert raw["clients"][str(client.id)]["company"] == "Acme"


def test_the_whole_book_can_be_replaced_with_ids_kept(tmp_path: Path) -> None:
    source = Book(tmp_path / "a.json", owner_id=1)
    with source.batch():
        for name in ("张伟", "李姐", "王总"):
            client = source.clients.add(a_client(name))
            source.notes.add(Note(id=0, client_id=client.id, text=f"{name} 回访", at=NOW))
        source.remove_client(1)
        contents = source.contents()
    target = Book(tmp_path / "b.json", owner_id=2)
    with target.batch():
        target.replace_contents(contents)
        assert target.contents() == contents
        newcomer = target.clients.add(a_client("新人"))
    assert newcomer.id > max(client.id for client in contents.clients)


def test_the_delivery_log_remembers_what_went_out(tmp_path: Path) -> None:
    book = open_book(tmp_path)
    with book.batch():
        assert book.delivered_at("birthday:3:2027-03-05") is None
        book.record_delivery("birthday:3:2027-03-05", NOW)
    with open_book(tmp_path).batch():
        assert open_book(tmp_path).delivered_at("birthday:3:2027-03-05") == NOW


def test_an_old_file_is_migrated_on_open(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text(json.dumps({"_meta": {"1": {"schema": 0}}, "people": {"1": {"nom": "张伟"}}}), "utf-8")

    def rename_people_to_clients(tables: dict) -> dict:  # type: ignore[type-arg]
        people = tables.pop("people")
        tables["clients"] = {
            key: {"name": value["nom"], "level": "friend", "level_since": NOW.isoformat(), "created_at": NOW.isoformat()}
            for key, value in people.items()
        }
        return tables

    book = Book(path, owner_id=1, migrations={0: rename_people_to_clients})
    with book.batch():
        assert [client.name for client in book.clients.all()] == ["张伟"]
    assert json.loads(path.read_text("utf-8"))["_meta"]["1"]["schema"] == 1


def test_a_file_from_a_newer_rapport_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    content = json.dumps({"_meta": {"1": {"schema": 99}}})
    path.write_text(content, "utf-8")
    with pytest.raises(SchemaTooNew):
        Book(path, owner_id=1)
    assert path.read_text("utf-8") == content


async def test_concurrent_transactions_on_one_book_are_serialised(tmp_path: Path) -> None:
    store = Store(tmp_path)

    def add_one(book: Book) -> None:
        count = len(book.notes.all())
        book.notes.add(Note(id=0, client_id=1, text=f"note {count}", at=NOW))

    await asyncio.gather(*(store.with_book(7, add_one) for _ in range(40)))
    texts = await store.with_book(7, lambda book: sorted(note.text for note in book.notes.all()))
    assert texts == sorted(f"note {count}" for count in range(40))


async def test_a_long_running_store_keeps_no_lock_for_people_it_is_not_serving(tmp_path: Path) -> None:
    """One lock per person who ever wrote would grow for as long as the bot runs."""
    store = Store(tmp_path)
    await asyncio.gather(*(store.with_book(user, lambda book: book.clients.count()) for user in range(1, 301)))
    gc.collect()
    assert len(store._locks) == 0


async def test_listeners_hear_which_kinds_of_record_a_transaction_changed(tmp_path: Path) -> None:
    """The scheduler re-plans on follow-ups and deliveries only; it must be told exactly what moved."""
    store = Store(tmp_path)
    heard: list[tuple[int, frozenset[str]]] = []
    store.listeners.append(lambda user, changed: heard.append((user, changed)))
    client = await store.with_book(7, lambda book: book.clients.add(a_client()))
    await store.with_book(7, lambda book: book.notes.add(Note(id=0, client_id=client.id, text="聊了一小时", at=NOW)))
    await store.with_book(7, lambda book: book.clients.count())  # reads only
    await store.with_book(7, lambda book: book.followups.add(
        FollowUp(id=0, client_id=client.id, text="call", date=date(2026, 11, 23), time=time(15, 0))))
    await store.with_book(7, lambda book: book.record_delivery("digest:2026-11-23", NOW))
    await store.with_book(7, lambda book: book.remove_client(client.id))

    def fails(book: Book) -> None:
        book.followups.add(FollowUp(id=0, client_id=1, text="x", date=date(2026, 11, 24)))
        raise RuntimeError("the change is refused")

    with pytest.raises(RuntimeError):
        await store.with_book(7, fails)
    await store.with_book(7, lambda book: book.set_context("about", 1))
    await store.forget_salesperson(7)
    assert heard == [
        (7, frozenset({"clients"})),
        (7, frozenset({"notes"})),
        (7, frozenset({"followups"})),
        (7, frozenset({"deliveries"})),
        (7, frozenset({"clients", "notes", "followups"})),
        (7, frozenset({"context"})),
        (7, frozenset({"clients", "notes", "events", "followups", "level_changes", "suggestions", "deliveries", "context"})),
    ]


async def test_a_write_that_fails_leaves_the_book_as_the_disk_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the transaction fails (no reply claims it), and the cached book does not keep the change."""
    store = Store(tmp_path)
    await store.with_book(7, lambda book: book.clients.add(a_client("张伟")))
    real_write = durable.write_atomically

    def disk_full(path: Path, payload: bytes) -> None:
        if path == store.book_path(7):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, payload)

    monkeypatch.setattr(durable, "write_atomically", disk_full)
    with pytest.raises(OSError):
        await store.with_book(7, lambda book: book.clients.add(a_client("李娜")))
    monkeypatch.setattr(durable, "write_atomically", real_write)

    names = await store.with_book(7, lambda book: [client.name for client in book.clients.all()])
    assert names == ["张伟"]
    again = await store.with_book(7, lambda book: book.clients.add(a_client("李娜")))
    assert again.id == 2  # the failed attempt left nothing behind, not even a used id
    assert [client.name for client in Book(store.book_path(7), 7).clients.all()] == ["张伟", "李娜"]


async def test_a_settings_change_that_cannot_be_written_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The directory, like a book, never claims in memory what the disk does not have."""
    store = Store(tmp_path)
    await store.with_directory(lambda directory: salespeople.enroll(
        directory, 42, telegram_language="en", default_timezone="Asia/Shanghai", now=NOW))
    real_write = durable.write_atomically

    def disk_full(path: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable, "write_atomically", disk_full)
    with pytest.raises(OSError):
        await store.with_directory(lambda directory: salespeople.update(directory, 42, timezone="Europe/London"))
    monkeypatch.setattr(durable, "write_atomically", real_write)

    person = await store.with_directory(lambda directory: directory.get(42))
    assert person is not None and person.timezone == "Asia/Shanghai"


async def test_more_salespeople_at_once_than_books_open_each_keep_their_own_notes(tmp_path: Path) -> None:
    """Thirty salespeople writing at once through a cache of a few books: nothing lost, nothing crossed."""
    store = Store(tmp_path, book_cache_bytes=4_000)

    def note_for(user_id: int, number: int) -> Callable[[Book], None]:
        return lambda book: book.notes.add(Note(id=0, client_id=1, text=f"{user_id}-{number}", at=NOW))

    await asyncio.gather(*(store.with_book(user_id, note_for(user_id, number))
                           for number in range(5) for user_id in range(1, 31)))
    for user_id in range(1, 31):
        texts = await store.with_book(user_id, lambda book: sorted(note.text for note in book.notes.all()))
        assert texts == [f"{user_id}-{number}" for number in range(5)]
        assert sorted(note.text for note in Book(store.book_path(user_id), user_id).notes.all()) == texts  # on disk


async def test_open_books_stay_within_their_memory_budget_the_last_used_kept(tmp_path: Path) -> None:
    """Books stay open by memory, not by count: one big book closes several small ones."""
    store = Store(tmp_path, book_cache_bytes=200_000)

    def notes(count: int) -> Callable[[Book], None]:
        return lambda book: [book.notes.add(Note(id=0, client_id=1, text="回访 " * 20, at=NOW)) for _ in range(count)]

    for user_id in range(1, 11):
        await store.with_book(user_id, notes(20))
    small = await store.with_book(1, lambda book: book.memory_estimate)
    assert store.cached_bytes == 10 * small < 200_000  # all ten are open

    await store.with_book(99, notes(200))
    big = await store.with_book(99, lambda book: book.memory_estimate)
    assert big + 10 * small > 200_000 >= store.cached_bytes >= big + 5 * small  # the big one closed a few

    await store.with_book(100, notes(1_000))  # bigger than the whole budget: closed after use, alone
    assert store.cached_bytes >= big + 5 * small
    assert await store.with_book(100, lambda book: len(book.notes.all())) == 1_000


async def test_the_reminder_beat_going_through_every_book_leaves_the_chatting_salespeoples_open(
    tmp_path: Path,
) -> None:
    """Background work reads a closed book and closes it again; an open one it leaves open."""
    store = Store(tmp_path, book_cache_bytes=20_000)
    everyone = range(1, 41)
    await store.with_directory(lambda directory: [
        salespeople.enroll(directory, user, telegram_language="en", default_timezone="Asia/Shanghai", now=NOW)
        for user in everyone
    ])
    for user in (1, 2):  # chatting
        await store.with_book(user, lambda book: book.clients.add(a_client("张伟")))

    for user in everyone:
        await store.with_enrolled_book(user, lambda book: book.clients.add(a_client("李娜")))

    chatting = [await store.with_book(user, lambda book: book.memory_estimate) for user in (1, 2)]
    assert store.cached_bytes == sum(chatting)  # theirs stayed open, and no one else's is
    for user in (1, 2, 40):  # and the beat's changes are on disk
        assert {client.name for client in Book(store.book_path(user), user).clients.all()} >= {"李娜"}


async def test_the_fsyncd_write_runs_off_the_event_loop_and_ends_before_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot keeps serving other salespeople while a book is written, and replies only once it is."""
    writes: list[tuple[int, bytes]] = []
    real_write = durable.write_atomically
    store = Store(tmp_path)

    def recorded(path: Path, payload: bytes) -> None:
        real_write(path, payload)
        if path == store.book_path(7):
            writes.append((threading.get_ident(), path.read_bytes()))

    monkeypatch.setattr(durable, "write_atomically", recorded)
    added = await store.with_book(7, lambda book: book.clients.add(a_client("张伟")))

    assert writes and all(writer != threading.get_ident() for writer, _ in writes)  # creating the book, then the client
    assert "张伟".encode() in writes[-1][1] and added.id == 1


async def test_one_salespersons_book_is_a_separate_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    await store.with_book(1, lambda book: book.clients.add(a_client("张伟")))
    other = await store.with_book(2, lambda book: book.clients.all())
    assert other == []
    assert sorted(path.name for path in (tmp_path / "books").iterdir()) == ["1.json", "2.json"]


async def test_a_beat_that_read_a_salesperson_before_deleteme_leaves_nothing_behind(tmp_path: Path) -> None:
    """The scheduler holds a Salesperson from before /deleteme; its transaction waits, then finds them gone."""
    store = Store(tmp_path)
    await store.with_directory(lambda directory: salespeople.enroll(
        directory, 42, telegram_language="en", default_timezone="Asia/Shanghai", now=NOW))
    await store.with_book(42, lambda book: book.clients.add(a_client("张伟")))
    await store.back_up(42, date(2026, 11, 22))
    holding = asyncio.create_task(store.with_book(42, lambda book: book.clients.count()))
    forgetting = asyncio.create_task(store.forget_salesperson(42))
    late_beat = asyncio.create_task(store.with_enrolled_book(42, lambda book: book.clients.add(a_client("李娜"))))
    await holding
    assert await late_beat is None
    await forgetting
    assert await store.with_enrolled_book(42, lambda book: book.clients.count()) is None
    await store.back_up(42, date(2026, 11, 23))
    assert [path for path in tmp_path.rglob("*") if path.is_file() and path.name != "directory.json"] == []
    assert await store.with_directory(lambda directory: directory.get(42)) is None


async def test_a_salesperson_does_not_queue_behind_the_reminder_beats_transactions(tmp_path: Path) -> None:
    """A morning's digest planning is background work: it never takes all the places a reply needs."""
    store = Store(tmp_path)
    beat_users = range(1, 31)

    def enroll_everyone(directory):  # type: ignore[no-untyped-def]
        for user in beat_users:
            salespeople.enroll(directory, user, telegram_language="en", default_timezone="Asia/Shanghai", now=NOW)

    await store.with_directory(enroll_everyone)
    served: list[str] = []  # whose work ran, in order (when each write's fsync ends varies too much to compare)

    def add_client(name: str) -> Callable[[Book], Client]:
        def work(book: Book) -> Client:
            served.append(name)
            return book.clients.add(a_client("张伟"))
        return work

    beat = [asyncio.create_task(store.with_enrolled_book(user, add_client(f"beat {user}"))) for user in beat_users]
    await asyncio.sleep(0)
    reply = asyncio.create_task(store.with_book(99, add_client("reply")))
    await asyncio.gather(*beat, reply)
    # The beat holds at most BACKGROUND_AT_ONCE (4) places, so the reply is served before any later beat.
    assert served.index("reply") < 5, served


async def test_others_are_served_while_a_heavy_transaction_runs(tmp_path: Path) -> None:
    """A big import holds only its own salesperson; everyone else's notes go on being filed."""
    store = Store(tmp_path)
    importing = threading.Event()
    release = threading.Event()

    def big_import(book: Book) -> int:
        importing.set()
        assert release.wait(timeout=10), "nobody let the import finish"
        for number in range(50):
            book.clients.add(a_client(f"客户{number}"))
        return book.clients.count()

    heavy = asyncio.create_task(store.with_book(1, big_import, heavy=True))
    try:
        await asyncio.to_thread(importing.wait, 5)
        note = await asyncio.wait_for(store.with_book(2, lambda book: book.clients.add(a_client("张伟")).id), timeout=5)
        assert note == 1 and not heavy.done()
    finally:
        release.set()
    assert await heavy == 50
    assert json.loads((tmp_path / "books" / "1.json").read_text())["clients"].keys() == {str(n) for n in range(1, 51)}


async def test_a_heavy_transaction_cancelled_half_way_keeps_the_book_as_the_disk_has_it(tmp_path: Path) -> None:
    store = Store(tmp_path)
    await store.with_book(1, lambda book: book.clients.add(a_client("张伟")))
    started, release = threading.Event(), threading.Event()

    def big_import(book: Book) -> None:
        started.set()
        release.wait(timeout=10)
        book.clients.add(a_client("李娜"))

    heavy = asyncio.create_task(store.with_book(1, big_import, heavy=True))
    await asyncio.to_thread(started.wait, 5)
    heavy.cancel()
    await asyncio.sleep(0.05)
    assert not heavy.done(), "the lock is held until the worker thread has finished"
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await heavy
    on_disk = json.loads((tmp_path / "books" / "1.json").read_text())["clients"]
    in_memory = await store.with_book(1, lambda book: [client.name for client in book.clients.all()])
    assert [client["name"] for client in on_disk.values()] == in_memory == ["张伟"]


def test_temporaries_left_by_a_killed_writer_are_cleared_when_the_store_opens(tmp_path: Path) -> None:
    """A write killed mid-way leaves `.name.<pid>.<thread>.tmp` beside the intact file; they must not pile up."""
    books = tmp_path / "books"
    books.mkdir()
    dead = _a_pid_not_running()
    leftover = books / f".7.json.{dead}.140.tmp"
    mine = tmp_path / f".directory.json.{os.getpid()}.140.tmp"  # a restarted container often reuses the pid
    alive = books / f".8.json.{os.getppid()}.140.tmp"  # another live process's write in progress: not ours to touch
    for path in (leftover, mine, alive):
        path.write_bytes(b'{"half": ')
    Store(tmp_path)
    assert not leftover.exists() and not mine.exists()
    assert alive.exists()


def _a_pid_not_running() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_a_book_let_go_is_freed_at_once_not_at_the_next_full_collection(tmp_path: Path) -> None:
    """The store evicts idle books; a reference cycle would keep each one's data until a full GC."""
    book = Book(tmp_path / "7.json", owner_id=7)
    with book.batch():
        book.clients.add(a_client("张伟"))
    gone = weakref.ref(book)
    gc.disable()
    try:
        del book
        assert gone() is None
    finally:
        gc.enable()


async def test_processes_sharing_the_directory_keep_each_others_salespeople(tmp_path: Path) -> None:
    """With WORKERS, each process writes the directory for its own salespeople; none undoes another's.

    Each Store read the file before the other wrote (two processes started together):
    a whole-copy write would put back the file as the writer first read it.
    """
    first, second = Store(tmp_path), Store(tmp_path)
    await first.with_directory(lambda directory: salespeople.enroll(
        directory, 1, telegram_language="en", default_timezone="Asia/Shanghai", now=NOW))
    await second.with_directory(lambda directory: salespeople.enroll(
        directory, 2, telegram_language="zh-hans", default_timezone="Asia/Shanghai", now=NOW))
    await first.with_directory(lambda directory: salespeople.update(directory, 1, timezone="Europe/London"))
    await second.with_directory(lambda directory: directory.remove(2))
    await second.with_directory(lambda directory: salespeople.enroll(
        directory, 4, telegram_language="en", default_timezone="Asia/Tokyo", now=NOW))

    on_disk = {person.user_id: person.timezone for person in Store(tmp_path)._directory.all()}
    assert on_disk == {1: "Europe/London", 4: "Asia/Tokyo"}
    assert (await first.with_directory(lambda directory: directory.get(1))).timezone == "Europe/London"  # type: ignore[union-attr]


def test_directory_writes_from_processes_at_once_all_land(tmp_path: Path) -> None:
    """Real processes enrolling salespeople at the same moments: the folder lock makes every write land."""
    Store(tmp_path)
    script = (
        "import asyncio, sys\n"
        "from datetime import datetime, timezone\n"
        "from pathlib import Path\n"
        "from crm import salespeople\n"
        "from storage import Store\n"
        "store, start = Store(Path(sys.argv[1])), int(sys.argv[2])\n"
        "async def main():\n"
        "    for user in range(start, start + 40):\n"
        "        await store.with_directory(lambda directory: salespeople.enroll(directory, user, telegram_language='en',"
        " default_timezone='Asia/Shanghai', now=datetime(2026, 11, 22, tzinfo=timezone.utc)))\n"
        "asyncio.run(main())\n"
    )
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(start)], cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
        for start in (1000, 2000, 3000)
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0]
    enrolled = {person.user_id for person in Store(tmp_path)._directory.all()}
    assert enrolled == set(range(1000, 1040)) | set(range(2000, 2040)) | set(range(3000, 3040))
