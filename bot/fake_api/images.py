"""The width and height of an uploaded photo, read from its header.

Telegram answers a photo with its sizes and refuses what is not an image
(IMAGE_PROCESS_FAILED) or has impossible proportions; the fake needs the
dimensions for both. Only PNG, JPEG and GIF are read — what a bot draws with
matplotlib or Pillow — without decoding pixels.
"""

from __future__ import annotations

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_MARKERS_WITHOUT_LENGTH = frozenset({0x01, *range(0xD0, 0xDA)})


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG or GIF image, or None when it is none of those."""
    if content.startswith(_PNG_SIGNATURE) and content[12:16] == b"IHDR" and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        return int.from_bytes(content[6:8], "little"), int.from_bytes(content[8:10], "little")
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the first frame header, which holds the size."""
    position = 2
    while position + 1 < len(content):
        if content[position] != 0xFF:
            return None
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _JPEG_MARKERS_WITHOUT_LENGTH:
            position += 2
            continue
        if marker in _JPEG_FRAME_MARKERS and position + 9 <= len(content):
            height = int.from_bytes(content[position + 5 : position + 7], "big")
            width = int.from_bytes(content[position + 7 : position + 9], "big")
            return width, height
        position += 2 + int.from_bytes(content[position + 2 : position + 4], "big")
    return None
