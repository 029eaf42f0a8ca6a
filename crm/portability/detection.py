"""Which kind of file the salesperson sent: a CSV, a vCard file, or a Rapport book (JSON).

The content decides first, because phones and chat apps rename files (a .vcf
saved as .txt, a book with no extension); the extension decides for CSV, which
has no signature. The result is typed: rows to preview (`ParsedRows`) or a
whole book to restore (`BookContents`) — the caller tells them apart with
`isinstance`, since restoring a book and adding contacts are different actions.

Never imports anything itself.
"""

from __future__ import annotations

from pathlib import PurePath

from crm.model import BookContents
from crm.portability.csv_format import read_csv
from crm.portability.json_format import load_book
from crm.portability.problems import ImportProblem
from crm.portability.rows import ParsedRows
from crm.portability.vcard_format import read_vcards

_CSV_EXTENSIONS = frozenset({"csv", "tsv", "txt"})
_VCARD_EXTENSIONS = frozenset({"vcf", "vcard"})
_JSON_EXTENSIONS = frozenset({"json"})
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect_and_read(filename: str, data: bytes) -> ParsedRows | BookContents:
    """Read a file of any supported kind; raises ImportProblem (``unknown_format`` and each reader's codes)."""
    extension = PurePath(filename).suffix.lower().lstrip(".")
    head = _head(data)
    if head.startswith(b"begin:vcard") or extension in _VCARD_EXTENSIONS:
        return read_vcards(data)
    if head.startswith(b"{") or extension in _JSON_EXTENSIONS:
        return load_book(data)
    if extension in _CSV_EXTENSIONS:
        return read_csv(data)
    raise ImportProblem("unknown_format", {"filename": filename, "extension": extension})


def _head(data: bytes) -> bytes:
    """The first bytes, without a byte-order mark or leading blank space, lower-cased."""
    start = data[:64]
    for bom in _BOMS:
        start = start.removeprefix(bom)
    # UTF-16 text: dropping the zero bytes is enough to recognise an ASCII signature.
    return start.replace(b"\x00", b"").lstrip().lower()
