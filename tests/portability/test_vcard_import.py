"""Contacts exported from phones: Android's vCard 2.1, iPhone's 3.0, and 4.0."""

from __future__ import annotations

import pytest

from crm.model import Birthday, CalendarKind
from crm.portability import ImportProblem, ImportRow, SkippedRow, read_vcards
from tests.portability.builders import fixture


def card(*lines: str, version: str = "3.0") -> bytes:
    return "\r\n".join(("BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", "")).encode()


def only_row(*lines: str, version: str = "3.0") -> ImportRow:
    (row,) = read_vcards(card(*lines, version=version)).rows
    return row


def test_android_2_1_quoted_printable_card_is_read_completely() -> None:
    first = read_vcards(fixture("android_2_1.vcf")).rows[0]
    assert first == ImportRow(
        line=1,
        name="张伟",
        company="华东机电有限公司",
        phone="13800138000",
        birthday=Birthday(3, 5, 1985),
        notes="老客户，2019年展会认识。\n喜欢喝普洱茶，孩子在上海读大学。",
    )


def test_android_card_with_only_a_chinese_family_field_keeps_the_whole_name() -> None:
    second = read_vcards(fixture("android_2_1.vcf")).rows[1]
    assert (second.line, second.name, second.phone) == (14, "李娜", "075588889999")


def test_android_card_without_any_name_is_skipped_with_its_line() -> None:
    assert read_vcards(fixture("android_2_1.vcf")).skipped == (SkippedRow(19, "empty_name"),)


def test_iphone_3_0_card_prefers_the_mobile_number_and_reads_categories_as_tags() -> None:
    first = read_vcards(fixture("iphone_3_0.vcf")).rows[0]
    assert (first.name, first.company, first.phone, first.tags) == (
        "王芳",
        "上海锦程贸易有限公司",
        "+8613912345678",
        ("VIP", "上海"),
    )


def test_iphone_birthday_without_a_year_has_no_year() -> None:
    assert read_vcards(fixture("iphone_3_0.vcf")).rows[0].birthday == Birthday(8, 20)


def test_iphone_note_keeps_line_breaks_and_commas() -> None:
    assert read_vcards(fixture("iphone_3_0.vcf")).rows[0].notes == "喜欢喝普洱\n周末打高尔夫, 不喝咖啡"


def test_iphone_chinese_calendar_birthday_becomes_a_lunar_birthday() -> None:
    assert read_vcards(fixture("iphone_3_0.vcf")).rows[1].birthday == Birthday(8, 15, 1985, CalendarKind.LUNAR)


def test_western_name_is_read_from_fn_as_written() -> None:
    third = read_vcards(fixture("iphone_3_0.vcf")).rows[2]
    assert (third.name, third.company, third.birthday) == ("John Smith", "Acme Trading Ltd.", Birthday(11, 30, 1979))


def test_vcard_4_0_uri_phone_and_leap_day_birthday_are_read() -> None:
    first = read_vcards(fixture("vcard_4_0.vcf")).rows[0]
    assert (first.name, first.phone, first.birthday, first.tags) == (
        "陳大文",
        "+85291234567",
        Birthday(2, 29),
        ("香港", "朋友"),
    )


def test_vcard_4_0_compact_birthday_with_year_is_read() -> None:
    assert read_vcards(fixture("vcard_4_0.vcf")).rows[1].birthday == Birthday(1, 15, 1990)


def test_chinese_structured_name_without_fn_is_family_name_first_without_space() -> None:
    assert only_row("N:张;伟;;;").name == "张伟"


def test_western_structured_name_without_fn_is_given_name_first() -> None:
    assert only_row("N:Smith;John;;;").name == "John Smith"


@pytest.mark.parametrize("bday", ["--0305", "--03-05", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-05", "0000-03-05"])
def test_birthday_without_a_year_in_every_spelling(bday: str) -> None:
    line = bday if bday.startswith("BDAY") else f"BDAY:{bday}"
    assert only_row("FN:张伟", line).birthday == Birthday(3, 5)


def test_birthday_that_is_not_a_date_skips_the_card_and_says_why() -> None:
    parsed = read_vcards(card("FN:张伟", "BDAY:sometime in spring"))
    assert parsed.skipped == (SkippedRow(1, "bad_birthday", {"column": "BDAY", "value": "sometime in spring"}),)


def test_one_broken_card_does_not_lose_the_others() -> None:
    cut_off = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:cut off before its end\r\n"
    parsed = read_vcards(cut_off + card("FN:王芳"))
    assert ([row.name for row in parsed.rows], parsed.skipped) == (["王芳"], (SkippedRow(1, "unreadable_card"),))


def test_text_that_is_not_a_vcard_is_refused() -> None:
    with pytest.raises(ImportProblem) as caught:
        read_vcards("姓名,电话\n张伟,13800138000\n".encode())
    assert caught.value.code == "not_vcard"


def test_file_of_only_broken_cards_is_refused() -> None:
    with pytest.raises(ImportProblem) as caught:
        read_vcards(b"BEGIN:VCARD\r\nthis is not a property\r\nEND:VCARD\r\n")
    assert caught.value.code == "not_vcard"
