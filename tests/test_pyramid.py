"""The book's pyramid: counts per level, the healthy shape for its size, and the next steps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from crm.model import Birthday, Client, ContactFunction, Level, Note, Suggestion, SuggestionStatus
from crm.pyramid import Step, healthy_targets, next_steps, shape_of

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CARE = (ContactFunction.CARE,)
_ids = count(100)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def a_client(name: str, *, id: int, level: Level, last_contact: float = 3) -> Client:
    return Client(
        id=id, name=name, level=level, level_since=days_ago(200), created_at=days_ago(365),
        last_contact_at=days_ago(last_contact),
    )


def a_book(**levels: int) -> list[Client]:
    """A book with that many clients at each level, all seen recently."""
    book: list[Client] = []
    for level_name, size in levels.items():
        level = Level(level_name)
        book.extend(a_client(f"{level_name}{n}", id=len(book) + 1, level=level) for n in range(size))
    return book


def caring_contacts(client_id: int, *days: float, text: str = "见面聊了聊") -> list[Note]:
    return [Note(id=next(_ids), client_id=client_id, text=text, at=days_ago(day), functions=CARE) for day in days]


def ready_for_confidant(client: Client) -> list[Note]:
    """Make a friend ready: their birthday known, five caring contacts, a referral and family among them."""
    client.birthday = Birthday(5, 12)
    referral = caring_contacts(client.id, 80, text="他给我介绍了王总，还聊到他女儿")
    return [*referral, *caring_contacts(client.id, 60, 40, 20, 5)]


def steps(
    clients: list[Client], notes: Iterable[Note] = (), suggestions: Iterable[Suggestion] = ()
) -> tuple[Step, ...]:
    return next_steps(clients, list(notes), [], [], list(suggestions), now=NOW)


# --- The shape -------------------------------------------------------------------------------------


def test_book_is_counted_per_level_with_every_level_present() -> None:
    shape = shape_of(a_book(friend=2, confidant=1))

    assert dict(shape.counts) == {Level.PASSER_BY: 0, Level.ACQUAINTANCE: 0, Level.FRIEND: 2, Level.CONFIDANT: 1}


def test_healthy_book_of_100_is_the_issues_pyramid() -> None:
    assert healthy_targets(100) == {Level.PASSER_BY: 36, Level.ACQUAINTANCE: 50, Level.FRIEND: 10, Level.CONFIDANT: 4}


@pytest.mark.parametrize(
    ("size", "targets"),
    [(10, [4, 5, 1, 0]), (250, [90, 125, 25, 10]), (37, [13, 19, 4, 1]), (25, [9, 12, 3, 1])],
)
def test_healthy_shape_scales_adds_up_and_gives_ties_to_the_higher_level(size: int, targets: list[int]) -> None:
    assert list(healthy_targets(size).values()) == targets and sum(targets) == size


def test_gap_says_how_far_a_level_is_from_its_target() -> None:
    shape = shape_of(a_book(passer_by=90, acquaintance=8, friend=2))

    assert (shape.gap(Level.FRIEND), shape.gap(Level.PASSER_BY)) == (-8, 54)


def test_three_confidants_in_a_hundred_are_healthy_but_two_are_short() -> None:
    healthy = shape_of(a_book(passer_by=37, acquaintance=50, friend=10, confidant=3))
    short = shape_of(a_book(passer_by=38, acquaintance=50, friend=10, confidant=2))

    assert (healthy.is_short(Level.CONFIDANT), short.is_short(Level.CONFIDANT)) == (False, True)


def test_empty_book_has_no_shape_and_no_steps() -> None:
    assert (shape_of([]).total, steps([])) == (0, ())


# --- Next steps --------------------------------------------------------------------------------------


def test_friends_ready_to_become_confidants_are_named_first() -> None:
    book = a_book(passer_by=36, acquaintance=50, friend=10, confidant=4)
    notes = [*ready_for_confidant(book[-5]), *ready_for_confidant(book[-6])]

    first = steps(book, notes)[0]

    assert first == Step(
        "ready_to_promote", {"level": Level.FRIEND, "to": Level.CONFIDANT, "count": 2},
        client_ids=(book[-6].id, book[-5].id),
    )


def test_client_with_a_pending_suggestion_is_still_ready() -> None:
    book = a_book(passer_by=36, acquaintance=50, friend=10, confidant=4)
    pending = Suggestion(id=1, client_id=book[-5].id, to_level=Level.CONFIDANT, at=days_ago(3))

    assert steps(book, ready_for_confidant(book[-5]), [pending])[0].code == "ready_to_promote"


def test_client_whose_promotion_was_dismissed_is_not_ready() -> None:
    book = a_book(passer_by=36, acquaintance=50, friend=10, confidant=4)
    dismissed = Suggestion(id=1, client_id=book[-5].id, to_level=Level.CONFIDANT, at=days_ago(3),
                           status=SuggestionStatus.DISMISSED)

    assert steps(book, ready_for_confidant(book[-5]), [dismissed]) == ()


def test_fading_relationships_are_named_highest_level_then_longest_silent_first() -> None:
    book = [
        a_client("王芳", id=1, level=Level.ACQUAINTANCE, last_contact=200),
        a_client("赵磊", id=2, level=Level.FRIEND, last_contact=70),
        a_client("陈静", id=3, level=Level.FRIEND, last_contact=90),
        a_client("李娜", id=4, level=Level.PASSER_BY, last_contact=400),
    ]

    fading = [step for step in steps(book) if step.code == "fading"]

    assert fading == [Step("fading", {"count": 3}, client_ids=(3, 2, 1))]


def too_few_friends(book: list[Client], notes: list[Note]) -> Step:
    [short] = [step for step in steps(book, notes) if step.code == "too_few_friends"]
    return short


def test_too_few_friends_names_the_acquaintances_contacted_most_personally() -> None:
    book = a_book(passer_by=40, acquaintance=55, friend=5)  # acquaintances are clients 41–95
    notes = [*caring_contacts(42, 60, 20), *caring_contacts(43, 70, 50, 10)]

    short = too_few_friends(book, notes)

    assert short == Step("too_few_friends", {"level": Level.FRIEND, "have": 5, "want": 10}, client_ids=(43, 42))


def test_too_few_friends_names_at_most_three_people() -> None:
    book = a_book(passer_by=40, acquaintance=55, friend=5)
    notes = [note for client_id in range(41, 46) for note in caring_contacts(client_id, 30)]

    assert len(too_few_friends(book, notes).client_ids) == 3


def test_steps_come_promotions_then_fading_then_shortages() -> None:
    book = a_book(passer_by=36, acquaintance=60, friend=2, confidant=2)
    book[0].last_contact_at = days_ago(400)
    book[40].last_contact_at = days_ago(200)  # an acquaintance, fading
    notes = [*ready_for_confidant(book[-3])]

    assert [step.code for step in steps(book, notes)] == [
        "ready_to_promote", "fading", "too_few_confidants", "too_few_friends",
    ]


def test_healthy_book_with_nothing_to_do_has_no_steps() -> None:
    assert steps(a_book(passer_by=36, acquaintance=50, friend=10, confidant=4)) == ()
