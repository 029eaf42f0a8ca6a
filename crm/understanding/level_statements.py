"""Relationship levels the salesperson states in a note: "现在是朋友了", "升级为知己", "Sarah is now a friend".

Only a statement counts: a level word after a copula or a change verb (是, 成了,
升级为, 降为, 只是; is, are, became, upgraded … to) that ends its clause. A level
word used for something else — 朋友介绍的 (introduced by a friend), 朋友圈 (WeChat
Moments), 我朋友的同学, "a friend of mine" — is not a statement. Negations
(不是朋友, "not a friend") state nothing. When a note states several, the last wins.
"""

from __future__ import annotations

import re

from crm.model import Level

_ZH_WORDS = {
    "知心朋友": Level.CONFIDANT, "知己": Level.CONFIDANT, "铁哥们": Level.CONFIDANT, "闺蜜": Level.CONFIDANT,
    "好朋友": Level.FRIEND, "老朋友": Level.FRIEND, "朋友": Level.FRIEND, "老友": Level.FRIEND, "好友": Level.FRIEND,
    "好老友": Level.FRIEND,
    "熟人": Level.ACQUAINTANCE, "点头之交": Level.ACQUAINTANCE, "普通认识的关系": Level.ACQUAINTANCE,
    "普通朋友": Level.ACQUAINTANCE, "过客": Level.PASSER_BY, "路人": Level.PASSER_BY,
}
_EN_WORDS = {
    "confidant": Level.CONFIDANT, "family": Level.CONFIDANT, "friend": Level.FRIEND, "buddy": Level.FRIEND, "mate": Level.FRIEND, "pal": Level.FRIEND,
    "acquaintance": Level.ACQUAINTANCE,
    "passer-by": Level.PASSER_BY, "passerby": Level.PASSER_BY, "passer by": Level.PASSER_BY, "stranger": Level.PASSER_BY,
    "passing contact": Level.PASSER_BY,
}
_ZH_MARKERS = (
    "停留在 还在 现在是 已经是 已是 还是 只是 仅是 就是 都系 算是 算 是 系 同我 跟我 处成了 处成 混成了 混成 成了 成为 变成了 变成 变为 升级为 升级到 升级成 升为 升到 升成 "
    "降为 降到 降级为 降级到 降级成 降成 调为 调到 改为 改成 设为 定为 当成 归为 列为 为"
).split()
_ZH = re.compile(
    r"(?<![不没非])(?:" + "|".join(sorted(_ZH_MARKERS, key=len, reverse=True)) + r")"
    r"(?:(?:我|我们)?(?:多年|好多年|很多年|[\d一二三四五六七八九十几]+年)?的|我们|我|了|个|一个)?"
    r"(?:(?:很|非常|特别|挺|超级|超|最|相当|蛮)?(?:要好|好)的)?"  # 很好的朋友, 非常要好的朋友
    r"(?P<word>" + "|".join(sorted(_ZH_WORDS, key=len, reverse=True)) + r")(?:关系|阶段|级别|层次|程度)?(?:而已|罢了)?[了啦吧啊呀哦咁嘅喇啰嘛哈咋啫囉]*(?=$|[\s,.;!?，。；！？、])"
)
#: "把我当兄弟", "当我是自己人": treating the salesperson as one of their own is a friend (家人: a confidant).
_ZH_TREATED_AS = re.compile(
    r"(?<![不没])(?:当我是|当我系|把我当成|把我当作|把我当|拿我当)(?:个|一个)?(?P<word>兄弟|哥们|姐妹|自己人|好朋友|朋友|家人|知己)"
    r"(?:看|看待|对待)?[了啦吧啊呀哦嘅喇啰嘛哈]*(?=$|[\s,.;!?，。；！？、])"  # 把我當家人看
)
_TREATED_AS_WORDS = {"家人": Level.CONFIDANT, "知己": Level.CONFIDANT}
#: 「Jessie Tan 只是 acquaintance 而已」: a Chinese statement with the level word in English.
_ZH_WITH_EN_WORD = re.compile(
    r"(?<![不没非])(?:只是|就是|算是|已经是|现在是|还是|是)\s*(?:个|一个)?\s*(?:good\s+|close\s+)?"
    r"(?P<word>confidant|friend|acquaintance|passer-by|passerby)(?![a-z])\s*(?:而已|罢了)?[了啦吧啊呀哦]*(?=$|[\s,.;!?，。；！？、])"
)
#: What may follow the level word before its clause ends: "a close friend honestly", "an acquaintance for now",
#: "a proper mate over the last few months", "good friend liao".
_TRAILING = (
    r"(?:\s+(?:now|for now|honestly|tbh|really|already|still|these days|at this point|at this stage|i think|i guess|"
    r"level|lah|leh|lor|liao|na talaga|talaga|na|pa|po|yaar|only|again|lately|this year|lol|haha|"  # Singlish, Tagalog, Indian
    r"over the (?:last|past) (?:few |couple of )?(?:months|weeks|years)))*"
)
_CLAUSE_END = r"(?=\s*(?:$|[,.;!?—–]|\s-\s|but\b|though\b))"
_EN = re.compile(
    r"(?:(?<![a-z])(?:is|are|was|been|became|become|becomes|as|to|into|already)|['’]s|['’]re)\s+(?:now\s+|already\s+)?"
    r"(?:just\s+|only\s+|still\s+|officially\s+|really\s+|practically\s+|basically\s+)?(?:a\s+|an\s+|my\s+|our\s+)?"
    r"(?:(?:very|really|pretty|such)\s+)?(?:close\s+|closest\s+|good\s+|real\s+|true\s+|trusted\s+|old\s+|best\s+|great\s+|dear\s+|proper\s+)?"
    r"(?P<word>confidant|friend|buddy|mate|pal|acquaintance|passer-by|passerby|passer by|stranger|passing contact)s?"
    + _TRAILING + _CLAUSE_END
    # "now like family only", "is like family to me", "treat me like family": as close as it gets
    + r"|(?:(?<![a-z])(?:is|are|now|become|became|treats?\s+me)|['’]s|['’]re)\s+(?:(?:now|really|just|basically|practically)\s+)?(?:more\s+)?"
    r"(?:like\s+|(?<=basically )|(?<=practically ))(?P<family>family)(?:\s+to me)?" + _TRAILING + _CLAUSE_END
    # "can say good friend lah": as good as a statement in Singapore English
    + r"|(?<![a-z])can (?:say|call (?:him|her))\s+(?:a\s+)?(?:good\s+|close\s+)?(?P<word6>friend|confidant|acquaintance)"
    + _TRAILING + _CLAUSE_END
    + r"|(?:^|(?<=[,;.])|(?<=[a-z] ))\s*(?:just|only|still|basically|really|more like|pretty much)\s+(?:a|an)\s+"
    r"(?P<word2>confidant|friend|acquaintance|passer-by|passerby|stranger)" + _TRAILING + _CLAUSE_END
    # ", close friend now really" / ", proper mate now": after a comma, an adjective and a time word say it
    + r"|(?<=[,;])\s*(?:close|good|proper|best|old|true)\s+(?P<word3>friend|mate|buddy)\s+now" + _TRAILING + _CLAUSE_END
    + r"|(?<![a-z])level\s*[:=]?\s*(?P<level>confidant|friend|acquaintance|passer-by|passer_by|passerby)(?![a-z])"
    # "more of a friend than a client now"
    + r"|(?<![a-z])more of an? (?P<word4>confidant|friend|mate|buddy) (?:now )?than an? (?:client|customer|contact|supplier)(?![a-z])"
    # "can consider 知己 already", "I consider him a friend": Chinese level words typed in an English sentence too
    + r"|(?<![a-z])consider(?:ed|s)?\s+(?:(?:him|her|them)\s+)?(?:as\s+)?(?:a\s+|an\s+|my\s+)?(?:close\s+|good\s+)?"
    r"(?P<word5>confidant|friend|mate|buddy|acquaintance|知己|好朋友|朋友|熟人)" + _TRAILING + r"(?=\s*(?:$|[,.;!?—–，。；！？]))"
)
_EN_NEGATION = re.compile(r"(?:not|n't|never)\s+(?:\S+\s+){0,2}$")


def stated_level(text: str) -> Level | None:
    """The level the folded `text` states for the client, or None when it states none."""
    found: list[tuple[int, Level]] = []
    for match in _ZH.finditer(text):
        found.append((match.start(), _ZH_WORDS[match["word"]]))
    for match in _ZH_WITH_EN_WORD.finditer(text):
        found.append((match.start(), _EN_WORDS[match["word"]]))
    for match in _ZH_TREATED_AS.finditer(text):
        found.append((match.start(), _TREATED_AS_WORDS.get(match["word"], Level.FRIEND)))
    for match in _EN.finditer(text):
        said = match["word"] or match["word2"] or match["word5"]
        negated_before = match.start() if match["word5"] else match.start("word" if match["word"] else "word2")
        if said and _EN_NEGATION.search(text[:negated_before]):  # "not a friend", "don't consider him a friend"
            continue
        word = (
            match["word"] or match["word2"] or match["word3"] or match["word4"] or said or match["family"] or match["word6"]
            or match["level"].replace("_", "-")
        )
        found.append((match.start(), _EN_WORDS.get(" ".join(word.split())) or _ZH_WORDS[word]))
    return max(found)[1] if found else None
