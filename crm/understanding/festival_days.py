"""Festivals named as days: 「中秋前送月饼」, 「春节后再去拜访」, "before xmas", "turns 60 on boxing day".

Matched on the folded text (Simplified, lower-case). A festival with a fixed day in
its calendar is a month-day (lunar ones stay lunar, so 「他生日是中秋」 is a lunar
birthday). After 春节 / CNY (also 过完年, 年后) is 初八, when work starts again, and
年前 is the day before 除夕; after any other festival, the day after it; before one
(圣诞前, "before Christmas"), the day before it, so a gift arrives in time. A
festival word describing something ("Christmas party", "xmas hamper", 圣诞晚会,
中秋礼盒) and one next to another day ("明天元旦", "Christmas is on Friday") name no
day of their own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter

from crm.understanding import calendar_rules
from crm.understanding.mentions import DayKind, DayMention, Mention

#: Festival → (month, day, lunar) of its day.
_FIXED = {
    "春节": (1, 1, True), "大年初一": (1, 1, True), "农历新年": (1, 1, True), "农历年": (1, 1, True), "过年": (1, 1, True),
    "chinese new year": (1, 1, True), "lunar new year": (1, 1, True), "cny": (1, 1, True),
    "元宵节": (1, 15, True), "元宵": (1, 15, True), "端午节": (5, 5, True), "端午": (5, 5, True), "七夕": (7, 7, True),
    "中秋节": (8, 15, True), "中秋": (8, 15, True), "mid-autumn festival": (8, 15, True), "mid-autumn": (8, 15, True),
    "重阳节": (9, 9, True), "重阳": (9, 9, True), "腊八": (12, 8, True),
    "元旦": (1, 1, False), "new year's day": (1, 1, False), "new year's": (1, 1, False), "new year": (1, 1, False),
    "情人节": (2, 14, False), "valentine's day": (2, 14, False), "valentine's": (2, 14, False),
    "劳动节": (5, 1, False), "国庆节": (10, 1, False), "国庆": (10, 1, False),
    "平安夜": (12, 24, False), "christmas eve": (12, 24, False), "xmas eve": (12, 24, False),
    "圣诞节": (12, 25, False), "圣诞": (12, 25, False), "christmas day": (12, 25, False), "christmas": (12, 25, False),
    "xmas": (12, 25, False), "boxing day": (12, 26, False), "new year's eve": (12, 31, False), "nye": (12, 31, False),
    "st patrick's day": (3, 17, False), "st. patrick's day": (3, 17, False), "paddy's day": (3, 17, False),
}
#: Festivals whose day moves from year to year by a rule of its own.
_MOVING = (
    "除夕", "清明节", "清明", "冬至", "感恩节", "thanksgiving", "holy thursday", "maundy thursday", "good friday", "easter monday",
    "easter", "mothering sunday", "母亲节", "mother's day", "父亲节", "father's day",
)
_NAMES = sorted([*_FIXED, *_MOVING], key=len, reverse=True)
_FESTIVAL = re.compile("(?<![a-z])(?:" + "|".join(re.escape(name) for name in _NAMES) + ")(?![a-z])")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAMES_A_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day")
_WEEKDAY_AFTER = re.compile(
    r"(?:the\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+after\s+(?:the\s+)?$"
)
#: Words that put the day after a festival (春节后, "after CNY", 过完年): a suffix follows its name, a prefix
#: comes before it. Likewise the day before one, below.
_AFTER_SUFFIX = re.compile(r"\s*(?:以后|之后|过后|后)")
_AFTER_PREFIX = re.compile(r"(?:after|past|post)\s+(?:the\s+)?$|过完$|过了$")
#: "before Christmas", 圣诞前: by the day before it (a gift or a card must arrive in time).
_BEFORE_SUFFIX = re.compile(r"\s*(?:之前|以前|前)(?!一天|一日|[一二两三四五六七八九十\d])")
_BEFORE_PREFIX = re.compile(r"(?<!day )(?<!days )(?<!week )(?<!weeks )(?<!night )(?:before|by|ahead of)\s+(?:the\s+)?$")
#: A festival word describing the thing after it: "Christmas party", "xmas hamper", 中秋礼盒, 圣诞晚会.
_DESCRIBES = re.compile(
    r"\s*(?:party|parties|do|dinner|lunch|drinks|card|cards|hamper|hampers|gift|gifts|present|presents|bonus|tree|"
    r"market|sale|sales|order|orders|rush|stock|menu|function|event|lights|decorations|promo|promotion|campaign|"
    r"season|period|holidays?|break|shutdown|stuff|things|theme|music|songs|greetings?|wishes|eve party|brunch|buffet|"
    r"launch party|weekend stock|egg|eggs|hunt)(?![a-z])"
    r"|礼盒|礼品|礼物|晚会|聚会|活动|促销|订单|备货|福利|奖金|贺卡|卡片|大促|套餐|期间|假期|档期"
)


#: The Chinese New Year holidays said without the festival's name: 过完年 / 年后 (after them), 年前 (before).
_NEW_YEAR_AFTER = re.compile(r"过完年|(?<![\d一二两三四五六七八九十几多去今明前后每])年(?:后|以后|过后)")
_NEW_YEAR_BEFORE = re.compile(r"(?<![\d一二两三四五六七八九十几多去今明前后每])年前(?![一二两三四五六七八九十\d])")


def find(text: str, today: date, others: list[Mention]) -> list[Mention]:
    """Every festival named as a day in the folded `text`; `others` are the note's other day mentions."""
    found: list[Mention] = _new_year_holidays(text, today)
    for match in _FESTIVAL.finditer(text):
        if _DESCRIBES.match(text, match.end()) and not _NAMES_A_WEEKDAY.search(match[0]):
            continue  # "Christmas party" is no Christmas; a "Mothering Sunday brunch" is on that Sunday
        weekday_after = _WEEKDAY_AFTER.search(text, 0, match.start())
        if weekday_after is not None:  # "the Monday after New Year's": the first such weekday after the festival
            festival = _day_of(match[0], match.start(), match.end(), today, after=False)
            day = None if festival is None else festival.resolve(today, time_ahead=False)
            if day is not None:
                weekday = _WEEKDAYS.index(weekday_after["wd"][:3])
                found.append(DayMention(weekday_after.start(), match.end(), DayKind.DATE,
                                        date=day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)))
            continue
        if _next_to_another_day(match.start(), match.end(), others):
            continue
        after = bool(_AFTER_SUFFIX.match(text, match.end()) or _AFTER_PREFIX.search(text, 0, match.start()))
        mention = _day_of(match[0], match.start(), match.end(), today, after=after)
        before = _BEFORE_SUFFIX.match(text, match.end()) or _BEFORE_PREFIX.search(text, 0, match.start())
        if mention is not None and before and not after:
            day = mention.resolve(today, time_ahead=False)
            mention = None if day is None else DayMention(mention.start, mention.end, DayKind.DATE, date=day - timedelta(days=1))
        if mention is not None:
            found.append(mention)
    return found


def _new_year_holidays(text: str, today: date) -> list[Mention]:
    """「过完年再联系」, 「年后」: 初八, when work starts again; 「年前」: the day before 除夕, so a gift arrives in time."""
    found: list[Mention] = []
    for match in _NEW_YEAR_AFTER.finditer(text):
        day = _work_starts_again(today)
        if day is not None:
            found.append(DayMention(match.start(), match.end(), DayKind.DATE, date=day))
    for match in _NEW_YEAR_BEFORE.finditer(text):
        new_year = calendar_rules.next_lunar(today, 1, 1)
        if new_year is not None:
            found.append(DayMention(match.start(), match.end(), DayKind.DATE, date=new_year - timedelta(days=2)))
    return found


def _day_of(name: str, start: int, end: int, today: date, *, after: bool) -> DayMention | None:
    if name in _FIXED and not after:
        month, day, lunar = _FIXED[name]
        return DayMention(start, end, DayKind.MONTH_DAY, month=month, day=day, lunar=lunar)
    if name in _FIXED:
        month, day, lunar = _FIXED[name]
        if (month, day, lunar) == (1, 1, True):
            on = _work_starts_again(today)
        else:
            festival = calendar_rules.next_lunar(today, month, day) if lunar else calendar_rules.next_month_day(today, month, day)
            on = None if festival is None else festival + timedelta(days=1)
        return None if on is None else DayMention(start, end, DayKind.DATE, date=on)
    on = _next_moving(name, today)
    if on is not None and after:
        on += timedelta(days=1)
    return None if on is None else DayMention(start, end, DayKind.DATE, date=on)


def _work_starts_again(today: date) -> date | None:
    """初八 after the coming (or just begun) Chinese New Year: when offices open again."""
    return calendar_rules.next_lunar(today - timedelta(days=7), 1, 8)


def _next_moving(name: str, today: date) -> date | None:
    """The next day (today included) of a festival whose date moves."""
    for year in (today.year, today.year + 1):
        if name == "除夕":
            new_year = calendar_rules.next_lunar(date(year, 1, 1), 1, 1)
            day = None if new_year is None else new_year - timedelta(days=1)
        elif name in ("感恩节", "thanksgiving"):
            day = calendar_rules.nth_weekday(year, 11, 3, 4)
        elif name in ("清明节", "清明", "冬至"):
            day = _solar_term(name, year)
        elif name in _EASTER_OFFSETS:
            day = easter(year) + timedelta(days=_EASTER_OFFSETS[name])
        elif name in ("母亲节", "mother's day"):
            day = calendar_rules.nth_weekday(year, 5, 6, 2)
        else:
            day = calendar_rules.nth_weekday(year, 6, 6, 3)
        if day is not None and day >= today:
            return day
    return None


#: Days counted from Easter Sunday.
_EASTER_OFFSETS = {
    "easter": 0, "easter monday": 1, "good friday": -2, "holy thursday": -3, "maundy thursday": -3,
    "mothering sunday": -21,  # Ireland and Britain: the fourth Sunday of Lent
}


def _solar_term(name: str, year: int) -> date:
    """清明 (4 or 5 April) and 冬至 (21 or 22 December) by the usual 21st-century formula (within a day)."""
    y = year % 100
    if name.startswith("清明"):
        return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)
    return date(year, 12, int(y * 0.2422 + 21.94) - y // 4)


def _next_to_another_day(start: int, end: int, others: list[Mention]) -> bool:
    """「明天元旦」, "Christmas is on Friday": the other day is the one meant; the festival only names it."""
    return any(
        isinstance(other, DayMention) and (0 <= start - other.end <= 8 or 0 <= other.start - end <= 8) for other in others
    )
