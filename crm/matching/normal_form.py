"""How a written name is reduced before it is compared: one form for both sides of a comparison.

`name_key` is the form every exact comparison uses (the client's stored name and
what the salesperson wrote go through the same function, so any quirk of a step
applies to both alike). `spelling` is the letters-only form pinyin and romanised
names are compared in. Neither ever changes a stored name: they only make keys.
"""

from __future__ import annotations

import re
import unicodedata

import opencc

# Built once: OpenCC loads its dictionaries on construction (milliseconds), converting is ~1 µs.
_T2S = opencc.OpenCC("t2s")

#: CJK Unified Ideographs with extension A, the compatibility block and the supplementary planes.
_HAN_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
HAN = re.compile(_HAN_CLASS)
_SPACES_NEXT_TO_HAN = re.compile(rf"\s+(?={_HAN_CLASS})|(?<={_HAN_CLASS})\s+")
_NOT_LETTER = re.compile(r"[^a-z]+")
#: Stripped from both ends of a key (after NFKC, so full-width ASCII marks are already ASCII).
_EDGE_PUNCTUATION = "".join(chr(code) for code in range(0x21, 0x7F) if not chr(code).isalnum()) + "。、「」『』【】《》〈〉“”‘’…—～·"


def to_simplified(text: str) -> str:
    """Traditional Chinese characters replaced by their Simplified forms (張偉 → 张伟).

    OpenCC's conversion is lossy for a few characters (乾 becomes 干 outside known
    phrases), which is harmless for comparison as long as both sides are converted.
    """
    return str(_T2S.convert(text))


def tidy(text: str) -> str:
    """A name as written, cleaned but not folded: NFKC, whitespace collapsed, punctuation trimmed.

    Whitespace collapses to one space between latin words and disappears next to
    Chinese characters ("张 伟" → "张伟"); punctuation at either end goes ("張偉。" → "張偉").
    """
    collapsed = _SPACES_NEXT_TO_HAN.sub("", " ".join(unicodedata.normalize("NFKC", text).split()))
    return collapsed.strip(_EDGE_PUNCTUATION)


def name_key(text: str) -> str:
    """The comparison form of a name: `tidy`, case-folded and Simplified.

    "張偉", "张 伟" and "张伟。" all give "张伟"; "ＺＨＡＮＧ  Wei" gives "zhang wei".
    """
    return to_simplified(tidy(text).casefold())


def spelling(key: str) -> str:
    """Only the latin letters of a key, lower-case, tone marks removed and ü written v, as pypinyin writes it.

    "Zhāng Wěi" → "zhangwei", "Lǚ" → "lv", "Xi'an" → "xian".
    """
    decomposed = unicodedata.normalize("NFKD", key.casefold()).replace("u\u0308", "v")
    return _NOT_LETTER.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def has_han(key: str) -> bool:
    """Whether the key holds at least one Chinese character."""
    return HAN.search(key) is not None


def is_latin(key: str) -> bool:
    """Whether the key is written in latin letters only (spaces, dots, hyphens, apostrophes aside)."""
    return not has_han(key) and bool(spelling(key)) and all(c.isalpha() or c in " .'-" for c in key)


