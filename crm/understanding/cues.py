"""The words that tell what a dated phrase is about: a birthday, an event in the client's life, or a promise.

Matched on the folded text (Simplified, lower-case). Lists are kept longest-first
inside each pattern so that 结婚纪念日 wins over 结婚 and "wedding anniversary"
over "wedding". Keeping the words here, apart from the rules that use them, lets
the documentation list them and a reviewer extend them without touching logic.
"""

from __future__ import annotations

import re


def _words(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


def _english(words: str) -> str:
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words.split(","), key=len, reverse=True))
    return rf"(?<![a-z])(?:{alternatives})(?![a-z])"


BIRTHDAY = re.compile(
    _words("生日 生辰 出生 出世 诞辰 寿辰 大寿") + r"|满\d{1,3}岁|满[一二三四五六七八九十]{1,3}岁"
    + r"|(?<=[\d日号初十一二三四五六七八九廿卅])生的"  # 「1966年农历十月初九生的」
    + "|" + _english("birthday,bday,b-day,b'day,born,dob,date of birth") + r"|(?<![a-z])turns \d{1,3}(?![\d:])"
    + r"|(?:(?<=['’]s )|(?<=\bhis )|(?<=\bher ))\d{1,3}(?:st|nd|rd|th)(?=\s*(?:$|[,.;!?]|on |is |was |party|bash|celebration|do\b))"  # "Kylie's 40th on…", "His 50th is"
)

_RELATIVES_ZH = _words(
    "女儿 儿子 老婆 老公 妻子 丈夫 太太 夫人 爱人 孩子 小孩 父亲 母亲 爸爸 妈妈 老爸 老妈 岳父 岳母 公公 婆婆 "
    "哥哥 姐姐 弟弟 妹妹 孙子 孙女 女朋友 男朋友 媳妇 闺女 宝宝 儿媳 女婿 外孙 外孙女 父母 老人 她先生 她的先生 个仔 个女 "
    "婆娘 老汉儿 老汉 老爷子 老太太 的先生"  # Sichuan: wife, father; 張太太的先生 (but not 王先生)
)
_RELATIVES_EN = (
    "wife|husband|son|daughter|kid|child|mother|mom|mum|father|dad|brother|sister|partner|baby|"
    "grandson|granddaughter|girlfriend|boyfriend|lad|lass|missus|hubby|"
    "restaurant|shop|store|company|business|bakery|clinic|salon|firm|outlet|bar|pub|practice"  # "the restaurant's 10th birthday"
)
#: A family member — or the client's business ("the restaurant's 10th birthday") — named: what is born, or has a
#: birthday, then is theirs, not the client's.
RELATIVE = re.compile(rf"{_RELATIVES_ZH}|(?<![a-z])(?:{_RELATIVES_EN})(?![a-z])")

#: Family members whose birthday is an event in the client's life, not the client's birthday.
#: The day may stand between them (太太下周五生日), but not a "said" (老周老婆说周三是老周六十大寿 is 老周's);
#: `relative` and `birthday` name the two words.
RELATIVE_BIRTHDAY = re.compile(
    f"(?P<relative>{_RELATIVES_ZH})"
    + r"(?P<between>的?(?:(?!说|讲|话|告诉)[^,.;:!?，。；：！？、\n]){0,10}?)(?P<birthday>生日|生辰|寿辰|大寿|寿宴|出世|出生|满[一二三四五六七八九十]{2,3}(?:岁|周岁)?(?![万元块个台斤吨%\d]))"
    + rf"|(?<![a-z])(?:{_RELATIVES_EN})s?(?:(?:\s+[a-z]+)?(?:'s|’s)?\s+(?:\d+(?:st|nd|rd|th)\s+)?(?:birthday|bday)(?![a-z])"
    r"|(?:\s+[a-z]+)?\s+(?:turns \d{1,3}(?![\d:])|(?:was |is |will be )?born\b))"  # "his wife Jenny turns 50", "daughter was born"
)

EVENT = re.compile(
    _words(
        "结婚纪念日 纪念日 周年庆 周年 结婚 婚礼 订婚 喜宴 寿宴 升学宴 谢师宴 百日宴 满月酒 满月 高考 中考 考研 考试 会考 "
        "高考模拟考 中考模拟考 高考模拟 中考模拟 模拟考 期末考 期中考 月考 联考 "
        "开业 开张 开幕 庆典 剪彩 签约 签合同 搬家 乔迁 入伙 开工 完工 竣工 交房 生孩子 预产期 手术 出院 住院 毕业 "
        "入学 开学 退休 展会 发布会 上市 出差 旅游 回国 到期 续约 招标 投标 开标 验收 演出 比赛 聚会 典礼 婚宴 音乐会 "
        "学测 统测 指考 会考 基测 同学会 葬礼 追悼会 嫁女儿 娶媳妇 出嫁 签了合同 签了约 提车 交车 搬写字楼 搬办公室 搬公司 搬厂 搬店 搬新办公室 搬新家 搬新厂 开分店 开新店 开刀 "
        "要搬到 搬到新址 搬去新址 搬去 当兵 入伍 退伍 雅思 托福 生宝宝 生小孩 摆酒 喜酒"
    )
    + "|(?<![明今去后前])年会|"
    + _english(
        "wedding anniversary,anniversary,wedding,engagement,grand opening,opening,launch,exams,exam,finals,"
        "graduation,graduates,graduating,gets married,getting married,retires,retiring,surgery,contract signing,signing,housewarming,moving day,moves,retirement,conference,trade show,"
        "driving test,moving to,relocating,relocation,moving office,expires,expiry,expiring,inauguration,baby due,"
        "years married,maternity leave,renews,marriage,going live,goes live,go-live,go live,leaving do,farewell,installation,"
        "moving his practice,moving her practice,moving the practice,moving the office,moving their office,"
        "expo,tender,renewal,due date,baby shower,recital,concert,party,ceremony,competition,tournament,"
        "performance,reunion,funeral,christening,baptism,debut,nikah,annual day,reopening,reopens,re-opening,doors open,soft launch,gave birth,give birth,giving birth,had a baby,delivered a baby,"
        "having a baby"
    )
    + r"|(?<![a-z])opens(?!\s+at\b)(?![a-z])"  # "opens on 1 March", but "the restaurant opens at noon" is every day
)

FOLLOW_UP = re.compile(
    _words(
        "回访 拜访 去见 见面 碰面 面谈 见 打电话 电话 致电 联系 联络 跟进 再去 去 过去 上门 送 发 约 请 吃饭 喝茶 "
        "提醒 催 回复 确认 演示 带 拿 交货 送货 发货 接 视频 开会 聊 谈 看望 探望 看看 拜年 报价 覆 找 揾 走访 走一遍 "
        "走一趟 跑一趟 跑一遍 试试 对账 对一下 问 问问 再打 打给 回电 订好 订 预订 订票 买好 收款 收货款 催款 检查 装好 安装好"
    )
    + "|"
    + _english(
        "call,ring,phone,visit,meet,see,send,email,mail,text,message,follow up,follow-up,remind,drop by,stop by,"
        "pop in,check in,check back,catch up,deliver,bring,demo,lunch,dinner,coffee,invite,book,talk,chat,discuss,"
        "present,show,go,swing by,reach out,contact,ping,wechat,whatsapp,quote,meeting,pick up,wish,congratulate,chase,nudge,drop off,"
        "try again,set up,set it up,arrange,organise,organize,schedule,sort out,in-service,going to,heading to,head to,check"
    )
    + r"|(?<![a-z])try (?:him|her|them|it) again(?![a-z])"  # "try her again Wed morning"
)

#: Today's date with one of these is something already done ("今天拜访了", "聊得很好", "visited today"): no follow-up.
DONE = re.compile(
    r"了|(?<!再)过(?![去来两几\d一二三四五六七八九十生寿节年])|已经|刚才|刚刚|接到|收到|得(?:很|挺|不错|还|非常|特别|蛮|好|愉快|开心)"
    + "|"
    + _english(
        "met,called,visited,saw,had,talked,spoke,went,dropped,stopped,chatted,was,were,did,bought,ordered,"
        "showed,gave,took,emailed,texted,caught up,discussed,got"
    )
    # "signed the form" is done; "collect the signed form" is not
    + r"|(?<!the )(?<!a )(?<!your )(?<!his )(?<!her )(?<!their )(?<![a-z])(?:signed|delivered|finished)(?![a-z])"
    + r"|(?<!to be )(?<![a-z])sent(?![a-z])"  # "claim form to be sent today" is still to do
)

#: An event told as having happened: "baby girl born 1/11" is last week's, not next year's.
BORN = re.compile(r"(?<![a-z])(?:born|was born|arrived)(?![a-z])|出生了|生了")

#: A day that is set, not spent, even with 了: "周三约了王总" is an appointment to come, "moved to Friday" too.
ARRANGED = re.compile(
    r"约了|约好|订了|定了|订好|定好|安排了|改到|改成|改在|推到|推迟到|延到|延期到"
    + "|"
    + _english("booked,scheduled,arranged,set up,moved to,pushed to,rescheduled,postponed")
)

#: A day that is off: "周日先不打扰他", "Can't make it Monday" — no follow-up on it.
CALLED_OFF = re.compile(
    r"先不|暂时不|不去|不用去|不必去|不打扰|不见了|取消|去不了|来不了|见不了|没空|没时间|原定|原来定|本来定|原本|休假|请假|放假"
    r"|不在(?!乎|意|话下)|不搞了|不办了|(?<![a-z])(?:cannot|can't|can not)(?:\s+(?:lah|la|leh|liao))?$"
    r"|停诊|休诊|(?:休息|不上班|关门)(?:了|啦)?$"  # 明天周日休息
    r"|我[^，。,.；;]{0,12}?(?:出差|不在|在外地|请假|休假|回老家)"  # the salesperson away: 「周五我出差」, 「我下周一到周三回老家」
    r"|(?:改到|改成|推到|延到|推迟到|延期到)$"  # 周三改到周五: the day it was moved away from
    + "|"
    + _english("can't make,cannot make,can not make,can't go,won't make it,not going,cancel,cancelled,canceled,"
               "called off,call off,no need,postponed from,moved from,rescheduled from,pushed from,pushed back from,"
               "closed,shut,out of office,on leave,can't do,cannot do,can not do,i am travelling,i'm travelling,i am traveling,i'm traveling,i'm away,i am away")
    + r"|(?:postponed|moved|rescheduled|pushed(?: back)?|shifted|preponed|brought forward)(?: to)?$"  # "…visit is postponed to" Monday
    + r"|['’]s off(?![a-z])"  # "tomorrow's off"
)

#: A clause opening like this moves what the clause before it planned: 「三點開會，改到明天」, "…, moved to Friday".
MOVED_OPENING = re.compile(
    r"(?:改到|改成|改在|改期到|改期|推到|推迟到|延到|延期到|挪到)|(?:moved|pushed(?: back)?|postponed|rescheduled|changed) to(?![a-z])"
)
#: The time of the plan that was moved stays: 「改到明天同一時間」, "same time".
SAME_TIME = re.compile(r"同一时间|同样时间|同一个时间|一样的时间|老时间|原时间|" + _english("same time"))

#: "push Thursday's tasting to" the Tuesday after next: a day between such a verb and a closing "to" is given up.
MOVING_VERB = re.compile(
    r"(?<![a-z])(?:push(?:ed|ing)?|mov(?:e|ed|ing)|shift(?:ed|ing)?|rebook(?:ed|ing)?|reschedul(?:e|ed|ing)|bump(?:ed|ing)?"
    r"|chang(?:e|ed|ing)|postpon(?:e|ed|ing))"
    r"(?: back)?\s[^,.;!?]*$"
)
MOVED_TO = re.compile(r"\sto(?: the)?\s*$")
#: "on Monday instead of Friday": the day after it is given up.
INSTEAD_OF = re.compile(r"(?<![a-z])instead of\s+(?:the\s+)?$|(?<![a-z])not\s+$|而不是$|不是$")

#: Today's date without a time is a plan only with a word of intent ("今天要去", "记得", "need to", "remember");
#: "今天拜访林董" is a report of the day.
INTENT = re.compile(
    r"要|准备|打算|记得|记着|别忘|得去|需要|待会|等会|稍后|晚点|一会|再"
    + "|"
    + _english("need to,needs to,must,remember,don't forget,have to,has to,going to,will,should,later,remind,to do,"
               "to be sent,to be done,to be signed,to be submitted,to be delivered,wants,want,would like")
)

#: A clause that points back at the day just named: 到时候去送花篮, "call her then".
THAT_DAY = re.compile(r"到时候|到时(?!间)|届时|到那天|那天|当天|" + _english("then,that day,on the day"))

#: A clause that points at the day before the one just named: 考前一天发个祝福, "wish him luck the day before".
DAY_BEFORE = re.compile(r"前一天|前一日|提前一天|头一天|" + _english("the day before,a day before,the night before,the eve"))

#: A clause ending in "after" points at the day after the one just named: "on leave until Jan 4, call again after".
DAY_AFTER = re.compile(r"(?<![a-z])(?:after|afterwards|after that)$|之后$|以后$|过后$")
#: "proper launch the week after": a week after the day just named.
WEEK_AFTER = re.compile(r"(?<![a-z])(?:the|a) week after(?: that)?$")
#: "then 2 days after that go back with the contract": that many days after the day just named.
DAYS_AFTER = re.compile(r"(?<![a-z])(?P<en>a|one|two|three|four|five|six|seven|ten|\d{1,2}) (?P<en_unit>days?|weeks?) after (?:that|then|it)(?![a-z])")

#: "到期前一周打电话", "提前三天", "a week before": that many days before the day just named.
DAYS_BEFORE = re.compile(
    r"(?:提前|前)(?P<zh>[一二两三四五六七八九十\d]{1,2})(?P<zh_unit>天|日|周|个星期|星期|礼拜)"
    r"|(?<![a-z])(?P<en>a|the|one|two|three|four|five|six|seven|ten|\d{1,2}) (?P<en_unit>days?|weeks?|fortnights?) (?:before|ahead|prior)(?![a-z])"
)

#: Festivals a day may be named by ("明天元旦", "Christmas is on Friday"): a remark, not a task.
FESTIVAL = re.compile(
    _words("元旦 春节 除夕 元宵节 元宵 清明节 清明 端午节 端午 七夕 中秋节 中秋 重阳节 重阳 国庆节 国庆 圣诞节 圣诞 平安夜 "
           "情人节 新年 跨年 劳动节 母亲节 父亲节 感恩节 腊八 小年 冬至")
    + "|" + _english("christmas eve,christmas,new year's eve,new year's day,new year,thanksgiving,easter,valentine's day,"
                     "chinese new year,lunar new year,mid-autumn festival,diwali,deepavali,hari raya")
)

#: What may sit next to a date in a clause that is only the date ("，6月20号", "is on May 3").
DATE_ONLY_FILLER = re.compile(r"[\s,.:;!?，。：；、是在就的为于号日]|(?<![a-z])(?:is|on|it's|its|the|at|for)(?![a-z])")
