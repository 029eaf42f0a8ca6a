"""When a forwarded or pasted chat message was sent is not a plan: its timestamp gives no date.

A salesperson pastes "【转发】范总 12-12 21:03", "FW: msg from Rachel 12/11 4:52 PM — …" or a
WhatsApp export line "[13/12/2026 10:42] 鄧生: …". Read as dates, those stamps became a
reminder at 21:03 tonight or a year ahead. On a line that opens with a forward marker,
and inside a chat export's stamp, a date or time written in digits only (12/11, 4:52 pm,
21:03) is the message's stamp; words on the same line ("Wednesday at 9") still count.
"""

from __future__ import annotations

import re

from crm.understanding.mentions import Mention

_MARKED_LINE = re.compile(
    r"^[ \t]*(?:【转发】|\[转发\]|转发[:：]|转自|forward(?:ed)?(?: message)?(?: from [^:\n]*)?[:：]|fwd?[:：])[^\n]*",
    re.MULTILINE,
)
_CHAT_STAMP = re.compile(
    r"^[ \t]*(?:\[[^\]\n]{0,40}\d{1,2}[:：]\d{2}[^\]\n]{0,12}\]"  # [13/12/2026 10:42]
    r"|\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}(?: ?[ap]m)? - )",  # 13/12/2026, 10:42 - Name:
    re.MULTILINE,
)
_DIGITS_ONLY = re.compile(r"[\d/\-.:：\s]+(?:[ap]\.?m\.?)?")
#: "Fwd: Dana Whitfield (Sat 9:41 AM): …": a stamp in brackets after the sender, weekday and all.
_BRACKETED_STAMP = re.compile(r"\((?:[a-z]{3,9},? )?(?:\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?,? )?\d{1,2}[:：]\d{2}\s*(?:[ap]\.?m\.?)?\)")


def without_stamps(text: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` less the digits-only dates and times that stamp a forwarded message in the folded `text`."""
    lines = [(match.start(), _header_end(text, match.start(), match.end())) for match in _MARKED_LINE.finditer(text)]
    stamped = lines + [match.span() for match in _CHAT_STAMP.finditer(text)]
    if not stamped:
        return mentions
    bracketed = [
        match.span() for line_start, line_end in lines for match in _BRACKETED_STAMP.finditer(text, line_start, line_end)
    ]
    return [
        mention
        for mention in mentions
        if not (
            _DIGITS_ONLY.fullmatch(text, mention.start, mention.end)
            and any(start <= mention.start and mention.end <= end for start, end in stamped)
        )
        and not any(start <= mention.start and mention.end <= end for start, end in bracketed)
    ]


def _header_end(text: str, start: int, end: int) -> int:
    """Where a marked line's stamp can end: at its first sentence's end, the message itself follows
    ("Forwarded from Jason Lim: … to Fri? same time 3pm" — 3pm is the plan, not the stamp)."""
    sentence_end = _SENTENCE_END.search(text, start, end)
    return sentence_end.start() if sentence_end else end


_SENTENCE_END = re.compile(r"[?!。！？]|\.\s")


def is_forwarded(folded: str) -> bool:
    """Whether the folded note opens with a forward marker or a chat export's stamp."""
    return bool(_MARKED_LINE.match(folded) or _CHAT_STAMP.match(folded))
