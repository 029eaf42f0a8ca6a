"""Client matching: which client does a written name, or a whole note, mean?

Pure functions over names; no storage, no clock, no Telegram. The rules and
their thresholds are documented in `crm.matching.index`; what a Chinese name is
made of (surnames, honorifics, pinyin) in `crm.matching.chinese_names`; how text
is folded before comparing in `crm.matching.normal_form`.
"""

from crm.matching.chinese_names import split_honorific, surname_of
from crm.matching.index import ClientIndex, Match, NameTable, Outcome
from crm.matching.normal_form import to_simplified

__all__ = ["ClientIndex", "Match", "NameTable", "Outcome", "split_honorific", "surname_of", "to_simplified"]
