"""Notes from conversation: file them, show what was understood, undo, or move them.

The reply to a note is one compact line of what Rapport understood
("📝 张伟 · 🎂 3月5日 · 📅 11月24日（周二） 回访 · 🎓 2027年6月7日 高考") with
three buttons: ↩️ Undo, ✏️ Not this client, 👤 Card. The note is on disk
before the reply is sent — the storage transaction has returned.
"""

from __future__ import annotations

from datetime import date

from telegram import Update

from bot.locales import Html, escape, t
from bot.locales.formats import format_date, format_month_day, format_time
from crm import capture, conversation
from crm.calendars import lunar_name
from crm.capture import AlreadyCaptured, Filed, FiledParts, NeedsClient
from crm.clients import client_index
from crm.model import Birthday, CalendarKind, Client, Event, NoteSource
from handlers import levels
from handlers.callback_data import Callback, pack
from handlers.context import Asker, RapportContext, asker
from handlers.render import Button, Keyboard, edit, label, send
from storage import Book

#: Event labels → the emoji shown in front of them (first match wins).
_EVENT_MARKS = (
    (("高考", "中考", "考试", "考試", "exam", "test"), "🎓"),
    (("开业", "開業", "opening", "launch", "上市"), "🎉"),
    (("结婚", "結婚", "婚礼", "婚禮", "纪念日", "紀念日", "wedding", "anniversary"), "💍"),
    (("搬家", "乔迁", "喬遷", "moving", "move"), "🏠"),
    (("签约", "簽約", "合同", "contract", "signing"), "✍️"),
    (("生日", "birthday"), "🎂"),
)
_FOLLOWUP_SPAN = 24  # characters of the follow-up's own words shown in the summary


async def take_note(
    update: Update,
    context: RapportContext,
    text: str,
    *,
    source: NoteSource = NoteSource.TEXT,
    name_hint: str | None = None,
) -> None:
    """File `text` as a note and answer with what was understood (or ask whose it is)."""
    who = await asker(update, context)
    now = context.services.now()
    result = await context.services.store.with_book(
        who.user_id,
        lambda book: capture.capture_note(
            book, text, now=now, tz=who.timezone, source=source, name_hint=name_hint, update_id=update.update_id
        ),
    )
    if isinstance(result, AlreadyCaptured):
        await _already_captured(context, who, result)
        return
    if isinstance(result, NeedsClient):
        await send(context.bot, who.chat_id, _ask_text(who.language, result), _ask_keyboard(who.language, result))
        return
    # A note about several clients in turn was filed as one note each: one reply each, each with its Undo.
    for filed in result.parts if isinstance(result, FiledParts) else (result,):
        await send(context.bot, who.chat_id, summary(who.language, filed, today=who.today(now)), note_keyboard(who.language, filed))
        await levels.offer_after_note(update, context, filed.client.id)


async def note_for_client(update: Update, context: RapportContext, client_id: int, text: str) -> None:
    """A note written after "📝 Add note" on a card goes to that client, whatever it says."""
    who = await asker(update, context)
    now = context.services.now()

    filed = await context.services.store.with_book(
        who.user_id,
        lambda book: capture.capture_for_client(book, client_id, text, now=now, tz=who.timezone, update_id=update.update_id),
    )
    if filed is None:
        await take_note(update, context, text)
        return
    if isinstance(filed, AlreadyCaptured):
        await _already_captured(context, who, filed)
        return
    await send(context.bot, who.chat_id, summary(who.language, filed, today=who.today(now)), note_keyboard(who.language, filed))
    await levels.offer_after_note(update, context, filed.client.id)


async def _already_captured(context: RapportContext, who: Asker, earlier: AlreadyCaptured) -> None:
    """Telegram delivered a message again after a crash: say where it went, file nothing."""
    if earlier.note is None or earlier.client is None:
        await send(context.bot, who.chat_id, t(who.language, "notes.already_received"))
        return
    text = t(who.language, "notes.already_filed", client=earlier.client.name, text=label(earlier.note.text))
    await send(context.bot, who.chat_id, text, [[
        Button(t(who.language, "notes.button.undo"), pack("undo", earlier.note.id)),
        Button(t(who.language, "notes.button.card"), pack("card", earlier.client.id)),
    ]])


def summary(language: str, filed: Filed, *, today: date) -> Html:
    """The one-line "this is what I understood" reply."""
    client = filed.client
    head = t(language, "notes.new_client" if filed.created_client else "notes.filed", client=client.name)
    if filed.created_client and client.company:
        head = Html(head + " " + t(language, "notes.company", company=client.company))
    parts = [head]
    if filed.birthday is not None:
        parts.append(Html("🎂 " + birthday_text(language, filed.birthday)))
    for followup in filed.followups:
        when = format_date(language, followup.date, today=today)
        if followup.time is not None:
            when = Html(f"{when} {format_time(followup.time)}")
        parts.append(Html(f"📅 {when} " + escape(label(followup.text, _FOLLOWUP_SPAN))))
    for event in filed.events:
        parts.append(Html(f"{event_mark(event)} {format_date(language, event.date, today=today)} " + escape(event.label)))
    if filed.level_change is not None:
        parts.append(Html("⭐ " + t(language, f"levels.{filed.level_change.to_level.value}")))
    line = Html(" · ".join(parts))
    if filed.via_recent:
        line = Html(line + "\n" + t(language, "notes.via_recent", client=client.name))
    if len(parts) == 1:
        line = Html(line + "\n" + t(language, "notes.saved_only"))
    return line


def birthday_text(language: str, birthday: Birthday) -> Html:
    if birthday.calendar is CalendarKind.LUNAR:
        script = "zh-Hant" if language == "zh-Hant" else "zh-Hans"
        name = lunar_name(birthday.month, birthday.day, leap=birthday.leap_month, script=script)
        text = t(language, "dates.lunar", name=name)
    else:
        text = format_month_day(language, birthday.month, birthday.day)
    if birthday.year:
        text = Html(f"{text} ({birthday.year})")
    return text


def event_mark(event: Event) -> str:
    label_text = event.label.lower()
    for words, mark in _EVENT_MARKS:
        if any(word in label_text for word in words):
            return mark
    return "📌"


def note_keyboard(language: str, filed: Filed) -> Keyboard:
    return [
        [
            Button(t(language, "notes.button.undo"), pack("undo", filed.note.id)),
            Button(t(language, "notes.button.not_this"), pack("refile", filed.note.id)),
            Button(t(language, "notes.button.card"), pack("card", filed.client.id)),
        ]
    ]


def _ask_text(language: str, needs: NeedsClient) -> Html:
    if needs.reason == "ambiguous":
        return t(language, "notes.ask_which", written=needs.written or "")
    return t(language, "notes.ask_who")


def _ask_keyboard(language: str, needs: NeedsClient) -> Keyboard:
    rows = [[Button(client_label(client), pack("pick", needs.pending_id, client.id))] for client in needs.candidates]
    new_label = (
        t(language, "notes.button.new_named", name=label(needs.written, 24))
        if needs.written
        else t(language, "notes.button.new_client")
    )
    rows.append([Button(new_label, pack("pnew", needs.pending_id))])
    return rows


def client_label(client: Client) -> str:
    extra = f" · {client.company}" if client.company else ""
    return label(client.name + extra)




# -- buttons --------------------------------------------------------------------------------


async def undo(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """↩️ Undo: remove the note and everything it added."""
    who = await asker(update, context)
    note_id = callback.int_arg(0)
    if note_id is None:
        return t(who.language, "common.expired")
    removed = await context.services.store.with_book(who.user_id, lambda book: capture.undo_note(book, note_id))
    if removed is None:
        return t(who.language, "common.expired")
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "notes.undone", text=label(removed.text, _FOLLOWUP_SPAN)))
    return t(who.language, "notes.undone_toast")


async def refile(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """✏️ Not this client: offer recent clients and "new client" for this note."""
    who = await asker(update, context)
    note_id = callback.int_arg(0)
    if note_id is None:
        return t(who.language, "common.expired")

    def choices(book: Book) -> tuple[Client, ...] | None:
        note = book.notes.get(note_id)
        if note is None:
            return None
        index = client_index(book)
        seen = {note.client_id}
        options = [client for client in index.mentioned_in(note.text) if client.id not in seen]
        options += [client for client in conversation.recent_clients(book, 8) if client.id not in seen]
        return tuple(dict((client.id, client) for client in options).values())[:6]

    options = await context.services.store.with_book(who.user_id, choices)
    if options is None:
        return t(who.language, "common.expired")
    keyboard = [[Button(client_label(client), pack("move", note_id, client.id))] for client in options]
    keyboard.append([Button(t(who.language, "notes.button.new_client"), pack("movenew", note_id))])
    assert update.callback_query is not None
    await send(context.bot, who.chat_id, t(who.language, "notes.which_instead"), keyboard)
    return None


async def move(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A client chosen for "Not this client": the note and its facts move there."""
    who = await asker(update, context)
    note_id, client_id = callback.int_arg(0), callback.int_arg(1)
    if note_id is None or client_id is None:
        return t(who.language, "common.expired")
    filed = await context.services.store.with_book(
        who.user_id, lambda book: capture.refile_note(book, note_id, client_id=client_id, new_name=None, tz=who.timezone)
    )
    return await _show_refiled(update, context, who, filed)


async def move_to_new(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """"New client" for a misfiled note: ask for the name; the next message is the answer."""
    who = await asker(update, context)
    note_id = callback.int_arg(0)
    if note_id is None:
        return t(who.language, "common.expired")
    now = context.services.now()

    def ask(book: Book) -> bool:
        if book.notes.get(note_id) is None:
            return False
        conversation.expect(book, "move_to_new", note_id, now=now)
        return True

    if not await context.services.store.with_book(who.user_id, ask):
        return t(who.language, "common.expired")
    await send(context.bot, who.chat_id, t(who.language, "notes.ask_new_name"))
    return None


async def pick(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """A client chosen for a pending note: file it there."""
    who = await asker(update, context)
    pending_id, client_id = (callback.args[0] if callback.args else ""), callback.int_arg(1)
    if not pending_id or client_id is None:
        return t(who.language, "common.expired")
    filed = await context.services.store.with_book(
        who.user_id, lambda book: capture.file_pending(book, pending_id, client_id=client_id, new_name=None, tz=who.timezone)
    )
    return await _show_refiled(update, context, who, filed)


async def pick_new(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """"New client" for a pending note: use the name as written, or ask for one."""
    who = await asker(update, context)
    pending_id = callback.args[0] if callback.args else ""
    now = context.services.now()

    def decide(book: Book) -> Filed | str | None:
        pending = conversation.pending_notes(book).get(pending_id)
        if pending is None:
            return None
        if pending.written:
            return capture.file_pending(book, pending_id, client_id=None, new_name=pending.written, tz=who.timezone)
        conversation.expect(book, "pending_name", pending_id, now=now)
        return "ask"

    outcome = await context.services.store.with_book(who.user_id, decide)
    if outcome is None:
        return t(who.language, "common.expired")
    if outcome == "ask":
        await send(context.bot, who.chat_id, t(who.language, "notes.ask_new_name"))
        return None
    assert isinstance(outcome, Filed)
    return await _show_refiled(update, context, who, outcome)


async def answer_name(update: Update, context: RapportContext, what: str, target: str, name: str) -> None:
    """The name typed after "new client": file the pending or misfiled note under it."""
    who = await asker(update, context)

    def file(book: Book) -> Filed | None:
        conversation.stop_expecting(book, answered_by=update.update_id)
        if what == "pending_name":
            return capture.file_pending(book, target, client_id=None, new_name=name, tz=who.timezone)
        return capture.refile_note(book, int(target), client_id=None, new_name=name, tz=who.timezone)

    filed = await context.services.store.with_book(who.user_id, file)
    if filed is None:
        await send(context.bot, who.chat_id, t(who.language, "common.expired"))
        return
    today = who.today(context.services.now())
    await send(context.bot, who.chat_id, summary(who.language, filed, today=today), note_keyboard(who.language, filed))


async def _show_refiled(update: Update, context: RapportContext, who: Asker, filed: Filed | None) -> str | None:
    if filed is None:
        return t(who.language, "common.expired")
    assert update.callback_query is not None
    today = who.today(context.services.now())
    await edit(update.callback_query, summary(who.language, filed, today=today), note_keyboard(who.language, filed))
    return None

