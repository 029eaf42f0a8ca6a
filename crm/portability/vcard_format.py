"""Contacts exported from a phone (.vcf): vCard 2.1 (older Android), 3.0 (iPhone) and 4.0.

Each card becomes an `ImportRow`: the name from FN, else from N written the
Chinese way (family name first, no space: ``N:张;伟`` → 张伟) or the Western way
(``N:Smith;John`` → John Smith); ORG; the first mobile TEL (else the first
TEL); BDAY (``1985-03-05``, ``19850305``, ``--0305``, Apple's year-less
``1604-03-05`` with ``X-APPLE-OMIT-YEAR``); Apple's Chinese-calendar birthday
(``X-ALTBDAY;CALSCALE=chinese``) as a lunar birthday; NOTE; CATEGORIES as tags.

Cards are split apart before parsing, so one broken card is skipped with its
line number instead of losing the whole address book. Never touches the book.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import vobject
from vobject.base import VObjectError

from crm.model import Birthday, CalendarKind
from crm.portability.birthday_text import read_birthday
from crm.portability.problems import ImportProblem
from crm.portability.rows import ImportRow, ParsedRows, SkippedRow
from crm.portability.text_values import decode_text, normalise_phone, split_tags

_BEGIN = re.compile(r"^begin:vcard\s*$", re.IGNORECASE)
_END = re.compile(r"^end:vcard\s*$", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BDAY = re.compile(r"^(?P<year>\d{4}|--)-?(?P<month>\d{2})-?(?P<day>\d{2})(?:t.*)?$", re.IGNORECASE)
#: Apple writes Chinese-calendar dates as cycle (4 digits), year in cycle (4), month (2), day (2).
_APPLE_CHINESE = re.compile(r"^(?P<cycle>\d{4})(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")


def read_vcards(data: bytes) -> ParsedRows:
    """Every card in a .vcf file; raises ImportProblem ``empty_file``, ``encoding`` or ``not_vcard``."""
    text = decode_text(data)
    rows: list[ImportRow] = []
    skipped: list[SkippedRow] = []
    for line, card_text in _cards(text):
        try:
            card = vobject.readOne(card_text, allowQP=True)
            outcome = _row(line, card)
        except (VObjectError, LookupError, UnicodeDecodeError, ValueError):
            # LookupError: an unknown CHARSET; the others: a card vobject cannot read.
            outcome = SkippedRow(line, "unreadable_card")
        if isinstance(outcome, ImportRow):
            rows.append(outcome)
        else:
            skipped.append(outcome)
    if not rows and not skipped:
        raise ImportProblem("not_vcard")
    if not rows and all(row.reason_code == "unreadable_card" for row in skipped):
        raise ImportProblem("not_vcard")
    return ParsedRows(kind="vcard", rows=tuple(rows), skipped=tuple(skipped))


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """Each BEGIN:VCARD … END:VCARD block with the line it starts on; text between cards is ignored.

    A card cut off before its END is still yielded, so it is reported as
    unreadable rather than silently dropped.
    """
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.match(line):
            if start is not None:
                yield start, "\r\n".join(lines) + "\r\n"
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if _END.match(line):
                yield start, "\r\n".join(lines) + "\r\n"
                start, lines = None, []
    if start is not None:
        yield start, "\r\n".join(lines) + "\r\n"


def _row(line: int, card: Any) -> ImportRow | SkippedRow:
    name = _name(card)
    if not name:
        return SkippedRow(line, "empty_name")
    bday = _first(card, "bday")
    birthday = _lunar_birthday(card) or (_birthday(bday) if bday is not None else None)
    if bday is not None and birthday is None and _text(bday.value):
        return SkippedRow(line, "bad_birthday", {"column": "BDAY", "value": _text(bday.value)})
    notes = [_text(note.value) for note in card.contents.get("note", []) if _text(note.value)]
    tags = tuple(
        dict.fromkeys(
            tag
            for categories in card.contents.get("categories", [])
            for tag in _tags(categories.value)
        )
    )
    return ImportRow(
        line=line,
        name=name,
        company=_company(card),
        phone=_phone(card),
        birthday=birthday,
        tags=tags,
        notes="\n".join(notes) or None,
    )


def _first(card: Any, name: str) -> Any | None:
    children = card.contents.get(name)
    return children[0] if children else None


def _text(value: Any) -> str:
    """A property value as one clean line-preserving string (vobject may give lists)."""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(part) for part in value if part)
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip()


def _name(card: Any) -> str:
    formatted = _first(card, "fn")
    if formatted is not None and _text(formatted.value):
        return " ".join(_text(formatted.value).split())
    structured = _first(card, "n")
    if structured is None:
        return ""
    name = structured.value
    family, given = _text(name.family), _text(name.given)
    if _HAN.search(family + given):
        return family + given
    return " ".join(part for part in (given, _text(name.additional), family) if part)


def _company(card: Any) -> str | None:
    org = _first(card, "org")
    if org is None:
        return None
    # ORG is "company;department;…": the company is what a salesperson files clients by.
    parts = org.value if isinstance(org.value, list) else [org.value]
    company = _text(parts[0]) if parts else ""
    return company or None


def _phone(card: Any) -> str | None:
    phones = card.contents.get("tel", [])
    mobiles = [tel for tel in phones if "CELL" in _types(tel)]
    for tel in (*mobiles, *phones):
        number = normalise_phone(re.sub(r"^tel:", "", _text(tel.value), flags=re.IGNORECASE))
        if number:
            return number
    return None


def _types(prop: Any) -> set[str]:
    """TYPE values in every spelling: ``TEL;CELL`` (2.1), ``TYPE=CELL,VOICE`` (3.0), ``TYPE="voice,cell"`` (4.0)."""
    found = {param.upper() for param in prop.singletonparams}
    for value in prop.params.get("TYPE", []):
        found.update(part.strip().strip('"').upper() for part in value.split(","))
    return found


def _tags(value: Any) -> tuple[str, ...]:
    parts = value if isinstance(value, list) else [value]
    return tuple(tag for part in parts for tag in split_tags(_text(part)))


def _birthday(prop: Any) -> Birthday | None:
    value = _text(prop.value)
    match = _BDAY.match(value)
    if match is None:
        return read_birthday(value)
    year = None if match["year"] == "--" else match["year"]
    omitted = prop.params.get("X-APPLE-OMIT-YEAR", [])
    if year is not None and (year in omitted or year in ("0000", "1604")):
        # Apple (and some Android apps) write a placeholder year for "no year".
        year = None
    month_day = f"{match['month']}-{match['day']}"
    return read_birthday(f"{year}-{month_day}" if year else month_day)


def _lunar_birthday(card: Any) -> Birthday | None:
    for prop in card.contents.get("x-altbday", []):
        if [scale.lower() for scale in prop.params.get("CALSCALE", [])] != ["chinese"]:
            continue
        match = _APPLE_CHINESE.match(_text(prop.value))
        if match is None:
            continue
        month, day = int(match["month"]), int(match["day"])
        if 1 <= month <= 12 and 1 <= day <= 30:
            # Cycle 78, year 1 is 1984 (甲子); the lunar year a client was born in.
            year = (int(match["cycle"]) - 1) * 60 + int(match["year"]) - 2637
            known_year = year if 1900 <= year <= 2100 else None
            return Birthday(month=month, day=day, year=known_year, calendar=CalendarKind.LUNAR)
    return None
