"""Telegram's HTML parse mode: what parses, what Telegram refuses, and with which words."""

from __future__ import annotations

import html

import pytest

from bot.fake_api.telegram_html import HtmlParseError, ParsedText, parse_html, plain_text, utf16_length


def refusal(source: str) -> str:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    return str(caught.value)


def test_bold_client_name_and_escaped_note_become_text_and_entities() -> None:
    parsed = parse_html(f"<b>张伟</b>: {html.escape('buys <5 boxes & pays cash')}")
    assert parsed.text == "张伟: buys <5 boxes & pays cash"
    assert parsed.entities == ({"type": "bold", "offset": 0, "length": 2},)


def test_entity_offsets_count_utf16_code_units() -> None:
    parsed = parse_html("🎂 <i>birthday</i>")
    assert parsed.entities == ({"type": "italic", "offset": 3, "length": 8},)
    assert utf16_length(parsed.text) == 11


def test_unescaped_less_than_from_user_text_is_refused() -> None:
    assert refusal("price a < b") == 'Unsupported start tag "" at byte offset 8'


def test_unescaped_ampersand_is_refused_although_telegram_would_keep_it() -> None:
    assert refusal("Tom & Jerry").startswith('Character "&" at byte offset 4 must be escaped')


def test_numeric_and_named_references_are_decoded() -> None:
    assert plain_text("&lt;&gt;&amp;&quot;&#20320;&#x597D;") == '<>&"你好'


def test_unknown_tag_is_refused_at_its_utf8_byte_offset() -> None:
    assert refusal("张伟<br>") == 'Unsupported start tag "br" at byte offset 6'


def test_crossed_tags_name_the_expected_and_found_end_tag() -> None:
    assert refusal("<b><i>test</b></i>") == 'Unmatched end tag at byte offset 10, expected "</i>", found "</b>"'


def test_unclosed_tag_is_refused() -> None:
    assert refusal("<b>unclosed") == 'Can\'t find end tag corresponding to start tag "b"'


def test_end_tag_without_start_is_refused() -> None:
    assert refusal("done</b>") == "Unexpected end tag at byte offset 4"


def test_span_is_only_a_spoiler() -> None:
    assert refusal('<span class="note">x</span>') == 'Tag "span" must have class "tg-spoiler" at byte offset 0'


def test_link_href_is_decoded_into_the_url() -> None:
    parsed = parse_html('<a href="https://maps.example/?q=1&amp;z=2">map</a>')
    assert parsed.entities == ({"type": "text_link", "offset": 0, "length": 3, "url": "https://maps.example/?q=1&z=2"},)


def test_code_with_language_inside_pre_is_one_pre_entity() -> None:
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert parsed.entities == ({"type": "pre", "offset": 0, "length": 5, "language": "python"},)


def test_expandable_blockquote_and_spoiler_are_understood() -> None:
    parsed = parse_html("<blockquote expandable>long note</blockquote><tg-spoiler>secret</tg-spoiler>")
    assert [entity["type"] for entity in parsed.entities] == ["expandable_blockquote", "spoiler"]


def test_empty_tags_leave_no_entity() -> None:
    assert parse_html("<b></b>hi") == ParsedText("hi", ())


def test_trimming_drops_outer_white_space_and_shifts_entities() -> None:
    parsed = parse_html("\n\n<b>Today</b>\n").trimmed()
    assert parsed == ParsedText("Today", ({"type": "bold", "offset": 0, "length": 5},))
