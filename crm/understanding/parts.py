"""A note that reports on several clients, one after another, read as one part per client.

A day's round is often written in one message: 「今天跑了三家：李总那边要再等等；张姐订了50箱；
老周说月底前给我打款」, or "Zoom with Aaron at 9. Also Beth's b'day is Dec 20". Filed whole,
老周's payment promise would land on 李总's card. `client_parts` cuts such a note into its
parts, so each is filed under the client it names.

It only cuts when the note is plainly a list: after the first part (the first sentence
that names anyone), each new part is a sentence (or line, or ；-separated item) that *opens*
with a different person's name, after an optional list mark or also/另外/还有. A sentence
that does not open with a name stays with the part before it ("Met John at Acme. His wife
Sarah's birthday is May 3" is one part: John's). Words before the first part (「今天跑了
三家：」) are context: they go in front of every part, so nothing typed is lost and each
note still says what the round was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crm.understanding.forwarded import is_forwarded
from crm.understanding.people import client_name
from crm.understanding.reading import date_spans
from crm.understanding.text_form import align

#: Where a part may end: a sentence end, ；, a line break, a colon (not the one of 10:30).
_SENTENCE_END = re.compile(r"[。；;！？!?\n：]+|\.(?=\s)|:(?!\d)")
#: What may come before the name that opens a part: a list mark, "also", 另外.
_OPENER = re.compile(r"\s*(?:[-•*·]\s*|\d+[.、)]\s*)?(?:also|and|plus|另外|还有|還有|再就是)?[\s,，:：]*", re.IGNORECASE)


def client_parts(text: str, known_names: Iterable[str] = ()) -> list[str] | None:
    """The note's parts, one per client named in turn, each with the note's opening context; None if it is one note.

    `known_names` is only read for a note of two sentences or more (most notes are one),
    so the caller may pass a lazy iterable.
    """
    sentences = _sentences(text)
    if len(sentences) < 2 or is_forwarded(align(text).text):
        return None  # one sentence; or a forwarded message: one person's words, whoever it greets
    known = list(known_names)
    parts: list[tuple[str, list[str]]] = []  # (name, sentences)
    context: list[str] = []
    for sentence in sentences:
        if not parts:
            aligned = align(sentence)
            first = client_name(aligned, known, date_spans(aligned))
            if first is None:
                context.append(sentence)
            else:
                parts.append((first[0], [sentence]))
            continue
        name = _opening_name(sentence, known)
        if name is not None and all(not _same_person(name, other) for other, _ in parts):
            parts.append((name, [sentence]))
        else:
            parts[-1][1].append(sentence)
    if len(parts) < 2:
        return None
    preamble = "".join(context)
    return [(preamble + "".join(words)).strip().rstrip("；;") for _, words in parts]


def _sentences(text: str) -> list[str]:
    """The note cut after each sentence end, keeping every character (the marks stay with their sentence)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match[0] == "." and _TITLE_BEFORE.search(text, 0, match.start()):
            continue  # "Karen (Dr. Patel's scheduler)": no sentence ends at Dr.
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def _opening_name(sentence: str, known: list[str]) -> str | None:
    """The person a sentence opens with (after a list mark or "also"), or None."""
    opener = _OPENER.match(sentence)
    offset = opener.end() if opener else 0
    aligned = align(sentence[offset:])
    found = client_name(aligned, known, date_spans(aligned))
    if found is None:
        return None
    name, (start, _) = found
    return name if start == 0 else None


def _same_person(one: str, other: str) -> bool:
    """The same name, or a latin one sharing a surname ("the Hendersons", "Mrs Henderson")."""
    if one == other:
        return True
    words = {word.rstrip("s").lower() for word in re.findall(r"[A-Za-z]{3,}", one)} - _TITLES
    return bool(words & ({word.rstrip("s").lower() for word in re.findall(r"[A-Za-z]{3,}", other)} - _TITLES))


_TITLES = {"mrs", "mr", "miss", "dr", "prof"}
_TITLE_BEFORE = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Dr|Dra|Prof|Atty|Engr|St|Jr|Sr)$", re.IGNORECASE)
