"""Where a note's clauses begin and end, so that each fact is read from, and quotes, its own words.

A clause ends at sentence and comma punctuation (Chinese or Western, but not the
enumeration comma 、 of "钱总、孙总"), at a space before three or more Chinese characters (phone typing's comma:
"腊月廿八生日 到时候提醒我", but "张姐 12月8日 生日" stays one), at a line break, and before a connective that starts a new thought (然后, 另外, "then", and "and" before a
new subject or a verb of doing). A full stop ends a clause only where it ends a sentence: not in 3.5, not
after Mr. or p.m., not inside a date ("June 5, 2027"). Never looks at meaning.
"""

from __future__ import annotations

import re

#: "and" starts a new clause only before a new subject or a verb of doing ("and call her", "and she…");
#: "Greg and his wife" stays one clause.
_AND_NEW_CLAUSE = r"\s+and\s+(?=(?:then|he|she|they|we|i|it|call|visit|meet|send|email|text|remind|follow|ask|ping|check|bring)\b)"
_BREAKS = re.compile(rf"[,，。;；!！?？\n]+|(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff]{{3}})|(?<=[\u4e00-\u9fff]{{4}})[ \t\u3000]+(?=\d)|\.(?=\s|$)|{_AND_NEW_CLAUSE}|\s+(?:then|but|also)\s+|然后|并且|另外|而且|同时|\s[-–—]\s(?=\D)")
_ABBREVIATIONS = frozenset("mr mrs ms dr dra prof atty engr st jr sr inc ltd co corp vs etc no a.m p.m e.g i.e".split())
_WORD_BEFORE = re.compile(r"([a-z.]+)$")


def clause_spans(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) of each clause of the folded `text`; `protected` spans (dates) are never cut."""
    cuts: list[tuple[int, int]] = []
    for match in _BREAKS.finditer(text):
        start, end = match.span()
        if any(left < end and start < right for left, right in protected):
            continue
        if match[0] == "." and _is_abbreviation(text[:start]):
            continue
        cuts.append((start, end))
    spans: list[tuple[int, int]] = []
    position = 0
    for start, end in cuts:
        spans.append((position, start))
        position = end
    spans.append((position, len(text)))
    return [span for span in (_trimmed(text, span) for span in spans) if span[0] < span[1]]


def _is_abbreviation(before: str) -> bool:
    word = _WORD_BEFORE.search(before)
    return word is not None and word[1] in _ABBREVIATIONS


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and not text[start].isalnum() and text[start] != "#":
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end
