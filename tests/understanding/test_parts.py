"""A note about several clients in turn is cut into one part per client — and only such a note."""

from __future__ import annotations

import pytest

from crm.understanding import client_parts


def test_a_round_of_three_clients_is_three_parts_each_with_the_rounds_context() -> None:
    assert client_parts("今天跑了三家：李总那边要再等等；张姐订了50箱；老周说月底前给我打款") == [
        "今天跑了三家：李总那边要再等等",
        "今天跑了三家：张姐订了50箱",
        "今天跑了三家：老周说月底前给我打款",
    ]


def test_also_and_a_list_mark_may_come_before_the_name() -> None:
    assert client_parts("Tonight 9pm zoom with Aaron. Also Beth's b'day is Dec 20") == [
        "Tonight 9pm zoom with Aaron.",
        "Also Beth's b'day is Dec 20",
    ]
    assert client_parts("王总：下周二见面\n- 李姐：月底前发报价") == ["王总：下周二见面", "- 李姐：月底前发报价"]


def test_a_sentence_that_does_not_open_with_a_name_stays_with_the_client_before_it() -> None:
    assert client_parts("Met Sarah at the expo. She wants a quote. Tom from Acme called too, call him back Friday") == [
        "Met Sarah at the expo. She wants a quote.",
        "Tom from Acme called too, call him back Friday",
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Met John at Acme. His wife Sarah's birthday is May 3",  # the wife is told of through John
        "见了李总，他说张姐也要订货",  # one sentence: one note
        "李总下周二回访。李总的女儿明年高考",  # the same client twice
        "Test drive w/ the Hendersons went great. Mrs Henderson wants the hybrid.",  # one family
        "Karen (Dr. Patel's scheduler) said his daughter graduates May 15",  # "Dr." ends no sentence
        "张伟生日：农历十一月廿六",  # no name inside a date
        "【转发】范总 12-12 21:03\n小王，下周三上午来公司一趟",  # a forwarded message is one person's words
        "Mrs Patel's husband passed last week. Funeral is on Tuesday.",  # an event word is no name
    ],
)
def test_a_note_about_one_client_is_not_cut(note: str) -> None:
    assert client_parts(note) is None
