"""The JSON export is the salesperson's complete backup: it must come back exactly, or not at all."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.model import (
    Birthday,
    BookContents,
    CalendarKind,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    LevelChange,
    Note,
    NoteSource,
    Place,
    Suggestion,
    SuggestionStatus,
)
from crm.portability import ImportProblem, dump_book, load_book
from crm.portability.json_format import COLLECTIONS
from tests.portability.builders import NOW, SHANGHAI, a_client

DOCS = Path(__file__).parents[2] / "docs" / "export-format.md"

# Fixed offsets only: aware datetimes in a DST fold never compare equal across zones (PEP 495).
moments = st.datetimes(
    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))])
)
optional_text = st.none() | st.text(max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@st.composite
def birthdays(draw: st.DrawFn) -> Birthday:
    if draw(st.booleans()):
        year = draw(st.none() | st.integers(1, 9999))
        day = draw(st.dates(date(year or 2000, 1, 1), date(year or 2000, 12, 31)))
        return Birthday(month=day.month, day=day.day, year=year)
    return Birthday(
        month=draw(st.integers(1, 12)),
        day=draw(st.integers(1, 30)),
        year=draw(st.none() | st.integers(1900, 2100)),
        calendar=CalendarKind.LUNAR,
        leap_month=draw(st.booleans()),
    )


@st.composite
def books(draw: st.DrawFn) -> BookContents:
    client_ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=4))
    clients = [
        Client(
            id=client_id,
            name=draw(st.text(min_size=1, max_size=20)),
            level=draw(st.sampled_from(Level)),
            level_since=draw(moments),
            created_at=draw(moments),
            aliases=tuple(draw(st.lists(st.text(max_size=10), max_size=2))),
            company=draw(optional_text),
            phone=draw(optional_text),
            tags=tuple(draw(st.lists(st.text(max_size=8), max_size=3))),
            area=draw(optional_text),
            place=draw(
                st.none()
                | st.builds(
                    Place,
                    latitude=st.floats(-90, 90),
                    longitude=st.floats(-180, 180),
                    label=optional_text,
                )
            ),
            birthday=draw(st.none() | birthdays()),
            last_contact_at=draw(st.none() | moments),
            snoozed_until=draw(st.none() | st.dates()),
        )
        for client_id in client_ids
    ]
    if not client_ids:
        return BookContents(clients=clients)
    owners = st.sampled_from(client_ids)
    note_ids = st.none() | st.integers(1, 10_000)
    unique_ids = st.lists(st.integers(1, 10_000), unique=True, max_size=4)
    notes = [
        Note(
            id=note_id,
            client_id=draw(owners),
            text=draw(st.text(max_size=40)),
            at=draw(moments),
            source=draw(st.sampled_from(NoteSource)),
            functions=tuple(draw(st.lists(st.sampled_from(ContactFunction), max_size=3))),
            hashtags=tuple(draw(st.lists(st.text(max_size=8), max_size=2))),
            changes=draw(st.dictionaries(st.text(max_size=10), json_values, max_size=3)),
        )
        for note_id in draw(unique_ids)
    ]
    events = [
        Event(
            id=event_id,
            client_id=draw(owners),
            date=draw(st.dates()),
            label=draw(st.text(max_size=10)),
            time=draw(st.none() | st.times()),
            yearly=draw(st.booleans()),
            note_id=draw(note_ids),
            text=draw(st.text(max_size=20)),
        )
        for event_id in draw(unique_ids)
    ]
    followups = [
        FollowUp(
            id=followup_id,
            client_id=draw(owners),
            date=draw(st.dates()),
            text=draw(st.text(max_size=20)),
            time=draw(st.none() | st.times()),
            note_id=draw(note_ids),
            done_at=draw(st.none() | moments),
        )
        for followup_id in draw(unique_ids)
    ]
    level_changes = [
        LevelChange(
            id=change_id,
            client_id=draw(owners),
            to_level=draw(st.sampled_from(Level)),
            at=draw(moments),
            reason=draw(st.sampled_from(ChangeReason)),
            from_level=draw(st.none() | st.sampled_from(Level)),
            note_id=draw(note_ids),
        )
        for change_id in draw(unique_ids)
    ]
    suggestions = [
        Suggestion(
            id=suggestion_id,
            client_id=draw(owners),
            to_level=draw(st.sampled_from(Level)),
            at=draw(moments),
            reasons=tuple(draw(st.lists(st.text(max_size=10), max_size=3))),
            status=draw(st.sampled_from(SuggestionStatus)),
        )
        for suggestion_id in draw(unique_ids)
    ]
    return BookContents(clients, notes, events, followups, level_changes, suggestions)


def dump(contents: BookContents) -> bytes:
    return dump_book(contents, exported_at=NOW, owner_timezone=SHANGHAI)


def document(contents: BookContents) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(dump(contents))
    return value


def load_document(value: dict[str, Any]) -> BookContents:
    return load_book(json.dumps(value).encode())


def problem(value: dict[str, Any]) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        load_document(value)
    return caught.value


def a_small_book() -> BookContents:
    client = a_client(
        "张伟",
        birthday=Birthday(8, 15, calendar=CalendarKind.LUNAR),
        tags=("VIP",),
        place=Place(31.23, 121.47, "陆家嘴"),
    )
    note = Note(
        id=7,
        client_id=1,
        text="张伟生日农历八月十五，下周三回电话",
        at=NOW,
        functions=(ContactFunction.CARE,),
        changes={"created_client": True, "birthday_before": None, "last_contact_before": None},
    )
    followup = FollowUp(id=3, client_id=1, date=date(2026, 3, 4), text="回电话", time=time(15, 0), note_id=7)
    opening = Event(id=4, client_id=1, date=date(2026, 5, 18), label="新店开业", yearly=True, note_id=7)
    history = LevelChange(id=2, client_id=1, to_level=Level.FRIEND, at=NOW, reason=ChangeReason.NEW)
    proposal = Suggestion(id=5, client_id=1, to_level=Level.CONFIDANT, at=NOW, reasons=("visits.frequent",))
    return BookContents([client], [note], [opening], [followup], [history], [proposal])


@settings(max_examples=50, deadline=None)
@given(books())
def test_any_book_comes_back_identical_from_its_json_export(contents: BookContents) -> None:
    assert load_book(dump(contents)) == contents


def test_export_names_its_format_version_time_and_timezone() -> None:
    exported = document(a_small_book())
    assert {key: exported[key] for key in ("format", "version", "exported_at", "owner_timezone")} == {
        "format": "rapport-book",
        "version": 1,
        "exported_at": "2026-03-01T02:30:00+00:00",
        "owner_timezone": SHANGHAI,
    }


def test_export_keeps_chinese_readable_in_the_file() -> None:
    assert "张伟生日农历八月十五".encode() in dump(a_small_book())


def test_every_field_of_every_model_class_is_in_the_export_format() -> None:
    for key, record in COLLECTIONS:
        model_fields = {field.name for field in dataclasses.fields(record.kind)}
        assert set(record.fields) == model_fields, key


def test_every_exported_field_is_documented() -> None:
    documentation = DOCS.read_text(encoding="utf-8")
    exported = document(a_small_book())
    for key, _record in COLLECTIONS:
        for field in exported[key][0]:
            assert f"`{field}`" in documentation, f"{key}.{field}"


def test_a_file_without_optional_fields_gets_their_defaults() -> None:
    hand_written = {
        "format": "rapport-book",
        "version": 1,
        "clients": [
            {
                "id": 1,
                "name": "李娜",
                "level": "acquaintance",
                "level_since": NOW.isoformat(),
                "created_at": NOW.isoformat(),
            }
        ],
    }
    assert load_document(hand_written) == BookContents(clients=[a_client("李娜", level=Level.ACQUAINTANCE)])


def test_text_that_is_not_json_is_refused_with_its_position() -> None:
    with pytest.raises(ImportProblem) as caught:
        load_book(b'{"format": "rapport-book",\n  oops}')
    assert (caught.value.code, caught.value.values) == ("not_json", {"line": 2, "column": 3})


def test_json_from_another_program_is_the_wrong_schema() -> None:
    assert problem({"contacts": []}).code == "wrong_schema"


def test_a_book_from_a_newer_rapport_is_refused_not_guessed() -> None:
    found = problem({"format": "rapport-book", "version": 2})
    assert (found.code, found.values) == ("newer_version", {"version": 2})


def test_an_unknown_level_names_the_exact_field() -> None:
    exported = document(a_small_book())
    exported["clients"][0]["level"] = "best_friend"
    found = problem(exported)
    assert (found.code, found.values["path"]) == ("bad_field", "clients[0].level")


def test_a_missing_name_names_the_exact_field() -> None:
    exported = document(a_small_book())
    del exported["clients"][0]["name"]
    assert problem(exported).values == {"path": "clients[0].name", "expected": "text"}


def test_a_moment_without_a_timezone_is_refused() -> None:
    exported = document(a_small_book())
    exported["notes"][0]["at"] = "2026-03-01T10:30:00"
    assert problem(exported).values == {"path": "notes[0].at", "expected": "datetime"}


def test_a_birthday_on_the_31st_of_february_is_refused() -> None:
    exported = document(a_small_book())
    exported["clients"][0]["birthday"] = {"calendar": "solar", "month": 2, "day": 31, "year": None, "leap_month": False}
    assert problem(exported).values["path"] == "clients[0].birthday"


def test_a_true_where_a_number_belongs_is_refused() -> None:
    exported = document(a_small_book())
    exported["followups"][0]["note_id"] = True
    assert problem(exported).values == {"path": "followups[0].note_id", "expected": "integer or null"}


def test_two_clients_with_one_id_are_refused() -> None:
    exported = document(a_small_book())
    exported["clients"].append(dict(exported["clients"][0], name="李娜"))
    found = problem(exported)
    assert (found.code, found.values) == ("duplicate_id", {"path": "clients[1].id", "id": 1})


def test_a_note_of_a_client_not_in_the_file_is_refused() -> None:
    exported = document(a_small_book())
    exported["notes"][0]["client_id"] = 99
    found = problem(exported)
    assert (found.code, found.values) == ("unknown_client", {"path": "notes[0].client_id", "client_id": 99})


def test_exporting_with_a_naive_time_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        dump_book(a_small_book(), exported_at=datetime(2026, 3, 1), owner_timezone=SHANGHAI)
