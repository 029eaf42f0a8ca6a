"""Long replies are split under Telegram's limit without breaking HTML."""

from __future__ import annotations

import html
import re

from handlers.render import MAX_TEXT, label, split_html, utf16_length


def visible(part: str) -> str:
    return html.unescape(re.sub(r"<[^<>]*>", "", part))


def test_a_short_reply_is_one_message() -> None:
    assert split_html("<b>张伟</b> &amp; co") == ["<b>张伟</b> &amp; co"]


def test_a_long_list_is_split_at_line_breaks_under_the_limit() -> None:
    lines = [f"<b>{index}.</b> 张伟 &amp; 李姐 — overdue {index} days" for index in range(400)]
    parts = split_html("\n".join(lines))
    assert len(parts) > 1
    assert all(utf16_length(visible(part)) <= MAX_TEXT for part in parts)
    assert "\n".join(parts).count("<b>") == 400
    assert all(part.count("<b>") == part.count("</b>") for part in parts)


def test_a_tag_spanning_the_cut_is_closed_and_reopened() -> None:
    parts = split_html("<blockquote>" + "\n".join(["笔记内容" * 20] * 200) + "</blockquote>")
    assert len(parts) > 1
    assert all(part.startswith("<blockquote>") and part.endswith("</blockquote>") for part in parts)


def test_one_huge_line_is_cut_without_splitting_an_entity_or_emoji() -> None:
    text = "&amp;😀" * 3000
    parts = split_html(text)
    assert all(utf16_length(visible(part)) <= MAX_TEXT for part in parts)
    assert "".join(visible(part) for part in parts) == "&😀" * 3000


def test_button_labels_are_shortened_for_long_names() -> None:
    assert label("张" * 100).endswith("…") and len(label("张" * 100)) == 40
    assert label("  John \n Smith ") == "John Smith"
