"""`read`: one note in, everything Rapport understands from it out — pure, no I/O, no clock.

A `Reading` is what the capture code files: who the note is about, a relationship
level if one is stated, and the dated facts (birthdays, follow-ups, events), plus
the company, the contact functions and the hashtags. Everything is read from the
text and the note's moment (`now`, seen in the salesperson's timezone `tz`);
nothing is looked up, stored or sent.
"""

from __future__ import annotations

import re

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from crm.model import Birthday, CalendarKind
from crm.understanding import calendar_rules, en_dates, festival_days, zh_dates
from crm.understanding.birth_years import birth_year
from crm.understanding.companies import company_of
from crm.understanding.contact_functions import contact_functions
from crm.understanding.facts import dated_facts
from crm.understanding.forwarded import without_stamps
from crm.understanding.hashtags import hashtags
from crm.understanding.level_statements import stated_level
from crm.understanding.mentions import (
    DayKind,
    DayMention,
    Mention,
    with_day_ranges_joined,
    with_weekdays_in_named_week,
    with_weekdays_joined,
    without_overlaps,
)
from crm.understanding.people import client_name
from crm.understanding.text_form import Aligned, align


@dataclass(frozen=True, slots=True)
class Reading:
    """What a note says. `facts` are plain dicts in the documented shape (docs/understanding.md)."""

    client: str | None = None
    level: str | None = None
    facts: tuple[dict[str, Any], ...] = ()
    company: str | None = None
    functions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The reading as JSON-ready data (what `python -m crm.understanding` prints)."""
        return {
            "client": self.client,
            "level": self.level,
            "facts": [dict(fact) for fact in self.facts],
            "company": self.company,
            "functions": list(self.functions),
            "hashtags": list(self.hashtags),
        }


def read(text: str, *, now: datetime, tz: tzinfo | str, known_names: Iterable[str] = ()) -> Reading:
    """Understand one note written at `now` by a salesperson living in `tz`.

    `now` must be timezone-aware; "today" is its date in `tz`. `known_names` are the
    clients' names and aliases in the salesperson's book: one found in the note is
    preferred as the client (the longest when several overlap).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (the moment the note was written)")
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local = now.astimezone(zone)
    today = local.date()
    aligned = align(text)
    mentions = _mentions(aligned.text, aligned.original, today, day_first=writes_day_first(zone))
    date_spans = [(mention.start, mention.end) for mention in mentions]
    client = client_name(aligned, known_names, date_spans)
    client_span = client[1] if client else None
    level = stated_level(aligned.text)
    facts = dated_facts(
        aligned,
        mentions,
        today=today,
        now_time=local.time().replace(tzinfo=None),
        not_relatives=_every_place_named(aligned.text, client_span),
    )
    return Reading(
        client=client[0] if client else None,
        level=level.value if level else None,
        facts=tuple(_with_birth_year(facts, aligned.text, today)),
        company=company_of(aligned, client_span),
        functions=contact_functions(aligned.text),
        hashtags=hashtags(text),
    )


def _every_place_named(text: str, span: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    """Every place the client's written name stands (「張太太…張太太自己是9月3號生日」): its 太太 is no relative."""
    if span is None:
        return ()
    name = text[span[0] : span[1]]
    return tuple((match.start(), match.end()) for match in re.finditer(re.escape(name), text))


def _with_birth_year(facts: list[dict[str, Any]], text: str, today: date) -> list[dict[str, Any]]:
    """The client's one birthday, given the year the note states apart from it (「85年出生，生日7月22号」)."""
    birthdays = [fact for fact in facts if fact["type"] == "birthday"]
    if len(birthdays) != 1 or birthdays[0]["year"] is not None:
        return facts
    year = birth_year(text, today)
    return facts if year is None else [{**fact, "year": year} if fact is birthdays[0] else fact for fact in facts]


def read_birthday(text: str, tz: tzinfo | None = None) -> Birthday | None:
    """The birthday a short answer gives ("3月5号", "农历八月十五", "1985-03-05", "March 5"), or None.

    Used when Rapport has asked for a client's birthday: only a written month and
    day count (relative words like 明天 need a moment and are not accepted here).
    `tz`, the salesperson's, decides whether 3/5 is 5 March or 3 May.
    """
    aligned = align(text)
    day_first = tz is not None and writes_day_first(tz)
    for mention in _mentions(aligned.text, aligned.original, _NO_PARTICULAR_DAY, day_first=day_first):
        if isinstance(mention, DayMention) and mention.kind is DayKind.MONTH_DAY:
            assert mention.month is not None and mention.day is not None
            return Birthday(
                month=mention.month,
                day=mention.day,
                year=mention.year,
                calendar=CalendarKind.LUNAR if mention.lunar else CalendarKind.SOLAR,
                leap_month=mention.leap,
            )
    return None


def date_spans(aligned: Aligned) -> list[tuple[int, int]]:
    """Where the folded note names days and times (no name is taken from inside one)."""
    return [(mention.start, mention.end) for mention in _mentions(aligned.text, aligned.original, _NO_PARTICULAR_DAY)]


#: Month-days do not depend on today; relative phrases found against this day are ignored by read_birthday.
_NO_PARTICULAR_DAY = date(2000, 1, 3)


def writes_day_first(zone: tzinfo) -> bool:
    """Whether people in `zone` write 4/12 for 4 December: not in China, Taiwan, Japan, Korea, the
    Philippines or North America (month first), but in Britain, Europe, India, Malaysia, Singapore,
    Hong Kong, Australia, Africa and Latin America."""
    key = getattr(zone, "key", None)
    if key is None:
        return False
    if key in _MONTH_FIRST_ZONES:
        return False
    if key.startswith(("America/", "US/", "Canada/")) and not key.startswith(_LATIN_AMERICA):
        return False
    return key.startswith(("Europe/", "Africa/", "Australia/", "Asia/", "Pacific/Auckland", "Atlantic/", "Indian/", "America/"))


_MONTH_FIRST_ZONES = frozenset(
    "Asia/Shanghai Asia/Chongqing Asia/Harbin Asia/Urumqi Asia/Taipei Asia/Tokyo Asia/Seoul Asia/Manila Asia/Pyongyang".split()
)
_LATIN_AMERICA = tuple(
    f"America/{city}"
    for city in (
        "Mexico_City Monterrey Tijuana Cancun Merida Guatemala El_Salvador Tegucigalpa Managua Costa_Rica Panama Havana "
        "Santo_Domingo Puerto_Rico Bogota Caracas Lima Guayaquil La_Paz Santiago Asuncion Montevideo Sao_Paulo Bahia "
        "Fortaleza Recife Manaus Belem Argentina"
    ).split()
)


def _dated_day_first(text: str, found: list[Mention]) -> list[Mention]:
    """4/12 as 4 December where people write the day first (24/11/1972 is read so everywhere)."""
    turned: list[Mention] = []
    for mention in found:
        if isinstance(mention, DayMention) and mention.kind is DayKind.MONTH_DAY:
            slashed = _SLASHED.fullmatch(text, mention.start, mention.end)
            if slashed is not None and mention.month == int(slashed[1]):  # read month first: turn it round
                month, day = int(slashed[2]), int(slashed[1])
                if month <= 12 and calendar_rules.valid_date(mention.year or 2000, month, day) is not None:
                    mention = replace(mention, month=month, day=day)
        turned.append(mention)
    return turned


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})(?:/\d{2,4})?")


def _mentions(text: str, original: str, today: date, *, day_first: bool = False) -> list[Mention]:
    found = without_overlaps(zh_dates.find(text, today) + en_dates.find(text, original, today))
    found = without_overlaps(found + festival_days.find(text, today, found))
    if day_first:
        found = _dated_day_first(text, found)
    found = [mention for mention in found if not _PERIOD_OF_A_FIGURE.match(text, mention.end)]
    found = with_day_ranges_joined(text, with_weekdays_joined(text, without_stamps(text, found), today))
    return with_weekdays_in_named_week(text, found, today)


#: After a day, these make it the period a figure is about, not when anything happens: 年底的账, 月底的库存.
_PERIOD_OF_A_FIGURE = re.compile("的(?:账|帐|对账单|报表|数据|库存|目标|指标|预算|业绩|销量|总结|报告)")
