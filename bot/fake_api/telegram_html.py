"""Telegram's HTML parse mode: the visible text and its entities, or the error Telegram gives.

The parser follows tdlib's `parse_html` (what the Bot API runs) step by step, so
the fake rejects what Telegram rejects with Telegram's own words ("Unsupported
start tag "br" at byte offset 43", "Unmatched end tag ..."), and offsets are
counted the same way: errors in UTF-8 bytes of the source, entities in UTF-16
code units of the result.

One deliberate difference: Telegram keeps a "&" that does not start an entity
(&lt; &gt; &amp; &quot; &#NNN; &#xHH;) as text, although its documentation says
it must be escaped. Here it is an error, because an unescaped "&" means user
text went out unescaped, and the same user's next "<" would break the message.

This module is pure: no I/O, no aiohttp, no telegram imports.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

SUPPORTED_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre",
     "code", "blockquote"}
)
ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_SPACES = " \t\r\n\v"  # tdlib's is_space, without the NUL that ends its C strings
_NAME_TOKEN = frozenset(string.ascii_letters + string.digits + ".-")
_TRIMMED = " \t\r\n"
_INT64_MAX = 2**63 - 1


class HtmlParseError(ValueError):
    """The text does not parse; `str(error)` is what Telegram puts after "can't parse entities: "."""


@dataclass(frozen=True, slots=True)
class ParsedText:
    """What a user sees: the text, and Bot API `MessageEntity` dicts with UTF-16 offsets."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()

    def trimmed(self) -> ParsedText:
        """Without the leading and trailing white space Telegram strips from every message.

        Entities are cut to what remains, and dropped when nothing of them remains.
        """
        text = self.text.strip(_TRIMMED)
        if text == self.text:
            return self
        start = utf16_length(self.text[: len(self.text) - len(self.text.lstrip(_TRIMMED))])
        end = start + utf16_length(text)
        entities = []
        for entity in self.entities:
            begin = max(entity["offset"], start)
            finish = min(entity["offset"] + entity["length"], end)
            if finish > begin:
                entities.append({**entity, "offset": begin - start, "length": finish - begin})
        return ParsedText(text, tuple(entities))


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def plain_text(source: str) -> str:
    """The text Telegram shows for `source` in HTML parse mode; raises HtmlParseError like Telegram."""
    return parse_html(source).text


def parse_html(source: str) -> ParsedText:
    """Parse like Telegram's HTML parse mode; raises HtmlParseError with Telegram's reason."""
    return _Parser(source).parse()


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    expandable: bool
    begin: int  # UTF-16 offset of the first character inside
    chunk: int  # index in the output chunks where the inside starts


@dataclass(slots=True)
class _Parser:
    source: str
    position: int = 0
    utf16: int = 0
    chunks: list[str] = field(default_factory=list)
    stack: list[_OpenTag] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def parse(self) -> ParsedText:
        source = self.source
        while self.position < len(source):
            character = source[self.position]
            if character == "&":
                self._emit(self._entity_at(self.position))
            elif character == "<":
                if self.position + 1 < len(source) and source[self.position + 1] == "/":
                    self._end_tag()
                else:
                    self._start_tag()
            else:
                self._emit(character)
                self.position += 1
        if self.stack:
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        for entity in self.entities:
            if entity["type"] == "code":  # a language only belongs to a <pre><code class="language-…">
                entity.pop("language", None)
        entities = sorted(self.entities, key=lambda entity: (entity["offset"], -entity["length"]))
        return ParsedText("".join(self.chunks), tuple(entities))

    def _emit(self, text: str) -> None:
        self.chunks.append(text)
        self.utf16 += utf16_length(text)

    def _byte_offset(self, position: int) -> int:
        return len(self.source[:position].encode("utf-8"))

    def _entity_at(self, position: int) -> str:
        """Decode the character reference at `position` and move past it."""
        decoded = _decode_entity(self.source, position)
        if decoded is None:
            raise HtmlParseError(
                f'Character "&" at byte offset {self._byte_offset(position)} must be escaped as "&amp;" '
                "(the fake Bot API is stricter than Telegram here)"
            )
        character, self.position = decoded
        return character

    def _skip_spaces(self) -> None:
        while self.position < len(self.source) and self.source[self.position] in _SPACES:
            self.position += 1

    def _at_end(self) -> bool:
        return self.position >= len(self.source)

    def _start_tag(self) -> None:
        source, begin = self.source, self.position
        self.position += 1
        while not self._at_end() and source[self.position] not in _SPACES and source[self.position] != ">":
            self.position += 1
        if self._at_end():
            raise HtmlParseError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        name = source[begin + 1 : self.position].lower()
        if name not in SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {self._byte_offset(begin)}')
        argument, expandable = self._attributes(name, begin)
        if name == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte_offset(begin)}')
        if name == "tg-emoji" and not (argument.isdigit() and 0 < int(argument) <= _INT64_MAX):
            raise HtmlParseError("Invalid custom emoji identifier specified")
        self.stack.append(_OpenTag(name, argument, expandable, self.utf16, len(self.chunks)))
        self.position += 1  # the ">"

    def _attributes(self, tag: str, begin: int) -> tuple[str, bool]:
        """Read attributes up to the closing ">"; return the one argument the tag uses."""
        source = self.source
        argument, expandable = "", False
        while True:
            self._skip_spaces()
            if not self._at_end() and source[self.position] == ">":
                return argument, expandable
            name_begin = self.position
            while not self._at_end() and source[self.position] not in _SPACES and source[self.position] not in "=>":
                self.position += 1
            name = source[name_begin : self.position]
            if not name:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self._byte_offset(begin)}'
                )
            self._skip_spaces()
            if self._at_end() or source[self.position] != "=":
                if tag == "blockquote" and name == "expandable":
                    expandable = True
                    continue
                raise HtmlParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self._byte_offset(begin)}"
                )
            self.position += 1
            self._skip_spaces()
            if self._at_end():
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {self._byte_offset(begin)}')
            value = self._attribute_value()
            if self._at_end():
                raise HtmlParseError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
            if tag == "a" and name == "href":
                argument = value
            elif tag == "code" and name == "class" and value.startswith("language-"):
                argument = value.removeprefix("language-")
            elif tag == "span" and name == "class" and value.startswith("tg-"):
                argument = value.removeprefix("tg-")
            elif tag == "tg-emoji" and name == "emoji-id":
                argument = value
            elif tag == "blockquote" and name == "expandable":
                expandable = True

    def _attribute_value(self) -> str:
        source = self.source
        quote = source[self.position]
        if quote not in "'\"":
            # an HTML 2.0 name token: letters, digits, dots and dashes, compared lower-case
            token_begin = self.position
            while not self._at_end() and source[self.position] in _NAME_TOKEN:
                self.position += 1
            if not self._at_end() and source[self.position] not in _SPACES and source[self.position] != ">":
                raise HtmlParseError(f"Unexpected end of name token at byte offset {self._byte_offset(token_begin)}")
            return source[token_begin : self.position].lower()
        self.position += 1
        value: list[str] = []
        while not self._at_end() and source[self.position] != quote:
            if source[self.position] == "&":
                value.append(self._entity_at(self.position))
            else:
                value.append(source[self.position])
                self.position += 1
        if not self._at_end():
            self.position += 1  # the closing quote
        return "".join(value)

    def _end_tag(self) -> None:
        source, begin = self.source, self.position
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        self.position += 2
        while not self._at_end() and source[self.position] not in _SPACES and source[self.position] != ">":
            self.position += 1
        name = source[begin + 2 : self.position]
        self._skip_spaces()
        if self._at_end() or source[self.position] != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {self._byte_offset(begin)}")
        opened = self.stack.pop()
        if name and name.lower() != opened.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {self._byte_offset(begin)}, '
                f'expected "</{opened.name}>", found "</{name}>"'
            )
        self.position += 1
        self._close(opened)

    def _close(self, opened: _OpenTag) -> None:
        length = self.utf16 - opened.begin
        if length == 0:  # Telegram drops empty entities
            return
        span: dict[str, Any] = {"offset": opened.begin, "length": length}
        if opened.name == "a":
            url = opened.argument or "".join(self.chunks[opened.chunk :])
            self.entities.append({"type": "text_link", **span, "url": url})
        elif opened.name == "pre":
            inner = self.entities[-1] if self.entities else {"type": None}
            if inner["type"] == "code" and (inner["offset"], inner["length"]) == (opened.begin, length):
                self.entities.pop()
                language = inner.get("language")
                self.entities.append({"type": "pre", **span, **({"language": language} if language else {})})
            else:
                self.entities.append({"type": "pre", **span})
        elif opened.name == "code":
            # kept for a moment: if a <pre> closes right around it, the language becomes the pre's
            self.entities.append({"type": "code", **span, **({"language": opened.argument} if opened.argument else {})})
        elif opened.name == "blockquote":
            self.entities.append({"type": "expandable_blockquote" if opened.expandable else "blockquote", **span})
        elif opened.name == "tg-emoji":
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": opened.argument})
        else:
            self.entities.append({"type": ENTITY_TYPES[opened.name], **span})


def _decode_entity(source: str, position: int) -> tuple[str, int] | None:
    """The character of the reference at `position` and where it ends, or None if it is not one."""
    end = source.find(";", position + 1)
    if end == -1:
        return None
    body = source[position + 1 : end]
    if body in NAMED_ENTITIES:
        return NAMED_ENTITIES[body], end + 1
    if body.startswith(("#x", "#X")) and body[2:] and all(c in string.hexdigits for c in body[2:]):
        code = int(body[2:], 16)
    elif body.startswith("#") and body[1:].isdigit() and body[1:].isascii():
        code = int(body[1:])
    else:
        return None
    if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), end + 1
