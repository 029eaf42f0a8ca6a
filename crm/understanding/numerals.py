"""Numbers as salespeople write them next to dates: 3, 十八, 二十三, 廿三, 两, 一九八五, 〇七.

Only small numbers (days, months, hours, minutes, counts of weeks) and four-digit
years are read; anything else gives None so that a caller never mistakes an
amount for a date.
"""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ENGLISH = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
}


def small_number(text: str) -> int | None:
    """0–99 from Arabic digits or Chinese numerals (十八, 二十三, 廿三, 卅, 两); None otherwise."""
    if text.isdecimal():
        return int(text) if len(text) <= 2 else None
    if text in _DIGITS:
        return _DIGITS[text]
    if text == "卅":
        return 30
    if text.startswith("廿"):
        rest = text[1:]
        return 20 + _DIGITS[rest] if rest in _DIGITS else (20 if not rest else None)
    if "十" in text:
        tens_text, _, units_text = text.partition("十")
        tens = _DIGITS.get(tens_text, -1) if tens_text else 1
        units = _DIGITS.get(units_text, -1) if units_text else 0
        if tens < 1 or units < 0 or "十" in units_text:
            return None
        return tens * 10 + units
    return None


def year_number(text: str) -> int | None:
    """A year written as 1985, 85, 一九八五 or 八五; two digits are read as 19xx or 20xx (birth years)."""
    if not text.isdecimal():
        if not all(char in _DIGITS for char in text):
            return None
        text = "".join(str(_DIGITS[char]) for char in text)
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        two = int(text)
        return 1900 + two if two >= 30 else 2000 + two
    return None


def english_number(text: str) -> int | None:
    """1–99 from digits or the words people use for a few days/weeks ("two", "a couple of")."""
    if text.isdecimal():
        return int(text) if len(text) <= 2 else None
    return _ENGLISH.get(" ".join(text.split()))
