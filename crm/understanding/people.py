"""Who a note is about, as the salesperson wrote it: 张伟, 王总, 李姐, 老张, John Smith, Mr. Brown.

In order of preference:
1. a name (or alias) already in the salesperson's book, wherever it appears — the
   longest one when several overlap (张伟强 over 张伟);
2. otherwise the first name-like phrase in the note: a surname with a title
   (王总, 陈老师, 林太太, and Hong Kong's 何生, 陳太) or a familiar prefix (老张, 小李); a
   surname and given name where a person is usually named (at the start of a clause,
   after 拜访/给/和/跟/在…, before 的/说/生日…); a capitalised latin name ("John Smith",
   "Mr. Brown", "Dr. O'Neil").

Pronouns (他, 她, him, her) are never names, nor are places (高新区, 东方医院, "the Oak
Street lot") or a capitalised everyday word opening a sentence (Already, Don't), and
nothing inside a date is. Gives
None rather than a guess when nothing name-like is found; the capture code then
asks. Never strips a title: "王总" is returned as "王总".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crm.matching.chinese_names import COMPOUND_SURNAMES, NOT_HONORIFICS, PREFIX_TITLES, SINGLE_SURNAMES, SUFFIX_TITLES
from crm.matching.normal_form import has_han
from crm.understanding.text_form import Aligned, align

Span = tuple[int, int]

#: Titles said after a surname, beyond those the matching module knows (family-style forms of address).
_MORE_TITLES = (
    "妈妈 阿姨 伯伯 伯母 叔叔 婶婶 奶奶 爷爷 大妈 大爷 老板娘 老师傅 伯 婶 妹 会计 出纳 店长 护士 顾问 设计师 "
    "医师 药师 护理长 护士长 组长 课长 襄理 协理 会计师 副理 副总 特助 工程师 站长 秘书 副校长 副院长 副主任 副经理 副局长 "
    "副处长 副科长 副总经理 副董事长"
).split()
_TITLES = sorted(set(SUFFIX_TITLES) | set(_MORE_TITLES), key=len, reverse=True)
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "])"
_TITLED = re.compile(rf"(?P<surname>{_SURNAME})(?P<title>{'|'.join(_TITLES)})")
_TITLE_AFTER_SURNAME = re.compile("|".join(_TITLES))
#: Hong Kong forms of address after a surname: 何生 (Mr Ho), 陳太 (Mrs Chan). 生 and 太 also begin
#: everyday words (生日, 生意, 太忙, 太多), so not before a character that makes one of those.
_CANTONESE_TITLED = re.compile(
    rf"(?P<surname>{_SURNAME})(?:生(?![日意活产病气孩长成效鲜命物态怕动字词存理育涯平人子肖前出硬疏机猛僻菜姜米火根财殖])"
    rf"|太(?![太忙多少好贵远近快慢久大小晚早累难差高低热冷急麻复不过空阳平极子厉重轻短长深浅强弱容简旧新老甜咸辣酸苦吵静胖瘦紧松满香臭爽可会能想像懂熟客]))"
)
#: 阿 + one character is a nickname whatever the character (阿明, 阿强, 阿杰) — but not 阿姨, 阿里, 阿胶, 阿迪…
_A_NICKNAME = re.compile(r"阿(?![姨里拉根联富尔婆公爸妈哥姐弟妹叔伯嫂胶迪司弥])[\u4e00-\u9fff]")
_PREFIXED = re.compile(rf"(?P<prefix>{'|'.join(PREFIX_TITLES)})(?P<surname>{_SURNAME})")

#: Surnames that are far more often a common word (和, 于, 都, 向…): never taken as a surname here.
_WORD_SURNAMES = frozenset("和于都能有从向时那相应解通万全成计双单关也以所家公年明言车")
#: Everyday words that begin with a surname (周末, 高考, 方便, 老顾客, 小时…): never a person.
_NOT_NAMES = frozenset(
    (
        "施工 车工 童工 何处 益处 宣导 古老 养老 敬老 终老 元老 空姐 师姐 师哥 师叔 古董 "
        "小米 小费 小钱 小单 小于 小康 小时 小区 小程序 小红书 小龙虾 老顾客 老毛病 老花眼 老江湖 "
        "周末 周期 周转 周年 周边 周围 高考 高兴 高端 高价 高铁 方便 方案 方面 方式 方法 马上 安装 安排 安全 "
        "钱包 平时 常常 常规 金额 文件 白天 东西 成本 成交 计划 余额 门口 花了 花钱 花篮 花束 花圈 花园 花店 花卉 司机 商量 项目 红包 付款 代理 "
        "区域 迟到 乐意 元旦 顾客 宁愿 尚未 谷歌 黄金 龙头 牛奶 包装 包括 季度 范围 房子 房间 费用 程序 沙发 "
        "石材 田地 林业 江湖 海外 夏天 秋天 冬天 春天 凌晨 晚上 陆续 应该 席位 温度 温馨 曾经 孙子 "
        "段时间 华为 美的 苏宁 国美 强烈 康复 康师傅 毛利 毛病 严重 严格 水果 水平 云南 金融 "
        "欧洲 郑州 杭州 温州 常州 广州 全年 全部 包邮 任何 任务 "
        "任意 甘肃 焦点 焦虑 巴黎 连续 连锁 习惯 艾灸 易于 简单 管理 管道 汤圆 雷雨 黎明 上海 "
        "谢谢 谢意 感谢 多谢 谢绝 贺卡 祝贺 贺礼 米饭 路上 路过 何时 罗列 朱红 林子 "
        "花生 卫生 毕生 余生 师生 后生 方生 老太 尤其 路人 过客 熟人 知己 闺蜜 经销商 经销 师傅"
    ).split()
)
_NOT_NAME_AT = re.compile("|".join(sorted(_NOT_NAMES, key=len, reverse=True)))
#: What starts right after a full name and cannot be part of it (张伟 | 的 / 明天 / 生日 …).
_STOP_CHARS = frozenset(
    "的说是在了和跟与同家店也又都还很要想会把被给对去来买卖打约见聊送发问请让吗呢吧啊只算成升降刚才就已今昨这那下上每"
    "有没不最太他她它我你们一二三四五六七八九十两几个0123456789,.;:!?，。；：！？、 \n号月日年周"
    "吃喝谈签逛玩"  # 和李娜吃饭, 跟王强喝茶: what people do together, never a given name
)
_STOP_WORDS = ("明天", "明年", "明早", "明晚", "明日", "生日", "女儿", "儿子", "老婆", "老公", "公司", "现在", "朋友", "关系", "拜访",
               "后天", "先生", "太太", "小姐", "女士", "经理", "老师", "总")
#: A "given name" ending in one of these is a place someone goes to (高新区, 长安街, 新华路), not a person.
_PLACE_ENDINGS = frozenset("区路街县镇村厂楼站馆港")
#: …or that runs into one of these is an organisation or a project (东方医院, 龙湖项目, 万达广场).
_INSTITUTION = re.compile(
    "医院|诊所|药店|公司|集团|大学|学校|银行|酒店|项目|工程|中心|大厦|广场|商场|超市|工厂|门店|分店|"
    "食品|汽车|材料|贸易|科技|电子|实业|机械|建材|五金|电器|服饰|物流|药业|制药|化工|纺织|家具|商行|车行|餐饮|酒业|茶业|"
    "印刷|包装|塑料|钢铁|水产|海鲜|渔业"  # 鲁海食品, 丰田汽车材料行: a firm, not 鲁海食 or 丰田汽
)
#: Words after which a person is usually named (拜访张伟, 给李娜, 和王磊).
_NAME_SLOT = re.compile(
    "拜访了|拜访|回访了|回访|见了|见到|见|遇到|碰到|认识了|认识|约了|约|联系了|联系|给|和|跟|同|与|找|陪|请|送|帮|问|去|在|到|接|"
    "告诉|通知|提醒|客户|向|对|把|被|让|叫|带|替|看望|探望|看了|看|是|说|介绍|打给|发给|送给|负责人|联系人|对接人|采购|"
    "大户|农户|商户|用户|老板|店主|"  # 种粮大户赵德明: who someone is, then their name
    "小舅子|舅子|连襟|表弟|表哥|表妹|表姐|堂弟|堂哥|同学|同事|老乡|亲戚|邻居|"  # 介绍了他小舅子马国强
    "经理|总监|主任|主管|助理|秘书"  # 采购经理刘敏
)
_CLAUSE_START = re.compile(r"(?:^|(?<=[\s,.;:!?，。；：！？、\n]))")

#: Latin capitals and small letters, accented ones too: Ciarán, Seán, José, Zoë, Björn are names whole.
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_LATIN_WORDS = re.compile(rf"[{_UP}{_LOW}][{_UP}{_LOW}'’-]*")
#: A capitalised word: O'Brien and D'Angelo too, but not the "Don" of "Don't".
_LATIN_WORD = (
    rf"(?:[{_UP}]['’]|Mc|Mac|De|Le|La|Di|Du|Van)?[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+|'[{_UP}][{_LOW}]+)*"
    rf"(?![{_LOW}]*['’]t\b)(?![{_UP}{_LOW}\d])"  # MacDonald and LeBlanc, but not "Whats" of WhatsApp nor "Fab" of Fab12
)
_LATIN_NAME = re.compile(rf"(?<![{_UP}{_LOW}'’]){_LATIN_WORD}(?:\s+{_LATIN_WORD}){{0,2}}")
_LATIN_NOT_NAMES = frozenset(
    (
        "I I'm I'll I've A An The This That These Those Next Last Today Tomorrow Tonight Yesterday He She They We You It "
        "His Her Their Our My Your Its Him Them Me Us Met Meet Meeting Call Called Calling Visit Visited See Saw Send Sent "
        "Email Emailed Follow Remind Reminder Lunch Dinner Coffee Breakfast Check Drop Stop Ask Asked Tell Told Upgraded "
        "Downgraded Upgrade Downgrade Quoted Quote Room Grand Contract Signed Sign Order Ordered Bought Sold Deal Price "
        "Install Installed Installation Repair Repaired Service Training Complaint Heard Learned Competitor Competitors "
        "Shared Share Bring Brought Deliver Delivered Text Texted Message Phone Ring Invite Invited Book Booked Confirm "
        "Confirmed Discuss Discussed Demo Present Presented Moving Moved Opening Wedding Anniversary Exam Exams Graduation "
        "Launch Trip Conference Birthday Happy New Big Good Great Busy Also Just Maybe Need Needs Note Notes Client "
        "Customer Boss Went Go Going Talked Spoke Chat Chatted Catch Got Had Has Have Is Was Are Were Will Would Should "
        "Could Can Must Please Thanks Thank OK Ok Yes No Not Very Really Pop Swing Reach Ping Make Made Get Give Gave Take "
        "Took Let Lets In On At For From With To By About After Before If When And But Or So Then DOB VIP CEO CFO CTO HR "
        "WeChat Wechat Whatsapp WhatsApp Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu "
        "Thur Thurs Fri Sat Sun January February March April May June July August September October November December "
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Contact Want Wants Wanted Said Says Follow-up Sales Team Store "
        "Shop Office Company Expo Show Store's Lunar Solar Level Friend Friends Acquaintance Confidant Mr Mrs Ms Miss Dr Prof "
        "Already Remember Reminded Still Again Finally Only Even Especially Left Picked Returned Wrote Write Update Updated "
        "Reached Scheduled Set Pinged Received Spent Stopped Dropped Tried Waiting Around Every Each Some Any All Both Most "
        "Another Other Here There Where What Who Why How Which Since Until Because Though Although While Once Soon Later "
        "Early Late Morning Afternoon Evening Noon Weekend Week Month Year Sure Nice Quick Anyway Btw BTW FYI Urgent "
        "Important Todo TODO Apparently Probably Definitely Hopefully Unfortunately Luckily Sadly Rang Rung Forward "
        "Forwarded FW Fw Fwd Msg Re Chap Honestly Basically Christmas Easter Thanksgiving Diwali Deepavali Eve "
        "Chased Phoned Messaged Followed Caught Contacted Introduced Intro Walked Quick Good Case Test Funeral Surgery "
        "Party Exam Renewal Conference Launch Ceremony Concert Recital Tender Reunion Christening Baptism Housewarming "
        "Engagement Retirement Graduation Opening Delivery Order Invoice Payment Quote Demo Trial St Rd Ave Business "
        "Stock Traffic Weather Things Everything Nothing Going Heading "
        "Valentine's Hi Hey Hello Dear Dra Atty Engr Hanukkah Ramadan Eid Passover Halloween Xmas Noel Dentist Gym Haircut"
    ).split()
)
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:\n。！？：])\s*(?:#\S+\s+)*$")
#: What follows a name that opens a sentence; None (punctuation, 's, the end) is fine too.
_NEXT_WORD = re.compile(r"\s*(?:['’]s\b|[^\sA-Za-z]|$|([a-z]+))")
_NAME_FOLLOWERS = frozenset(
    (
        "is was are were and said says wants wanted has had called asked will would just mentioned told likes liked "
        "needs needed from at works worked prefers preferred moved bought ordered signed agreed replied sent came went "
        "visited thinks loves seems got left can could should might may did does doesn't didn't isn't wasn't won't "
        "finally also still never already promised confirmed complained approved declined wrote emailed texted "
        "introduced recommended opened closed started runs owns manages sat rang phoned dropped stopped popped gave "
        "took paid hated cancelled postponed invited booked met saw turns turned sir madam ji garu bhai bhaiya sahab saab didi in "
        "say intro"
    ).split()
)
_PLACE_AFTER = re.compile(
    r"\s+(?:street|st|road|rd|avenue|ave|lane|drive|boulevard|blvd|way|park|plaza|mall|centre|center|hospital|clinic|"
    r"hotel|school|university|college|bank|tower|building|site|lot|branch|station|airport|square|estate|industrial|"
    r"warehouse|office|factory|store|shop|showroom|depot|yard|property|apartment|complex|campus|plant)\b",
    re.IGNORECASE,
)
#: "Met John at Acme", "Ken from Globex": a company — but a message, email or call comes from a person.
_COMPANY_WORDS_BEFORE = re.compile(
    r"(?:\bat(?:\s+the)?|(?<!msg )(?<!message )(?<!email )(?<!call )(?<!text )\bfrom|@)\s+$", re.IGNORECASE
)
#: Titles before a latin name; Dra (a woman doctor), Atty and Engr as the Philippines write them.
_LATIN_TITLED = re.compile(
    rf"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr|Dra|Prof|Atty|Engr)\.?\s+{_LATIN_WORD}(?:\s+{_LATIN_WORD}){{0,2}}"
)


def client_name(aligned: Aligned, known_names: Iterable[str], dates: list[Span]) -> tuple[str, Span] | None:
    """The person the note is about, as written, and where; None if the note names nobody.

    A client who only referred someone ("张院长介绍的", "referral from Raj", "Mike K referred
    Tony Russo") is not who the note is about when it names that someone too.
    """
    known = _known_name(aligned, known_names)
    candidates = [*_chinese_names(aligned.text, dates), *_latin_names(aligned.original, dates)]
    if known is not None:
        opener = _introduced_as_relative_of(aligned, known[1], candidates)
        if opener is not None:  # 「蔡太太是陳藥師的太太」: the note is about 蔡太太
            return aligned.written(*opener), opener
        if not _is_referrer(aligned, known[1]):
            return known
        others = [span for span in candidates if span[1] <= known[1][0] or span[0] >= known[1][1]]
        if not others:
            return known
        titled = [span for span in others if aligned.text[span[0] : span[1]].endswith(tuple(_TITLES))]
        candidates = titled or others  # 拜訪張醫師，張院長介紹的: the titled person, not a guess like 高醫
    if not candidates:
        return None
    candidates = _titled_over_overlapping(aligned.text, candidates)
    chosen = min(candidates, key=lambda span: (span[0], span[0] - span[1]))
    if _is_referrer(aligned, chosen):  # 「鳳山陳院長介紹骨科吳主任」: the one introduced
        introduced = [span for span in candidates if span[0] >= chosen[1]]
        chosen = min(introduced, key=lambda span: (span[0], span[0] - span[1])) if introduced else chosen
    start, end = chosen
    return aligned.written(start, end), (start, end)


def _titled_over_overlapping(text: str, candidates: list[Span]) -> list[Span]:
    """「高醫黃護理長」: a guessed full name (高醫黃) that runs into a titled person's surname gives way to them."""
    titled = [span for span in candidates if text[span[0] : span[1]].endswith(tuple(_TITLES))]
    return [
        span for span in candidates
        if span in titled or not any(other[0] < span[1] and span[0] < other[0] for other in titled)
    ]


def _introduced_as_relative_of(aligned: Aligned, known: Span, candidates: list[Span]) -> Span | None:
    """The person who opens the note when it introduces them as a book client's relative:
    「蔡太太是陳藥師的太太」, "Mrs Goh (Auntie Mei's daughter-in-law) just bought the plan"."""
    if not _RELATIVE_AFTER.match(aligned.text, known[1]):
        return None
    openers = [span for span in candidates if span[1] <= known[0] and not aligned.text[: span[0]].strip()]
    return openers[0] if openers else None


#: After a name: whose relative someone is ("的太太", "'s daughter-in-law").
_RELATIVE_AFTER = re.compile(
    r"(?:的|['’]s\s+)(?:太太|老婆|妻子|夫人|先生|老公|丈夫|儿子|女儿|儿媳|媳妇|女婿|妈妈|母亲|爸爸|父亲|哥哥|姐姐|弟弟|妹妹|"
    r"wife|husband|son|daughter|daughter-in-law|son-in-law|mother|father|brother|sister|mum|mom|dad|niece|nephew|"
    r"neighbou?r|friend|colleague|cousin|boss|assistant|secretary|partner|brother-in-law|sister-in-law|"
    r"邻居|朋友|同事|同学|表弟|表妹|小舅子|秘书|助理)"
)


def _is_referrer(aligned: Aligned, span: Span) -> bool:
    """Whether the name at `span` is only who referred someone: "referral from Raj", "张院长介绍的", "Mike K referred…"."""
    start, end = span
    text = aligned.text
    return bool(_REFERRER_BEFORE.search(text, 0, start) or _REFERRER_AFTER.match(text, end) or _PUT_IN_TOUCH.match(text, end))


_REFERRER_BEFORE = re.compile(
    r"(?:referral from|(?:a )?referral by|referred by|recommended by|introduced by|via|thanks to"
    r"|(?<![a-z])(?:lead|referral|intro)\b[^.!?;\n]{0,30}?\bfrom)\s+$"  # "new lead, logistics, from Padraig"
)
#: "Siobhan put us in touch", "Raj connected us": the one named before it only made the introduction.
_PUT_IN_TOUCH = re.compile(r"\s*(?:put (?:us|me) in touch|connected us|introduced us|hooked us up|set us up)")
_REFERRER_AFTER = re.compile(
    r"\s*(?:(?:\S{1,3}\s+)?(?:referred|introduced|recommended|intro['’]?d|intro)\b(?!\s+(?:by|to me))"
    r"|(?:的?(?:朋友|同事|太太|老婆|老公))?(?:介绍|推荐|转介)"  # 「張生朋友介紹嘅」
    r"|(?:\s+(?:sahab|saab|sir|ji))?['’]s\s+(?:reference|referral|intro|contact)"  # "(Bhatia sahab's reference)"
    r"|\s+(?:gave|passed|sent|forwarded) me (?:his|her|their) (?:number|contact|details|card))"  # "Karen gave me his number"
)


def _known_name(aligned: Aligned, known_names: Iterable[str]) -> tuple[str, Span] | None:
    """The first book name written in the note (the longest of overlapping ones), compared Simplified and case-folded."""
    best: Span | None = None
    for name in known_names:
        key = align(name.strip()).text
        if not key:
            continue
        latin = not has_han(key)
        position = aligned.text.find(key)
        while position >= 0:
            end = position + len(key)
            # "Daves birthday", "dropped it at daves": a possessive typed without its apostrophe is the name too
            after = end + 1 if latin and aligned.text[end : end + 1] == "s" and _not_letter(aligned.text, end + 1) else end
            whole_word = not latin or (_not_letter(aligned.text, position - 1) and _not_letter(aligned.text, after))
            if whole_word and (best is None or _named_first(position, end, best)):
                best = (position, end)
            position = aligned.text.find(key, position + 1)
    if best is None:
        best = _known_latin_part(aligned, known_names)
    return (aligned.written(*best), best) if best else None


def _named_first(start: int, end: int, best: Span) -> bool:
    """Whether the book name at start–end beats `best`: the longer of two that overlap (张伟强 over 张伟),
    else the one written first (「去熊姐店里…然后到刘主任那边」 is about 熊姐)."""
    if start < best[1] and best[0] < end:
        return (end - start, -start) > (best[1] - best[0], -best[0])
    return start < best[0]


def _known_latin_part(aligned: Aligned, known_names: Iterable[str]) -> Span | None:
    """"James happy with the platform" with James Whitfield in the book: the first or last name, capitalised.

    The name index then finds the one client so called (or asks between several).
    """
    found: Span | None = None
    lower_case_typist = not _capitalises_within_sentences(aligned.original)
    for name in known_names:
        words = [word for word in _LATIN_WORDS.findall(name) if word not in _LATIN_NOT_NAMES]
        titled = _LATIN_TITLED.match(name) is not None  # "Mr Patel": "Patel's" is him
        if not words or (len(words) < 2 and not titled) or has_han(name):
            continue
        forms = [words[0], words[-1]]
        if lower_case_typist and words[0].lower() not in _EVERYDAY_FIRST_NAMES and not titled:
            forms.append(words[0].lower())
        for word in forms:
            if len(word) < 3:
                continue
            for match in re.finditer(rf"(?<![{_UP}{_LOW}]){re.escape(word)}(?![{_UP}{_LOW}])", aligned.original):
                if found is None or match.start() < found[0]:
                    found = match.span()
    return found


def _capitalises_within_sentences(text: str) -> bool:
    """Whether a capitalised word stands inside a sentence: whoever capitalises names writes "Cody".

    A sentence's first word does not count — the phone's keyboard capitalises it —
    nor does a month, a weekday or another word that is never a name.
    """
    return any(
        match[0] not in _LATIN_NOT_NAMES and not _SENTENCE_OPENING.search(text, 0, match.start())
        for match in _LATIN_CAPITALISED.finditer(text)
    )


#: A capitalised word; month and day names and other words that are never names ("5th March") tell nothing.
_LATIN_CAPITALISED = re.compile(r"(?<![A-Za-z'’])[A-Z][a-z]+")
#: First names that are everyday words, which a note typed all in lower case means as words
#: ("will call back", "mark the date", "max 20 units"); last names are never matched in lower case
#: ("price list" is not Tom Price).
_EVERYDAY_FIRST_NAMES = frozenset(
    {word.lower() for word in _LATIN_NOT_NAMES}
    | set(
        "mark bill pat rose grace hope joy faith art guy jack frank drew dawn summer rich chase sky don sue max "
        "penny sandy holly ivy lily daisy iris amber ruby pearl jade robin jay cliff dale glen wade chip skip buck "
        "cash kit lance nick rod bud dean miles gene earl carol rusty hunter brook sunny buddy bobby ace".split()
    )
)


def _not_letter(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def _chinese_names(text: str, dates: list[Span]) -> list[Span]:
    found: list[Span] = []
    for match in _TITLED.finditer(text):
        span = match.span()
        acceptable = _acceptable(text, span, match["surname"], dates) or _word_surname_opening(text, match, dates)
        title_as_word = len(match["title"]) == 1 and _TITLE_AS_WORD.match(text, match.start("title"))  # 工地, not 工程师
        if acceptable and not text[span[0] - 1 : span[0]].isdigit() and not title_as_word:
            found.append(span)
    for match in _CANTONESE_TITLED.finditer(text):
        span = match.span()
        if _acceptable(text, span, match["surname"], dates) and not text[span[0] - 1 : span[0]].isdigit():
            found.append(span)
    for match in _PREFIXED.finditer(text):
        span = match.span()
        if _acceptable(text, span, match["surname"], dates) and match[0] not in NOT_HONORIFICS:
            found.append(span)
    for match in _A_NICKNAME.finditer(text):
        if not any(left < match.end() and match.start() < right for left, right in dates):
            found.append(match.span())
    for start in _slot_starts(text):
        full_name = _full_name_at(text, start)
        if full_name is None or any(left < full_name[1] and full_name[0] < right for left, right in dates):
            continue
        owner = _OWNER_OF_TITLED.match(text, full_name[1])
        if owner and _TITLED.match(text, owner.end()):
            continue  # 给华润万家的钱经理: the guess is where 钱经理 works, 钱经理 is the person
        if text[start - 1 : start] in _PLACE_VERBS and _TITLED.search(text, full_name[1]):
            continue  # 到黄陂农机站找王站长: after 到, a guess is likely a place; 王站长 is the person
        found.append(full_name)
    return found


_OWNER_OF_TITLED = re.compile(r"[\u4e00-\u9fff]{0,3}的")
_PLACE_VERBS = frozenset("去到在来从")
_OWNER_OF_LATIN_NAME = re.compile(r"\s*的\s*[A-Z\u4e00-\u9fff]")


def _word_surname_opening(text: str, match: re.Match[str], dates: list[Span]) -> bool:
    """于总这人比较冷淡: a surname that is usually a word (于, 和) is one when its titled form opens a clause.

    Not when the title begins a word of its own: 和总部, 于总结.
    """
    start = match.start()
    opening = start == 0 or not text[start - 1].isalnum()
    title = match.start("title")
    return (
        opening
        and _TITLE_AS_WORD.match(text, title) is None
        and _TITLE_AS_WORD_AFTER_WORD.match(text, title) is None
        and _acceptable(text, match.span(), "", dates)
    )


#: A title that begins a word of its own (宝安工地, 总部): no person there. (孙总结婚 and 赵总算是
#: are people, so 总结 and 总算 count only after a surname that is usually a word: 关于总结.)
_TITLE_AS_WORD = re.compile("总部|总商|工地|工作|工厂|工资|工程|工人|工具|工艺|工业|工期|工商|工位")
_TITLE_AS_WORD_AFTER_WORD = re.compile("总结|总共|总体|总算|总之|总额|总价|总量|总数|总计|总的|总而|总是|总有|总要|总会")


def _acceptable(text: str, span: Span, surname: str, dates: list[Span]) -> bool:
    start, end = span
    if surname in _WORD_SURNAMES or any(left < end and start < right for left, right in dates):
        return False
    return _NOT_NAME_AT.match(text, start) is None


def _slot_starts(text: str) -> list[int]:
    starts = {match.end() for match in _CLAUSE_START.finditer(text)}
    starts |= {match.end() for match in _NAME_SLOT.finditer(text)}
    return sorted(starts)


def _full_name_at(text: str, start: int) -> Span | None:
    """A surname and a one- or two-character given name starting at `start`, if one stands there."""
    if _TITLE_AFTER_SURNAME.match(text, start):
        return None  # 采购经理刘敏: 经理 is the title before her name, not 经 + 理刘
    surname = text[start : start + 2] if text[start : start + 2] in COMPOUND_SURNAMES else text[start : start + 1]
    if surname not in COMPOUND_SURNAMES and surname not in SINGLE_SURNAMES or surname in _WORD_SURNAMES:
        return None
    end = start + len(surname)
    if _TITLE_AFTER_SURNAME.match(text, end) or _CANTONESE_TITLED.match(text, start):
        return None  # 李姐住…, 李生話…: the titled form (李姐, 李生) names this person
    for _ in range(2):
        if end >= len(text) or not _given_name_char(text, end):
            break
        end += 1
    if end == start + len(surname) or text[end - 1] in _PLACE_ENDINGS or _INSTITUTION.match(text, end - 2) or _INSTITUTION.match(text, end - 1):
        return None  # nothing after the surname, or a place: 去高新区见何总, 在长安街, 东方医院, 龙湖项目
    if _NOT_NAME_AT.match(text, start):
        return None
    return start, end


def _given_name_char(text: str, index: int) -> bool:
    char = text[index]
    if char in _STOP_CHARS or not ("\u4e00" <= char <= "\u9fff"):
        return False
    return not any(text.startswith(word, index) for word in _STOP_WORDS)


def _latin_names(original: str, dates: list[Span]) -> list[Span]:
    found: list[Span] = [_without_common_last_word(original, match.span()) for match in _LATIN_TITLED.finditer(original)]
    for match in _LATIN_NAME.finditer(original):
        for run in _name_runs(original, match.start(), match.end()):
            span = _sentence_start_checked(original, run)
            if span is None:
                continue
            start, end = span
            if any(left < end and start < right for left, right in dates):
                continue
            if _PLACE_AFTER.match(original, end) or _OWNER_OF_LATIN_NAME.match(original, end):
                continue  # a place ("the Oak Street lot", "Harrow site"), or whose people they are ("Micron 的 Kevin Wu")
            possessive = original[end : end + 2] in ("'s", "’s")  # "at Kim's place": a person
            if _COMPANY_WORDS_BEFORE.search(original[max(0, start - 14) : start]) and not possessive:
                continue
            if _THING_BEFORE.search(original, 0, start) and not possessive:
                continue  # "on the Coromandel", "the 2 new Nissans", "a Champagne sponsor", "in Muar"
            found.append((start, end))
    return found


#: Before a capitalised word, what makes it a place or a thing, not a person: "the", "a", "in", a count, a journey.
_THING_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:the|an?|in|her|his|their|our|my|your)|\d+(?:\s+(?:new|old|more|used|extra|other))?"
    r"|(?<![A-Za-z])(?:travell?ing|flying|fly|flew|driving|heading|moving|relocating) to)\s+$",  # "travelling to Surat"
    re.IGNORECASE,
)


def _without_common_last_word(original: str, span: Span) -> Span:
    """"Mr. Chen Friday 3pm": a title takes the names after it (Mr Tan Wei Ming), not the weekday after them."""
    start, end = span
    words = list(re.finditer(r"\S+", original[start:end]))
    while len(words) > 2 and words[-1][0] in _LATIN_NOT_NAMES:
        words.pop()
    return start, start + words[-1].end()


def _sentence_start_checked(original: str, run: Span) -> Span | None:
    """A run that opens a sentence is a name only if a name-like word follows it ("Sarah is", "Ben's").

    "Quarterly review with Dana" opens with a capitalised common word; when such a
    run has more words ("Pinged Raj about…"), the first is dropped and the rest kept.
    """
    start, end = run
    if not _SENTENCE_OPENING.search(original[:start]):
        return run
    if " " not in original[start:end] and len(original[start:end]) > 4 and original[start:end].endswith(("ed", "ing")):
        return None  # "Grabbed Thurs.", "Confirmed Friday": a verb opening the sentence (Ted and Fred are short)
    following = _NEXT_WORD.match(original, end)
    if following is None or following[1] is None or following[1] in _NAME_FOLLOWERS:
        return run
    words = list(re.finditer(r"\S+", original[start:end]))
    if len(words) > 1:
        if words[0][0].lower().endswith(("ed", "ing")):
            return start + words[1].start(), end  # "Pinged Raj about…"
        return run  # "Mike Reyes in purchasing says…", "Dave MacDonald turns 60"
    return None


def _name_runs(original: str, start: int, end: int) -> list[Span]:
    """The runs of capitalised words in [start, end) that are not common words (Met, Friday, March…)."""
    runs: list[Span] = []
    run: Span | None = None
    for word in _LATIN_WORDS.finditer(original, start, end):
        word_start, word_end = word.start(), word.end()
        surname = run is not None and original[word_end : word_end + 2] in ("'s", "’s")  # "Lauren Price's store"
        if word[0] in _LATIN_NOT_NAMES and not surname:
            if run is not None:
                runs.append(run)
            run = None
            continue
        run = (run[0] if run else word_start, word_end)
    if run is not None:
        runs.append(run)
    return runs
