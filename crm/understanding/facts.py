"""From day and time mentions to facts: birthdays, dated events and follow-ups, each with its words.

The rules, in the order they are applied to each dated phrase (see docs/understanding.md):
1. A phrase is read together with the rest of its clause (`clauses`). Several dates
   in one clause split it before each later date.
2. A birthday word (生日, birthday, born, DOB) makes it a birthday, kept as written:
   month and day, the year only when written, lunar stays lunar. A family member's
   birthday (女儿生日, wife's birthday) is a dated event in the client's life instead.
3. An event word (高考, 开业, 签约, wedding, exams…) makes it a dated event, past or future.
   A clause that starts with a word of doing ("Ping Raj about the renewal…") is
   a follow-up whatever it is about.
4. Otherwise it is a follow-up, if it is today or later. Today's date is a plan
   only with a time or part of day still ahead, a word of intent (要, 记得, need
   to) or an opening word of doing ("Call Sarah today"), and never with a sign that
   it is done (拜访了, 聊得很好, visited); otherwise it is a report. A vague period (下周,
   next month) or a time without a day needs a word of doing (回访, 打电话, call…).
   A plain weekday in a clause that says it is done (周二拜访了孙总, called Sam on
   Monday) is the one just gone, unless the clause sets a day (约了, 改到, booked)
   or intends (再, will); a clause that calls the day off (先不打扰, can't make it)
   gives no follow-up.
5. A clause that is only a date takes its meaning from the clause before
   ("他儿子明年中考，6月20号") or else the one after ("下周三晚上六点半，和罗总吃饭"); a clause that is only a time ("下周二，10点") gives its time to the day
   before it, and so does one with a time and other words unless that day has passed;
   a clause that says 到时候/那天/then without a date takes the last day named, one
   that says 前一天/the day before the day before it. A clause that names only a day
   and its festival ("明天元旦") gives nothing itself.
6. 这周X / 本周X is this calendar week's day; when that day has passed and the
   clause is a plan (not 见过/visited), it is next week's.

Never invents a day: a phrase that names no real day gives no fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any

from crm.understanding import calendar_rules, cues
from crm.understanding.clauses import clause_spans
from crm.understanding.mentions import DayKind, DayMention, Mention, PartOfDay, TimeMention
from crm.understanding.numerals import english_number, small_number
from crm.understanding.text_form import Aligned


_RANGE = re.compile(r"\s*(?:到|至|-|~|～|–|—|to|until|till|and)\s*")  # "between 9 and 11am": from 9


@dataclass(frozen=True, slots=True)
class _When:
    """A day and/or a time of day that belong together ("明天下午三点", "Friday 3pm")."""

    day: DayMention | None
    time: TimeMention | None

    @property
    def start(self) -> int:
        return min(m.start for m in (self.day, self.time) if m is not None)

    @property
    def end(self) -> int:
        return max(m.end for m in (self.day, self.time) if m is not None)


@dataclass(frozen=True, slots=True)
class _Meaning:
    kind: str  # "birthday" | "date" | "followup"
    label: str | None = None


def dated_facts(
    aligned: Aligned,
    mentions: list[Mention],
    *,
    today: date,
    now_time: time,
    not_relatives: tuple[tuple[int, int], ...] = (),
) -> list[dict[str, Any]]:
    """Every dated fact in the note, in the order it was written.

    `not_relatives` are spans (the client's written name, e.g. 林太太) in which a
    family word does not name a relative.
    """
    text = aligned.text
    clauses = _clauses_with_whens(text, mentions, today)
    found: list[tuple[int, dict[str, Any]]] = []
    idle: set[int] = set()  # positions of follow-ups that came from no word of doing (a day said in passing)
    vague: set[int] = set()  # positions of follow-ups on a vague period's anchor day (next week → Monday)
    last_day: date | None = None
    borrowed_from: set[int] = set()  # clauses whose words already went to the date before them
    for number, clause in enumerate(clauses):
        if number in borrowed_from:
            continue
        if not clause.whens:
            fact = _that_day_follow_up(aligned, clause.start, clause.end, last_day, today)
            if fact is not None:
                found.append((clause.start, fact))
            continue
        previous = clauses[number - 1] if number > 0 else None
        moved = _moved_here(text, clause, previous, found)  # 「…三點跟許副理開會 改到明天同一時間」
        for index, when in enumerate(clause.whens):
            when = _counted_from(text, clause, when, last_day, today)  # 「搬完三天後」: three days after the move
            start = clause.start if index == 0 else _split(text, clause.whens[index - 1], when)[1]
            end = _split(text, when, clause.whens[index + 1])[0] if index + 1 < len(clause.whens) else clause.end
            start, end = _trim(text, start, end)
            meaning = _meaning(aligned, start, end, not_relatives, timed=when.time is not None)
            if meaning is None and len(clause.whens) == 1 and _only_date(text, start, end, when):
                following = clauses[number + 1] if number + 1 < len(clauses) else None
                borrowed = _meaning(aligned, previous.start, previous.end, not_relatives) if previous and not previous.whens else None
                if previous and borrowed is not None and borrowed.kind != "followup":
                    meaning, start = borrowed, previous.start  # "他儿子明年中考，6月20号"
                elif following is not None and not following.whens:
                    borrowed = _meaning(aligned, following.start, following.end, not_relatives)
                    if borrowed is not None:
                        meaning, end = borrowed, following.end  # "下周三晚上六点半，和罗总吃饭"
                        borrowed_from.add(number + 1)
            if meaning is None and when.day is not None and _names_a_festival(text, start, end, when):
                last_day = when.day.resolve(today, time_ahead=False) or last_day  # for a later 到时候
                continue
            fact, day = _fact(aligned, start, end, when, meaning, today, now_time)
            if fact is not None and fact["type"] == "birthday":
                following = clauses[number + 1] if number + 1 < len(clauses) else None
                fact = _lunar_if_said_after(fact, text, when, end, following)
            if fact is not None and index == 0 and moved and previous is not None and fact["type"] == "followup":
                fact = {**fact, "text": aligned.written(previous.start, end)}  # what was moved, and where to
            if fact is not None and fact["type"] == "followup" and fact["time"] is None and cues.SAME_TIME.search(text, start, end):
                fact = {**fact, "time": _time_before(clauses[: number + 1], when, moved)}  # 「改到禮拜五同一時間」
            if fact is None and day is not None:
                last_day = day  # a day called off is still the day "after" counts from
            if fact is not None:
                found.append((when.start, fact))
                if meaning is None:
                    idle.add(when.start)
                if when.day is not None and when.day.kind is DayKind.PERIOD:
                    vague.add(when.start)
                last_day = day or last_day
            elif when.day is not None and when.day.kind is DayKind.PERIOD:
                last_day = when.day.date or last_day  # "五月初先有预算，到时再找他": 到时 is early May
    return _one_follow_up_per_moment(sorted(found, key=lambda item: item[0]), idle, vague)


def _counted_from(text: str, clause: _Clause, when: _When, last_day: date | None, today: date) -> _When:
    """`when` counted from the day named before, when the words around it say so: 「搬完三天後」 (three days
    after the move), 「簽完約後一週內」, "After that … within 2 weeks", "the Thursday before". Otherwise as it
    is (from today)."""
    day = when.day
    if day is not None and day.kind is DayKind.WEEKDAY and last_day is not None and _BEFORE_THEN.match(text, day.end):
        assert day.weekday is not None  # "opening moved to Sat 13 March … drinks delivered the Thursday before"
        before = last_day - timedelta(days=(last_day.weekday() - day.weekday - 1) % 7 + 1)
        return replace(when, day=replace(day, kind=DayKind.DATE, date=before)) if before >= today else when
    if day is not None and day.kind is DayKind.WEEKDAY and last_day is not None and _AFTER_THAT.match(text, day.end):
        assert day.weekday is not None  # "a week from Wednesday, he's meeting the bank the Friday after that"
        after = last_day + timedelta(days=(day.weekday - last_day.weekday() - 1) % 7 + 1)
        return replace(when, day=replace(day, kind=DayKind.DATE, date=after))
    if day is None or day.kind is not DayKind.DATE or day.date is None or last_day is None or day.date <= today:
        return when
    if not _COUNTED_FROM_BEFORE.search(text, clause.start, day.start):
        return when
    return replace(when, day=replace(day, date=last_day + (day.date - today)))


#: After a weekday: "the Thursday before" (the day just named), not "before noon" or "before the 12th".
_BEFORE_THEN = re.compile(r"\s+before(?![a-z])(?!\s+(?:\d|[a-z]))")
_AFTER_THAT = re.compile(r"\s+after (?:that|it)(?![a-z])")
#: Before an offset ("三天後", "within 2 weeks"): something done first, from whose day it counts.
_COUNTED_FROM_BEFORE = re.compile(r"[\u4e00-\u9fff]完[约货单]?(?:之后|以后|后)?\s*$|(?<![a-z])after (?:that|it|then)\b[^.!?]*$")


def _time_before(clauses: list[_Clause], when: _When, moved: list[dict[str, Any]]) -> str | None:
    """The time said before `when` for 「同一時間」 / "same time": the moved plan's, else the last one named."""
    if moved and moved[-1]["time"]:
        return str(moved[-1]["time"])
    earlier = [other for clause in clauses for other in clause.whens if other.start < when.start and other.time is not None]
    if not earlier:
        return None
    last = earlier[-1]
    assert last.time is not None
    clock = last.time.clock(last.day.part_of_day if last.day else None)
    return clock.strftime("%H:%M") if clock else None


def _moved_here(
    text: str, clause: _Clause, previous: _Clause | None, found: list[tuple[int, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The previous clause's follow-ups, taken out of `found`, when this clause opens with 改到 / "moved to":
    they now happen here (with their time, if this one says 「同一時間」 / "same time")."""
    if previous is None or not cues.MOVED_OPENING.match(text, clause.start):
        return []
    moved = [item for item in found if previous.start <= item[0] < previous.end and item[1]["type"] == "followup"]
    for item in moved:
        found.remove(item)
    return [fact for _, fact in moved]


def _one_follow_up_per_moment(
    found: list[tuple[int, dict[str, Any]]], idle: set[int], vague: set[int]
) -> list[dict[str, Any]]:
    """One reminder per day and time: "补贴15号出结果，15号上午再打电话问问" and "Call him next week monday" gave two.

    A vague period's follow-up takes the day of a bare day right after it in its first week
    ("wants to meet next week, maybe Tuesday afternoon" is Tuesday). Of follow-ups at the same
    moment, those said in passing give way to one that says what to do (two tasks on one day both
    stay); birthdays and events are all kept.
    """
    found = _vague_then_day(found, idle, vague)
    at_moment: dict[tuple[str, str | None], list[int]] = {}
    for position, fact in found:
        if fact["type"] == "followup":
            at_moment.setdefault((fact["date"], fact["time"]), []).append(position)
    dropped: set[int] = set()
    for positions in at_moment.values():
        doing = [position for position in positions if position not in idle]
        dropped.update(position for position in positions if position in idle)  # said in passing…
        if not doing:
            dropped.discard(positions[0])  # …unless nothing else is said about that moment
    return [fact for position, fact in found if position not in dropped]


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    end: int
    whens: tuple[_When, ...]


def _clauses_with_whens(text: str, mentions: list[Mention], today: date) -> list[_Clause]:
    """The note's clauses with their days and times; a clause with a time but no day joins the day before it.

    "宋总：下周二，10点，公司见": the 10点 belongs to 下周二; so does the 晚上7点 of "下个星期五要来，
    约他吃晚饭 晚上7点". Not when that day has passed and the clause says more than the time
    ("昨天见了王总，下午三点给李总打电话" is today's call). When the day before is an event's and the
    clause says what to do, both stay: "禮拜天陳藥師週年慶，下午兩點過去幫忙" is the 週年慶 on Sunday and
    a visit at 14:00 that day.
    """
    clauses: list[_Clause] = []
    for start, end in clause_spans(text, [(m.start, m.end) for m in mentions]):
        whens = _whens(text, [m for m in mentions if start <= m.start < end])
        previous = _last_dated(text, clauses)
        if (
            previous is not None
            and len(whens) == 1
            and whens[0].day is None
            and previous.whens[-1].day is not None
            and previous.whens[-1].time is None
            and (_only_date(text, start, end, whens[0]) or not _in_the_past(previous.whens[-1].day, today))
        ):
            on_that_day = replace(previous.whens[-1], time=whens[0].time)
            in_between = previous is not clauses[-1]
            if not _only_date(text, start, end, whens[0]) and (
                cues.EVENT.search(text, previous.start, previous.end) or _another_part_of_day(text, previous, whens[0])
            ):
                clauses.append(_Clause(start, end, (on_that_day,)))  # its own follow-up, on that day
                continue
            index = clauses.index(previous)
            clauses[index] = _Clause(previous.start, previous.end if in_between else end, (*previous.whens[:-1], on_that_day))
            if in_between:
                clauses.append(_Clause(start, end, ()))
            continue
        if (
            previous is not None and len(whens) == 1 and whens[0].day is None
            and previous.whens[-1].day is not None and previous.whens[-1].time is not None
            and not _in_the_past(previous.whens[-1].day, today)
        ):  # 「明天上午10点拜访王总，下午3点给李总打电话」: that day too, not today
            clauses.append(_Clause(start, end, (replace(previous.whens[-1], time=whens[0].time),)))
            continue
        clauses.append(_Clause(start, end, tuple(whens)))
    return clauses


def _another_part_of_day(text: str, previous: _Clause, when: _When) -> bool:
    """「下周二上午去熊姐店里，下午两点到刘主任那边」: the time is another visit that day, not the morning's."""
    said = _SAID_PART.search(text, previous.start, previous.end)
    part = when.time.part_of_day if when.time is not None else None
    return said is not None and part is not None and _SAID_PARTS[said[0]] is not part


_SAID_PARTS = {
    "上午": PartOfDay.MORNING, "早上": PartOfDay.MORNING, "morning": PartOfDay.MORNING,
    "下午": PartOfDay.AFTERNOON, "afternoon": PartOfDay.AFTERNOON,
    "晚上": PartOfDay.EVENING, "evening": PartOfDay.EVENING,
}
_SAID_PART = re.compile("|".join(_SAID_PARTS))


def _split(text: str, earlier: _When, later: _When) -> tuple[int, int]:
    """Where the words of `earlier` end and those of `later` begin, in a clause that names two days: at the
    last "and" / "so" between them ("effective 1/1 so next touchpoint… and | her birthday is feb 11"), else
    at the later day itself."""
    earlier_end = max(m.end for m in (earlier.day, earlier.time) if m is not None)
    joins = list(_JOIN.finditer(text, earlier_end, later.start))
    return joins[-1].span() if joins else (later.start, later.start)


_JOIN = re.compile(r"\s(?:and|so|but|plus|also|because|since)\s|[而且还有并且另外]")


def _last_dated(text: str, clauses: list[_Clause]) -> _Clause | None:
    """The clause a time-only clause may join: the one before it, or the last with a date if only short
    asides stand between ("Monday instead, grand. 11am", 「下周二上午去熊姐店里 顺便聊下年货 然后下午两点…」)."""
    for clause in reversed(clauses):
        if clause.whens:
            return clause
        if clause.end - clause.start > _ASIDE_LENGTH:
            return None
    return None


#: At most this many characters make an aside a time can reach across to the day before it.
_ASIDE_LENGTH = 10  # "grand", "Same time", 「顺便聊下年货」


def _in_the_past(day: DayMention, today: date) -> bool:
    resolved = day.resolve(today, time_ahead=False)
    return resolved is not None and resolved < today


def _whens(text: str, mentions: list[Mention]) -> list[_When]:
    """Pair each time with the nearest day of its clause; a lone time or day stands alone.

    The end of a range ("下午3点到5点", "2 to 4pm") is not a time of its own.
    """
    days = [m for m in mentions if isinstance(m, DayMention)]
    times: list[TimeMention] = []
    for clock in (m for m in mentions if isinstance(m, TimeMention)):
        if times and _RANGE.fullmatch(text[times[-1].end : clock.start]):
            continue
        times.append(clock)
    paired: dict[int, TimeMention] = {}
    alone: list[TimeMention] = []
    for clock in times:
        free = [day for day in days if id(day) not in paired]
        nearest = min(free, key=lambda day: _gap(day, clock), default=None)
        if nearest is None or (clock.weak and _gap(nearest, clock) > 1):
            if not clock.weak:
                alone.append(clock)
            continue
        paired[id(nearest)] = clock
    whens = [_When(day, paired.get(id(day))) for day in days] + [_When(None, clock) for clock in alone]
    return sorted(whens, key=lambda when: when.start)


def _gap(day: DayMention, clock: TimeMention) -> int:
    return clock.start - day.end if clock.start >= day.end else day.start - clock.end


def _meaning(
    aligned: Aligned, start: int, end: int, not_relatives: tuple[tuple[int, int], ...], *, timed: bool = False
) -> _Meaning | None:
    """What the words of [start, end) make of a date in them; None when they say nothing.

    With a time, an action written before the event word is the plan and the event only
    its subject: 「听日下昼3点过去佢公司倾下年会用酒」 is a visit at 15:00, not the 年会.
    """
    segment = aligned.text[start:end]
    relative = cues.RELATIVE_BIRTHDAY.search(segment)
    if relative is not None and not any(left <= start + relative.start() < right for left, right in not_relatives):
        return _Meaning("date", _relative_birthday_label(aligned, start, relative))
    follow_up = cues.FOLLOW_UP.search(segment)
    if follow_up is not None and _opens_with(segment, follow_up):
        return _Meaning("followup")  # "Ping Raj about the renewal": doing comes first, whatever it is about
    if cues.BIRTHDAY.search(segment):
        return _Meaning("birthday")
    if event := next((found for found in cues.EVENT.finditer(segment) if not _is_venue(segment, found)), None):
        if timed and follow_up is not None and follow_up.start() < event.start():
            return _Meaning("followup")
        return _Meaning("date", aligned.written(start + event.start(), start + event.end()))
    if follow_up is not None:
        return _Meaning("followup")
    return None


def _is_venue(segment: str, event: re.Match[str]) -> bool:
    """"在展会上认识了王总", "met him at the conference": where we met, not a date in the client's life."""
    return bool(
        _VENUE_BEFORE_ZH.search(segment, 0, event.start()) and _VENUE_AFTER_ZH.match(segment, event.end())
        or _VENUE_BEFORE_EN.search(segment, 0, event.start())
    )


_VENUE_BEFORE_ZH = re.compile(r"在(?:这个|那个|这次|那次|上次)?$")
_VENUE_AFTER_ZH = re.compile(r"上|里|中|期间|现场")
_VENUE_BEFORE_EN = re.compile(r"(?<![a-z])at\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+|their\s+|his\s+|her\s+)?$")


def _relative_birthday_label(aligned: Aligned, start: int, relative: re.Match[str]) -> str:
    """"女儿生日", "老婆的生日" as written; with a day between (太太下周五生日) the two words joined."""
    if relative["relative"] is None:
        return aligned.written(start + relative.start(), start + relative.end())
    if relative["between"] in ("", "的"):
        return aligned.written(start + relative.start(), start + relative.end())
    return aligned.written(start + relative.start("relative"), start + relative.end("relative")) + aligned.written(
        start + relative.start("birthday"), start + relative.end("birthday")
    )


def _fact(
    aligned: Aligned,
    start: int,
    end: int,
    when: _When,
    meaning: _Meaning | None,
    today: date,
    now_time: time,
) -> tuple[dict[str, Any] | None, date | None]:
    """The fact one dated phrase gives, and the day it names (for a later 到时候)."""
    words = aligned.written(start, end)
    segment = aligned.text[start:end]
    done = cues.DONE.search(segment) is not None
    day_part = when.day.part_of_day if when.day else None
    clock = when.time.clock(day_part) if when.time else None
    if when.time is not None and clock is None:
        return None, None
    if when.day is None:
        if meaning is None or meaning.kind == "birthday" or clock is None:
            return None, None
        day = today if clock > now_time else today + timedelta(days=1)
    else:
        if when.day.kind is DayKind.PERIOD and (meaning is None or meaning.kind != "followup"):
            return None, None
        resolved = when.day.resolve(today, time_ahead=clock is not None and clock > now_time)
        if resolved is None:
            return None, None
        past = _tells_of_the_past(segment, when.day, done) and not _is_deadline(aligned, when)  # "sent over by Friday"
        day = _just_gone(when.day, today) if past else resolved
        if meaning is not None and meaning.kind == "date" and (done or cues.BORN.search(segment)):
            day = _recent_month_day(when.day, today) or day  # "Baby girl born 1/11", written on 12 January
    if meaning is not None and meaning.kind == "birthday":
        return _birthday(when.day, day, words), _next_birthday_day(when.day, day, today)
    hhmm = clock.strftime("%H:%M") if clock else None
    if when.day is not None and meaning is not None and meaning.kind == "followup":
        day -= timedelta(days=_days_ahead_of(aligned.text, when.day))  # 「圣诞节前一天送礼物」
    if cues.CALLED_OFF.search(segment) or _moved_away(segment, when.start - start) or _given_up(aligned.text, when):
        # 先不打扰; "the Ivy party has moved from the 12th", 「原定12月8日开业」: no event that day either.
        # The day stays named, for "on leave until Jan 4, call again after".
        return None, day
    if meaning is not None and meaning.kind == "date":
        return {"type": "date", "date": day.isoformat(), "time": hhmm, "label": meaning.label, "text": words}, day
    if day < today and when.day is not None and when.day.rolls_forward and not done:
        day += timedelta(days=7)  # 这周六 said on a Sunday, as a plan: the coming Saturday
    if day < today or (day == today and not _planned_for_today(segment, when, clock, now_time, done, _is_deadline(aligned, when))):
        return None, None
    return {"type": "followup", "date": day.isoformat(), "time": hhmm, "text": words}, day


def _days_ahead_of(text: str, day: DayMention) -> int:
    """How many days before the named day the task is: 「12月25日前一天」, 「开业前三天」 come after it,
    "the day before Christmas", "two days before the 18th" before it; 0 when neither is said."""
    said = _AHEAD_AFTER.match(text, day.end) or _AHEAD_BEFORE.search(text, 0, day.start)
    if said is None:
        return 0
    return 1 if said["one"] else _days_in(said) or 0


_AHEAD_AFTER = re.compile(
    r"\s*的?(?:(?P<one>前一天|前一日|前一晚|头一天)"
    r"|(?:提前|前)(?P<zh>[一二两三四五六七八九十\d]{1,2})(?P<zh_unit>天|日|周|个星期|星期|礼拜))"
)
_AHEAD_BEFORE = re.compile(
    r"(?<![a-z])(?:(?P<one>(?:the|a) (?:day|night|evening) before)"
    r"|(?P<en>a|one|two|three|four|five|six|seven|ten|\d{1,2}) (?P<en_unit>days?|weeks?) before)\s+(?:the\s+)?$"
)


def _recent_month_day(day: DayMention, today: date) -> date | None:
    """The month-day just gone (within three months) for an event told as done; None when there is none."""
    if day.kind is not DayKind.MONTH_DAY or day.year is not None or day.lunar:
        return None
    assert day.month is not None and day.day is not None
    for year in (today.year, today.year - 1):
        candidate = calendar_rules.valid_date(year, day.month, day.day)
        if candidate is not None and candidate < today:
            return candidate if (today - candidate).days <= 92 else None
    return None


def _given_up(text: str, when: _When) -> bool:
    """"Monday 14/12 at 4:30 pm instead of Friday", 「周五而不是周四」: the day after "instead of" is off."""
    return bool(cues.INSTEAD_OF.search(text, max(0, when.start - 16), when.start))


def _moved_away(segment: str, day_at: int) -> bool:
    """"can we push Thursday's appt to" next Mon: the day stands between a moving verb and "to"."""
    return bool(cues.MOVED_TO.search(segment) and cues.MOVING_VERB.search(segment, 0, day_at))


def _vague_then_day(
    found: list[tuple[int, dict[str, Any]]], idle: set[int], vague: set[int]
) -> list[tuple[int, dict[str, Any]]]:
    follow_ups = [(position, fact) for position, fact in found if fact["type"] == "followup"]
    dropped: set[int] = set()
    for (position, fact), (next_position, next_fact) in zip(follow_ups, follow_ups[1:]):
        if position in vague and next_position in idle and next_position not in vague:
            gap = (date.fromisoformat(next_fact["date"]) - date.fromisoformat(fact["date"])).days
            if 0 <= gap <= 6:
                fact.update(date=next_fact["date"], time=next_fact["time"])
                dropped.add(next_position)
    return [(position, fact) for position, fact in found if position not in dropped]


def _tells_of_the_past(segment: str, day: DayMention, done: bool) -> bool:
    """A plain weekday in a clause that says it is done: "周二拜访了孙总", "Called Sam on Monday".

    Written on Friday, that Tuesday is the one just gone, not the next; unless the
    clause sets a day (约了, 改到, booked) or intends (再, will).
    """
    return (
        day.kind is DayKind.WEEKDAY
        and done
        and cues.ARRANGED.search(segment) is None
        and cues.INTENT.search(segment) is None
    )


def _just_gone(day: DayMention, today: date) -> date:
    """The latest day on or before today that falls on the mention's weekday."""
    assert day.weekday is not None
    return today - timedelta(days=(today.weekday() - day.weekday) % 7)


def _planned_for_today(segment: str, when: _When, clock: time | None, now_time: time, done: bool, deadline: bool) -> bool:
    """Whether a clause dated today is a plan rather than a report of the day.

    A time still ahead is a plan even with 了 ("下午4点半约了杨总": the meeting is
    to come); so is a part of the day still ahead (今晚, 今天下午, tonight). Without either,
    it takes a word of intent (要, 记得, need to…), a deadline (月底前 said on the
    month's last day) or a clause that opens with a word of doing ("Call Sarah
    today"), and no sign that it is done.
    """
    if clock is not None and clock > now_time:
        return True
    part = when.day.part_of_day if when.day else None
    if part is None and (named := _PART_WORDS.search(segment)):
        part = _PART_OF_WORD[named[0]]
    if part is not None and clock is None and _PART_STARTS[part] > now_time:
        return not done
    if done:
        return False
    opening = cues.FOLLOW_UP.search(segment)
    return deadline or cues.INTENT.search(segment) is not None or (opening is not None and _opens_with(segment, opening))


def _opens_with(segment: str, word: re.Match[str]) -> bool:
    """Whether the clause opens with `word`, after a heading like "Note to self:" or 备忘：."""
    heading = _HEADING.match(segment)
    return word.start() == (heading.end() if heading else 0)


_HEADING = re.compile(r"(?:note to self|notes?|reminder|todo|to-?do|nb|ps|备忘|备注|提醒自己|待办|记一下)\s*[:：]\s*")


def _is_deadline(aligned: Aligned, when: _When) -> bool:
    """月底前, 周五之前, "by Friday": the day is when something must be done by."""
    if when.day is None:
        return False
    return bool(_DEADLINE_AFTER.match(aligned.text, when.day.end) or _DEADLINE_BEFORE.search(aligned.text, 0, when.day.start))


_DEADLINE_AFTER = re.compile(r"\s*(?:之前|以前|前)(?!天)")
_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|no later than)\s+(?:the\s+)?$", re.IGNORECASE)


_PART_OF_WORD = {
    "中午": PartOfDay.NOON, "noon": PartOfDay.NOON, "下午": PartOfDay.AFTERNOON, "afternoon": PartOfDay.AFTERNOON,
    "傍晚": PartOfDay.EVENING, "晚上": PartOfDay.EVENING, "evening": PartOfDay.EVENING, "tonight": PartOfDay.EVENING,
}
_PART_WORDS = re.compile("|".join(_PART_OF_WORD))
#: When a part of the day begins, to tell whether "今晚" or "今天下午" is still ahead.
_PART_STARTS = {
    PartOfDay.EARLY: time(0, 0),
    PartOfDay.MORNING: time(6, 0),
    PartOfDay.NOON: time(11, 30),
    PartOfDay.AFTERNOON: time(13, 0),
    PartOfDay.EVENING: time(18, 0),
}


def _birthday(mention: DayMention | None, day: date, words: str) -> dict[str, Any] | None:
    """A birthday as written: month-days keep their year (if any) and calendar; 明天 or 5号 give the month-day they fall on."""
    if mention is None or mention.kind is DayKind.PERIOD:
        return None
    if mention.kind is DayKind.MONTH_DAY:
        assert mention.month is not None and mention.day is not None
        fact: dict[str, Any] = {
            "type": "birthday",
            "month": mention.month,
            "day": mention.day,
            "year": mention.year,
            "calendar": "lunar" if mention.lunar else "solar",
            "text": words,
        }
        if mention.leap:
            fact["leap"] = True
        return fact
    return {"type": "birthday", "month": day.month, "day": day.day, "year": None, "calendar": "solar", "text": words}


def _next_birthday_day(mention: DayMention | None, day: date, today: date) -> date | None:
    """The coming birthday, so that "到时候送个蛋糕" lands on it (not on the year of birth)."""
    if mention is None:
        return None
    if mention.kind is DayKind.MONTH_DAY:
        return replace(mention, year=None).resolve(today, time_ahead=False)
    return day


def _that_day_follow_up(
    aligned: Aligned, start: int, end: int, last_day: date | None, today: date
) -> dict[str, Any] | None:
    """"到时候去送花篮" / "call her then": a follow-up on the day named just before; "考前一天发个祝福" the day before it."""
    segment = aligned.text[start:end]
    if last_day is None or not cues.FOLLOW_UP.search(segment) or cues.CALLED_OFF.search(segment):
        return None  # 「原来那天不用去了」
    if cues.WEEK_AFTER.search(segment):  # "soft launch on Fri 22nd, proper launch the week after"
        day = last_day + timedelta(weeks=1)
    elif cues.DAY_AFTER.search(segment):  # "she's on leave until Jan 4, call again after"
        day = last_day + timedelta(days=1)
    elif (after := cues.DAYS_AFTER.search(segment)) and (days := _days_in(after)) is not None:
        day = last_day + timedelta(days=days)  # "back on 15th, then 2 days after that go back with contract"
    elif cues.DAY_BEFORE.search(segment):
        day = last_day - timedelta(days=1)
    elif (before := cues.DAYS_BEFORE.search(segment)) and (days := _days_in(before)) is not None:
        day = last_day - timedelta(days=days)
    elif cues.THAT_DAY.search(segment):
        day = last_day
    else:
        return None
    if day < today:
        return None
    return {"type": "followup", "date": day.isoformat(), "time": None, "text": aligned.written(start, end)}


def _days_in(before: re.Match[str]) -> int | None:
    """How many days "前一周", "提前三天", "two weeks before", "2 days after that" count."""
    if "zh" in before.re.groupindex and before["zh"]:
        count, unit = small_number(before["zh"]), before["zh_unit"]
        per = 1 if unit in ("天", "日") else 7
    else:
        count = 1 if before["en"] == "the" else english_number(before["en"])  # "the week before": one week
        per = {"week": 7, "fortnight": 14}.get(before["en_unit"].rstrip("s"), 1)
    return None if count is None else count * per


def _names_a_festival(text: str, start: int, end: int, when: _When) -> bool:
    """"明天元旦", "Christmas is on Friday": a remark about the day, no task (festival reminders come anyway)."""
    return _only_date(text, start, end, when) and cues.FESTIVAL.search(text, start, end) is not None


def _lunar_if_said_after(
    birthday: dict[str, Any], text: str, when: _When, end: int, following: _Clause | None
) -> dict[str, Any]:
    """The birthday as lunar when its clause says so anywhere ("農曆生日十一月十九", "Aug 15 (lunar)")
    or a short clause right after it does ("十一月廿二，農曆嚟㗎")."""
    if birthday["calendar"] == "lunar" or when.day is None:
        return birthday
    said = _LUNAR_WORD.search(text, _clause_start(text, when.day.start), end) is not None or (
        following is not None
        and not following.whens
        and following.end - following.start <= 8
        and _LUNAR_WORD.search(text, following.start, following.end) is not None
    )
    return {**birthday, "calendar": "lunar"} if said else birthday


_LUNAR_WORD = re.compile(r"农历|阴历|旧历|(?<![a-z])lunar(?![a-z])")


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` begins (after the last ，。；! before it)."""
    breaks = [text.rfind(mark, 0, position) for mark in "，。；,;!！?？\n"]
    return max(breaks) + 1


def _only_date(text: str, start: int, end: int, when: _When) -> bool:
    """Whether [start, end) says nothing but the date ("6月20号", "is on May 3"), perhaps naming its festival ("明天元旦")."""
    rest = text[start : when.start] + text[when.end : end]
    return cues.DATE_ONLY_FILLER.sub("", cues.FESTIVAL.sub("", rest)) == ""


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum() or text[start] == "#"):
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end
