"""A birth year written apart from the birthday: 「85年出生，生日7月22号」, "born in 1985 … birthday July 22".

The birthday's month and day are read as a dated fact (`facts`); the year said in
another phrase would be lost. It joins the client's birthday only when nothing
says it is someone else's: 「他女儿2010年出生」 is the daughter's year.
"""

from __future__ import annotations

import re
from datetime import date

from crm.understanding.cues import RELATIVE

_YEAR_ZH = re.compile(
    r"(?:(?:出生于|生于)\s*(?P<after>(?:19|20)\d{2}|\d{2})\s*年"
    r"|(?P<roc>民国)?(?<!\d)(?P<before>(?:19|20)\d{2}|\d{2,3})\s*年\s*(?:出生|生人|生的|生|次|的(?=\s*$|[，。,.\s]))"
    r"(?![日产意效]))"  # not 生日, 生产, 生意, 生效; 「民國68年次」 and 「他说85年的」 are birth years too
)
_YEAR_EN = re.compile(r"(?<![a-z])(?:born(?: in)?|b\.)\s+(?P<year>(?:19|20)\d{2})(?!\d)")
#: Where the phrase holding a birth year starts: a relative named in it makes the year theirs.
_PHRASE_START = re.compile(r"[,.;!?，。；！？\n][^,.;!?，。；！？\n]*$")


def birth_year(text: str, today: date) -> int | None:
    """The client's birth year when the note states one on its own, else None.

    Two digits are a year of the last hundred years (85年 → 1985, 05年 → 2005);
    a year after this one is no birth year.
    """
    for match in (*_YEAR_ZH.finditer(text), *_YEAR_EN.finditer(text)):
        written = (match["after"] or match["before"]) if match.re is _YEAR_ZH else match["year"]
        year = int(written)
        if match.re is _YEAR_ZH and match["roc"]:
            year += 1911  # Taiwan's 民國 years
        elif len(written) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        if year > today.year or year < today.year - 120:
            continue
        phrase_start = _PHRASE_START.search(text, 0, match.start())
        phrase = text[phrase_start.start() if phrase_start else 0 : match.end()]
        if RELATIVE.search(phrase):
            continue
        return year
    return None
