"""The name index of a real book: kept across transactions, never stale, never another's.

`crm.clients.client_index` keeps each salesperson's name table between
transactions (and after their book leaves the cache), so it must answer with
clients as they are now and only ever with the owner's own clients.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crm.capture import Filed, capture_note
from crm.clients import client_index, new_client, rename
from crm.matching import Outcome
from crm.matching import index as index_module
from storage import Book

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)


def a_book(folder: Path, owner_id: int) -> Book:
    return Book(folder / f"{owner_id}.json", owner_id=owner_id)


def with_zhangs(book: Book) -> None:
    """张伟 seen ten days ago, 张强 twenty."""
    with book.batch():
        for name, days in (("张伟", 10), ("张强", 20)):
            client = new_client(book, name, now=NOW - timedelta(days=40))
            client.last_contact_at = NOW - timedelta(days=days)
            book.clients.save(client)


def test_zhang_zong_lists_the_zhang_seen_last_first_right_after_a_note(tmp_path: Path) -> None:
    book = a_book(tmp_path, 7)
    with_zhangs(book)
    assert [client.name for client in client_index(book).match("张总").candidates] == ["张伟", "张强"]

    with book.batch():
        filed = capture_note(book, "今天在张强店里聊了一小时", now=NOW, tz=SHANGHAI)
    assert isinstance(filed, Filed)

    match = client_index(book).match("张总")
    assert [client.name for client in match.candidates] == ["张强", "张伟"]
    assert match.candidates[0].last_contact_at == NOW


def test_a_reopened_book_finds_a_renamed_client_by_both_names(tmp_path: Path) -> None:
    book = a_book(tmp_path, 7)
    with_zhangs(book)
    client_index(book).match("张伟")  # the table is now kept for salesperson 7
    with book.batch():
        [zhang_wei] = [client for client in book.clients.all() if client.name == "张伟"]
        rename(book, zhang_wei.id, "张伟明")

    reopened = a_book(tmp_path, 7)
    for written in ("张伟明", "张伟"):
        match = client_index(reopened).match(written)
        assert match.outcome is Outcome.ONE and match.candidates[0].name == "张伟明"


def test_one_salespersons_clients_are_never_found_in_anothers_book(tmp_path: Path) -> None:
    mine, theirs = a_book(tmp_path, 7), a_book(tmp_path, 8)
    with_zhangs(mine)
    with theirs.batch():
        new_client(theirs, "李娜", now=NOW)
    assert client_index(mine).match("张伟").outcome is Outcome.ONE

    assert client_index(theirs).match("张伟").outcome is Outcome.NONE
    assert client_index(theirs).mentioned_in("今天在张伟店里") == []
    assert [client.name for client in client_index(theirs).match("李娜").candidates] == ["李娜"]


def test_a_client_added_later_is_found_every_way_and_only_their_name_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = a_book(tmp_path, 7)
    with_zhangs(book)
    client_index(book).match("张伟")  # the table is now kept for salesperson 7
    read: list[str] = []
    real_keys = index_module.client_keys
    monkeypatch.setattr(index_module, "client_keys", lambda name, aliases: read.append(name) or real_keys(name, aliases))

    with book.batch():
        new_client(book, "张伟明", now=NOW)
    index = client_index(book)

    assert read == ["张伟明"]
    assert [client.name for client in index.match("Zhang Weiming").candidates] == ["张伟明"]
    assert {client.name for client in index.match("张总").candidates} == {"张伟", "张强", "张伟明"}
    assert [client.name for client in index.mentioned_in("今天在张伟明店里")] == ["张伟明"]  # not 张伟 inside it


def test_a_client_whose_adding_failed_is_not_found(tmp_path: Path) -> None:
    book = a_book(tmp_path, 7)
    with_zhangs(book)
    try:
        with book.batch():
            new_client(book, "李娜", now=NOW)
            assert client_index(book).match("李娜").outcome is Outcome.ONE
            raise RuntimeError("the disk is full")
    except RuntimeError:
        pass

    assert client_index(book).match("李娜").outcome is Outcome.NONE
    with book.batch():
        new_client(book, "王芳", now=NOW)  # the same id 李娜 had: never used on disk
    assert client_index(book).match("李娜").outcome is Outcome.NONE
    assert [client.name for client in client_index(book).match("王芳").candidates] == ["王芳"]


def test_a_rename_and_a_new_client_together_leave_no_old_name(tmp_path: Path) -> None:
    book = a_book(tmp_path, 7)
    with_zhangs(book)
    client_index(book).match("张伟")
    with book.batch():
        [zhang_wei] = [client for client in book.clients.all() if client.name == "张伟"]
        rename(book, zhang_wei.id, "李伟")
        new_client(book, "陈静", now=NOW)

    index = client_index(book)
    assert [client.name for client in index.match("张总").candidates] == ["张强"]
    assert [client.name for client in index.match("李伟").candidates] == ["李伟"]
    assert [client.name for client in index.match("陈静").candidates] == ["陈静"]
