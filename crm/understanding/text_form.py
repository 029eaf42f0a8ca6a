"""The note as the reader sees it: one comparable form, character for character with what was typed.

Everything in `crm.understanding` matches patterns on `Aligned.text`: full-width
forms folded (３ → 3, ： → :), Traditional characters made Simplified (週 → 周,
號 → 号, 農曆 → 农历) and latin letters lower-cased. The folded text has exactly
the length of the original, so a span found in it is the same span of what the
salesperson wrote, and names, labels and quoted text come back as written
(張偉 stays 張偉). Never changes the length of the text; never drops a character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

# Built once: OpenCC loads its dictionaries on construction; converting a note takes microseconds.
_T2S = opencc.OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class Aligned:
    """A note as typed (`original`) and folded (`text`), the same length, index for index."""

    original: str
    text: str

    def written(self, start: int, end: int) -> str:
        """The characters at [start, end) as the salesperson typed them."""
        return self.original[start:end]


def align(original: str) -> Aligned:
    """Fold `original` for matching while keeping every index pointing at the same character."""
    folded = "".join(_fold_char(char) for char in original)
    simplified = str(_T2S.convert(folded))
    if len(simplified) != len(folded):
        # A phrase conversion changed the length; convert character by character instead.
        simplified = "".join(_simplified_char(char) for char in folded)
    return Aligned(original=original, text=simplified)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """NFKC and lower case for one character, unless that would make it more or less than one."""
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char


@lru_cache(maxsize=4096)
def _simplified_char(char: str) -> str:
    converted = str(_T2S.convert(char))
    return converted if len(converted) == 1 else char
