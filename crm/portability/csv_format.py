"""Clients as a spreadsheet: the CSV Rapport writes, and the CSVs people send it.

Export (`export_csv`): UTF-8 with a BOM and CRLF line ends, so Excel — also a
Chinese Excel, which otherwise assumes GBK — shows Chinese text correctly; a
header row in the salesperson's language.

Import (`read_csv`): UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
"Unicode text"), else GB18030 (a superset of the GBK that Chinese Excel
writes); comma, semicolon or tab separated; headers recognised in Simplified
and Traditional Chinese and English by the vocabulary below. Each row becomes
an `ImportRow` or a `SkippedRow` saying why.

The header words are data-format vocabulary, not UI sentences, so they live
here. Never touches the book: comparing with existing clients is `import_plan`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from crm.levels import parse_level
from crm.model import Client, Level
from crm.portability.birthday_text import birthday_text, read_birthday
from crm.portability.problems import ImportProblem
from crm.portability.rows import ImportRow, ParsedRows, SkippedRow
from crm.portability.text_values import decode_text, normalise_phone, split_tags

LANGUAGES = ("en", "zh-Hans", "zh-Hant")

#: Export columns, in order, with their header in each language.
EXPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("Name", "Company", "Phone", "Level", "Birthday", "Tags", "Area", "Last contact"),
    "zh-Hans": ("姓名", "公司", "电话", "关系", "生日", "标签", "区域", "最近联系"),
    "zh-Hant": ("姓名", "公司", "電話", "關係", "生日", "標籤", "區域", "最近聯繫"),
}

#: Level names written on export (the same words as the bot's levels catalog).
LEVEL_WORDS: dict[str, dict[Level, str]] = {
    "en": {
        Level.PASSER_BY: "Passer-by",
        Level.ACQUAINTANCE: "Acquaintance",
        Level.FRIEND: "Friend",
        Level.CONFIDANT: "Confidant",
    },
    "zh-Hans": {Level.PASSER_BY: "过客", Level.ACQUAINTANCE: "熟人", Level.FRIEND: "朋友", Level.CONFIDANT: "知己"},
    "zh-Hant": {Level.PASSER_BY: "過客", Level.ACQUAINTANCE: "熟人", Level.FRIEND: "朋友", Level.CONFIDANT: "知己"},
}

TAG_SEPARATOR = ";"

#: Header words recognised on import, by field. Matching ignores case, spaces,
#: ``_``/``-``/``.``, a trailing ``*`` or ``:`` and a bracketed hint (``电话(手机)``).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": (
        "姓名", "名字", "联系人", "聯絡人", "聯繫人", "联系人姓名", "聯絡人姓名",
        "name", "full name", "fullname", "contact", "contact name", "display name",
    ),
    # A customer column is the name, unless a person column (above) is also
    # present: then it is the company, as in Chinese CRM exports (客户名称 + 联系人).
    "customer": (
        "客户", "客户名称", "客户姓名", "客戶", "客戶名稱", "客戶姓名",
        "client", "client name", "customer", "customer name",
    ),
    "company": (
        "公司", "单位", "公司名称", "工作单位", "企业", "單位", "公司名稱", "工作單位", "企業",
        "company", "company name", "organization", "organisation", "org", "employer",
    ),
    "phone": (
        "电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "联系方式",
        "電話", "手機", "手機號", "手機號碼", "聯絡電話", "聯繫電話", "電話號碼", "聯絡方式", "聯繫方式",
        "phone", "mobile", "tel", "telephone", "phone number", "mobile phone", "mobile number", "cell", "cell phone",
    ),
    "birthday": (
        "生日", "出生日期", "生辰", "birthday", "birth date", "birthdate", "date of birth", "dob", "bday",
    ),
    "level": (
        "关系", "级别", "等级", "关系等级", "关系级别", "客户等级",
        "關係", "級別", "等級", "關係等級", "關係級別", "客戶等級",
        "level", "relationship", "relationship level",
    ),
    "tags": ("标签", "分类", "標籤", "標簽", "分類", "tags", "tag", "labels", "categories"),
    "notes": (
        "备注", "说明", "备忘", "備註", "說明", "備忘",
        "notes", "note", "remark", "remarks", "comment", "comments", "memo",
    ),
    "area": ("区域", "地区", "片区", "區域", "地區", "片區", "area", "district", "region", "territory"),
}

_DELIMITERS = (",", ";", "\t")
_HEADER_SEARCH_ROWS = 5
_HINT = re.compile(r"[(（\[【].*[)）\]】]$")
#: Cells Excel would misread: a formula (``=``, ``+``, ``-``, ``@``), a number that
#: loses its leading zero (021…) or is shown in scientific notation (1.38E+10).
_EXCEL_MISREADS = re.compile(r"^(?:[=+\-@]|0\d+$|\d{11,}$)")


def export_csv(clients: Iterable[Client], *, language: str, owner_timezone: str) -> bytes:
    """Clients as a CSV that Excel opens correctly; `last contact` is the local date.

    Phone numbers and other cells Excel would misread (a long number shown as
    1.38E+10, a landline losing its leading 0, a leading ``+``/``=`` taken for a
    formula) get an invisible leading tab, which `read_csv` strips again.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    zone = ZoneInfo(owner_timezone)
    script = "zh-Hant" if language == "zh-Hant" else "zh-Hans"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS[language])
    for client in clients:
        writer.writerow(
            _excel_safe(cell)
            for cell in (
                client.name,
                client.company or "",
                client.phone or "",
                LEVEL_WORDS[language][client.level],
                birthday_text(client.birthday, script=script) if client.birthday else "",
                TAG_SEPARATOR.join(client.tags),
                client.area or "",
                _local_date(client.last_contact_at, zone),
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def read_csv(data: bytes) -> ParsedRows:
    """The rows of a contact spreadsheet saved as CSV.

    Raises ImportProblem ``empty_file``, ``encoding``, ``not_csv`` or
    ``no_name_column``; rows that cannot be used are returned as skipped.
    """
    text = decode_text(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    next_line = 1
    try:
        for cells in reader:
            records.append((next_line, cells))
            next_line = reader.line_num + 1
    except csv.Error:
        raise ImportProblem("not_csv", {"line": reader.line_num}) from None
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        raise ImportProblem("empty_file")
    start, headers, columns, ignored = _find_header(records)
    rows: list[ImportRow] = []
    skipped: list[SkippedRow] = []
    for line, cells in records[start + 1 :]:
        outcome = _read_row(line, cells, headers, columns)
        if isinstance(outcome, ImportRow):
            rows.append(outcome)
        else:
            skipped.append(outcome)
    return ParsedRows(kind="csv", rows=tuple(rows), skipped=tuple(skipped), ignored_columns=ignored)


def _excel_safe(cell: str) -> str:
    return "\t" + cell if _EXCEL_MISREADS.match(cell) else cell


def _local_date(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).date().isoformat() if moment else ""


def _sniff_delimiter(text: str) -> str:
    """The separator used most on the first line that has one (a title row may have none).

    Only one line is counted because notes further down may be full of commas.
    A file without any separator has a single column: comma separated.
    """
    for line in text.splitlines()[:_HEADER_SEARCH_ROWS]:
        counts = {delimiter: line.count(delimiter) for delimiter in _DELIMITERS}
        best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
        if counts[best]:
            return best
    return ","


def _header_key(header: str) -> str:
    key = unicodedata.normalize("NFKC", header).strip().casefold()
    key = key.rstrip("*:： ").lstrip("*")
    return re.sub(r"[\s_\-.]+", "", key)


_HEADER_LOOKUP: dict[str, str] = {
    _header_key(word): field for field, words in HEADER_WORDS.items() for word in words
}


def _find_header(
    records: Sequence[tuple[int, list[str]]],
) -> tuple[int, list[str], dict[str, list[int]], tuple[str, ...]]:
    """The header row: the first with a name column among the first few rows.

    Spreadsheets made from a Chinese Excel template often start with a title
    row ("客户通讯录") above the headers; such rows are passed over.
    """
    for position, (_, cells) in enumerate(records[:_HEADER_SEARCH_ROWS]):
        columns, ignored = _recognise(cells)
        if "name" in columns:
            return position, cells, columns, ignored
    raise ImportProblem("no_name_column", {"headers": [cell.strip() for cell in records[0][1] if cell.strip()]})


def _recognise(headers: Sequence[str]) -> tuple[dict[str, list[int]], tuple[str, ...]]:
    """Which columns hold which field (several phone columns are fine), and the columns ignored."""
    columns: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = _header_key(header)
        field = _HEADER_LOOKUP.get(key) or _HEADER_LOOKUP.get(_HINT.sub("", key))
        if field is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        columns.setdefault(field, []).append(index)
    customer = columns.pop("customer", [])
    if "name" not in columns:
        if customer:
            columns["name"] = customer
    elif customer:
        columns.setdefault("company", []).extend(customer)
    return columns, tuple(ignored)


def _read_row(
    line: int, cells: list[str], headers: Sequence[str], columns: dict[str, list[int]]
) -> ImportRow | SkippedRow:
    extra = [cell for cell in cells[len(headers) :] if cell.strip()]
    if extra:
        # More cells than headers: almost always an unquoted comma, so every
        # value after it sits in the wrong column.
        return SkippedRow(line, "too_many_cells", {"expected": len(headers), "found": len(cells)})

    def value(field: str) -> tuple[str, str]:
        """The first non-empty cell of `field`, with its header (for the skip reason)."""
        for index in columns.get(field, ()):
            cell = " ".join(cells[index].split()) if index < len(cells) else ""
            if cell:
                return cell, headers[index].strip()
        return "", ""

    name, _ = value("name")
    if not name:
        return SkippedRow(line, "empty_name")
    birthday_cell, birthday_header = value("birthday")
    birthday = read_birthday(birthday_cell) if birthday_cell else None
    if birthday_cell and birthday is None:
        return SkippedRow(line, "bad_birthday", {"column": birthday_header, "value": birthday_cell})
    level_cell, level_header = value("level")
    level = parse_level(level_cell) if level_cell else None
    if level_cell and level is None:
        return SkippedRow(line, "unknown_level", {"column": level_header, "value": level_cell})
    company, _ = value("company")
    phone, _ = value("phone")
    tags, _ = value("tags")
    notes = _notes(cells, columns.get("notes", ()))
    area, _ = value("area")
    return ImportRow(
        line=line,
        name=name,
        company=company or None,
        phone=normalise_phone(phone) if phone else None,
        birthday=birthday,
        level=level,
        tags=split_tags(tags),
        notes=notes,
        area=area or None,
    )


def _notes(cells: list[str], indexes: Iterable[int]) -> str | None:
    """Notes keep their line breaks; several notes columns are joined, one per line."""
    parts = [cells[index].strip() for index in indexes if index < len(cells) and cells[index].strip()]
    return "\n".join(parts) or None
