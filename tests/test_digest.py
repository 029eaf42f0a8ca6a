"""The daily digest: short, grouped by kind, most important first, with "+N more"."""

from __future__ import annotations

from datetime import date

from reminders.digest import build_digest
from reminders.due import DueItem, DueKind

DAY = date(2026, 3, 10)


def an_item(kind: DueKind, client_id: int = 1) -> DueItem:
    return DueItem(kind=kind, key=f"{kind}:{client_id}:{DAY.isoformat()}", client_ids=(client_id,), on=DAY)


def test_groups_come_most_important_first_whatever_the_input_order() -> None:
    items = [an_item(DueKind.REVISIT), an_item(DueKind.SHARE_INFO), an_item(DueKind.BIRTHDAY), an_item(DueKind.FOLLOWUP)]

    digest = build_digest(DAY, items)

    assert [group.kind for group in digest.groups] == [DueKind.FOLLOWUP, DueKind.BIRTHDAY, DueKind.REVISIT, DueKind.SHARE_INFO]


def test_items_of_one_kind_are_gathered_in_one_group_in_their_given_order() -> None:
    items = [an_item(DueKind.REVISIT, 3), an_item(DueKind.FOLLOWUP, 9), an_item(DueKind.REVISIT, 1)]

    digest = build_digest(DAY, items)

    assert [[i.client_ids[0] for i in group.items] for group in digest.groups] == [[9], [3, 1]]


def test_a_busy_day_shows_ten_items_and_counts_the_rest() -> None:
    items = [an_item(DueKind.REVISIT, i) for i in range(14)]

    digest = build_digest(DAY, items)

    assert (digest.shown, digest.more, len(digest.groups[0].items)) == (10, 4, 10)


def test_less_important_kinds_are_the_ones_left_out_when_the_day_is_busy() -> None:
    items = [an_item(DueKind.SHARE_INFO, 99)] + [an_item(DueKind.FOLLOWUP, i) for i in range(10)]

    digest = build_digest(DAY, items)

    assert [group.kind for group in digest.groups] == [DueKind.FOLLOWUP] and digest.more == 1


def test_limit_can_be_set() -> None:
    digest = build_digest(DAY, [an_item(DueKind.REVISIT, i) for i in range(5)], limit=3)

    assert (digest.shown, digest.more) == (3, 2)


def test_day_with_nothing_due_is_empty() -> None:
    digest = build_digest(DAY, [])

    assert digest.is_empty and digest.groups == () and digest.day == DAY


def test_day_with_one_item_is_not_empty() -> None:
    assert not build_digest(DAY, [an_item(DueKind.FESTIVAL)]).is_empty
