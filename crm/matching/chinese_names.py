"""What a Chinese name is made of: surname, given name, honorific forms, pinyin spellings.

Salespeople rarely write a client's full name: they write 张总, 老张, 李老师, Mr Zhang.
This module knows the surnames (the Hundred Family Surnames plus common modern
ones, compound surnames first), the titles and prefixes used around them, and how
a name is spelled in pinyin. It works on text only and never guesses a surname
that is not in its lists: an unknown first character gives None rather than a
wrong surname, so the caller falls back to asking.
"""

from __future__ import annotations

import itertools
import os
import re
from functools import lru_cache

# Names are read character by character (surname readings below), never through pypinyin's
# dictionary of words, which alone is 46 MB resident: a third of the bot's memory at rest.
# pypinyin reads these when first imported; nothing else in Rapport uses it.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")  # the copy only protects custom dictionaries

from pypinyin import lazy_pinyin  # noqa: E402  (after the settings above)

from crm.matching.normal_form import has_han, name_key, spelling, tidy, to_simplified

#: Two-character surnames, checked before single ones (欧阳锋 is 欧阳 + 锋, not 欧 + 阳锋).
COMPOUND_SURNAMES = frozenset(
    "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 "
    "公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙 端木 巫马 公西 漆雕 "
    "乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门 南宫 "
    "第五".split()
)

#: Single-character surnames: the Hundred Family Surnames and the common ones it lacks (肖, 付, 闫, 覃…).
SINGLE_SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况有琴商牟佘佴墨哈谯笪年"
    "爱阳佟言福肖付覃兰代冼邝区朴练麦揭谌綦禤粟敬尧甯栗门迟仝"
)

#: How a surname is read when it is a surname (曾 zeng, not ceng); pypinyin's everyday reading is kept too.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "区": ("ou",), "朴": ("piao",),
    "查": ("zha",), "乐": ("yue",), "盖": ("ge",), "覃": ("qin",), "翟": ("zhai",), "缪": ("miao",),
    "秘": ("bi",), "种": ("chong",), "召": ("shao",), "繁": ("po",), "谌": ("chen", "shen"),
    "万俟": ("moqi",), "尉迟": ("yuchi",), "单于": ("chanyu",), "长孙": ("zhangsun",),
}

#: Given-name characters whose reading in a name is often not the everyday one pypinyin gives
#: a lone character (李长青 chang, not zhang; 朝霞 zhao; 重阳 chong; 乐 also yue). Both are kept.
GIVEN_NAME_READINGS: dict[str, tuple[str, ...]] = {"长": ("chang",), "朝": ("zhao",), "重": ("chong",), "乐": ("yue",)}

#: Titles written after a surname (张总, 李老师, 欧阳经理), longest first so 总监 wins over 总.
SUFFIX_TITLES: tuple[str, ...] = tuple(
    sorted(
        "总经理 董事长 总监 总裁 经理 老师 老板 医生 大夫 先生 女士 小姐 太太 夫人 师傅 律师 教授 主任 主管 "
        "书记 局长 处长 科长 部长 院长 校长 厂长 行长 所长 队长 会长 博士 阿姨 大哥 大姐 总 董 工 姐 哥 叔 姨 嫂 "
        "局 处 导 老".split(),
        key=len,
        reverse=True,
    )
)
#: Familiar prefixes before a surname (老张, 小李, 阿陈).
PREFIX_TITLES: tuple[str, ...] = ("老", "小", "阿")
#: Everyday words that look like prefix/suffix + surname but are not a person (老公 is a husband).
NOT_HONORIFICS = frozenset("老公 老家 老师 老乡 老年 老是 老实 小时 小区 小于 小康 帅哥 古董".split())

#: Titles written before a latin surname (Mr Zhang, Ms. Li), longest first so "mrs" is not read as "mr".
LATIN_TITLES = ("mister", "madam", "miss", "mrs", "mr", "ms", "dr", "prof")
_LATIN_TITLED = re.compile(rf"({'|'.join(LATIN_TITLES)})(?:\.\s*|\s+)(.+)", re.IGNORECASE)
_LATIN_SURNAME = re.compile(r"[a-z][a-z'\-]*", re.IGNORECASE)


def split_honorific(written: str) -> tuple[str, str] | None:
    """(surname, title) when `written` is a surname with a title or familiar prefix, else None.

    张总 → ("张", "总"); 老张 → ("张", "老"); 欧阳经理 → ("欧阳", "经理"); 張總 → ("张", "总");
    Mr Zhang / ms. li → ("Zhang", "Mr") / ("li", "ms"). Chinese surnames come back Simplified;
    a latin surname comes back as written. A bare surname (张) is not an honorific form.
    """
    if (latin := _LATIN_TITLED.fullmatch(tidy(written))) and _LATIN_SURNAME.fullmatch(latin[2]):
        return latin[2], latin[1]
    key = name_key(written)
    if key in NOT_HONORIFICS or not has_han(key):
        return None
    for prefix in PREFIX_TITLES:
        if key.startswith(prefix) and _is_surname(key[len(prefix) :]):
            return key[len(prefix) :], prefix
    for title in SUFFIX_TITLES:
        if key.endswith(title) and _is_surname(key[: -len(title)]):
            return key[: -len(title)], title
    return None


def surname_of(name: str) -> str | None:
    """The surname of a Chinese name (Simplified), or the last word of a latin one; None if unknown.

    张伟 → 张; 欧阳锋 → 欧阳; 張偉 → 张; 王总 → 王; John Smith → Smith. A Chinese name
    whose first character is not a known surname, and a one-word latin name, give None.
    Latin names are taken as given-name-first, as they are usually written.
    """
    if honorific := split_honorific(name):
        return honorific[0]
    key = name_key(name)
    if has_han(key):
        if key[:2] in COMPOUND_SURNAMES:
            return key[:2]
        return key[0] if key[0] in SINGLE_SURNAMES else None
    words = tidy(name).split(" ")
    return words[-1] if len(words) > 1 else None


def without_title(key: str) -> str | None:
    """A full name with a title around it (张伟先生, mr john smith) → the name, else None.

    Takes and returns `name_key` form. A bare surname is not returned: 张总 is
    every 张 (rule 2 of the index), not a client who happens to be named 张.
    """
    if latin := _LATIN_TITLED.fullmatch(key):
        rest = latin[2]
    else:
        rest = next((key[: -len(title)] for title in SUFFIX_TITLES if key.endswith(title)), "")
    return rest if rest and not _is_surname(rest) else None


@lru_cache(maxsize=4096)
def pinyin_spellings(name: str) -> frozenset[str]:
    """Every letters-only pinyin spelling of a name written in Chinese characters, in both orders.

    张伟 → {"zhangwei", "weizhang"}; 曾伟 also "zengwei"; 吕布 → lvbu, lubu, lyubu (ü as
    pypinyin writes it, as typed without the dots, and as on a passport). Each character
    gets its everyday reading, the surname also its surname reading: a word's reading
    across the boundary (王朝 "dynasty") must not change the name. `name` is read as written, not Simplified
    first: pypinyin reads Traditional characters, and OpenCC's t2s is lossy (張乾 → 张干).
    Cached (a few thousand names): a rename rebuilds its book's table from names read moments before.
    """
    surname = surname_of(name)
    if surname is None or to_simplified(name[: len(surname)]) != surname:  # 老张: the surname is not first
        return _with_u_variants(_readings(name))
    spellings: set[str] = set()
    for given in _readings(name[len(surname) :]):
        spellings |= {reading + given for reading in surname_spellings(surname)}
        if given:
            spellings |= {given + reading for reading in surname_spellings(surname)}
    return _with_u_variants(spellings)


def _readings(characters: str) -> set[str]:
    """Each character's everyday reading, and its name reading where `GIVEN_NAME_READINGS` has one."""
    choices = [("".join(lazy_pinyin(character)), *GIVEN_NAME_READINGS.get(character, ())) for character in characters]
    return {"".join(combination) for combination in itertools.product(*choices)}


@lru_cache(maxsize=4096)
def surname_spellings(surname: str) -> frozenset[str]:
    """The pinyin spellings of a Chinese surname: its surname reading(s) and its everyday one."""
    readings = {"".join(lazy_pinyin(surname)), *SURNAME_READINGS.get(surname, ())}
    return _with_u_variants({spelling(reading) for reading in readings})


def is_pinyin_surname(word: str) -> bool:
    """Whether a latin word spells a known surname in pinyin ("Zhang" in the latin name "Zhang Wei")."""
    return spelling(word) in _pinyin_surnames()


@lru_cache(maxsize=1)
def _pinyin_surnames() -> frozenset[str]:
    surnames = COMPOUND_SURNAMES | SINGLE_SURNAMES
    return frozenset(spelled for surname in surnames for spelled in surname_spellings(surname))


def _is_surname(text: str) -> bool:
    return text in SINGLE_SURNAMES or text in COMPOUND_SURNAMES


def _with_u_variants(spellings: set[str]) -> frozenset[str]:
    """ü spelled three ways: v (pypinyin, keyboards), u (dropped dots) and yu (passports: 吕 Lyu)."""
    variants = set(spellings)
    for text in spellings:
        if "v" in text:
            variants |= {text.replace("v", "u"), text.replace("v", "yu")}
    return frozenset(variants)
