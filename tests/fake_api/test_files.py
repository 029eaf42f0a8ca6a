"""Files both ways: the bot's uploads are kept byte for byte, a user's files can be downloaded."""

from __future__ import annotations

import struct
import zlib

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest

from bot.fake_api import FakeBotApi


def png(width: int, height: int) -> bytes:
    """A real (blank, greyscale) PNG image of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture
def chat(api: FakeBotApi) -> int:
    api.add_private_chat(42)
    return 42


async def test_a_sent_document_is_kept_with_its_bytes_name_and_caption(api: FakeBotApi, bot: Bot, chat: int) -> None:
    export = "name,phone\n张伟,+86 138\n".encode()
    sent = await bot.send_document(
        chat, InputFile(export, filename="clients.csv"), caption="<b>Your export</b>", parse_mode="HTML"
    )
    recorded = api.last_message(chat)
    assert recorded.file is not None
    assert (recorded.file.content, recorded.file.filename) == (export, "clients.csv")
    assert recorded.file.mime_type == "text/csv"
    assert recorded.plain_text == "Your export"
    assert sent.document is not None and sent.document.file_name == "clients.csv"


async def test_a_caption_over_1024_characters_is_refused(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(chat, InputFile(b"x", filename="a.txt"), caption="字" * 1025)


async def test_an_empty_file_is_refused(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="File must be non-empty"):
        await bot.send_document(chat, InputFile(b"", filename="empty.txt"))


async def test_a_sent_photo_is_measured(api: FakeBotApi, bot: Bot, chat: int) -> None:
    sent = await bot.send_photo(chat, png(64, 48), caption="Pyramid")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (64, 48)
    assert api.last_message(chat).file.content == png(64, 48)


async def test_a_photo_that_is_not_an_image_is_refused(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(chat, b"not really a picture")


async def test_a_photo_too_narrow_for_telegram_is_refused(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
        await bot.send_photo(chat, png(2, 100))


async def test_a_users_document_can_be_fetched_and_downloaded(api: FakeBotApi, bot: Bot) -> None:
    card = b"BEGIN:VCARD\r\nFN:\xe5\xbc\xa0\xe4\xbc\x9f\r\nEND:VCARD\r\n"
    api.user_sends_document(42, "zhang.vcf", card, caption="import please")
    [update] = await bot.get_updates()
    document = update.message.document
    assert (document.file_name, document.mime_type) == ("zhang.vcf", "text/vcard")
    assert update.message.caption == "import please"
    telegram_file = await document.get_file()
    assert bytes(await telegram_file.download_as_bytearray()) == card


async def test_an_unknown_file_id_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file")


async def test_a_file_the_bot_sent_can_be_sent_again_by_its_id(api: FakeBotApi, bot: Bot, chat: int) -> None:
    first = await bot.send_document(chat, InputFile(b"report", filename="r.txt"))
    await bot.send_document(chat, first.document.file_id)
    assert [message.file.file_id for message in api.messages(chat)] == [first.document.file_id] * 2


async def test_a_caption_in_html_must_parse_like_a_text(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_document(chat, InputFile(b"x", filename="a.txt"), caption="张伟 & 李姐", parse_mode="HTML")
