"""Telling a request to Rapport from a note, in Simplified and Traditional Chinese and in English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.intents import Intent, IntentKind, classify


@pytest.mark.parametrize(
    "text",
    ["今天该拜访谁", "今天去见谁", "今天拜访谁好", "今天該拜訪誰", "今天该去拜访谁呢？", "who should I visit today", "Who should I see?", "who to visit today"],
)
def test_asking_who_to_visit_asks_for_the_visit_plan(text: str) -> None:
    assert classify(text) == Intent(IntentKind.VISIT_PLAN)


@pytest.mark.parametrize(
    ("text", "count"),
    [("top 3 to visit", 3), ("Top 5", 5), ("今天拜访哪3个客户", 3), ("今天拜訪哪三位", 3), ("推荐5个客户拜访", 5)],
)
def test_visit_plan_can_ask_for_a_number_of_clients(text: str, count: int) -> None:
    assert classify(text) == Intent(IntentKind.VISIT_PLAN, count=count)


@pytest.mark.parametrize(
    ("text", "area"),
    [("朝阳区今天拜访谁", "朝阳区"), ("朝陽區今天該拜訪誰", "朝陽區"), ("who should I visit in Chaoyang today", "Chaoyang")],
)
def test_visit_plan_can_name_an_area(text: str, area: str) -> None:
    assert classify(text) == Intent(IntentKind.VISIT_PLAN, area=area)


@pytest.mark.parametrize(
    ("text", "name"),
    [("张伟的资料", "张伟"), ("張偉的資料", "張偉"), ("查一下王总", "王总"), ("show Zhang", "Zhang"), ("show me John's card", "John"), ("Sarah Lee's profile", "Sarah Lee")],
)
def test_asking_for_a_client_opens_their_card(text: str, name: str) -> None:
    assert classify(text) == Intent(IntentKind.CLIENT_CARD, name=name)


@pytest.mark.parametrize("text", ["我的客户结构", "我的客戶結構", "客户金字塔", "my pyramid", "show my pyramid"])
def test_asking_for_the_structure_shows_the_pyramid(text: str) -> None:
    assert classify(text) == Intent(IntentKind.PYRAMID)


@pytest.mark.parametrize("text", ["今天有什么提醒", "今天有什麼提醒", "今天的提醒", "what's due today", "What is due today?"])
def test_asking_what_is_due_shows_today(text: str) -> None:
    assert classify(text) == Intent(IntentKind.TODAY)


@pytest.mark.parametrize("text", ["怎么用", "怎麼用", "帮助", "help", "How do I use this?"])
def test_asking_how_it_works_shows_help(text: str) -> None:
    assert classify(text) == Intent(IntentKind.HELP)


@pytest.mark.parametrize(("text", "query"), [("找 装修", "装修"), ("搜索建材", "建材"), ("find acme", "acme"), ("search for Acme Corp", "Acme Corp")])
def test_find_searches_the_book(text: str, query: str) -> None:
    assert classify(text) == Intent(IntentKind.FIND, query=query)


@pytest.mark.parametrize("text", ["我的客户", "我的客戶", "客户列表", "list my clients", "my clients", "all clients"])
def test_asking_for_clients_lists_them(text: str) -> None:
    assert classify(text) == Intent(IntentKind.CLIENTS)


@pytest.mark.parametrize(
    "text",
    [
        "今天拜访了张伟",
        "今天拜訪了張偉，聊得很好",
        "张伟的资料发给他了",
        "下周二回访张伟",
        "明天下午三点给他打电话",
        "他问我今天该拜访谁",
        "找他聊了聊，他想要报价",
        "find a gift for his daughter's wedding",
        "Visited Sarah today, she is now a friend",
        "张伟生日3月5号",
    ],
)
def test_notes_are_not_requests(text: str) -> None:
    assert classify(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.sampled_from(["张伟的资料", "show John", "找 装修", "find acme", "查一下王总"]))
def test_a_request_always_carries_what_it_needs_as_written(text: str) -> None:
    intent = classify(text)
    if intent is not None and intent.kind is IntentKind.CLIENT_CARD:
        assert intent.name and intent.name in text
    if intent is not None and intent.kind is IntentKind.FIND:
        assert intent.query and intent.query in text


def test_a_long_note_with_several_lines_is_never_a_request() -> None:
    assert classify("今天该拜访谁\n张伟生日3月5号") is None
