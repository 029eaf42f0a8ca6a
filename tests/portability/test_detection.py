"""A received file is read as what it is, whatever the phone or chat app named it."""

from __future__ import annotations

import pytest

from crm.model import BookContents
from crm.portability import ImportProblem, ParsedRows, detect_and_read, dump_book
from tests.portability.builders import NOW, SHANGHAI, a_client, fixture


def test_csv_file_is_read_as_rows() -> None:
    parsed = detect_and_read("客户.csv", fixture("excel_zh_gbk.csv"))
    assert isinstance(parsed, ParsedRows) and parsed.kind == "csv"


def test_vcard_file_is_read_as_rows() -> None:
    parsed = detect_and_read("contacts.vcf", fixture("iphone_3_0.vcf"))
    assert isinstance(parsed, ParsedRows) and parsed.kind == "vcard"


def test_vcard_saved_as_txt_is_still_read_as_vcard() -> None:
    parsed = detect_and_read("contacts.txt", fixture("android_2_1.vcf"))
    assert isinstance(parsed, ParsedRows) and parsed.kind == "vcard"


def test_rapport_book_without_an_extension_is_read_as_a_whole_book() -> None:
    book = BookContents(clients=[a_client()])
    data = dump_book(book, exported_at=NOW, owner_timezone=SHANGHAI)
    assert detect_and_read("rapport-book", data) == book


def test_excel_workbook_is_an_unknown_format_naming_its_extension() -> None:
    with pytest.raises(ImportProblem) as caught:
        detect_and_read("客户.XLSX", b"PK\x03\x04" + b"\x00" * 30)
    assert (caught.value.code, caught.value.values) == ("unknown_format", {"filename": "客户.XLSX", "extension": "xlsx"})
