"""Text out of contact files, shared by the CSV and vCard readers: decoding, phones, tags.

Files come from Excel (UTF-8 with BOM, UTF-16 "Unicode text", or GBK from a
Chinese Excel), WPS, Numbers and phones; `decode_text` accepts exactly those
and refuses anything else rather than importing mojibake.
"""

from __future__ import annotations

import re
import unicodedata

from crm.portability.problems import ImportProblem

_PHONE_NOISE = re.compile(r"[\s\-().'（）]")
_TAG_SPLIT = re.compile(r"[;；,，、|]")


def decode_text(data: bytes) -> str:
    """UTF-16 with a BOM, else UTF-8 (BOM or not), else GB18030 — a superset of GBK.

    Raises ImportProblem ``empty_file``, or ``encoding`` for anything else
    (binary data such as an .xlsx workbook or a picture).
    """
    if not data.strip():
        raise ImportProblem("empty_file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem("encoding") from None
    # Text in these encodings never holds a NUL byte; workbooks and images do.
    if b"\x00" in data:
        raise ImportProblem("encoding")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportProblem("encoding")


def normalise_phone(text: str) -> str | None:
    """A phone number without spaces, dashes, dots or brackets; a leading ``+`` is kept."""
    phone = _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", text))
    return phone or None


def split_tags(text: str) -> tuple[str, ...]:
    """Tags from one value: separated by ``;`` (what Rapport writes), ``,``, ``、`` or ``|``; ``#`` dropped."""
    tags = (tag.strip().lstrip("#").strip() for tag in _TAG_SPLIT.split(text))
    return tuple(dict.fromkeys(tag for tag in tags if tag))
