"""Relationship levels: /level, the card's ⭐ button, Rapport's suggestions, and /pyramid."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.locales import Html, escape, t, tn
from bot.locales.formats import join_names
from crm import level_changes
from crm.clients import client_index
from crm.level_changes import Offer
from crm.levels import parse_level
from crm.matching import Outcome
from crm.model import ChangeReason, Client, Level, Reason
from crm.pyramid_chart import ChartLabels, render_pyramid_png
from handlers.callback_data import Callback, pack
from handlers.context import RapportContext, asker
from handlers.render import MAX_CAPTION, Button, Keyboard, edit, plain_text, send, split_html

NAMES_PER_STEP = 5


async def level_command(update: Update, context: RapportContext) -> None:
    """/level NAME LEVEL (e.g. /level 张伟 朋友, /level Sarah friend); /level NAME offers buttons."""
    who = await asker(update, context)
    words = list(context.args or [])
    if not words:
        await send(context.bot, who.chat_id, t(who.language, "level.usage"))
        return
    target = parse_level(words[-1]) if len(words) > 1 else None
    name = " ".join(words[:-1] if target is not None else words)
    match = await context.services.store.with_book(who.user_id, lambda book: client_index(book).match(name))
    if match.outcome is not Outcome.ONE:
        key = "clients.several" if match.outcome is Outcome.SEVERAL else "clients.none"
        keyboard = [[Button(client.name, pack("clevel", client.id))] for client in match.candidates]
        await send(context.bot, who.chat_id, t(who.language, key, name=name), keyboard)
        return
    client = match.candidates[0]
    if target is None:
        await send(context.bot, who.chat_id, t(who.language, "level.choose", client=client.name), level_keyboard(who.language, client))
        return
    await _set(update, context, client.id, target, ChangeReason.COMMAND)


def level_keyboard(language: str, client: Client) -> Keyboard:
    buttons = [
        Button(("✓ " if level == client.level else "") + t(language, f"levels.{level.value}"), pack("setlvl", client.id, level.value))
        for level in reversed(Level)
    ]
    return [buttons[:2], buttons[2:]]


async def choose_level(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """⭐ Level on a card: show the four levels."""
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    client = await context.services.store.with_book(who.user_id, lambda book: book.clients.get(client_id) if client_id else None)
    if client is None:
        return t(who.language, "common.expired")
    await send(context.bot, who.chat_id, t(who.language, "level.choose", client=client.name), level_keyboard(who.language, client))
    return None


async def set_level(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A level button: change the level and say so."""
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    target = parse_level(callback.args[1]) if len(callback.args) > 1 else None
    if client_id is None or target is None:
        return t(who.language, "common.expired")
    if not await _set(update, context, client_id, target, ChangeReason.BUTTON):
        return t(who.language, "common.expired")
    return None


async def _set(update: Update, context: RapportContext, client_id: int, target: Level, reason: ChangeReason) -> bool:
    who = await asker(update, context)
    now = context.services.now()
    outcome = await context.services.store.with_book(
        who.user_id, lambda book: level_changes.change_level(book, client_id, target, now=now, reason=reason)
    )
    if outcome is None:
        return False
    client, change = outcome
    key = "level.changed" if change is not None else "level.unchanged"
    text = t(who.language, key, client=client.name, level=t(who.language, f"levels.{target.value}"))
    if update.callback_query is not None:
        await edit(update.callback_query, text)
    else:
        await send(context.bot, who.chat_id, text)
    return True


# -- suggestions ------------------------------------------------------------------------------


async def offer_after_note(update: Update, context: RapportContext, client_id: int) -> None:
    """After a note, propose a level move for that client if the evidence now asks for one."""
    who = await asker(update, context)
    now = context.services.now()
    cadence = who.person.cadence if who.person else None
    offer = await context.services.store.with_book(
        who.user_id, lambda book: level_changes.offer_suggestion(book, client_id, now=now, zone=who.timezone, cadence=cadence)
    )
    if offer is not None:
        await send(context.bot, who.chat_id, offer_text(who.language, offer), offer_keyboard(who.language, offer))


def offer_text(language: str, offer: Offer) -> Html:
    key = "level.suggest_up" if offer.direction == "up" else "level.suggest_down"
    head = t(language, key, client=offer.client.name, level=t(language, f"levels.{offer.suggestion.to_level.value}"))
    reasons = "\n".join("• " + reason_text(language, reason) for reason in offer.reasons)
    return Html(f"{head}\n{reasons}")


def reason_text(language: str, reason: Reason) -> Html:
    return t(language, f"level.reason.{reason.code}", **dict(reason.values))


def offer_keyboard(language: str, offer: Offer) -> Keyboard:
    level = t(language, f"levels.{offer.suggestion.to_level.value}")
    return [
        [
            Button(t(language, "level.button.accept", level=level), pack("sugok", offer.suggestion.id)),
            Button(t(language, "level.button.dismiss"), pack("sugno", offer.suggestion.id)),
        ]
    ]


async def accept_suggestion(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    suggestion_id = callback.int_arg(0)
    now = context.services.now()
    outcome = await context.services.store.with_book(
        who.user_id, lambda book: level_changes.accept(book, suggestion_id, now=now) if suggestion_id else None
    )
    if outcome is None:
        return t(who.language, "common.expired")
    client, _ = outcome
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "level.changed", client=client.name, level=t(who.language, f"levels.{client.level.value}")))
    return None


async def dismiss_suggestion(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    suggestion_id = callback.int_arg(0)
    dismissed = await context.services.store.with_book(
        who.user_id, lambda book: level_changes.dismiss(book, suggestion_id) if suggestion_id else None
    )
    if dismissed is None:
        return t(who.language, "common.expired")
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "level.dismissed"))
    return None


# -- the pyramid ---------------------------------------------------------------------------------


async def pyramid(update: Update, context: RapportContext) -> None:
    """/pyramid and "我的客户结构": the picture with counts, and the concrete next steps."""
    who = await asker(update, context)
    now = context.services.now()
    cadence = who.person.cadence if who.person else None
    view = await context.services.store.with_book(
        who.user_id, lambda book: level_changes.pyramid_view(book, now=now, zone=who.timezone, cadence=cadence)
    )
    language = who.language
    if view.shape.total == 0:
        await send(context.bot, who.chat_id, t(language, "clients.empty"))
        return
    labels = ChartLabels(
        title=plain_text(t(language, "pyramid.title")),  # the picture shows text, not HTML
        levels={level: plain_text(t(language, f"levels.{level.value}")) for level in Level},
        yours=plain_text(t(language, "pyramid.yours")),
        healthy=plain_text(t(language, "pyramid.healthy")),
    )
    # ~40 ms (the first, importing matplotlib, ~0.4 s): not on the event loop, where everyone waits.
    png = await asyncio.to_thread(render_pyramid_png, view.shape, labels)
    caption = summary(language, view)
    await context.bot.send_photo(who.chat_id, png, caption=split_html(caption, MAX_CAPTION)[0], filename="pyramid.png")
    steps = steps_text(language, view)
    if steps:
        await send(context.bot, who.chat_id, steps)


def summary(language: str, view: level_changes.PyramidView) -> Html:
    counts = Html(" · ".join(f"{t(language, f'levels.{level.value}')} {view.shape.counts[level]}" for level in reversed(Level)))
    healthy = " · ".join(str(view.shape.targets[level]) for level in reversed(Level))
    return t(language, "pyramid.summary", total=view.shape.total, counts=counts, healthy=healthy)


def steps_text(language: str, view: level_changes.PyramidView) -> Html | None:
    lines = []
    for step in view.steps:
        values = {key: t(language, f"levels.{value.value}") if isinstance(value, Level) else value for key, value in step.values.items()}
        names = [view.names[client_id] for client_id in step.client_ids[:NAMES_PER_STEP] if client_id in view.names]
        more = len(step.client_ids) - len(names)
        listed = escape(join_names(language, names))
        if more > 0:
            listed = Html(listed + t(language, "pyramid.more", count=more))
        line = tn(language, f"pyramid.step.{step.code}", int(step.values.get("count", 0) or 0), **values)
        lines.append(Html(f"• {line}" + (f": {listed}" if names else "")))
    if not lines:
        return None
    return Html(t(language, "pyramid.next_steps") + "\n" + "\n".join(lines))
