"""The CSV export opens correctly in Excel with Chinese text, and Rapport can read it back."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from crm.model import Birthday, CalendarKind, Client, Level
from crm.portability import ImportRow, export_csv, read_csv
from tests.portability.builders import SHANGHAI, a_client


def exported(*clients: Client, language: str = "zh-Hans") -> bytes:
    return export_csv(clients, language=language, owner_timezone=SHANGHAI)


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_file_starts_with_a_bom_so_excel_reads_it_as_utf8() -> None:
    assert exported(a_client()).startswith(b"\xef\xbb\xbf")


def test_rows_end_with_crlf() -> None:
    text = exported(a_client()).decode("utf-8-sig")
    assert text.count("\r\n") == 2 and "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize(
    "language, header",
    [
        ("en", ["Name", "Company", "Phone", "Level", "Birthday", "Tags", "Area", "Last contact"]),
        ("zh-Hans", ["姓名", "公司", "电话", "关系", "生日", "标签", "区域", "最近联系"]),
        ("zh-Hant", ["姓名", "公司", "電話", "關係", "生日", "標籤", "區域", "最近聯繫"]),
    ],
)
def test_header_row_is_in_the_salespersons_language(language: str, header: list[str]) -> None:
    assert cells(exported(language=language))[0] == header


def test_a_client_row_has_every_column_in_chinese() -> None:
    client = a_client(
        company="华东机电",
        phone="13800138000",
        birthday=Birthday(3, 5, 1985),
        tags=("VIP", "老客户"),
        area="浦东",
        last_contact_at=datetime(2026, 2, 28, 17, 0, tzinfo=timezone.utc),
    )
    assert cells(exported(client))[1] == [
        "张伟", "华东机电", "\t13800138000", "朋友", "1985-03-05", "VIP;老客户", "浦东", "2026-03-01",
    ]


def test_last_contact_is_the_local_date_not_the_utc_one() -> None:
    evening_in_utc = datetime(2026, 2, 28, 17, 0, tzinfo=timezone.utc)  # 01:00 on 1 March in Shanghai
    assert cells(exported(a_client(last_contact_at=evening_in_utc)))[1][7] == "2026-03-01"


def test_lunar_birthday_is_written_in_chinese_for_the_script_of_the_reader() -> None:
    client = a_client(birthday=Birthday(12, 23, calendar=CalendarKind.LUNAR))
    assert (cells(exported(client))[1][4], cells(exported(client, language="zh-Hant"))[1][4]) == (
        "农历腊月廿三",
        "農曆臘月廿三",
    )


def test_birthday_without_a_year_is_month_and_day() -> None:
    assert cells(exported(a_client(birthday=Birthday(2, 29))))[1][4] == "02-29"


def test_levels_are_written_in_english_for_english_readers() -> None:
    assert cells(exported(a_client(level=Level.PASSER_BY), language="en"))[1][3] == "Passer-by"


def test_landline_keeps_its_leading_zero_in_excel() -> None:
    assert cells(exported(a_client(phone="02155551234")))[1][2] == "\t02155551234"


def test_cell_that_excel_would_run_as_a_formula_is_defused() -> None:
    assert cells(exported(a_client("=HYPERLINK(1)")))[1][0] == "\t=HYPERLINK(1)"


def test_exported_file_reads_back_as_the_same_clients() -> None:
    clients = [
        a_client(id=1, phone="+8613800138000", birthday=Birthday(8, 15, 1985, CalendarKind.LUNAR), tags=("VIP",)),
        a_client("林美玲", id=2, level=Level.CONFIDANT, company="香港貿易", birthday=Birthday(2, 29), area="中环"),
    ]
    for language in ("en", "zh-Hans", "zh-Hant"):
        assert read_csv(exported(*clients, language=language)).rows == (
            ImportRow(
                2, "张伟", None, "+8613800138000", Birthday(8, 15, 1985, CalendarKind.LUNAR), Level.FRIEND, ("VIP",)
            ),
            ImportRow(3, "林美玲", "香港貿易", None, Birthday(2, 29), Level.CONFIDANT, (), None, "中环"),
        ), language
