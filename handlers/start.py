"""First contact and the basics: /start (greeting + time zone + digest time), /help, /language."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzfpy
from telegram import Update

from bot.commands import publish_chat_menu
from bot.locales import LANGUAGES, catalog, t
from crm import salespeople
from handlers.callback_data import Callback, pack
from handlers.context import RapportContext, asker
from handlers.render import Button, Keyboard, edit, send
from storage import Directory

#: Offered on /start; the configured default is always offered first.
COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
)
DIGEST_TIMES = ("07:30", "08:00", "08:30", "09:00", "12:00", "18:00")
LANGUAGE_NAMES = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}


async def start(update: Update, context: RapportContext) -> None:
    """Greet, enrol the salesperson, and ask for their time zone."""
    user = update.effective_user
    services = context.services
    assert user is not None
    await services.store.with_directory(
        lambda directory: salespeople.enroll(
            directory,
            user.id,
            telegram_language=user.language_code,
            default_timezone=services.settings.default_timezone,
            now=services.now(),
        )
    )
    who = await asker(update, context)
    await publish_chat_menu(context.bot, who.chat_id, who.language)
    text = t(who.language, "start.greeting", name=user.first_name) + "\n\n" + t(who.language, "start.ask_timezone")
    await send(context.bot, who.chat_id, text, timezone_keyboard(who.language, services.settings.default_timezone))


def timezone_keyboard(language: str, default: str) -> Keyboard:
    zones = [default, *(zone for zone in COMMON_ZONES if zone != default)]
    buttons = [Button(_zone_label(language, zone, starred=zone == default), pack("tz", zone)) for zone in zones]
    return [buttons[index : index + 2] for index in range(0, len(buttons), 2)]


def digest_keyboard() -> Keyboard:
    buttons = [Button(clock, pack("digest", clock.replace(":", ""))) for clock in DIGEST_TIMES]
    return [buttons[:3], buttons[3:]]


def _zone_label(language: str, zone: str, *, starred: bool = False) -> str:
    name = catalog(language).get(f"zones.{zone}", zone)
    return f"⭐ {name}" if starred else name


async def choose_timezone(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A time zone button: save it and ask for the digest time."""
    query = update.callback_query
    assert query is not None
    who = await asker(update, context)
    zone = callback.args[0] if callback.args else ""
    if not _is_zone(zone):
        return t(who.language, "common.expired")
    await _save_zone(context, who.user_id, zone)
    await edit(query, _zone_set_text(who.language, zone, context.services.now()), digest_keyboard())
    return None


async def choose_digest_time(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A digest-time button: save it and finish onboarding with an example note."""
    query = update.callback_query
    assert query is not None
    who = await asker(update, context)
    digest = _parse_hhmm(callback.args[0] if callback.args else "")
    if digest is None:
        return t(who.language, "common.expired")
    await context.services.store.with_directory(
        lambda directory: salespeople.update(directory, who.user_id, digest_time=digest, onboarded=True)
    )
    await edit(query, t(who.language, "start.ready", time=digest.strftime("%H:%M")))
    return None


async def suggest_timezone_from_location(update: Update, context: RapportContext, latitude: float, longitude: float) -> None:
    """During onboarding a shared location proposes the time zone found there."""
    who = await asker(update, context)
    zone = tzfpy.get_tz(longitude, latitude)
    if not _is_zone(zone):
        await send(context.bot, who.chat_id, t(who.language, "start.no_zone_here"))
        return
    keyboard = [[Button(t(who.language, "start.use_zone", zone=_zone_label(who.language, zone)), pack("tz", zone))]]
    await send(context.bot, who.chat_id, t(who.language, "start.zone_found", zone=zone), keyboard)


async def help_command(update: Update, context: RapportContext) -> None:
    """How to talk to Rapport, with examples."""
    who = await asker(update, context)
    await send(context.bot, who.chat_id, t(who.language, "help.text"))


async def language_command(update: Update, context: RapportContext) -> None:
    """Offer the three languages."""
    who = await asker(update, context)
    keyboard = [[Button(LANGUAGE_NAMES[code], pack("lang", code)) for code in LANGUAGES]]
    await send(context.bot, who.chat_id, t(who.language, "language.choose"), keyboard)


async def choose_language(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A language button: remember the choice and answer in the new language."""
    query = update.callback_query
    assert query is not None
    who = await asker(update, context)
    language = callback.args[0] if callback.args else ""
    if language not in LANGUAGES:
        return t(who.language, "common.expired")
    user = update.effective_user
    assert user is not None
    services = context.services

    def remember(directory: Directory) -> None:
        salespeople.enroll(
            directory,
            who.user_id,
            telegram_language=user.language_code,
            default_timezone=services.settings.default_timezone,
            now=services.now(),
        )
        salespeople.update(directory, who.user_id, language=language)

    await services.store.with_directory(remember)
    await publish_chat_menu(context.bot, who.chat_id, language)
    await edit(query, t(language, "language.set"))
    return None


async def _save_zone(context: RapportContext, user_id: int, zone: str) -> None:
    await context.services.store.with_directory(lambda directory: salespeople.update(directory, user_id, timezone=zone))


def _zone_set_text(language: str, zone: str, now: datetime) -> str:
    local = now.astimezone(ZoneInfo(zone))
    return t(language, "start.timezone_set", zone=zone, local_time=local.strftime("%H:%M"))


def _is_zone(zone: str | None) -> bool:
    if not zone:
        return False
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _parse_hhmm(value: str) -> time | None:
    if len(value) != 4 or not value.isdecimal():
        return None
    hour, minute = int(value[:2]), int(value[2:])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


async def unknown_command(update: Update, context: RapportContext) -> None:
    """A command Rapport does not have: say so and point to /help."""
    who = await asker(update, context)
    await send(context.bot, who.chat_id, t(who.language, "help.unknown_command"))
