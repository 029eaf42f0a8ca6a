"""What the date finders report: a day or a time of day named somewhere in a note.

A `DayMention` keeps a day the way it was written (a month and day, a weekday,
"in two weeks") so that the reading can decide later what it means for the kind
of fact it belongs to: a birthday keeps its month and day (and stays lunar), an
event or follow-up needs the next real day. Never resolves "today" itself: the
caller passes the salesperson's local date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum

from crm.understanding import calendar_rules, cues


class DayKind(StrEnum):
    DATE = "date"  # the day is already known: 明天, 下周二, in two weeks, 2027-06-07
    MONTH_DAY = "month_day"  # a month and day, year optional: 3月5号, 农历八月十五, March 5
    DAY_OF_MONTH = "day_of_month"  # only the day: 5号, the 20th
    WEEKDAY = "weekday"  # a plain weekday: 周五, Friday — the next one on or after today
    PERIOD = "period"  # a vague period's anchor day: 下周, next month, 下个月中旬 — follow-ups only


class PartOfDay(StrEnum):
    EARLY = "early"  # 凌晨
    MORNING = "morning"  # 早上, 上午, 明早, morning, a.m.
    NOON = "noon"  # 中午
    AFTERNOON = "afternoon"  # 下午, afternoon, p.m.
    EVENING = "evening"  # 晚上, 傍晚, 今晚, tonight


@dataclass(frozen=True, slots=True)
class DayMention:
    start: int
    end: int
    kind: DayKind
    date: dt.date | None = None  # `dt.`: in the class body, `date` names this field, not the type
    month: int | None = None
    day: int | None = None
    year: int | None = None
    lunar: bool = False
    leap: bool = False
    weekday: int | None = None
    part_of_day: PartOfDay | None = None
    rolls_forward: bool = False  # 这周六: a plan for a day already past this week means next week's

    def resolve(self, today: dt.date, *, time_ahead: bool) -> dt.date | None:
        """The local calendar day this mention names, seen from `today`.

        Month-days without a year and bare day numbers mean their next occurrence
        on or after today; a plain weekday means today only when a time still
        ahead today was given (`time_ahead`), otherwise the next one.
        """
        if self.kind in (DayKind.DATE, DayKind.PERIOD):
            return self.date
        if self.kind is DayKind.WEEKDAY:
            assert self.weekday is not None
            return calendar_rules.next_weekday(today, self.weekday, today_counts=time_ahead)
        if self.kind is DayKind.DAY_OF_MONTH:
            assert self.day is not None
            return calendar_rules.next_day_of_month(today, self.day)
        assert self.month is not None and self.day is not None
        if self.lunar:
            if self.year is not None:
                return calendar_rules.lunar_to_solar(self.year, self.month, self.day, leap=self.leap)
            return calendar_rules.next_lunar(today, self.month, self.day, leap=self.leap)
        if self.year is not None:
            return calendar_rules.valid_date(self.year, self.month, self.day)
        return calendar_rules.next_month_day(today, self.month, self.day)


@dataclass(frozen=True, slots=True)
class TimeMention:
    """An hour and minute as written; `bare` when nothing but the hour says it is a time ("三点")."""

    start: int
    end: int
    hour: int
    minute: int
    part_of_day: PartOfDay | None = None
    bare: bool = False
    weak: bool = False  # "一点" is also "a little": only a time next to a day or a part of day
    literal: bool = False  # a 24-hour clock with its leading zero (01:02, 05:30): the hour as written

    def clock(self, day_part: PartOfDay | None) -> time | None:
        """The 24-hour time, using the part of day written with the hour, else the day's (明晚, tonight).

        Without any part of day, 1–6 o'clock means the afternoon (business hours:
        三点 is 15:00) and 7–12 is as written — unless written 01:00–06:59, which
        only a 24-hour clock writes.
        """
        part = self.part_of_day or day_part
        hour = self.hour
        if part in (PartOfDay.AFTERNOON, PartOfDay.EVENING) and hour < 12:
            hour += 12
        elif part is PartOfDay.NOON and hour < 6:
            hour += 12
        elif part in (PartOfDay.EARLY, PartOfDay.MORNING) and hour == 12:
            hour = 0 if part is PartOfDay.EARLY else 12
        elif part is None and 1 <= hour <= 6 and not self.literal:
            hour += 12
        if hour == 24:
            hour = 0
        if not (0 <= hour <= 23 and 0 <= self.minute <= 59):
            return None
        return time(hour, self.minute)


Mention = DayMention | TimeMention


def without_overlaps(found: list[Mention]) -> list[Mention]:
    """Keep the earliest, then longest, of overlapping mentions (下周二 over 下周, 大后天 over 后天)."""
    kept: list[Mention] = []
    end = -1
    for mention in sorted(found, key=lambda item: (item.start, -(item.end - item.start))):
        if mention.start >= end:
            kept.append(mention)
            end = mention.end
    return kept


#: "Before EOD", "by close of business": the end of the day named, or of today.
END_OF_DAY = re.compile(r"eod|cob|end of (?:the )?day|close of business|end of business")
#: What may stand between a day and the weekday that names it again: 3月5日（周五）, "tomorrow, Saturday".
_APPOSITION_GAP = re.compile(r"[\s,，(（]*")
_CLOSING = re.compile(r"\s*[)）]")


def with_weekdays_joined(text: str, found: list[Mention], today: dt.date) -> list[Mention]:
    """One mention for a day written with its weekday: 明天周六, 3月5日（周五）, "Saturday Dec 19", "tomorrow, Saturday".

    Read apart, the weekday was a second day — a phantom follow-up, or the event
    moved to the weekday's next occurrence. The day that is not the weekday
    wins (the weekday only repeats it, or is a slip). Across a comma they are one
    day only when the weekday is right ("12月12号，周五去送礼物" is two days); the
    joined mention keeps a part of day written with either.
    """
    joined: list[Mention] = []
    for mention in found:
        previous = joined[-1] if joined else None
        if (
            isinstance(previous, DayMention)
            and isinstance(mention, DayMention)
            and (previous.kind is DayKind.WEEKDAY) != (mention.kind is DayKind.WEEKDAY)
            and DayKind.PERIOD not in (previous.kind, mention.kind)
            and (gap := _APPOSITION_GAP.fullmatch(text, previous.end, mention.start))
        ):
            day, weekday = (mention, previous) if previous.kind is DayKind.WEEKDAY else (previous, mention)
            if END_OF_DAY.fullmatch(text, day.start, day.end):  # "by Wednesday EOD": the end of Wednesday
                joined[-1] = replace(weekday, start=previous.start, end=mention.end)
                continue
            resolved = day.resolve(today, time_ahead=False)
            if ("," in gap[0] or "，" in gap[0]) and (resolved is None or resolved.weekday() != weekday.weekday):
                joined.append(mention)
                continue
            closing = _CLOSING.match(text, mention.end)
            joined[-1] = replace(
                day,
                start=previous.start,
                end=closing.end() if closing else mention.end,
                part_of_day=previous.part_of_day or mention.part_of_day,
            )
            continue
        if _same_day_in_brackets(text, previous, mention, today):  # 下週四(12/3): the date only repeats the day
            assert isinstance(previous, DayMention)
            closing = _CLOSING.match(text, mention.end)
            joined[-1] = replace(previous, end=closing.end() if closing else mention.end)
            continue
        joined.append(mention)
    return joined


def _same_day_in_brackets(text: str, previous: Mention | None, mention: Mention, today: dt.date) -> bool:
    if not (isinstance(previous, DayMention) and isinstance(mention, DayMention)):
        return False
    if not _BRACKET_GAP.fullmatch(text, previous.end, mention.start):
        return False
    day = previous.resolve(today, time_ahead=False)
    return day is not None and day == mention.resolve(today, time_ahead=False)


_BRACKET_GAP = re.compile(r"\s*[(（]\s*")


def with_weekdays_in_named_week(text: str, found: list[Mention], today: dt.date) -> list[Mention]:
    """「下禮拜再去 週三或週四都可以」, "next week sometime, Thursday maybe": a plain weekday said right
    after "next week" or a day of it, in the same sentence, is that week's day, not the coming one (which may
    still be in this week). Not one done first: 「下周再说，周五先打个电话」 is this Friday.
    After "that week" it is in the week of the day named before ("back on the 4th, … that week - Wed")."""
    next_monday = calendar_rules.monday_of(today) + dt.timedelta(weeks=1)
    week_end: int | None = None  # where the last "next week" ended
    last_day: dt.date | None = None  # the last day named, for "that week"
    placed: list[Mention] = []
    for mention in found:
        if isinstance(mention, DayMention):
            if mention.kind is DayKind.PERIOD or _NEXT_WEEK_DAY.match(text, mention.start):
                # "next week", or a day of it (「下禮拜一到禮拜三…，禮拜四再約」): its weekdays follow
                in_next_week = mention.date is not None and calendar_rules.monday_of(mention.date) == next_monday
                week_end = mention.end if in_next_week else None
            elif mention.kind is DayKind.WEEKDAY and last_day is not None and _THAT_WEEK.search(text, 0, mention.start):
                assert mention.weekday is not None  # "back on the 4th, let's do a call that week - Wed or Thu"
                monday = calendar_rules.monday_of(last_day)
                mention = replace(mention, kind=DayKind.DATE, date=monday + dt.timedelta(days=mention.weekday))
            elif (
                mention.kind is DayKind.WEEKDAY and week_end is not None
                and _SAME_BREATH.fullmatch(text, week_end, mention.start) and not _FIRST.match(text, mention.end)
            ):
                assert mention.weekday is not None
                mention = replace(mention, kind=DayKind.DATE, date=next_monday + dt.timedelta(days=mention.weekday))
            else:
                week_end = None
            if mention.kind is not DayKind.WEEKDAY:
                last_day = mention.resolve(today, time_ahead=False) or last_day
        placed.append(mention)
    return placed


#: A day of next week: 下周一, 下禮拜三, "next Tuesday", "next week Wednesday".
_NEXT_WEEK_DAY = re.compile(r"下(?:个)?(?:周|星期|礼拜)[一二三四五六日天1-7]|next (?:week |wk )?(?:mon|tue|wed|thu|fri|sat|sun)")
#: Right before a weekday: the week of the day named before it.
_THAT_WEEK = re.compile(r"(?:(?<![a-z])(?:that|the same) week|那周|那个星期|那个礼拜|当周)[^。.!?！？\n]{0,20}$")
#: Between "next week" and its weekday: a few words, no sentence's end.
_SAME_BREATH = re.compile(r"[^。.!?！？\n]{0,16}")
_FIRST = re.compile(r"\s*(?:先|first)")


def with_day_ranges_joined(text: str, found: list[Mention]) -> list[Mention]:
    """「下禮拜一到禮拜三都在大陸出差」, 「1/22到1/24學測」, "from the 16th to the 20th": a range of days is one
    mention, its first day — its last day was a second follow-up or event nobody asked for."""
    joined: list[Mention] = []
    for mention in found:
        previous = joined[-1] if joined else None
        if (
            isinstance(previous, DayMention) and isinstance(mention, DayMention)
            and DayKind.PERIOD not in (previous.kind, mention.kind)
            and _DAY_RANGE.fullmatch(text, previous.end, mention.start)
            and not _moved_from(text, previous.start)  # "moved from Thurs to Fri" is no range
        ):
            joined[-1] = replace(previous, end=mention.end)
            continue
        joined.append(mention)
    return joined


def _moved_from(text: str, day_at: int) -> bool:
    return bool(_FROM_BEFORE.search(text, 0, day_at) and cues.MOVING_VERB.search(text, 0, day_at))


_FROM_BEFORE = re.compile(r"(?<![a-z])from\s+$")
#: Between the first and the last day of a range.
_DAY_RANGE = re.compile(r"\s*(?:到|至|~|～|–|—|-|to|until|till|through|thru)\s*")