"""Bad input, generated (issue 9): whatever a salesperson sends, Rapport answers, Telegram accepts
what Rapport says back, and a note keeps the very words it was written with.

Hypothesis draws the inputs — text in every script, with emoji, right-to-left marks, zero-width and
control characters, HTML and Markdown metacharacters, up to Telegram's 4,096; button payloads made
from nothing or forged from the bot's real buttons; files that are almost a CSV, a vCard or an
export — and the real bot, talking to the strict fake Telegram, handles each one. After every
example:

- nothing failed: no ERROR was logged (a handler that crashed, a reminder beat that broke), so the
  user saw no apology;
- Telegram would have accepted every request the bot made for it, and every press was answered;
- the input got an answer, and the bot still answers an ordinary request ("/today") after it;
- a text that is not a request to Rapport is stored once, word for word; a file alone imports nothing.

Why one salesperson per test, whose book grows from example to example: the state is part of what
is fuzzed. Names from earlier examples become clients that later texts are matched against, pending
notes and stale buttons pile up, settings get changed — as in a real book after months of use. (A
fresh harness per example would also cost a start-up each.) The examples are derandomised, so CI
replays the same sequence every time; and each example is judged only on what it changed (new
refusals, new log records, new notes), so an earlier failure cannot mislead Hypothesis's shrinking.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.application import BUTTON_ACTIONS
from bot.fake_api import BotMessage
from crm import conversation
from crm.intents import classify
from storage import Book
from tests.e2e.test_notes_and_cards import started
from tests.support.e2e import Rapport

SALESPERSON = 42
OTHER_SALESPERSON = 7
FIXTURES = Path(__file__).resolve().parents[1] / "portability" / "fixtures"
TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units, as Telegram counts a message's length
CALLBACK_DATA_LIMIT = 64  # bytes
DIGEST_TITLES = ("whom to care for", "该关心谁", "該關心誰")  # /today answers with one, in any language

FUZZ = settings(
    derandomize=True,  # the same examples on every run: CI is deterministic, a failure replays as it was
    database=None,  # nothing saved between runs (derandomisation finds a failure again anyway)
    deadline=None,  # an example is a round trip over HTTP with an fsync; its speed is not the property
    # One harness per test, shared by its examples, is the point (see the module docstring).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- judging one example -----------------------------------------------------------------------


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logged_errors() -> Iterator[list[logging.LogRecord]]:
    """ERROR records logged while the bot runs: the error handler's report of a crash, a failed beat."""
    collector = _ErrorLog()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector.records
    finally:
        root.removeHandler(collector)


@dataclass
class OneExample:
    """Made as an example starts: remembers where the records stood, so the example is judged only on
    what it did itself (not on an earlier example's failure, which would mislead shrinking)."""

    rapport: Rapport
    logged_errors: list[logging.LogRecord]
    rejections_before: int = 0

    def __post_init__(self) -> None:
        self.logged_errors.clear()
        self.rejections_before = len(self.rapport.api.rejections)

    def assert_handled_cleanly(self, what: object) -> None:
        refused = self.rapport.api.rejections[self.rejections_before :]
        assert refused == [], f"Telegram would have refused what the bot sent for {what!r}: {refused}"
        failures = [_describe(record) for record in self.logged_errors]
        assert failures == [], f"the bot failed on {what!r}: {failures}"
        assert self.rapport.api.unanswered_callback_queries() == [], f"a button press was never answered ({what!r})"


def _describe(record: logging.LogRecord) -> str:
    error = record.exc_info[1] if record.exc_info else None
    return f"{record.name}: {record.getMessage()}" + (f" — {type(error).__name__}: {error}" if error else "")


async def assert_still_serving(rapport: Rapport) -> None:
    """An ordinary request afterwards is still answered, with today's digest."""
    shown = "\n".join(message.plain_text or "" for message in await rapport.says(SALESPERSON, "/today"))
    assert any(title in shown for title in DIGEST_TITLES), f"/today got {shown!r}"


async def written_notes(rapport: Rapport) -> dict[str, str]:
    """Every stored note's words — filed ones and those waiting for "whose is it?" — by a stable key."""

    def read(book: Book) -> dict[str, str]:
        words = {f"note {note_id}": text for note_id, text in book.notes.project("text")}
        words.update({f"pending {key}": pending.text for key, pending in conversation.pending_notes(book).items()})
        return words

    return await rapport.store.with_book(SALESPERSON, read)


# -- texts ---------------------------------------------------------------------------------------

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff")
BIDI = ("\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069")
MARKUP = (
    "<b>", "</b>", "<i>x</i>", "&", "&amp;", "&lt;", "&#0;", "&#x1F600;", "&nbsp", "<script>alert(1)</script>",
    '<a href="tg://user?id=1">', "</a>", "<", ">", "<>", "</", "<blockquote>", "<br/>", '"', "'",
    "*", "**", "_", "__", "[", "]", "(", ")", "[x](http://e.com)", "~", "`", "```", "||", "\\",
)
EMOJI = ("😀", "👨\u200d👩\u200d👧\u200d👦", "🇨🇳", "👍🏽", "🏳️\u200d🌈", "❤️", "🎂", "1️⃣", "\U000e0067")
SCRIPTS = ("مرحبا بالعميل", "שלום לקוח", "张伟", "張偉", "老张", "田中さん", "김민수", "Zoë Ångström", "Ελένη")
#: Numbers as people type them: ASCII, full-width, Arabic-Indic, and the superscripts and circled
#: numbers of Chinese input methods ("②", "③"), which str.isdigit() accepts but int() refuses.
NUMERALS = ("3", "12", "３", "١٢", "²", "①", "③", "⑴", "Ⅻ", "3²")
NOTE_PHRASES = (
    "Met John at Acme, call him Friday 3pm", "生日3月5号", "下周二回访", "农历八月十五", "女儿明年6月7号高考",
    "明天下午三点给", "打电话", "#tip", "#经验", " is now a friend", "现在是朋友了", "Sarah", "Mr Zhang",
    " ", "\n", "\t", "\r\n", "/", "@rapport_test_bot",
)
COMMANDS = (  # everything but /deleteme, whose next message is its confirmation rather than a note
    "start", "help", "language", "today", "visit", "client", "find", "clients", "rename", "alias", "merge",
    "level", "pyramid", "settings", "export", "forget", "nosuchcommand",
)

fragments = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),  # any code point but a lone surrogate
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),  # CJK
    st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), min_size=1, max_size=6),  # Hebrew, Arabic
    st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), min_size=1, max_size=4),  # emoji
    st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=3),  # control, format
    st.sampled_from(ZERO_WIDTH + BIDI + MARKUP + EMOJI + SCRIPTS + NOTE_PHRASES + NUMERALS),
)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def filled_to(pieces: list[str], units: int) -> str:
    """The pieces repeated until the text is exactly `units` UTF-16 code units long (a dot pads an emoji's half)."""
    seed = "".join(pieces) or "x"
    kept: list[str] = []
    used = 0
    for character in itertools.cycle(seed):
        size = utf16_units(character)
        if used + size > units:
            break
        kept.append(character)
        used += size
    return "".join(kept) + "." * (units - used)


def sent_by_telegram(text: str) -> bool:
    """Telegram delivers no empty (all-whitespace) message and none over its limit."""
    return bool(text.strip()) and utf16_units(text) <= TELEGRAM_TEXT_LIMIT


short_texts = st.lists(fragments, min_size=1, max_size=10).map("".join)
long_texts = st.builds(
    filled_to, st.lists(fragments, min_size=1, max_size=6), st.one_of(st.just(TELEGRAM_TEXT_LIMIT), st.integers(500, TELEGRAM_TEXT_LIMIT))
)
command_words = st.one_of(st.sampled_from(NUMERALS + SCRIPTS + ("friend", "ahead", "cadence", "quiet", "on", "=", "朝阳区")), short_texts)
commands = st.builds(
    lambda name, words: " ".join([f"/{name}", *words]), st.sampled_from(COMMANDS), st.lists(command_words, max_size=4)
)
message_texts = st.one_of(short_texts, short_texts, long_texts, commands).filter(sent_by_telegram)

_COMMAND_ENTITY = re.compile(r"/[A-Za-z0-9_@]+")  # what Telegram marks as a bot_command at the start of a text


def is_request(text: str) -> bool:
    """A command, or plain words Rapport reads as a question to it; anything else is a note."""
    return _COMMAND_ENTITY.match(text) is not None or classify(text) is not None


@pytest.fixture
async def salesperson(rapport: Rapport) -> Rapport:
    """A salesperson who finished /start (Shanghai, 08:30), with no client yet."""
    await started(rapport, SALESPERSON)
    return rapport


@settings(FUZZ, max_examples=60)
@given(text=message_texts)
@example(text="/visit ③ 朝阳区")  # found by this test: a crash (ValueError), the user got an apology
@example(text="/settings ahead ²")  # the same crash, in the settings
@example(text=filled_to(["<b>", "&", "<script>", "*_[]()~`", "张伟", "\u200b"], TELEGRAM_TEXT_LIMIT))
@example(text="😀" * (TELEGRAM_TEXT_LIMIT // 2))  # 2,048 emoji: 4,096 UTF-16 units, only 2,048 characters
@example(text="".join(ZERO_WIDTH))
@example(text="Met <b>John</b> & <i>Jane</i> at A&amp;B <script>, call him Friday 3pm")
@example(text="מרים‏ 生日3月5号\u202e下周二回访\x00\x07\x1b[31m")
async def test_any_text_is_answered_and_a_note_keeps_its_exact_words(
    salesperson: Rapport, logged_errors: list[logging.LogRecord], text: str
) -> None:
    rapport = salesperson
    judged = OneExample(rapport, logged_errors)
    before = await written_notes(rapport)
    replies = await rapport.says(SALESPERSON, text)
    assert replies, f"no answer to {text!r}"
    judged.assert_handled_cleanly(text)
    new = {key: words for key, words in (await written_notes(rapport)).items() if key not in before}
    if is_request(text):
        assert new == {}, f"the request {text!r} was stored as a note"
    else:
        assert list(new.values()) == [text], f"{text!r} was stored as {list(new.values())!r}"
    await assert_still_serving(rapport)
    judged.assert_handled_cleanly("/today")


# -- button presses ----------------------------------------------------------------------------

SETUP_MESSAGES = (  # screens with buttons to forge from
    "张伟生日3月5号，下周二回访，女儿明年6月7号高考",
    "Met John at Acme, call him Friday 3pm",
    "she loved the tea",  # no name: filed under the client just talked about
    "张伟现在是朋友了",
    "/client 张伟",
    "/visit",
    "/clients",
    "/settings",
    "/merge John = 张伟",
    "/forget John",
    "/language",
    "/today",
)

#: Arguments a forger might put where an id goes: numbers of any size and sign, digits of other
#: scripts ("٣" is a decimal digit; "²" and "①" are digits to str.isdigit() but not to int()), anything.
argument_shapes = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(("", "0", "00", "-0", "+1", " 1", "1.0", "1e3", "٣", "²", "①", "Ⅻ", "𝟙")),
    st.text(st.characters(categories=("Nd", "No", "Nl")), min_size=1, max_size=3),
    st.text(max_size=6),
)


@dataclass(frozen=True, slots=True)
class Forgery:
    """What a modified client does to a real button's payload: replace an argument, swap the action,
    drop or add arguments, or cut the bytes short.

    Only the edit is drawn; the payload it applies to is picked from the screen at press time.
    (Drawing straight from what is on screen would make the strategy depend on state, which
    Hypothesis rightly refuses: the same draws must mean the same thing on a replay.)
    """

    kind: str
    position: int
    values: tuple[str, ...]
    action: str

    def applied_to(self, real: str) -> str:
        parts = real.split("|")
        if self.kind == "replace":
            parts[self.position % len(parts)] = self.values[0]
        elif self.kind == "swap action":
            parts[1:2] = [self.action]
        elif self.kind == "drop arguments":
            parts = parts[: self.position % len(parts)]
        elif self.kind == "add arguments":
            parts += self.values
        else:  # "cut": possibly inside a multi-byte character
            encoded = real.encode()
            return encoded[: 1 + self.position % len(encoded)].decode("utf-8", "ignore")
        return "|".join(parts)


forgeries = st.builds(
    Forgery,
    kind=st.sampled_from(("replace", "swap action", "drop arguments", "add arguments", "cut")),
    position=st.integers(0, CALLBACK_DATA_LIMIT),
    values=st.lists(argument_shapes, min_size=1, max_size=3).map(tuple),
    action=st.sampled_from(sorted(BUTTON_ACTIONS)),
)


def fits_telegram(data: str) -> bool:
    return 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT


def clipped(data: str) -> str:
    """Callback data as Telegram would carry it: at most 64 bytes, never empty."""
    return data.encode()[:CALLBACK_DATA_LIMIT].decode("utf-8", "ignore") or "v1"


random_payloads = st.one_of(
    st.text(min_size=1, max_size=CALLBACK_DATA_LIMIT).filter(fits_telegram),
    st.builds(lambda action, args: "|".join(["v1", action, *args]), st.sampled_from(sorted(BUTTON_ACTIONS)), st.lists(argument_shapes, max_size=3)),
)
#: Which message is pressed and which real button is forged are picked as "the n-th, modulo what is there".
picks = st.integers(0, 10**6)


def live_messages(rapport: Rapport) -> list[BotMessage]:
    return rapport.api.messages(SALESPERSON)


def button_payloads(rapport: Rapport) -> list[str]:
    return sorted(
        {button.callback_data for message in live_messages(rapport) for row in message.buttons for button in row if button.callback_data}
    )


@pytest.fixture
async def a_book_full_of_buttons(salesperson: Rapport) -> Rapport:
    """Notes, a card, a visit plan, the client list, settings, a merge and a forget asking first, a digest,
    an import preview; and another salesperson whose book must never change, whatever is pressed here."""
    rapport = salesperson
    for text in SETUP_MESSAGES:
        await rapport.says(SALESPERSON, text)
    await rapport.sends_file(SALESPERSON, "clients.csv", (FIXTURES / "utf8_bom_en.csv").read_bytes(), "text/csv")
    await started(rapport, OTHER_SALESPERSON)
    await rapport.says(OTHER_SALESPERSON, "王芳生日5月1号，周五回访")
    return rapport


@settings(FUZZ, max_examples=60)
@given(on=picks, payload=st.one_of(random_payloads, st.tuples(picks, forgeries)))
@example(on=0, payload="v1|card|²")  # found by this test: a crash (ValueError) instead of "no longer available"
async def test_any_button_payload_is_answered_and_touches_only_the_pressers_book(
    a_book_full_of_buttons: Rapport, logged_errors: list[logging.LogRecord], on: int, payload: str | tuple[int, Forgery]
) -> None:
    rapport = a_book_full_of_buttons
    others_book = await rapport.store.with_book(OTHER_SALESPERSON, lambda book: book.contents())
    shown = live_messages(rapport)
    message = shown[on % len(shown)]
    if not isinstance(payload, str):
        real = button_payloads(rapport) or ["v1|card|1"]
        which, forgery = payload
        payload = clipped(forgery.applied_to(real[which % len(real)]))
    judged = OneExample(rapport, logged_errors)
    await rapport.presses_data(SALESPERSON, message.message_id, payload, forged=True)
    press = list(rapport.api.callback_queries.values())[-1]
    assert press.data == payload and press.answered, f"the press of {payload!r} was never answered"
    judged.assert_handled_cleanly(payload)
    assert await rapport.store.with_book(OTHER_SALESPERSON, lambda book: book.contents()) == others_book
    await assert_still_serving(rapport)
    judged.assert_handled_cleanly("/today")


async def test_a_double_tap_on_a_button_asks_telegram_for_nothing_it_would_refuse(salesperson: Rapport) -> None:
    """Found by the button fuzzer (a press repeated on a message that already shows its outcome).

    On a phone, a double tap reaches the bot as two presses of a button that was still on screen.
    The second must not ask Telegram to edit the message into what it already shows: Telegram
    refuses that ("message is not modified"). Any button whose outcome is a fixed screen does it —
    the language choice, "Keep it", a page of the client list, a settings value, a card.
    """
    rapport = salesperson
    await rapport.says(SALESPERSON, "/language")
    taps = [rapport.api.press_button(SALESPERSON, "繁體中文") for _ in range(2)]  # both before the bot answers
    assert rapport.session is not None
    for update_id in taps:
        await rapport.session.settled(update_id)
    assert "繁體中文" in rapport.last_text(SALESPERSON)
    rapport.assert_telegram_accepted_everything()


# -- files ---------------------------------------------------------------------------------------

HEADERS = ("姓名", "name", "Name", "公司", "company", "电话", "手机", "phone", "生日", "birthday", "关系", "level",
           "标签", "tags", "备注", "notes", "区域", "area", "", " 姓名 ", "Name,")
CELLS = ("1990-03-05", "03/05", "农历八月十五", "腊月初八", "闰四月初一", "3月5日", "2月30日", "friend", "知己", "过客",
         "+86 138 0000 1111", "#tip", '"', '""', ",", ";", "\t", "\n", "\r\n", "=cmd|' /C calc'!A0", "")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "latin-1")
SEEDS = tuple(sorted(path.read_bytes() for path in FIXTURES.iterdir()))

cells = st.one_of(st.sampled_from(CELLS), short_texts)


def csv_file(headers: list[str], rows: list[list[str]], delimiter: str, quoted: bool, encoding: str) -> bytes:
    """A spreadsheet as some program saved it: quoted properly or naively joined, in some encoding."""
    if quoted:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows([headers, *rows])
        text = buffer.getvalue()
    else:
        text = "\n".join(delimiter.join(row) for row in [headers, *rows])
    return text.encode(encoding, errors="replace")


csv_files = st.builds(
    csv_file,
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    st.lists(st.lists(cells, max_size=7), max_size=8),
    st.sampled_from((",", ";", "\t", "|")),
    st.booleans(),
    st.sampled_from(ENCODINGS),
)

vcard_lines = st.one_of(
    st.builds("FN:{}".format, cells),
    st.builds("N:{};{};;;".format, cells, cells),
    st.builds("TEL;TYPE=CELL:{}".format, cells),
    st.builds("BDAY:{}".format, cells),
    st.builds("ORG:{}".format, cells),
    st.builds("NOTE:{}".format, cells),
    st.builds(" {}".format, cells),  # a folded continuation line
    st.sampled_from((
        "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0", "VERSION:9",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=BC", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg==",
        "BDAY:--0305", "BDAY:19900305", "item1.X-ABLABEL:_$!<Other>!$_", ":", "",
    )),
)
vcard_files = st.builds(
    lambda lines, newline, closed: ("BEGIN:VCARD" + newline + newline.join(lines) + (newline + "END:VCARD" if closed else "")).encode("utf-8", "replace"),
    st.lists(vcard_lines, max_size=12),
    st.sampled_from(("\r\n", "\n")),
    st.booleans(),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def edited_export(export: dict[str, object], key: str, value: object, drop: bool) -> bytes:
    """A Rapport export with one top-level field changed or missing."""
    changed = dict(export)
    if drop:
        changed.pop(key, None)
    else:
        changed[key] = value
    return json.dumps(changed, ensure_ascii=False).encode()


def garbled(seed: bytes, cut: int, insert_at: int, noise: bytes) -> bytes:
    """A real file, cut short and with some bytes dropped in: a download that went wrong."""
    kept = seed[: cut % (len(seed) + 1)]
    at = insert_at % (len(kept) + 1)
    return kept[:at] + noise + kept[at:]


filenames = st.builds(
    lambda stem, extension: stem + extension,
    st.one_of(st.sampled_from(("clients", "客户", "contacts", "rapport-2026-11-22", "a b.c", "")), st.text(max_size=12)),
    st.sampled_from((".csv", ".CSV", ".vcf", ".VCF", ".json", ".txt", ".xlsx", ".csv.vcf", "")),
)
mime_types = st.one_of(
    st.none(),
    st.sampled_from(("text/csv", "text/vcard", "text/x-vcard", "application/json", "application/octet-stream", "text/plain", "image/png")),
)


@pytest.fixture
async def a_book_and_its_export(salesperson: Rapport) -> tuple[Rapport, dict[str, object]]:
    """Two clients with notes, and the JSON export of that book (a seed for broken restores)."""
    rapport = salesperson
    await rapport.says(SALESPERSON, "张伟生日3月5号，下周二回访")
    await rapport.says(SALESPERSON, "Met John at Acme, call him Friday 3pm")
    exported = [message.file for message in await rapport.says(SALESPERSON, "/export") if message.file is not None]
    (export,) = [json.loads(file.content) for file in exported if (file.filename or "").endswith(".json")]
    return rapport, export


def import_button(messages: list[BotMessage]) -> tuple[BotMessage, str] | None:
    """The preview's "✅ Import" button, when the file could be read (its action is "impok")."""
    for message in messages:
        for row in message.buttons:
            for button in row:
                if button.callback_data and button.callback_data.split("|")[1:2] == ["impok"]:
                    return message, button.callback_data
    return None


@settings(FUZZ, max_examples=40)
@given(choices=st.data(), filename=filenames, mime_type=mime_types, confirm=st.booleans())
async def test_any_file_is_answered_and_imports_nothing_until_confirmed(
    a_book_and_its_export: tuple[Rapport, dict[str, object]],
    logged_errors: list[logging.LogRecord],
    choices: st.DataObject,
    filename: str,
    mime_type: str | None,
    confirm: bool,
) -> None:
    rapport, export = a_book_and_its_export
    content = choices.draw(  # through `choices`, since broken exports start from this run's real one
        st.one_of(
            st.binary(max_size=2048),
            csv_files,
            vcard_files,
            json_values.map(lambda value: json.dumps(value).encode()),
            st.builds(edited_export, st.just(export), st.sampled_from(sorted(export)), json_values, st.booleans()),
            st.builds(garbled, st.sampled_from((*SEEDS, json.dumps(export).encode())), st.integers(0, 4096), st.integers(0, 4096), st.binary(max_size=16)),
        ),
        label="content",
    )
    judged = OneExample(rapport, logged_errors)
    book_before = await rapport.store.with_book(SALESPERSON, lambda book: book.contents())
    replies = await rapport.sends_file(SALESPERSON, filename, content, mime_type)
    assert replies, f"no answer to the file {filename!r}"
    judged.assert_handled_cleanly(filename)
    assert await rapport.store.with_book(SALESPERSON, lambda book: book.contents()) == book_before, "a file alone changed the book"
    offered = import_button(replies)
    if offered is not None and confirm:
        preview, payload = offered
        await rapport.presses_data(SALESPERSON, preview.message_id, payload)
        shown = next(message for message in rapport.api.messages(SALESPERSON, include_deleted=True) if message.message_id == preview.message_id)
        assert shown.history, "confirming the import left the preview as it was"
        judged.assert_handled_cleanly(f"✅ Import of {filename!r}")
    await assert_still_serving(rapport)
    judged.assert_handled_cleanly("/today")
