"""Hashtags a salesperson types to file a note ("#经验", "#tip"), as they are stored.

A hashtag is "#" and the letters, digits and Chinese characters after it; latin
letters are lower-cased so "#Tip" and "#tip" are one tag. Each appears once, in the
order written. A lone "#", or "#" inside a word ("C#", "room#5"), is not a tag.
"""

from __future__ import annotations

import re

_HASHTAG = re.compile(r"(?<![\w#])#([\w\u4e00-\u9fff][\w\u4e00-\u9fff\-]*)")


def hashtags(original: str) -> tuple[str, ...]:
    """The note's hashtags, lower-cased for latin letters, without duplicates."""
    seen: dict[str, None] = {}
    for match in _HASHTAG.finditer(original):
        if match[1].isdigit():
            continue  # "#3" is a number, not a tag
        seen.setdefault("#" + match[1].lower(), None)
    return tuple(seen)
