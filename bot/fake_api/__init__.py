"""A fake Telegram Bot API on 127.0.0.1, as strict as Telegram, for tests and the terminal chat.

The real PTB Application talks to it over HTTP (set `base_url`/`base_file_url`);
tests act as users ("user 42 writes X", "press the button labelled Y") and read
what the bot did. It must never reach the real Telegram, and it is not a
production server: one bot, one process, state in memory.
"""

from bot.fake_api.records import (
    Activity,
    ApiCall,
    BotMessage,
    CallbackQueryRecord,
    Fault,
    ForwardOrigin,
    InlineButton,
    MessageVersion,
    Rejection,
    StoredFile,
)
from bot.fake_api.server import DEFAULT_TOKEN, FakeBotApi

__all__ = [
    "DEFAULT_TOKEN",
    "Activity",
    "ApiCall",
    "BotMessage",
    "CallbackQueryRecord",
    "FakeBotApi",
    "Fault",
    "ForwardOrigin",
    "InlineButton",
    "MessageVersion",
    "Rejection",
    "StoredFile",
]
