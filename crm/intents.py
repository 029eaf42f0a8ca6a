"""Is this text a request to Rapport rather than a note? "今天该拜访谁", "show John", "my pyramid"…

`classify` recognises the plain-language forms of Rapport's commands, in
Simplified and Traditional Chinese and in English, and returns what is asked with
its details (a client's name, how many visits, an area, a search query). Anything
else returns None and is filed as a note.

Requests are short and shaped like questions or commands, so the patterns match
the whole message (after trimming punctuation and particles like 呢/吧): a note
that merely contains the words ("今天拜访了张伟", "张伟的资料发给他了") is never
taken for a request. Pure: no I/O, no clock, no storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from crm.understanding.numerals import english_number, small_number
from crm.understanding.text_form import align


class IntentKind(StrEnum):
    VISIT_PLAN = "visit_plan"  # 今天该拜访谁 / who should I visit today
    CLIENT_CARD = "client_card"  # 张伟的资料 / show John
    PYRAMID = "pyramid"  # 我的客户结构 / my pyramid
    TODAY = "today"  # 今天有什么提醒 / what's due today
    HELP = "help"  # 怎么用 / help
    FIND = "find"  # 找 装修 / find acme
    CLIENTS = "clients"  # 我的客户 / list my clients


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    name: str | None = None
    count: int | None = None
    area: str | None = None
    query: str | None = None


#: Trailing marks and particles that do not change a request ("今天拜访谁呢？", "help!").
_TRAILING = re.compile(r"[\s?？!！。.~～,，]*(?:[呢吧啊呀嘛哈][\s?？!！。.~～]*)?$")
_ZH_COUNT = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_EN_COUNT = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
#: Words that may stand before "拜访谁" without being an area (今天, 我, 应该…).
_ZH_NOT_AREA = re.compile(r"今天|今日|明天|现在|这周|本周|我们|我|最好|先|应该|该|要|可以|去|的客户|的")
#: An area is a short place name (朝阳区, 浦东, 南山科技园, Chaoyang), not a clause with people or verbs in it.
_ZH_AREA = re.compile(r"[^他她问说了和跟过]{1,12}")

_WHOLE: tuple[tuple[IntentKind, re.Pattern[str]], ...] = (
    (IntentKind.HELP, re.compile(r"怎么用|怎么使用|如何使用|怎么用这个|使用说明|帮助|说明书|你能做什么|你会什么|help|help me|how do i use (?:this|it|rapport)|how does (?:this|it) work|what can you do|\?|？")),
    (IntentKind.PYRAMID, re.compile(r"(?:我的|看看|看一下|显示)?(?:客户|关系)?(?:结构|金字塔|分布)(?:图)?|(?:show )?(?:me )?(?:my )?(?:client |relationship )?(?:pyramid|structure)")),
    (IntentKind.TODAY, re.compile(
        r"今天(?:有)?(?:什么|啥|哪些)(?:提醒|事|事情|要做的|安排)|今天的?提醒|今日提醒|今天要做(?:什么|啥)|今天的?安排|提醒"
        r"|what(?:['’]s| is) due(?: today)?|what do i have(?: to do)? today|anything due(?: today)?|today['’]?s reminders|reminders|due today|today"
    )),
    (IntentKind.CLIENTS, re.compile(r"(?:我的|所有|全部|列出)(?:的)?客户(?:列表|名单)?|客户(?:列表|名单)|(?:(?:list|show)(?: me)? )?(?:all )?(?:my )?clients|client list")),
)
_ZH_VISIT = re.compile(
    rf"(?:应该|该|要|可以)?先?去?(?:拜访|见|看望|跑|回访)(?:哪(?P<count>{_ZH_COUNT})?(?:个|位|些)?(?:客户|人)?|谁)(?:好|了|比较好|合适)?$"
)
_ZH_TOP = re.compile(rf"(?:今天)?(?:推荐|给我|列出)?(?:前)?(?P<count>{_ZH_COUNT})(?:个|位)(?:客户|人)?(?:去)?(?:拜访|该拜访的|要拜访的)")
_EN_VISIT = re.compile(
    r"who (?:should|shall|do|can|must) i (?:visit|see|go see|call on)(?: first)?(?: today)?(?: in (?P<area>.+?))?(?: today)?"
    r"|who(?:['’]s| is) due(?: for a visit)?(?: today)?(?: in (?P<area2>.+?))?"
    r"|who to (?:visit|see)(?: today)?(?: in (?P<area3>.+?))?(?: today)?"
    r"|(?:today['’]?s )?visit plan|plan my day|(?:visit|visits) today"
)
_EN_TOP = re.compile(rf"top (?P<count>{_EN_COUNT})(?: (?:clients|people))?(?: to (?:visit|see))?(?: today)?(?: in (?P<area>.+?))?")
_ZH_CARD = re.compile(r"(?P<name>[^\s的]{1,20}?)的(?:资料|信息|卡片|档案|详情|名片|客户卡)")
_ZH_CARD_VERB = re.compile(r"(?:查一下|查查|查看|打开|显示)(?P<name>[^\s的]{1,20}?)(?:的(?:资料|信息|卡片|档案|详情|名片))?")
_EN_CARD = re.compile(r"(?:show|open)(?: me)? (?P<name>[^\s].{0,30}?)(?:'s|’s)?(?: card| profile| details| info)?|(?P<name2>[^\s].{0,30}?)(?:'s|’s) (?:card|profile|details)")
_FIND = re.compile(r"(?:找|搜|搜索|查找)[\s:：]+(?P<query>.+)|(?:搜索|查找)(?P<query2>.+)|(?:find|search(?: for)?|look up|lookup)\s+(?P<query3>.+)")
_EN_CARD_NOT_NAMES = re.compile(r"(?:my|all|the|today|me)\b.*|(?:pyramid|clients|reminders|help)")


def classify(text: str) -> Intent | None:
    """What the salesperson asks Rapport for, or None when `text` is a note to file."""
    aligned = align(text)
    trimmed = _TRAILING.sub("", aligned.text.strip())
    offset = len(aligned.text) - len(aligned.text.lstrip())
    if not trimmed or len(trimmed) > 60 or "\n" in trimmed:
        return None
    written = aligned.original[offset : offset + len(trimmed)]

    def original(match: re.Match[str], group: str) -> str:
        return written[match.start(group) : match.end(group)].strip()

    for kind, pattern in _WHOLE:
        if pattern.fullmatch(trimmed):
            return Intent(kind)
    if visit := _visit(trimmed, written):
        return visit
    if (match := _FIND.fullmatch(trimmed)) and _short_query(match):
        group = next(name for name in ("query", "query2", "query3") if match[name])
        return Intent(IntentKind.FIND, query=original(match, group))
    for pattern in (_ZH_CARD, _ZH_CARD_VERB):
        if match := pattern.fullmatch(trimmed):
            return Intent(IntentKind.CLIENT_CARD, name=original(match, "name"))
    if match := _EN_CARD.fullmatch(trimmed):
        group = "name" if match["name"] else "name2"
        if not _EN_CARD_NOT_NAMES.fullmatch(match[group]) and len(match[group].split()) <= 3:
            return Intent(IntentKind.CLIENT_CARD, name=original(match, group))
    return None


def _visit(trimmed: str, written: str) -> Intent | None:
    """"今天该拜访谁", "朝阳区今天拜访谁", "今天拜访哪3个", "top 3 to visit", "who should I visit in Chaoyang"."""
    if match := _ZH_VISIT.search(trimmed):
        before = trimmed[: match.start()]
        area_text = _ZH_NOT_AREA.sub("", before).strip(" ,，:：")
        if area_text and not _ZH_AREA.fullmatch(area_text):
            return None  # "他问我今天该拜访谁" reports a question; it does not ask one
        area = _area_as_written(written, before, area_text) if area_text else None
        return Intent(IntentKind.VISIT_PLAN, count=small_number(match["count"]) if match["count"] else None, area=area)
    if match := _ZH_TOP.fullmatch(trimmed):
        return Intent(IntentKind.VISIT_PLAN, count=small_number(match["count"]))
    if match := _EN_VISIT.fullmatch(trimmed):
        group = next((name for name in ("area", "area2", "area3") if match[name]), None)
        area = written[match.start(group) : match.end(group)] if group else None
        return Intent(IntentKind.VISIT_PLAN, area=area)
    if match := _EN_TOP.fullmatch(trimmed):
        area = written[match.start("area") : match.end("area")] if match["area"] else None
        return Intent(IntentKind.VISIT_PLAN, count=english_number(match["count"]), area=area)
    return None


def _area_as_written(written: str, before: str, area_text: str) -> str:
    """The area as the salesperson typed it (朝陽區 stays Traditional)."""
    position = before.find(area_text)
    return written[position : position + len(area_text)] if position >= 0 else area_text


def _short_query(match: re.Match[str]) -> bool:
    """A search is a few words; "find a gift for his daughter's wedding" is a note to self."""
    query = next(match[name] for name in ("query", "query2", "query3") if match[name])
    return len(query) <= 30 and len(query.split()) <= 3
