"""Every key one client can be found by, derived from their name and aliases alone.

Derived once per distinct (name, aliases) and cached, so that rebuilding a
book's index after one client changed costs dictionary inserts, not thousands
of pinyin readings and OpenCC conversions. Nothing here compares anything: the
index (`crm.matching.index`) decides what the keys mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crm.matching.chinese_names import (
    is_pinyin_surname,
    pinyin_spellings,
    split_honorific,
    surname_of,
    surname_spellings,
)
from crm.matching.normal_form import HAN, has_han, is_latin, name_key, spelling, tidy

_NAME_SEPARATORS = re.compile(r"[\s·•・]+")  # 阿卜杜·热合曼: the middle dot is not part of the name


@dataclass(frozen=True, slots=True)
class ClientKeys:
    exact: tuple[str, ...]  # name and aliases in `name_key` form (rule 1, mentions)
    surnames: frozenset[str]  # Chinese surnames, Simplified (rule 2: 张总)
    surname_spellings: frozenset[str]  # surnames in latin letters (rule 2: Mr Zhang)
    spellings: frozenset[str]  # letters-only spellings of the whole name, both orders (rule 3)
    latin: tuple[str, ...]  # latin names and aliases in `name_key` form (rule 4 typos)
    first_name: str | None  # first word of a latin name of two words or more (rule 4)
    last_name: str | None  # its last word: "Klein wants 3 more units" is about Robert Klein (rule 4)


@lru_cache(maxsize=4096)
def client_keys(name: str, aliases: tuple[str, ...]) -> ClientKeys:
    """The keys of a client called `name`, also known as `aliases`."""
    written = (name, *aliases)
    exact = tuple(dict.fromkeys(key for key in map(name_key, written) if key))
    surnames, surname_spelled = _surnames(name, aliases)
    spellings: set[str] = set()
    latin: list[str] = []
    for text in written:
        key = name_key(text)
        if has_han(key):
            han = _NAME_SEPARATORS.sub("", tidy(text))
            if all(HAN.match(character) for character in han):
                spellings |= pinyin_spellings(han)
        elif is_latin(key):
            latin.append(key)
            words = key.split(" ")
            spellings.add(spelling(key))
            if len(words) == 2:  # "Zhang Wei" is also written "Wei Zhang", and the other way round
                spellings.add(spelling(words[1] + words[0]))
    name_words = name_key(name).split(" ")
    several_words = is_latin(name_key(name)) and len(name_words) > 1
    first_name = name_words[0] if several_words else None
    last_name = name_words[-1] if several_words else None
    return ClientKeys(
        exact=exact,
        surnames=surnames,
        surname_spellings=surname_spelled,
        spellings=frozenset(spellings - {""}),
        latin=tuple(dict.fromkeys(latin)),
        first_name=first_name,
        last_name=last_name,
    )


def _surnames(name: str, aliases: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Chinese surnames and latin surname spellings: from the name, and from aliases like 王总.

    Only honorific aliases give a surname: a nickname (胖子, 花花) says nothing reliable about one.
    """
    found = [surname_of(name) if has_han(name) else None]
    found += [honorific[0] for alias in aliases if (honorific := split_honorific(alias))]
    han: set[str] = set()
    spelled: set[str] = set()
    for surname in filter(None, found):
        if has_han(surname):
            han.add(surname)
            spelled |= surname_spellings(surname)
        else:
            spelled.add(spelling(surname))
    words = tidy(name).split(" ")
    if not has_han(name) and len(words) > 1:
        spelled.add(spelling(words[-1]))
        if is_pinyin_surname(words[0]):  # the latin name "Zhang Wei" may be written surname first
            spelled.add(spelling(words[0]))
    return frozenset(han), frozenset(spelled - {""})
