"""Reminders as the salesperson sees them: the digest, timed pushes, /today, ✅ done and ⏰ snooze."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import cast

from telegram import Message, Update
from telegram.ext import ExtBot

from bot.locales import Html, escape, t, tn
from bot.pacing import Priority
from bot.locales.formats import format_date, format_time, join_names
from crm.model import Reason
from handlers.callback_data import Callback, pack
from handlers.context import RapportContext, asker
from handlers.render import Button, Keyboard, edit, label, send, set_keyboard
from handlers.visits import reason_text
from reminders import care
from reminders.digest import Digest
from reminders.due import DueItem, DueKind

NAMES_SHOWN = 6  # people listed on a festival or tip line before "+N"
QUOTE = 80  # characters of a note quoted in a reminder


async def push(bot: ExtBot, chat_id: int, text: Html, keyboard: Keyboard) -> None:
    """Send a scheduled message, after any reply that is waiting; Telegram errors propagate so the scheduler can react."""
    await send(bot, chat_id, text, keyboard, priority=Priority.PUSH)


def digest_message(language: str, digest: Digest, names: Mapping[int, str], *, late: bool) -> tuple[Html, Keyboard]:
    today = digest.day
    title = t(language, "reminders.title", day=format_date(language, today, relative=False))
    if late:
        title = Html(title + "\n" + t(language, "reminders.late"))
    if digest.is_empty:
        return Html(title + "\n\n" + t(language, "reminders.empty")), []
    lines = [title]
    keyboard: list[list[Button]] = []
    number = 0
    for group in digest.groups:
        lines.append(Html("\n" + t(language, f"reminders.group.{group.kind.value}")))
        for item in group.items:
            number += 1
            lines.append(Html(f"{number}. " + item_text(language, item, names, today=today)))
            keyboard.append(item_buttons(language, item, number))
    if digest.more:
        lines.append(Html("\n" + tn(language, "reminders.more", digest.more)))
    return Html("\n".join(lines)), keyboard


def timed_message(language: str, item: DueItem, names: Mapping[int, str], *, late: bool) -> tuple[Html, Keyboard]:
    client = names.get(item.client_ids[0], "?") if item.client_ids else "?"
    when = format_time(item.values["time"]) if item.values.get("time") else ""  # type: ignore[arg-type]
    text = t(language, "reminders.timed", time=when, client=client, text=label(str(item.values.get("text", "")), QUOTE))
    if late:
        text = Html(text + "\n" + t(language, "reminders.timed_late"))
    return text, [item_buttons(language, item, None)]


def item_buttons(language: str, item: DueItem, number: int | None) -> list[Button]:
    suffix = f" {number}" if number is not None else ""
    client_id = item.client_ids[0] if len(item.client_ids) == 1 else 0
    row = [
        Button(t(language, "reminders.button.done") + suffix, pack("rdone", client_id, item.key)),
        Button(t(language, "reminders.button.snooze") + suffix, pack("rsnz", item.key)),
    ]
    if client_id:
        row.append(Button("👤" + suffix, pack("card", client_id)))
    return row


def item_text(language: str, item: DueItem, names: Mapping[int, str], *, today: date) -> Html:
    values = dict(item.values)
    client = names.get(item.client_ids[0], "?") if item.client_ids else ""
    kind = item.kind
    if kind is DueKind.FOLLOWUP:
        when = Html(format_time(values["time"]) + " ") if values.get("time") else Html("")  # type: ignore[arg-type]
        line = t(language, "reminders.item.followup", client=client, when=when, text=label(str(values.get("text", "")), QUOTE))
        days_late = _int_value(values, "days_late")
        if days_late:
            line = Html(line + " " + tn(language, "reminders.item.days_late", days_late))
        return line
    if kind in (DueKind.BIRTHDAY, DueKind.BIRTHDAY_SOON):
        key = "reminders.item.birthday" if kind is DueKind.BIRTHDAY else "reminders.item.birthday_soon"
        line = tn(language, key, _int_value(values, "days"), client=client, day=format_date(language, item.on, today=today))
        return Html(line + (" " + t(language, "reminders.item.lunar") if values.get("lunar") else ""))
    if kind in (DueKind.EVENT, DueKind.EVENT_SOON):
        key = "reminders.item.event" if kind is DueKind.EVENT else "reminders.item.event_soon"
        return t(language, key, client=client, label=values.get("label", ""))
    if kind is DueKind.FESTIVAL:
        festival = t(language, f"festivals.{values['festival']}")
        return t(
            language,
            "reminders.item.festival",
            festival=festival,
            day=format_date(language, item.on, today=today),
            names=_names(language, item.client_ids, names),
        )
    if kind in (DueKind.REVISIT, DueKind.FADING):
        # reminders.due copied these from the visit plan's `Reason`, so they are its counts and words.
        reason = Reason(str(values.get("reason", "overdue")), {key: cast(int | str, value) for key, value in values.items() if key in ("days", "level", "cadence")})
        line = t(language, "reminders.item.revisit", client=client, reason=reason_text(language, reason))
        if kind is DueKind.FADING and values.get("last_note"):
            line = Html(line + "\n   " + t(language, "reminders.item.last_note", text=label(str(values["last_note"]), QUOTE)))
        return line
    if kind is DueKind.SHARE_TIP:
        source = names.get(_int_value(values, "from_client_id"), "?")
        return t(
            language,
            "reminders.item.share_tip",
            client=source,
            text=label(str(values.get("text", "")), QUOTE),
            names=_names(language, item.client_ids, names),
        )
    tags = ", ".join(str(tag) for tag in cast(tuple[str, ...], values.get("tags", ())))  # the client's tags, see reminders.due
    return tn(language, "reminders.item.share_info", _int_value(values, "days"), client=client, tags=tags)


def _int_value(values: Mapping[str, object], key: str) -> int:
    """A day count or client id from a reminder's values, 0 when absent (reminders.due stores them as int)."""
    return cast(int | None, values.get(key)) or 0


def _names(language: str, client_ids: tuple[int, ...], names: Mapping[int, str]) -> Html:
    shown = [names[client_id] for client_id in client_ids[:NAMES_SHOWN] if client_id in names]
    text = escape(join_names(language, shown))
    rest = len(client_ids) - len(shown)
    if rest > 0:
        text = Html(text + t(language, "pyramid.more", count=rest))
    return text


# -- on demand and buttons ---------------------------------------------------------------------


async def today(update: Update, context: RapportContext) -> None:
    """/today and "今天有什么提醒": the digest, now."""
    who = await asker(update, context)
    person = who.person
    if person is None:
        await send(context.bot, who.chat_id, t(who.language, "reminders.start_first"))
        return
    now = context.services.now()
    digest, names = await context.services.store.with_book(who.user_id, lambda book: care.todays_digest(book, person, now=now))
    text, keyboard = digest_message(who.language, digest, names, late=False)
    await send(context.bot, who.chat_id, text, keyboard)


async def done(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """✅ on a reminder: keep the promise or record the contact; it will not come back."""
    who = await asker(update, context)
    client_id, key = callback.int_arg(0), (callback.args[1] if len(callback.args) > 1 else "")
    now = context.services.now()
    today_local = who.today(now)
    ok = await context.services.store.with_book(
        who.user_id, lambda book: care.mark_done(book, key, client_id or None, now=now, today=today_local)
    )
    if not ok:
        return t(who.language, "common.expired")
    await _strike(update, key)
    return t(who.language, "reminders.done_toast")


async def ask_snooze(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """⏰ on a reminder: until when?"""
    who = await asker(update, context)
    key = callback.args[0] if callback.args else ""
    if care.kind_of(key) is None:
        return t(who.language, "common.expired")
    keyboard = [
        [
            Button(t(who.language, "reminders.button.tomorrow"), pack("rsnzd", 1, key)),
            Button(t(who.language, "reminders.button.next_week"), pack("rsnzd", 7, key)),
        ]
    ]
    await send(context.bot, who.chat_id, t(who.language, "reminders.snooze_until"), keyboard)
    return None


async def snooze(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    days, key = callback.int_arg(0), (callback.args[1] if len(callback.args) > 1 else "")
    if days not in (1, 7) or care.kind_of(key) is None:
        return t(who.language, "common.expired")
    today_local = who.today(context.services.now())
    until = today_local + timedelta(days=days)
    await context.services.store.with_book(who.user_id, lambda book: care.snooze(book, key, until, today=today_local))
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "reminders.snoozed", day=format_date(who.language, until, today=today_local)))
    return None


async def _strike(update: Update, key: str) -> None:
    """Show the done item's buttons as done, leaving the rest of the digest usable."""
    query = update.callback_query
    # Not a `Message` when the digest was deleted or is too old for the bot to see: nothing to strike.
    if query is None or not isinstance(query.message, Message) or query.message.reply_markup is None:
        return
    rows = []
    for row in query.message.reply_markup.inline_keyboard:
        # Rapport never turns on PTB's arbitrary callback data, so a button's data is the str `pack` made, or None.
        buttons = [Button(button.text, cast(str | None, button.callback_data)) for button in row]
        if any(button.data and button.data.endswith("|" + key) for button in buttons):
            continue
        rows.append(buttons)
    await set_keyboard(query, rows)
