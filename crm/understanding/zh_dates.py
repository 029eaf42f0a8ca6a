"""Dates and times written in Chinese (Simplified or Traditional, already folded by `text_form`).

Understood, with 今天 as the note's local day:
- days: 今天/明天/后天/大后天/昨天/前天, 今晚/明早/明晚; 三天后, 两周后, 半个月后,
  一个月后, 过两天; 下周二, 下下周一, 这周五/本周五, 周五, 星期天/礼拜天, 周末, 下周末;
  下周/下个月 (a vague period: its first day, for follow-ups only); 月底, 下个月底, 年底;
  下个月初 (1st), 下个月中旬/月中 (15th), 下旬 (21st); 三天内/一周内 (the window's last day);
- month and day: 3月5日, 3月5号, 十月十八, 明年6月7号, 1985年3月5日, 85年3月12号,
  下个月5号, 5号 (the next 5th), 2026-12-10, 3/15;
- lunar: 农历/阴历/旧历 八月十五, 正月初八, 腊月二十三, 冬月, 闰四月初八 (初N days and
  正月/腊月/冬月 are lunar without a marker; 十月十八 is solar);
- times: 三点, 下午三点, 晚上8点, 上午十点半, 十点一刻, 10点15分, 15:00.

False friends give nothing: 5号楼, 3号线, 8号院, 5号电池, 128号 (a street number),
3.5万, 一个月能卖, 三个月, 每周一, 一点 ("a little"), 两点要求 ("two points").
Never reads the clock: every finder takes the local `today`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from crm.understanding import calendar_rules
from crm.understanding.mentions import DayKind, DayMention, Mention, PartOfDay, TimeMention
from crm.understanding.numerals import small_number, year_number

_DAY_NUM = r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
_COUNT = r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
_MONTH = r"(?:正|腊|冬|元|十[一二]|十|[一二三四五六七八九]|\d{1,2})"
_LUNAR_DAY = r"初(?:十|[一二三四五六七八九])"
_PARTS = r"凌晨|早上|早晨|清晨|朝早|上午|中午|午后|下午|下昼|晏昼|傍晚|晚上|夜里|夜间|夜晚|半夜"
_MINUTES = r"(?:\d{1,2}|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九]|零[一二三四五六七八九])"

_PART_OF_DAY = {
    "凌晨": PartOfDay.EARLY, "半夜": PartOfDay.EARLY,
    "早上": PartOfDay.MORNING, "早晨": PartOfDay.MORNING, "清晨": PartOfDay.MORNING, "上午": PartOfDay.MORNING,
    "中午": PartOfDay.NOON,
    "午后": PartOfDay.AFTERNOON, "下午": PartOfDay.AFTERNOON,
    "傍晚": PartOfDay.EVENING, "晚上": PartOfDay.EVENING, "夜里": PartOfDay.EVENING, "夜间": PartOfDay.EVENING,
    # Cantonese (Hong Kong), as folded to Simplified: 朝早 morning, 下晝/晏晝 afternoon, 夜晚 evening.
    "朝早": PartOfDay.MORNING, "下昼": PartOfDay.AFTERNOON, "晏昼": PartOfDay.AFTERNOON, "夜晚": PartOfDay.EVENING,
}
_RELATIVE_DAYS = {
    "大前天": (-3, None), "前天": (-2, None), "昨天": (-1, None), "昨日": (-1, None), "昨晚": (-1, PartOfDay.EVENING),
    "今天": (0, None), "今日": (0, None), "今儿": (0, None), "今早": (0, PartOfDay.MORNING), "今晨": (0, PartOfDay.MORNING),
    "今晚": (0, PartOfDay.EVENING), "明天": (1, None), "明日": (1, None), "明儿": (1, None),
    "明早": (1, PartOfDay.MORNING), "明晚": (1, PartOfDay.EVENING), "后天": (2, None), "大后天": (3, None),
    # Cantonese, folded: 琴日/尋日 yesterday, 前日, 聽日 tomorrow (聽朝 morning, 聽晚 evening), 後日, 大後日.
    "琴日": (-1, None), "寻日": (-1, None), "前日": (-2, None), "听日": (1, None), "听朝": (1, PartOfDay.MORNING),
    "听晚": (1, PartOfDay.EVENING), "后日": (2, None), "大后日": (3, None),
}
_LUNAR_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
#: Weeks ahead of this one for 上/这/下/下下 (个) before 周/星期/礼拜.
_WEEK_SHIFT = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1, "下下": 2}

#: After "N号" these make it a building, line, gate, battery size… not a day (5号楼, 3号线, 5号电池).
_NOT_AFTER_HAO = frozenset("楼线门房室院桌柜窗馆口位仓库机床厅单车地电码店铺摊厂街路道巷弄栋座台站包屋字称召令球选队箱罐瓶件")
#: After "N日" these make it a duration or a phrase (三日游, 五日内), not a day.
_NOT_AFTER_RI = frozenset("游内后前以之间常子元语本报记里")
#: After a day written without 日/号 these make the number a quantity (3月5万, 十月十八个).
_QUANTITY = frozenset("个万千百块元台箱人次件天斤吨米岁点号位份%.")
#: A bare hour ("三点") is a time only when one of these (or the clause's end) follows it.
_AFTER_BARE_HOUR = frozenset("钟见去来到给和跟同与打约在开拜回联送发接请吃碰再准我他她过出视电面左前以之叫问,.;!? 。"
                             "覆复揾睇饮返倾喺预")  # Cantonese: 十點覆陳生電話, 三點去揾佢, 十點睇貨, 八點喺灣仔
#: Before a bare Chinese-numeral hour these make it "a bit" or "N points" (早一点, 有两点, 这三点).
_BEFORE_NOT_HOUR = frozenset("早快多少有慢晚宜好大小高低差些重轻这那几第哪")


def find(text: str, today: date) -> list[Mention]:
    """Every Chinese day and time mention in the folded `text`, overlaps not yet removed."""
    found: list[Mention] = []
    for pattern, build in _FINDERS:
        for match in pattern.finditer(text):
            mention = build(match, text, today)
            if mention is not None:
                found.append(mention)
    return found


def _relative_day(match: re.Match[str], text: str, today: date) -> Mention | None:
    offset, part = _RELATIVE_DAYS[match[0]]
    return DayMention(match.start(), match.end(), DayKind.DATE, date=today + timedelta(days=offset), part_of_day=part)


def _offset(match: re.Match[str], text: str, today: date) -> Mention | None:
    """三天后, 两周后, 半个月后, 一个月后, 过两天, 半年后; 三天内 (the last day of the window)."""
    unit = match["unit"].lstrip("个")
    count = 0.5 if match["n"] == "半" else small_number(match["n"])
    if count is None or count == 0:
        return None
    if unit in ("天", "日"):
        if count == 0.5:
            return None
        day = today + timedelta(days=int(count))
    elif unit in ("周", "星期", "礼拜"):
        day = today + timedelta(days=int(count * 7))
    elif unit == "月":
        day = today + timedelta(days=15) if count == 0.5 else calendar_rules.add_months(today, int(count))
    else:
        day = calendar_rules.add_months(today, int(count * 12))
    return DayMention(match.start(), match.end(), DayKind.DATE, date=day)


def _weekday(match: re.Match[str], text: str, today: date) -> Mention | None:
    """下周二, 下下周一, 这周五, 本周五, 上周五, 周五, 周末, 下周末."""
    relation = (match["rel"] or "").rstrip("个")
    if match["wd"] == "末":
        if relation:
            saturday = calendar_rules.weekday_in_week(today, _WEEK_SHIFT[relation], 5)
        else:
            saturday = calendar_rules.weekday_in_week(today, 0, 5) if today.weekday() < 6 else today
        return DayMention(match.start(), match.end(), DayKind.DATE, date=saturday)
    weekday = _WEEKDAYS[match["wd"]]
    if not relation:
        return DayMention(match.start(), match.end(), DayKind.WEEKDAY, weekday=weekday)
    day = calendar_rules.weekday_in_week(today, _WEEK_SHIFT[relation], weekday)
    return DayMention(match.start(), match.end(), DayKind.DATE, date=day, rolls_forward=_WEEK_SHIFT[relation] == 0)


def _next_week(match: re.Match[str], text: str, today: date) -> Mention | None:
    """下周 / 下个星期 with no day: the Monday that starts it (a follow-up's "some time next week")."""
    weeks = _WEEK_SHIFT[match["rel"].rstrip("个")]
    return DayMention(match.start(), match.end(), DayKind.PERIOD, date=calendar_rules.weekday_in_week(today, weeks, 0))


def _next_month(match: re.Match[str], text: str, today: date) -> Mention | None:
    """下个月 with no day: the 1st of that month, for follow-ups."""
    months = 2 if match[0].startswith("下下") else 1
    return DayMention(match.start(), match.end(), DayKind.PERIOD, date=calendar_rules.first_of_month(today, months))


def _month_relative_day(match: re.Match[str], text: str, today: date) -> Mention | None:
    """下个月5号, 这个月20号, 本月底 handled elsewhere."""
    day = small_number(match["day"])
    first = calendar_rules.first_of_month(today, _month_shift(match["rel"]))
    resolved = calendar_rules.valid_date(first.year, first.month, day) if day else None
    if resolved is None:
        return None
    return DayMention(match.start(), match.end(), DayKind.DATE, date=resolved)


def _month_end(match: re.Match[str], text: str, today: date) -> Mention | None:
    """月底/月末 (this month), 下个月底, 12月底 (that month's next end)."""
    if match["month"]:
        month = _month_number(match["month"])
        if month is None or not 1 <= month <= 12:
            return None
        year = today.year if month >= today.month else today.year + 1
        return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.last_day_of_month(year, month))
    first = calendar_rules.first_of_month(today, _month_shift(match["rel"] or ""))
    return DayMention(match.start(), match.end(), DayKind.DATE, date=calendar_rules.last_day_of_month(first.year, first.month))


def _part_of_month(match: re.Match[str], text: str, today: date) -> Mention | None:
    """下个月初 (1st), 下个月中旬 / 月中 (15th), 12月下旬 (21st): a vague time, for follow-ups."""
    if match["month"]:
        month = _month_number(match["month"])
        if month is None or not 1 <= month <= 12:
            return None
        year = today.year if month >= today.month else today.year + 1
        first = date(year, month, 1)
    else:
        first = calendar_rules.first_of_month(today, _month_shift(match["rel"]))
    day = {"初": 1, "上旬": 1, "中": 15, "中旬": 15, "下旬": 21}[match["part"]]
    return DayMention(match.start(), match.end(), DayKind.PERIOD, date=first.replace(day=day))


def _year_end(match: re.Match[str], text: str, today: date) -> Mention | None:
    """年底/年末, 明年底: 31 December."""
    year = today.year + {"明": 1, "去": -1}.get(match["rel"] or "", 0)
    return DayMention(match.start(), match.end(), DayKind.DATE, date=date(year, 12, 31))


def _month_day(match: re.Match[str], text: str, today: date) -> Mention | None:
    """3月5号, 十月十八, 明年6月7号, 1985年3月5日, 农历八月十五, 正月初八, 闰四月初八."""
    month = _month_number(match["month"])
    day_text = match["day"]
    day = small_number(day_text[1:]) if day_text.startswith("初") else small_number(day_text)
    if month is None or day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    after = text[match.end() : match.end() + 1]
    if match["suffix"] is None and (after.isdigit() or after in _QUANTITY):
        return None
    if match["suffix"] == "号" and after in _NOT_AFTER_HAO:
        return None
    lunar = bool(match["marker"] or match["leap"]) or match["month"] in _LUNAR_MONTH_NAMES or day_text.startswith("初")
    year: int | None = None
    if match["year"]:
        year = year_number(match["year"])
        if year is None:
            return None
    elif match["ryear"]:
        year = today.year + {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}[match["ryear"]]
    if lunar:
        if day > 30:
            return None
    elif calendar_rules.valid_date(year or 2000, month, day) is None:
        return None
    return DayMention(
        match.start(), match.end(), DayKind.MONTH_DAY, month=month, day=day, year=year, lunar=lunar, leap=bool(match["leap"])
    )


def _roc_date(match: re.Match[str], text: str, today: date) -> Mention | None:
    """民國75年8月20日: Taiwan counts years from 1912 (民國元年), so 75 is 1986."""
    year, month, day = 1911 + int(match["roc"]), small_number(match["month"]), small_number(match["day"])
    if month is None or day is None or calendar_rules.valid_date(year, month, day) is None:
        return None
    return DayMention(match.start(), match.end(), DayKind.MONTH_DAY, month=month, day=day, year=year)


def _numeric_date(match: re.Match[str], text: str, today: date) -> Mention | None:
    """2026-12-10, 2026/12/10, 2026.12.10."""
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if calendar_rules.valid_date(year, month, day) is None:
        return None
    return DayMention(match.start(), match.end(), DayKind.MONTH_DAY, month=month, day=day, year=year)


def _day_of_month(match: re.Match[str], text: str, today: date) -> Mention | None:
    """5号, 十八号, 20日 — the next such day; refused before 楼/线/门… (5号楼 is a building)."""
    day = small_number(match["day"])
    if day is None or not 1 <= day <= 31:
        return None
    after = text[match.end() : match.end() + 1]
    if (match["suffix"] == "号" and after in _NOT_AFTER_HAO) or (match["suffix"] == "日" and after in _NOT_AFTER_RI):
        return None
    return DayMention(match.start(), match.end(), DayKind.DAY_OF_MONTH, day=day)


def _clock(match: re.Match[str], text: str, today: date) -> Mention | None:
    """三点, 下午三点, 十点半, 十点一刻, 10点15分, 晚上8点, 15:00."""
    hour = small_number(match["hour"])
    if hour is None or hour > 24:
        return None
    after = text[match.end() : match.end() + 1]
    if after in ("点", "儿"):  # 一点点, 一点儿: "a little"
        return None
    minute_text = match["minute"]
    minute = {"半": 30, "一刻": 15, "三刻": 45}.get(minute_text or "", None)
    if minute is None and minute_text:
        minute = small_number(minute_text.lstrip("过零")) if minute_text.lstrip("过零") else None
        if minute is None or minute > 59:
            return None
    part = _PART_OF_DAY.get(match["part"] or "")
    bare = part is None and minute_text is None and not match[0].endswith("钟") and ":" not in match[0]
    if bare:
        before = text[match.start() - 1 : match.start()]
        after_day_word = text[match.start() - 2 : match.start()] in ("今晚", "明晚", "昨晚", "今早", "明早", "听晚", "听朝")
        if (after and after not in _AFTER_BARE_HOUR) or (
            not match["hour"].isdigit() and before in _BEFORE_NOT_HOUR and not after_day_word
        ):
            return None
    weak = bare and match["hour"] == "一"
    literal = ":" in match[0] and match["hour"].startswith("0")
    return TimeMention(match.start(), match.end(), hour, minute or 0, part_of_day=part, bare=bare, weak=weak, literal=literal)


def _month_number(text: str) -> int | None:
    """3, 十二, 正 (lunar first month), 元 (元月: January, as Taiwan writes it)."""
    return _LUNAR_MONTH_NAMES.get(text) or (1 if text == "元" else small_number(text))


def _month_shift(relation: str) -> int:
    relation = relation.replace("个", "").rstrip("月")
    return {"下下": 2, "下": 1, "这": 0, "本": 0, "上": -1, "": 0}[relation]


def _nth_weekday_of_month(match: re.Match[str], text: str, today: date) -> Mention | None:
    """「3月第一個禮拜六」, 「三月的第二个星期五」: that weekday of the next such month (this one, if still ahead)."""
    month, nth = small_number(match["month"]), small_number(match["nth"])
    weekday = "一二三四五六日天".index(match["wd"]) if match["wd"] in "一二三四五六日天" else int(match["wd"]) - 1
    if month is None or nth is None or not 1 <= month <= 12 or not 1 <= nth <= 5:
        return None
    day = calendar_rules.next_nth_weekday(today, month, min(weekday, 6), nth)
    return None if day is None else DayMention(match.start(), match.end(), DayKind.DATE, date=day)


def _bare_lunar_day(match: re.Match[str], text: str, today: date) -> Mention | None:
    """初八 with no month: the coming lunar 8th (Chinese shops keep their dates this way: 初八开业, 初十周年庆)."""
    day = small_number(match["day"])
    on = None if day is None else calendar_rules.next_lunar_day_of_month(today, day)
    return None if on is None else DayMention(match.start(), match.end(), DayKind.DATE, date=on)


_Builder = Callable[[re.Match[str], str, date], Mention | None]
_FINDERS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (re.compile(r"(?<![然之以最提从往])(?:大后天|大前天|大后日|今天|今日|今儿|今晚|今早|今晨|明天|明日|明儿|明晚|明早|后天|后日|昨天|昨日|昨晚|前天|前日|琴日|寻日|听日|听朝|听晚)"), _relative_day),
    (re.compile(rf"(?<![\d.])(?:再)?(?:过)?(?P<n>{_COUNT}|半)(?P<unit>个(?:星期|礼拜|月)|星期|礼拜|周|天|日|月|年)(?:以后|之后|后)"), _offset),
    (re.compile(rf"(?<![\d.])(?P<n>{_COUNT}|半)(?P<unit>个(?:星期|礼拜|月)|星期|礼拜|周|天|日|月|年)(?:以内|之内|内)"), _offset),
    (re.compile(rf"(?<![了\d])(?:再)?过(?P<n>{_COUNT})(?P<unit>天|日|个(?:星期|礼拜|月)|星期|礼拜|周)(?!以后|之后|后)"), _offset),
    (re.compile(r"(?<![每一两二三四五六七八九十几\d])(?P<rel>下下个?|下个?|这个?|本|上上个?|上个?)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7]|末)(?!十|(?<=\d)\d)"), _weekday),  # 周六10点; not 老周六十大寿
    (re.compile(r"(?<![每一两二三四五六七八九十几\d])(?P<rel>下下个?|下个?)(?:周|星期|礼拜)(?![一二三四五六日天1-7末])"), _next_week),
    (re.compile(r"下下?个?月(?![底末\d一二三四五六七八九十廿卅初])"), _next_month),
    (re.compile(rf"(?P<month>{_MONTH})月的?第(?P<nth>[一二三四五1-5])个?(?:星期|礼拜|周)(?P<wd>[一二三四五六日天1-7])"), _nth_weekday_of_month),
    # 初八 alone (正月初八, 月初 and 初中, 初步, 初次 are something else)
    (re.compile(r"(?<![月年当最起之正腊冬])初(?P<day>十|[一二三四五六七八九])(?![中步次级期始衷心稿见恋一二三四五六七八九十])"), _bare_lunar_day),
    (re.compile(r"(?<![月年\d])(?P<day>廿[一二三四五六七八九])(?![一二三四五六七八九十])"), _bare_lunar_day),  # 廿五 alone
    (re.compile(rf"(?P<rel>下下个?月|下个?月|这个?月|本月)(?P<day>{_DAY_NUM})(?:号|日)"), _month_relative_day),
    (re.compile(rf"(?:(?P<rel>下下个?月|下个?月|这个?月|本月)|(?P<month>{_MONTH})月|(?<![\d一二三四五六七八九十个岁正腊冬])月)(?:底|末|尾)"), _month_end),  # 月尾 (Cantonese)
    (re.compile(r"(?:(?P<rel>明|今|去)|(?<![\d一二三四五六七八九十〇零几]))年(?:底|末)"), _year_end),
    (re.compile(rf"(?:(?P<rel>下下个?月|下个?月|这个?月|本月)|(?P<month>{_MONTH})月)(?P<part>上旬|中旬|下旬|初|中)(?![一二三四五六七八九十\d])"), _part_of_month),
    (
        re.compile(
            r"(?<!\d)(?:(?P<year>\d{4}|\d{2}|[零〇一二三四五六七八九]{4}|[零〇一二三四五六七八九]{2})年|(?P<ryear>今年|明年|后年|去年|前年))?"
            rf"(?P<marker>农历|阴历|旧历|夏历)?(?P<leap>闰)?(?<![\d一二三四五六七八九十〇零两])(?P<month>{_MONTH})月份?(?P<day>{_LUNAR_DAY}|{_DAY_NUM})(?P<suffix>日|号)?"
        ),
        _month_day,
    ),
    (re.compile(r"(?<![\d.:-])(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})(?:日|号)?(?![\d:])"), _numeric_date),
    (re.compile(rf"民国(?P<roc>\d{{1,3}})年(?P<month>{_MONTH})月(?P<day>{_DAY_NUM})(?:日|号)?"), _roc_date),
    (re.compile(rf"(?<![\d月第型编房号码.a-z同后前])(?P<day>{_DAY_NUM})(?P<suffix>号|日)"), _day_of_month),  # not 同一日, 后一日
    (
        re.compile(
            rf"(?<![\d.])(?P<part>{_PARTS})?(?P<hour>\d{{1,2}}|[一二三]?十[一二]?|[一二两三四五六七八九零])点(?:钟)?"
            rf"(?P<minute>半|一刻|三刻|过?{_MINUTES}(?=分)|{_MINUTES}(?![\d个万千百块元台箱人次件天号]))?分?"
        ),
        _clock,
    ),
    (re.compile(rf"(?<![\d:.])(?P<part>{_PARTS})?(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d)(?![\d:])"), _clock),
)
