"""Dates and times written in English (matched on the lower-cased text; capitals read from the original).

Understood, with "today" as the note's local day:
- days: today, tonight, tomorrow (tmr, tmrw), the day after tomorrow, yesterday;
  in 3 days / in two weeks / in a fortnight / in a month / a week from now; within 3 days
  (the window's last day); next week, next month
  (vague periods: their first day, for follow-ups only); end of (the) month, end
  of next month, end of the year; this weekend, next weekend;
- weekdays: Friday, this Friday, coming Friday (the next one on or after today),
  next Friday (Friday of next calendar week, like 下周五), last Friday;
- month and day: March 5, Mar 5th, 5 March, 5th of June, June 5, 2027, the 20th,
  2027-06-07, 6/18 and 6/18/2027 (month first);
- times: 3pm, 3 pm, 3:30 p.m., 15:00, at 8 (1–6 mean the afternoon), 8 o'clock, noon;
  "tonight at 8" is 20:00.

False friends give nothing: room 305, $3,000, 2 boxes, 415-555-0132, "may" the verb,
"sun" the star (abbreviated weekdays count only when capitalised: Fri, Sun).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from crm.understanding import calendar_rules
from crm.understanding.mentions import END_OF_DAY, DayKind, DayMention, Mention, PartOfDay, TimeMention
from crm.understanding.numerals import english_number

_MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + ")"
_WEEKDAY_NAMES = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2, "wed": 2, "thursday": 3, "thurs": 3,
    "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_WEEKDAY = "(?:" + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True)) + ")"
_COUNT = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a )?couple of)"
_ORDINAL = r"(?:st|nd|rd|th)"
#: After "the 5th" these make it a rank, not a day of the month: the 5th floor, the 3rd time, the 25th anniversary.
_COUNTED = (
    "floor|floors|time|times|grade|anniversary|birthday|place|row|street|avenue|ave|edition|generation|year|order|"
    "round|call|visit|meeting|attempt|try|one|box|boxes|unit|units|store|shop|branch|week|day|month"
)
#: Before a word, so "may"/"mar" inside other words never count; Chinese characters around are fine.
_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"


def find(text: str, original: str, today: date) -> list[Mention]:
    """Every English day and time mention in the lower-cased `text` (`original` gives capitals)."""
    found: list[Mention] = []
    for pattern, build in _FINDERS:
        for match in pattern.finditer(text):
            mention = build(match, original, today)
            if mention is not None:
                found.append(mention)
    return found


def _relative_day(match: re.Match[str], original: str, today: date) -> Mention | None:
    word = " ".join(match[0].split())
    if word in _PARTS_OF_TODAY:  # this morning / afternoon / evening: today, that part of it
        return DayMention(match.start(), match.end(), DayKind.DATE, date=today, part_of_day=_PARTS_OF_TODAY[word])
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "tmr": 1, "tmrw": 1}.get(word, 2)
    if END_OF_DAY.fullmatch(word):
        offset = 0
    part = PartOfDay.EVENING if word == "tonight" else None
    return DayMention(match.start(), match.end(), DayKind.DATE, date=today + timedelta(days=offset), part_of_day=part)


_PARTS_OF_TODAY = {
    "this morning": PartOfDay.MORNING, "this afternoon": PartOfDay.AFTERNOON, "this evening": PartOfDay.EVENING,
    "this arvo": PartOfDay.AFTERNOON,  # Australian
}


def _offset(match: re.Match[str], original: str, today: date) -> Mention | None:
    """in 3 days, in two weeks, in a month, 2 weeks from now, a week later."""
    count = english_number(match["n"])
    if count is None or count == 0:
        return None
    unit = match["unit"].rstrip("s")
    if unit == "fortnight":
        count, unit = count * 2, "week"
    if unit == "day":
        day = today + timedelta(days=count)
    elif unit == "week":
        day = today + timedelta(weeks=count)
    elif unit == "month":
        day = calendar_rules.add_months(today, count)
    else:
        day = calendar_rules.add_months(today, 12 * count)
    return DayMention(match.start(), match.end(), DayKind.DATE, date=day)


def _nth_weekday_of_month(match: re.Match[str], original: str, today: date) -> Mention | None:
    """"the first Monday in January": that weekday of the next such month (this one, if still ahead)."""
    month, weekday = _MONTH_NAMES[match["month"]], _WEEKDAY_NAMES[match["wd"]]
    nth = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}[match["nth"]]
    day = calendar_rules.next_nth_weekday(today, month, weekday, nth)
    return None if day is None else DayMention(match.start(), match.end(), DayKind.DATE, date=day)


def _weeks_from_weekday(match: re.Match[str], original: str, today: date) -> Mention | None:
    """"a week from Tuesday": the coming Tuesday, a week on (two weeks for "two weeks from")."""
    weeks = 2 if match[0].startswith(("two", "2")) else 1
    coming = calendar_rules.next_weekday(today, _WEEKDAY_NAMES[match["wd"]], today_counts=False)
    return DayMention(match.start(), match.end(), DayKind.DATE, date=coming + timedelta(weeks=weeks))


def _week_from(match: re.Match[str], original: str, today: date) -> Mention | None:
    """"a fortnight tomorrow": 14 days after tomorrow; "a week today": 7 days from today."""
    base = today if match["base"] == "today" else today + timedelta(days=1)
    return DayMention(match.start(), match.end(), DayKind.DATE, date=base + timedelta(weeks=2 if match["unit"] == "fortnight" else 1))


def _weekday(match: re.Match[str], original: str, today: date) -> Mention | None:
    """Friday / this Friday / coming Friday (next on or after today); next Friday; last Friday."""
    name = match["wd"]
    relation = match["rel"] or ""
    if not name.endswith("day") and not _abbreviation_is_a_day(match, original, relation):
        return None
    weekday = _WEEKDAY_NAMES[name]
    if match["after_next"] or match["next_to_next"]:  # "the Monday after next", "next to next Monday", like 下下周一
        return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.weekday_in_week(today, 2, weekday))
    if match["week_on"] and not relation:  # "Thursday week" (British): a week after the coming Thursday
        coming = calendar_rules.next_weekday(today, weekday, today_counts=False)
        return DayMention(match.start(), match.end(), DayKind.DATE, date=coming + timedelta(weeks=1))
    if relation == "next" or match["next_week"]:  # "next Friday", "next week Wednesday", "Wednesday next week"
        return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.weekday_in_week(today, 1, weekday))
    if relation == "last":
        return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.weekday_in_week(today, -1, weekday))
    part = {
        "morning": PartOfDay.MORNING, "afternoon": PartOfDay.AFTERNOON, "arvo": PartOfDay.AFTERNOON,
        "evening": PartOfDay.EVENING, "night": PartOfDay.EVENING,
    }
    return DayMention(match.start(), match.end(), DayKind.WEEKDAY, weekday=weekday, part_of_day=part.get(match["part"] or ""))


_ABBREVIATIONS_THAT_ARE_WORDS = frozenset({"sun", "sat", "wed", "mon"})


def _abbreviation_is_a_day(match: re.Match[str], original: str, relation: str) -> bool:
    """"Fri", "Sun": with next/this/on before or a time or the clause's end after ("call him thurs").

    "sun", "sat", "wed" and "mon" are words too: in lower case they need next/this
    before or a time after ("lunch sat 12.30"), which keeps "sun is out", "sat down"
    and "they wed in June" from becoming days.
    """
    after = original[match.end() : match.end() + 2].strip()
    if not original[match.start("wd")].isupper() and match["wd"].lower() in _ABBREVIATIONS_THAT_ARE_WORDS:
        return bool(relation) or (bool(after) and after[0].isdigit())  # "next wed", "sat 12.30" typed in lower case
    at_time = original[match.end() : match.end() + 4].lower() in (" at ", " fro", " aft", " eod", " cob")  # "Wed at 4:30", "Tues EOD"
    return (
        bool(relation) or original[: match.start()].endswith(("on ", "from ")) or not after or after[0] in ",.;!?"
        or after[0].isdigit() or match[0].endswith(".")  # "by Wed. deliver…", "moved from Thurs to Fri"
        or at_time or bool(match["part"] or match["week_on"] or match["next_week"])  # "Sat morning", "Thurs wk"
        or bool(re.match(rf"\s*(?:or|and|/)\s*{_WEEKDAY}(?![a-z])", original[match.end() :].lower()))  # "Wed or Thu"
    )


def _period(match: re.Match[str], original: str, today: date) -> Mention | None:
    """next week / next month (their first day), end of month, weekends, end of the year.

    "last weekend" is the one gone, and so is "over the weekend" early in the week (Monday to
    Wednesday, when it is what a report means); later in the week, it is the coming one.
    """
    phrase = " ".join(match[0].split())
    if phrase in ("end of week", "end of the week", "end of this week"):  # Friday, the working week's end
        friday = calendar_rules.weekday_in_week(today, 0, 4)
        return DayMention(match.start(), match.end(), DayKind.DATE, date=friday if friday >= today else friday + timedelta(weeks=1))
    if phrase == "end of next week":
        return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.weekday_in_week(today, 1, 4))
    if phrase == "next week":
        return DayMention(match.start(), match.end(), DayKind.PERIOD, date=calendar_rules.weekday_in_week(today, 1, 0))
    if phrase == "next month":
        return DayMention(match.start(), match.end(), DayKind.PERIOD, date=calendar_rules.first_of_month(today, 1))
    if "year" in phrase:
        return DayMention(match.start(), match.end(), DayKind.DATE, date=date(today.year, 12, 31))
    if "month" in phrase:
        first = calendar_rules.first_of_month(today, 1 if "next" in phrase else 0)
        return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.last_day_of_month(first.year, first.month))
    if phrase.startswith("next"):
        saturday = calendar_rules.weekday_in_week(today, 1, 5)
    elif phrase == "last weekend" or (phrase == "over the weekend" and today.weekday() < 3):
        saturday = calendar_rules.weekday_in_week(today, -1, 5)  # "had a break-in over the weekend", on a Tuesday
    else:
        saturday = calendar_rules.weekday_in_week(today, 0, 5) if today.weekday() < 6 else today
    return DayMention(match.start(), match.end(), DayKind.DATE, date=saturday)


def _part_of_month(match: re.Match[str], original: str, today: date) -> Mention | None:
    """mid-Feb, early March, late March, end of March: the 15th, 1st, 21st or last day, for follow-ups only."""
    month = _MONTH_NAMES[match["month"]]
    if match["month"] == "may" and not original[match.start("month")].isupper():
        return None
    part = match["part"].rstrip("- ")
    if part.startswith("end"):
        day = 31
    else:
        day = {"early": 1, "beginning of": 1, "start of": 1, "mid": 15, "middle of": 15, "late": 21}[" ".join(part.split())]
    first = calendar_rules.next_month_day(today, month, 1)
    if first is None:
        return None
    day = min(day, calendar_rules.last_day_of_month(first.year, first.month).day)
    on = date(first.year, first.month, day)
    if on < today:  # mid-November written on the 20th: next year's
        on = date(first.year + 1, first.month, min(day, calendar_rules.last_day_of_month(first.year + 1, first.month).day))
    return DayMention(match.start(), match.end(), DayKind.PERIOD, date=on)


def _month_name_day(match: re.Match[str], original: str, today: date) -> Mention | None:
    """March 5, Mar 5th, March 5, 1985 — "may" only as a capitalised May."""
    return _month_day(match, original, _MONTH_NAMES[match["month"]], int(match["day"]))


def _day_month_name(match: re.Match[str], original: str, today: date) -> Mention | None:
    """5 March, 5th of June, 5 June 2027."""
    return _month_day(match, original, _MONTH_NAMES[match["month"]], int(match["day"]))


def _month_day(match: re.Match[str], original: str, month: int, day: int) -> Mention | None:
    if match["month"] == "may" and not original[match.start("month")].isupper():
        return None
    year = int(match["year"]) if match["year"] else None
    if calendar_rules.valid_date(year or 2000, month, day) is None:
        return None
    end = match.end()
    if match[0].endswith(".") and len(match["month"]) > 4:  # "due 31 March. Chase him…": the full stop ends a sentence
        end -= 1
    return DayMention(match.start(), end, DayKind.MONTH_DAY, month=month, day=day, year=year)


def _slashed(match: re.Match[str], original: str, today: date) -> Mention | None:
    """6/18 and 6/18/2027: month first, as in China and the US — unless only day first can be a date (24/11/1972)."""
    month, day = int(match["month"]), int(match["day"])
    if month > 12 and day <= 12:
        month, day = day, month
    year_text = match["year"]
    year = None if year_text is None else int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    if calendar_rules.valid_date(year or 2000, month, day) is None:
        return None
    return DayMention(match.start(), match.end(), DayKind.MONTH_DAY, month=month, day=day, year=year)


def _ordinal_day(match: re.Match[str], original: str, today: date) -> Mention | None:
    """the 20th — the next 20th."""
    day = int(match["day"])
    if not 1 <= day <= 31:
        return None
    return DayMention(match.start(), match.end(), DayKind.DAY_OF_MONTH, day=day)


def _ordinal_after_weekday(match: re.Match[str], original: str, today: date) -> Mention | None:
    """The "19th" of "Sat 19th": the weekday stays its own mention, joined to this one later (`with_weekdays_joined`)."""
    day = int(match["day"])
    if not 1 <= day <= 31:
        return None
    return DayMention(match.start("day"), match.end(), DayKind.DAY_OF_MONTH, day=day)


def _am_pm(match: re.Match[str], original: str, today: date) -> Mention | None:
    """3pm, 3 pm, 3:30 p.m., 10am."""
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if not 1 <= hour <= 12:
        return None
    part = PartOfDay.AFTERNOON if match["ampm"].startswith("p") else PartOfDay.MORNING
    if part is PartOfDay.MORNING and hour == 12:
        hour = 0
    elif part is PartOfDay.AFTERNOON and hour == 12:
        part = PartOfDay.NOON
    return TimeMention(match.start(), match.end(), hour, minute, part_of_day=part)


def _at_hour(match: re.Match[str], original: str, today: date) -> Mention | None:
    """at 8, 8 o'clock: bare hours, read by the part of day around them (tonight at 8 → 20:00)."""
    hour = int(match["hour"])
    if not 1 <= hour <= 12:
        return None
    return TimeMention(match.start(), match.end(), hour, 0, bare=not match[0].endswith("clock"))


def _bracketed_hour(match: re.Match[str], original: str, today: date) -> Mention | None:
    """"same time (11.30)": a bare hour, with its minutes if written."""
    hour = int(match["hour"])
    if not 1 <= hour <= 12:
        return None
    return TimeMention(match.start(), match.end(), hour, int(match["minute"] or 0), bare=True)


def _ish_hour(match: re.Match[str], original: str, today: date) -> Mention | None:
    """Friday 11ish, around 3ish: a bare hour; 「晚上7ish」 in the evening."""
    hour = int(match["hour"])
    if not 1 <= hour <= 12:
        return None
    said = _PART_BEFORE.search(original, 0, match.start())
    part = None if said is None else _PART_SAID[said[1].lower()]
    return TimeMention(match.start(), match.end(), hour, 0, bare=part is None, part_of_day=part)


#: A part of the day written right before a bare hour (in either language).
_PART_BEFORE = re.compile(r"(晚上|傍晚|今晚|明晚|下午|上午|早上|evening|tonight|afternoon|morning)\s*$", re.IGNORECASE)
_PART_SAID = {
    "晚上": PartOfDay.EVENING, "傍晚": PartOfDay.EVENING, "今晚": PartOfDay.EVENING, "明晚": PartOfDay.EVENING,
    "evening": PartOfDay.EVENING, "tonight": PartOfDay.EVENING, "下午": PartOfDay.AFTERNOON,
    "afternoon": PartOfDay.AFTERNOON, "上午": PartOfDay.MORNING, "早上": PartOfDay.MORNING, "morning": PartOfDay.MORNING,
}


def _half_or_quarter(match: re.Match[str], original: str, today: date) -> Mention | None:
    """"half 2" (British: half past two), "half past 4", "quarter past 3", "quarter to 5": a bare hour and its minutes."""
    hour = english_number(match["hour"]) or 0  # "quarter to five"
    if not 1 <= hour <= 12:
        return None
    minute = {"half": 30, "half past": 30, "quarter past": 15, "quarter to": 45}[" ".join(match["how"].split())]
    if match["how"].startswith("quarter to"):
        hour = 12 if hour == 1 else hour - 1
    return TimeMention(match.start(), match.end(), hour, minute, bare=True)


def _dotted_time(match: re.Match[str], original: str, today: date) -> Mention | None:
    """12.30 after a weekday or day word (the time a British note writes with a dot)."""
    before = original[: match.start()].rstrip().lower()
    if not re.search(rf"(?:{_WEEKDAY}|today|tomorrow|tmrw|tmr|tonight|at|\d(?:st|nd|rd|th))$", before):
        if not (re.search(r"\d(?:st|nd|rd|th),$", before) and re.match(r"\s*(?:$|[,.;!?])", original[match.end() :])):
            return None  # "Tues 8th, 11.30." is a time; "Sat 19th, 7.30 for 8" leaves the hour to the reader

    return TimeMention(match.start(), match.end(), int(match["hour"]), int(match["minute"]), literal=match["hour"].startswith("0"))


def _noon(match: re.Match[str], original: str, today: date) -> Mention | None:
    return TimeMention(match.start(), match.end(), 12, 0, part_of_day=PartOfDay.NOON)


_Builder = Callable[[re.Match[str], str, date], Mention | None]
_FINDERS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (re.compile(rf"{_B}(?:(?:the )?day after (?:tomorrow|tmrw|tmr)|today|tonight|tomorrow|tmrw|tmr|yesterday|{END_OF_DAY.pattern}|this (?:morning|afternoon|evening|arvo)){_E}"), _relative_day),
    (re.compile(rf"{_B}in (?P<n>{_COUNT}) (?P<unit>days?|weeks?|fortnights?|months?|years?){_E}"), _offset),
    (re.compile(rf"{_B}(?P<n>{_COUNT}) (?P<unit>days?|weeks?|fortnights?|months?|years?) (?:from (?:now|today)|later){_E}"), _offset),
    (re.compile(rf"{_B}within (?P<n>{_COUNT}) (?P<unit>days?|weeks?|months?){_E}"), _offset),
    (
        re.compile(
            rf"{_B}(?P<next_to_next>next to next )?(?:(?P<rel>next|this coming|coming|this|last) (?:(?:week|wk) )?)?"
            rf"(?P<wd>{_WEEKDAY})(?:(?<!day)\.)?"
            rf"(?P<after_next> after next)?(?P<next_week> next (?:week|wk))?(?P<week_on> (?:week|wk))?"
            rf"(?: (?P<part>morning|afternoon|evening|night|arvo))?{_E}"
        ),
        _weekday,
    ),
    (re.compile(rf"{_B}(?:next week|next month|(?:the )?end of (?:the |this |next )?(?:month|year|week)|month end|year end|(?:this |next |last |over the )?weekend){_E}"), _period),
    (re.compile(rf"{_B}(?P<month>{_MONTH})\.? (?:the )?(?P<day>\d{{1,2}}){_ORDINAL}?(?![\d:a-z])(?:,? (?P<year>\d{{4}}))?(?!\d)"), _month_name_day),
    (re.compile(rf"{_B}(?:the )?(?P<day>\d{{1,2}}){_ORDINAL}? (?:of )?(?P<month>{_MONTH}){_E}(?:\.?,? (?P<year>\d{{4}}))?(?!\d)"), _day_month_name),
    (re.compile(r"(?<![\d/.-])(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/]|的)"), _slashed),
    (re.compile(rf"{_B}the (?P<day>\d{{1,2}}){_ORDINAL}{_E}(?! ?(?:{_COUNTED}){_E})"), _ordinal_day),
    (re.compile(rf"(?:(?<=\bon |\bby |\bbe |\bto )|(?<=w/c ))(?P<day>\d{{1,2}}){_ORDINAL}{_E}(?! ?(?:{_COUNTED}){_E})"), _ordinal_day),
    # "the first Monday in January", "a week from Tuesday"
    (re.compile(rf"{_B}(?:the )?(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th) (?P<wd>{_WEEKDAY}) (?:in|of) (?P<month>{_MONTH}){_E}"), _nth_weekday_of_month),
    (re.compile(rf"{_B}(?:a|one|two|2) weeks? from (?P<wd>{_WEEKDAY}){_E}"), _weeks_from_weekday),
    # "a fortnight tomorrow", "a week today" (British): that long after the day
    (re.compile(rf"{_B}(?:a )?(?P<unit>week|fortnight) (?P<base>today|tomorrow|tmrw|tmr){_E}"), _week_from),
    # "Sat 19th", "Saturday, 19th": an ordinal alone is a day only right after its weekday (not "5th floor")
    (re.compile(rf"{_B}{_WEEKDAY}\.?,? (?:the )?(?P<day>\d{{1,2}}){_ORDINAL}{_E}"), _ordinal_after_weekday),
    (re.compile(rf"{_B}(?P<part>mid-|mid |middle of |early |beginning of |start of |late |end of )(?P<month>{_MONTH}){_E}"), _part_of_month),
    (re.compile(rf"{_B}(?P<hour>\d{{1,2}})(?:[:.](?P<minute>[0-5]\d))? ?(?P<ampm>a\.m\.|p\.m\.|am|pm){_E}"), _am_pm),  # 8.30am (British)
    (re.compile(rf"{_B}(?:at|from|after) (?P<hour>\d{{1,2}})(?![\d:a-z]| ?(?:am|pm|a\.m|p\.m|%|\.\d|,\d|o'?clock))"), _at_hour),
    (re.compile(rf"{_B}(?P<hour>\d{{1,2}}) (?:o'?clock|sharp){_E}"), _at_hour),  # "10 sharp"
    # "same time (11)", "same time (11.30)": the hour in brackets is the time
    (re.compile(r"(?<=same time )\(?(?P<hour>\d{1,2})(?:[.:](?P<minute>[0-5]\d))?\)"), _bracketed_hour),
    # "at about 3", "around 9", "by 5" (a deadline hour): only where no noun follows ("about 3 boxes")
    (
        re.compile(
            rf"{_B}(?:at )?(?:around|about|approx\.?|approximately|by|before|between|~) ?(?P<hour>\d{{1,2}})"
            rf"(?=\s*(?:$|[,;!?)]|\.(?!\d)|(?:at|to|for|in|on|with|and|then|today|tomorrow|tonight|ish|because|as|so|since)(?![a-z])))"
        ),
        _at_hour,
    ),
    (
        re.compile(
            rf"{_B}(?P<how>half past|half|quarter past|quarter to) (?P<hour>\d{{1,2}}|one|two|three|four|five|six|seven|"
            rf"eight|nine|ten|eleven|twelve)(?![\d:.a-z]|\s*(?:{_COUNTED}|%))"
        ),
        _half_or_quarter,
    ),
    (re.compile(rf"{_B}(?:noon|midday){_E}"), _noon),
    (re.compile(rf"{_B}(?P<hour>\d{{1,2}}) ?-?ish{_E}"), _ish_hour),  # 2ish, 2-ish
    # "fri 12.30", "Friday 8.15": a dotted time (British) right after a day; alone, 12.30 may be a price
    (re.compile(r"(?:(?<=[a-z] )|(?<=[a-z], ))(?P<hour>[01]?\d|2[0-3])\.(?P<minute>[0-5]\d)(?!\d|\.\d)"), _dotted_time),
)
