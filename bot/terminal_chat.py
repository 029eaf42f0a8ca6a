"""A Telegram-like chat in the terminal, for trying Rapport without a Telegram account.

It runs the real application (same handlers, storage and scheduler) against
the in-process fake Bot API and plays the part of one Telegram user: what you
type is sent as a message; the bot's replies are printed with their buttons
numbered, and typing a number presses that button. A few `!` commands stand in
for what a phone would send: a location, a contact, a file.
"""

from __future__ import annotations

import asyncio
import locale
import shlex
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.fake_api import Activity, BotMessage
from bot.local_session import LocalSession
from bot.settings import Settings

LOCAL_USER = 10_001
HELP = """\
Type as you would in Telegram. Buttons are numbered: type the number to press one.
  !location LAT LON       share a location (e.g. !location 39.91 116.40)
  !contact NAME PHONE     share a phone contact
  !file PATH              send a file (CSV, vCard or a Rapport JSON export)
  !help                   this text          /quit   leave"""


class TerminalChat:
    def __init__(self, session: LocalSession, *, language_code: str | None, output=sys.stdout) -> None:
        self._session = session
        self._language = language_code
        self._out = output
        self._buttons: list[tuple[int, str]] = []  # (message id, callback data) by number - 1

    def show(self, activity: Activity) -> None:
        """Print what the bot did, as it happens (replies and scheduled reminders alike)."""
        if activity.chat_id != LOCAL_USER:
            return
        if activity.kind == "answered" and activity.callback_query and activity.callback_query.answer_text:
            self._print(f"  ⓘ {activity.callback_query.answer_text}")
        elif activity.kind in ("sent", "edited") and activity.message is not None:
            self._print_message(activity.message, edited=activity.kind == "edited")

    def _print_message(self, message: BotMessage, *, edited: bool) -> None:
        marker = "Rapport (edited)" if edited else "Rapport"
        text = message.plain_text or ""
        if message.file is not None:
            text = f"[{message.file.filename or 'file'}, {message.file.size} bytes] {text}"
        self._print(f"\n{marker} › {text}")
        labels = []
        for row in message.buttons:
            for button in row:
                if button.callback_data is None:
                    continue
                self._buttons.append((message.message_id, button.callback_data))
                labels.append(f"[{len(self._buttons)}] {button.text}")
        if labels:
            self._print("   " + "   ".join(labels))

    def _print(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    async def handle(self, line: str) -> bool:
        """Act on one line the user typed; False when they want to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit", "!quit"):
            return False
        api = self._session.api
        if line.isdecimal() and 0 < int(line) <= len(self._buttons):
            message_id, data = self._buttons[int(line) - 1]
            try:
                update_id = api.user_presses(LOCAL_USER, message_id, data)
            except AssertionError:  # the message was edited or deleted since: as in Telegram, the button is gone
                self._print("  ⓘ That button is no longer there.")
                return True
        elif line.startswith("!"):
            device_update = self._device_action(line)
            if device_update is None:
                return True
            update_id = device_update
        else:
            update_id = api.user_writes(LOCAL_USER, line, language_code=self._language, first_name="You")
        await self._session.settled(update_id)
        return True

    def _device_action(self, line: str) -> int | None:
        api = self._session.api
        try:
            words = shlex.split(line[1:])
        except ValueError:
            words = line[1:].split()
        command, arguments = (words[0].lower(), words[1:]) if words else ("help", [])
        try:
            if command == "location" and len(arguments) == 2:
                return api.user_shares_location(LOCAL_USER, float(arguments[0]), float(arguments[1]))
            if command == "contact" and len(arguments) >= 2:
                return api.user_shares_contact(LOCAL_USER, arguments[-1], " ".join(arguments[:-1]))
            if command == "file" and len(arguments) == 1:
                path = Path(arguments[0]).expanduser()
                return api.user_sends_document(LOCAL_USER, path.name, path.read_bytes())
        except (ValueError, OSError) as error:
            self._print(f"  ⓘ {error}")
            return None
        self._print(HELP)
        return None


async def run_terminal_chat(settings: Settings, *, language_code: str | None = None) -> int:
    language_code = language_code or _terminal_language()
    async with LocalSession(settings, clock=SystemClock()) as session:
        chat = TerminalChat(session, language_code=language_code)
        session.api.listeners.append(chat.show)
        print(f"Rapport terminal chat — no Telegram needed. Data is kept in {settings.data_dir}/.\n{HELP}", flush=True)
        await chat.handle("/start")
        while True:
            try:
                line = await asyncio.to_thread(input, "\nyou › ")
            except (EOFError, KeyboardInterrupt):
                break
            if not await chat.handle(line):
                break
    print("Bye — your notes are saved.", flush=True)
    return 0


def _terminal_language() -> str | None:
    """Telegram-style language code from the terminal's locale (zh_TW.UTF-8 → zh-tw)."""
    name = locale.getlocale()[0] or ""
    return name.replace("_", "-").lower() or None
