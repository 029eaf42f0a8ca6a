"""/settings: digest time, time zone, days ahead for birthdays, cadence per level, quiet mode, holidays.

Every setting can be changed with buttons, or typed for values the buttons
don't offer: `/settings digest 08:45`, `/settings timezone Europe/Paris`,
`/settings ahead 5`, `/settings cadence friend 21`, `/settings quiet on`.
"""

from __future__ import annotations

import re
from datetime import time
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Update

from bot.locales import Html, t
from bot.locales.formats import join_names
from crm import salespeople
from crm.festivals import SOLAR_HOLIDAYS
from crm.levels import parse_level
from crm.model import Level, Salesperson
from handlers.callback_data import Callback, pack
from handlers.context import RapportContext, asker
from handlers.render import Button, Keyboard, edit, send
from handlers.start import DIGEST_TIMES, timezone_keyboard
from storage import Directory

DAYS_AHEAD = (1, 2, 3, 5, 7)
CADENCE_CHOICES = (7, 14, 21, 30, 45, 60, 90, 120, 180)
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:：.]([0-5]\d)$")


async def settings_command(update: Update, context: RapportContext) -> None:
    """Show the settings with buttons, or apply a typed one."""
    who = await asker(update, context)
    if who.person is None:
        await send(context.bot, who.chat_id, t(who.language, "reminders.start_first"))
        return
    words = list(context.args or [])
    if words:
        changes = _typed(words)
        if changes is None:
            await send(context.bot, who.chat_id, t(who.language, "settings.usage"))
            return
        person = await _apply(context, who.user_id, **changes)
        await send(context.bot, who.chat_id, Html(t(who.language, "settings.saved") + "\n\n" + overview(who.language, person)), keyboard(who.language, person))
        return
    await send(context.bot, who.chat_id, overview(who.language, who.person), keyboard(who.language, who.person))


def overview(language: str, person: Salesperson) -> Html:
    # Catalog pieces are already escaped HTML; joined, they stay `Html` so t() does not escape them twice.
    cadence = Html(" · ".join(f"{t(language, f'levels.{level.value}')} {person.cadence.get(level, 0)}" for level in reversed(Level)))
    holidays = Html(join_names(language, [t(language, f"festivals.{key}") for key in person.holidays]) or t(language, "settings.none"))
    return t(
        language,
        "settings.overview",
        digest=person.digest_time.strftime("%H:%M"),
        zone=person.timezone,
        ahead=person.days_ahead,
        cadence=cadence,
        quiet=t(language, "settings.on" if person.quiet else "settings.off"),
        holidays=holidays,
    )


def keyboard(language: str, person: Salesperson) -> Keyboard:
    return [
        [Button(t(language, "settings.button.digest"), pack("set", "digest")), Button(t(language, "settings.button.zone"), pack("set", "zone"))],
        [Button(t(language, "settings.button.ahead"), pack("set", "ahead")), Button(t(language, "settings.button.cadence"), pack("set", "cadence"))],
        [
            Button(t(language, "settings.button.quiet_on" if not person.quiet else "settings.button.quiet_off"), pack("squiet", 0 if person.quiet else 1)),
            Button(t(language, "settings.button.holidays"), pack("set", "holidays")),
        ],
    ]


async def open_setting(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A settings button: show the choices for that setting."""
    who = await asker(update, context)
    person = who.person
    which = callback.args[0] if callback.args else ""
    if person is None:
        return t(who.language, "common.expired")
    language = who.language
    if which == "digest":
        rows = [[Button(clock, pack("sdigest", clock.replace(":", ""))) for clock in DIGEST_TIMES[:3]], [Button(clock, pack("sdigest", clock.replace(":", ""))) for clock in DIGEST_TIMES[3:]]]
        text = t(language, "settings.choose_digest")
    elif which == "zone":
        rows = [[Button(button.label, pack("szone", (button.data or "").split("|")[-1])) for button in row] for row in timezone_keyboard(language, person.timezone)]
        text = t(language, "settings.choose_zone")
    elif which == "ahead":
        rows = [[Button(("✓ " if days == person.days_ahead else "") + str(days), pack("sahead", days)) for days in DAYS_AHEAD]]
        text = t(language, "settings.choose_ahead")
    elif which == "cadence":
        rows = [[Button(t(language, f"levels.{level.value}"), pack("scad", level.value))] for level in reversed(Level)]
        text = t(language, "settings.choose_cadence_level")
    elif which == "holidays":
        rows = [
            [Button(("✓ " if key in person.holidays else "") + t(language, f"festivals.{key}"), pack("shol", key))]
            for key in SOLAR_HOLIDAYS
        ]
        text = t(language, "settings.choose_holidays")
    else:
        return t(language, "common.expired")
    await send(context.bot, who.chat_id, text, rows)
    return None


async def choose_cadence_days(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    level = parse_level(callback.args[0]) if callback.args else None
    if level is None or who.person is None:
        return t(who.language, "common.expired")
    current = who.person.cadence.get(level)
    rows = [
        [Button(("✓ " if days == current else "") + str(days), pack("scadd", level.value, days)) for days in CADENCE_CHOICES[:5]],
        [Button(("✓ " if days == current else "") + str(days), pack("scadd", level.value, days)) for days in CADENCE_CHOICES[5:]],
    ]
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "settings.choose_cadence_days", level=t(who.language, f"levels.{level.value}")), rows)
    return None


async def set_value(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """Any settings choice button: save it and show the new overview."""
    who = await asker(update, context)
    person = who.person
    if person is None:
        return t(who.language, "common.expired")
    changes = _from_button(callback, person)
    if changes is None:
        return t(who.language, "common.expired")
    saved = await _apply(context, who.user_id, **changes)
    assert update.callback_query is not None
    await edit(update.callback_query, Html(t(who.language, "settings.saved") + "\n\n" + overview(who.language, saved)), keyboard(who.language, saved))
    return None


def _from_button(callback: Callback, person: Salesperson) -> dict[str, object] | None:
    action, args = callback.action, callback.args
    if action == "sdigest" and args:
        clock = _parse_clock(f"{args[0][:2]}:{args[0][2:]}")
        return None if clock is None else {"digest_time": clock}
    if action == "szone" and args and _is_zone(args[0]):
        return {"timezone": args[0]}
    if action == "sahead" and callback.int_arg(0) in DAYS_AHEAD:
        return {"days_ahead": callback.int_arg(0)}
    if action == "squiet" and callback.int_arg(0) in (0, 1):
        return {"quiet": bool(callback.int_arg(0))}
    if action == "scadd" and len(args) == 2:
        level, days = parse_level(args[0]), callback.int_arg(1)
        if level is None or days not in CADENCE_CHOICES:
            return None
        return {"cadence": {**person.cadence, level: days}}
    if action == "shol" and args and args[0] in SOLAR_HOLIDAYS:
        chosen = set(person.holidays) ^ {args[0]}
        return {"holidays": tuple(key for key in SOLAR_HOLIDAYS if key in chosen)}
    return None


def _typed(words: list[str]) -> dict[str, object] | None:
    name, values = words[0].lower(), words[1:]
    if name in ("digest", "time", "提醒时间", "提醒時間") and len(values) == 1:
        clock = _parse_clock(values[0])
        return None if clock is None else {"digest_time": clock}
    if name in ("timezone", "zone", "tz", "时区", "時區") and len(values) == 1 and _is_zone(values[0]):
        return {"timezone": values[0]}
    if name in ("ahead", "提前") and len(values) == 1 and values[0].isdecimal() and 0 < int(values[0]) <= 30:
        return {"days_ahead": int(values[0])}
    if name in ("quiet", "安静", "安靜") and len(values) == 1 and values[0].lower() in ("on", "off", "开", "关", "開", "關"):
        return {"quiet": values[0].lower() in ("on", "开", "開")}
    if name in ("cadence", "节奏", "節奏") and len(values) == 2 and values[1].isdecimal() and 0 < int(values[1]) <= 365:
        level = parse_level(values[0])
        return None if level is None else {"cadence_level": (level, int(values[1]))}
    return None


async def _apply(context: RapportContext, user_id: int, **changes: object) -> Salesperson:
    # Both callers checked that the salesperson has started, so `directory` knows them.
    def save(directory: Directory) -> Salesperson:
        if "cadence_level" in changes:
            level, days = cast(tuple[Level, int], changes.pop("cadence_level"))  # as `_typed` builds it
            person = directory.get(user_id)
            assert person is not None
            changes["cadence"] = {**person.cadence, level: days}
        saved = salespeople.update(directory, user_id, **changes)
        assert saved is not None
        return saved

    return await context.services.store.with_directory(save)


def _parse_clock(text: str) -> time | None:
    match = _CLOCK.match(text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _is_zone(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
