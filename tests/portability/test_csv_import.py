"""Spreadsheets people really send: Chinese Excel's GBK, UTF-8 with BOM, Traditional headers, broken files."""

from __future__ import annotations

import pytest

from crm.model import Birthday, CalendarKind, Level
from crm.portability import ImportProblem, ImportRow, SkippedRow, read_csv
from tests.portability.builders import fixture


def problem_of(data: bytes) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        read_csv(data)
    return caught.value


def only_row(text: str) -> ImportRow | SkippedRow:
    parsed = read_csv(text.encode("utf-8"))
    outcomes: list[ImportRow | SkippedRow] = [*parsed.rows, *parsed.skipped]
    (outcome,) = outcomes
    return outcome


def test_chinese_excel_gbk_file_is_read_with_every_column() -> None:
    first = read_csv(fixture("excel_zh_gbk.csv")).rows[0]
    assert first == ImportRow(
        line=2,
        name="张伟",
        company="华东机电",
        phone="13800138000",
        birthday=Birthday(3, 5, 1985),
        level=Level.FRIEND,
        tags=("VIP", "老客户"),
        notes="喜欢普洱",
        area="浦东",
    )


def test_gbk_file_keeps_lunar_birthdays_lunar() -> None:
    second = read_csv(fixture("excel_zh_gbk.csv")).rows[1]
    assert second.birthday == Birthday(8, 15, calendar=CalendarKind.LUNAR)


def test_gbk_file_says_which_rows_were_skipped_and_why() -> None:
    parsed = read_csv(fixture("excel_zh_gbk.csv"))
    assert parsed.skipped == (
        SkippedRow(5, "empty_name"),
        SkippedRow(6, "bad_birthday", {"column": "生日", "value": "13/45"}),
    )


def test_columns_nobody_recognises_are_reported_as_ignored() -> None:
    assert read_csv(fixture("excel_zh_gbk.csv")).ignored_columns == ("微信",)


def test_utf8_bom_file_with_english_header_variants_is_read() -> None:
    rows = read_csv(fixture("utf8_bom_en.csv")).rows
    assert [(row.name, row.company, row.birthday, row.level, row.area) for row in rows] == [
        ("Zhang Wei", "Huadong Electric", Birthday(3, 5), Level.FRIEND, "Pudong"),
        ("Li Na", None, Birthday(7, 21, 1990), Level.PASSER_BY, None),
    ]


def test_traditional_headers_in_a_tab_separated_file_are_recognised() -> None:
    first = read_csv(fixture("traditional_tab.csv")).rows[0]
    assert (first.name, first.phone, first.birthday, first.level, first.tags, first.notes) == (
        "陳大文",
        "0912345678",
        Birthday(12, 23, calendar=CalendarKind.LUNAR),
        Level.PASSER_BY,
        ("台北", "製造"),
        "第一次拜訪",
    )


def test_customer_column_beside_a_contact_person_column_is_the_company() -> None:
    first = read_csv(fixture("traditional_tab.csv")).rows[0]
    assert (first.name, first.company) == ("陳大文", "台灣精密工業")


def test_customer_column_alone_is_the_name() -> None:
    assert only_row("客户名称,电话\n张伟,13800138000\n") == ImportRow(line=2, name="张伟", phone="13800138000")


def test_semicolon_separated_file_is_read() -> None:
    assert only_row("Name;Phone;Tags\nZhang Wei;138 0013 8000;VIP,Shanghai\n") == ImportRow(
        line=2, name="Zhang Wei", phone="13800138000", tags=("VIP", "Shanghai")
    )


def test_utf16_file_from_excel_unicode_text_is_read() -> None:
    parsed = read_csv("姓名\t手机\r\n张伟\t13800138000\r\n".encode("utf-16"))
    assert parsed.rows == (ImportRow(line=2, name="张伟", phone="13800138000"),)


def test_headers_match_regardless_of_case_spacing_stars_and_hints() -> None:
    parsed = read_csv("  FULL NAME * ,电话（手机）,Birth_Date\nLi Na,139 0000 1111,1990-07-21\n".encode())
    assert parsed.rows == (ImportRow(line=2, name="Li Na", phone="13900001111", birthday=Birthday(7, 21, 1990)),)


def test_title_row_above_the_headers_is_passed_over() -> None:
    parsed = read_csv("客户通讯录,,\n姓名,公司,电话\n张伟,华东机电,13800138000\n".encode("gb18030"))
    assert parsed.rows == (ImportRow(line=3, name="张伟", company="华东机电", phone="13800138000"),)


def test_second_phone_column_is_used_when_the_first_is_empty() -> None:
    assert only_row("姓名,手机,电话\n张伟,,021-5555-1234\n") == ImportRow(line=2, name="张伟", phone="02155551234")


def test_phone_keeps_its_plus_and_loses_spaces_dashes_and_brackets() -> None:
    row = only_row("name,phone\nJohn,+1 (415) 555-0100\n")
    assert isinstance(row, ImportRow) and row.phone == "+14155550100"


def test_notes_keep_their_line_breaks() -> None:
    row = only_row('姓名,备注\n张伟,"喜欢普洱\n不喝咖啡"\n')
    assert isinstance(row, ImportRow) and row.notes == "喜欢普洱\n不喝咖啡"


@pytest.mark.parametrize("word, level", [("过客", Level.PASSER_BY), ("過客", Level.PASSER_BY), ("熟人", Level.ACQUAINTANCE),
                                         ("朋友", Level.FRIEND), ("知己", Level.CONFIDANT), ("Passer-by", Level.PASSER_BY),
                                         ("passer_by", Level.PASSER_BY), ("CONFIDANT", Level.CONFIDANT)])
def test_level_words_in_any_language_are_understood(word: str, level: Level) -> None:
    row = only_row(f"姓名,关系\n张伟,{word}\n")
    assert isinstance(row, ImportRow) and row.level == level


def test_unknown_level_word_skips_the_row_and_says_which() -> None:
    assert only_row("姓名,等级\n张伟,VIP\n") == SkippedRow(2, "unknown_level", {"column": "等级", "value": "VIP"})


def test_row_with_more_cells_than_headers_is_skipped_not_shifted() -> None:
    assert only_row("姓名,公司\n张伟,华东,机电,浦东\n") == SkippedRow(2, "too_many_cells", {"expected": 2, "found": 4})


def test_short_row_is_read_with_the_missing_cells_empty() -> None:
    assert only_row("姓名,公司,电话\n张伟\n") == ImportRow(line=2, name="张伟")


def test_blank_rows_that_excel_leaves_at_the_end_are_not_reported() -> None:
    parsed = read_csv(b"name,phone\r\nJohn,123\r\n,\r\n,\r\n")
    assert (len(parsed.rows), parsed.skipped) == (1, ())


def test_file_without_a_name_column_is_refused_and_lists_its_headers() -> None:
    found = problem_of("公司,电话\n华东机电,13800138000\n".encode())
    assert (found.code, found.values) == ("no_name_column", {"headers": ["公司", "电话"]})


def test_binary_junk_is_refused_as_unreadable_text() -> None:
    assert problem_of(bytes(range(256)) * 4).code == "encoding"


def test_excel_workbook_renamed_to_csv_is_refused_as_unreadable_text() -> None:
    assert problem_of(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 40).code == "encoding"


def test_empty_file_is_refused() -> None:
    assert problem_of(b" \r\n").code == "empty_file"


def test_unclosed_quote_is_refused_with_its_line() -> None:
    found = problem_of(b'name,notes\r\nJohn,"likes tea" and "coffee\r\n')
    assert (found.code, found.values) == ("not_csv", {"line": 2})
