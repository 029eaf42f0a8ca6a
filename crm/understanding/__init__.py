"""Understanding notes in Chinese (Simplified and Traditional) and English.

`read(text, now=..., tz=...)` turns a salesperson's note into a `Reading`: the
client it is about, a stated relationship level, and dated facts (birthdays solar
and lunar, follow-ups, events), with the company, contact functions and hashtags.
`read_birthday(text)` reads a short answer to "when is their birthday?".
`client_parts(text)` cuts a note that reports on several clients in turn into one part each.

Pure: no I/O, no clock, no Telegram, no storage. What is understood, with the
rules for ambiguous phrases, is documented in docs/understanding.md.
"""

from crm.understanding.parts import client_parts
from crm.understanding.reading import Reading, read, read_birthday

__all__ = ["Reading", "client_parts", "read", "read_birthday"]
