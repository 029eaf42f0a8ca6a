"""The client card and the book: /client, /find, /clients, corrections, deletion, contacts, places."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from telegram import Update

from bot.locales import Html, escape, t, tn
from bot.locales.formats import format_date, format_time
from crm import clients as book_clients
from crm import conversation
from crm.clients import Card, client_index
from crm.matching import Outcome
from crm.model import Client, ContactFunction, Level
from handlers.callback_data import Callback, pack
from handlers.context import RapportContext, asker
from handlers.notes import birthday_text, client_label, event_mark
from handlers.render import Button, Keyboard, edit, label, plain_text, send
from storage import Book

PAGE_SIZE = 40  # clients per /clients page: well under 4096 characters even with long names
NOTE_PREVIEW = 120


# -- the card -------------------------------------------------------------------------------


async def show_card_by_name(update: Update, context: RapportContext, name: str) -> None:
    """/client NAME (and "张伟的资料", "show Zhang"): the card, or a choice, or a hint."""
    who = await asker(update, context)
    name = name.strip()
    if not name:
        await send(context.bot, who.chat_id, t(who.language, "clients.which_client"))
        return
    match = await context.services.store.with_book(who.user_id, lambda book: client_index(book).match(name))
    if match.outcome is Outcome.ONE:
        await show_card(update, context, match.candidates[0].id)
    elif match.outcome is Outcome.SEVERAL:
        keyboard = [[Button(client_label(client), pack("card", client.id))] for client in match.candidates]
        await send(context.bot, who.chat_id, t(who.language, "clients.several", name=name), keyboard)
    else:
        await send(context.bot, who.chat_id, t(who.language, "clients.none", name=name))


async def show_card(update: Update, context: RapportContext, client_id: int, *, replace: bool = False) -> bool:
    """Render a client's card; it becomes the conversation's client. False if it is gone."""
    who = await asker(update, context)
    now = context.services.now()

    def load(book: Book) -> Card | None:
        found = book_clients.card(book, client_id, now=now, zone=who.timezone)
        if found is not None:
            conversation.open_card(book, client_id, now=now)
        return found

    found = await context.services.store.with_book(who.user_id, load)
    if found is None:
        return False
    text = card_text(who.language, found, today=who.today(now), zone=who.timezone)
    keyboard = card_keyboard(who.language, found)
    if replace and update.callback_query is not None:
        await edit(update.callback_query, text, keyboard)
    else:
        await send(context.bot, who.chat_id, text, keyboard)
    return True


def card_text(language: str, found: Card, *, today: date, zone: tzinfo) -> Html:
    """The card; every date on it is a day of the salesperson's calendar (`zone`), as `today` is."""
    client = found.client
    lines = [Html("👤 " + t(language, "card.name", name=client.name))]
    details = [t(language, "card.company", company=client.company)] if client.company else []
    if client.phone:
        details.append(t(language, "card.phone", phone=client.phone))
    if details:
        lines[0] = Html(lines[0] + " · " + " · ".join(details))
    lines.append(Html("⭐ " + _level_line(language, client.level, found.days_at_level)))
    if client.birthday is not None and found.next_birthday is not None:
        lines.append(
            Html(
                "🎂 "
                + t(
                    language,
                    "card.birthday",
                    birthday=birthday_text(language, client.birthday),
                    next=format_date(language, found.next_birthday, today=today),
                )
            )
        )
    for item in found.events:
        lines.append(Html(f"{event_mark(item.event)} {format_date(language, item.on, today=today)} " + escape(item.event.label)))
    for followup in found.followups:
        when = format_date(language, followup.date, today=today)
        if followup.time is not None:
            when = Html(f"{when} {format_time(followup.time)}")
        lines.append(Html(f"📅 {when} " + escape(label(followup.text, 40))))
    tags = [*client.tags, *([client.area] if client.area else [])]
    if tags:
        lines.append(Html("🏷 " + escape(", ".join(tags))))
    if client.place is not None:
        lines.append(Html("📍 " + t(language, "card.place_known")))
    if found.days_since_contact is None:
        lines.append(Html("🕒 " + t(language, "card.no_contact")))
    else:
        lines.append(Html("🕒 " + _last_contact(language, found.days_since_contact)))
    balance = " · ".join(
        t(language, f"functions.{function.value}") + f" {found.balance[function]}" for function in ContactFunction
    )
    lines.append(Html("⚖️ " + t(language, "card.balance", balance=Html(balance))))
    if found.notes:
        lines.append(Html("\n📝 " + tn(language, "card.notes", found.note_count)))
        for note in found.notes:
            when = format_date(language, note.at.astimezone(zone).date(), today=today)  # not the server's day
            text = note.text or t(language, "card.contact_without_words")
            lines.append(Html(f"• {when}: " + escape(label(text, NOTE_PREVIEW))))
    return Html("\n".join(lines))


def _level_line(language: str, level: Level, days: int) -> str:
    """"Friend · since today / for 1 day / for 12 days", in the salesperson's calendar days."""
    name = t(language, f"levels.{level.value}")
    if days == 0:
        return t(language, "card.level_today", level=name)
    return tn(language, "card.level_for", days, level=name)


def _last_contact(language: str, days: int) -> str:
    """"Last contact: today / yesterday / 12 days ago", counted in the salesperson's calendar days."""
    if days == 0:
        return t(language, "card.last_contact_today")
    if days == 1:
        return t(language, "card.last_contact_yesterday")
    return tn(language, "card.last_contact", days)


def card_keyboard(language: str, found: Card) -> Keyboard:
    client_id = found.client.id
    rows: list[list[Button]] = [
        [
            Button(t(language, "card.button.add_note"), pack("cnote", client_id)),
            Button(t(language, "card.button.level"), pack("clevel", client_id)),
        ],
        [
            Button(t(language, "card.button.birthday"), pack("cbday", client_id)),
            Button(t(language, "card.button.facts"), pack("facts", client_id)),
        ],
    ]
    if found.followups:
        first = found.followups[0]
        rows.append([Button(t(language, "card.button.followup_done", text=label(first.text, 20)), pack("fdone", first.id))])
    rows.append([Button(t(language, "card.button.delete"), pack("cdel", client_id))])
    return rows


# -- card buttons ---------------------------------------------------------------------------


async def open_card(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """👤 Card."""
    client_id = callback.int_arg(0)
    if client_id is None or not await show_card(update, context, client_id):
        return t((await asker(update, context)).language, "common.expired")
    return None


async def add_note(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """📝 Add note: the next message goes to this client."""
    return await _expect(update, context, callback, "note_for", "card.prompt_note")


async def ask_birthday(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """🎂 Birthday: the next message is the birthday."""
    return await _expect(update, context, callback, "birthday", "card.prompt_birthday")


async def _expect(update: Update, context: RapportContext, callback: Callback, what: str, prompt: str) -> str | None:
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    now = context.services.now()

    def remember(book: Book) -> Client | None:
        client = book.clients.get(client_id) if client_id is not None else None
        if client is not None:
            conversation.expect(book, what, client.id, now=now)
            conversation.remember_client(book, client.id, now=now)
        return client

    client = await context.services.store.with_book(who.user_id, remember)
    if client is None:
        return t(who.language, "common.expired")
    await send(context.bot, who.chat_id, t(who.language, prompt, client=client.name))
    return None


async def followup_done(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """✅ Follow-up done: it leaves the card and counts as a contact."""
    who = await asker(update, context)
    followup_id = callback.int_arg(0)
    now = context.services.now()
    done = await context.services.store.with_book(
        who.user_id,
        lambda book: book_clients.complete_followup(book, followup_id, now=now) if followup_id is not None else None,
    )
    if done is None:
        return t(who.language, "common.expired")
    await show_card(update, context, done.client_id, replace=True)
    return t(who.language, "card.followup_done_toast")


async def list_facts(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """🧹 Facts: each fact of the client as a button that removes it (after confirming)."""
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    now = context.services.now()
    found = await context.services.store.with_book(
        who.user_id, lambda book: book_clients.card(book, client_id, now=now, zone=who.timezone) if client_id else None
    )
    if found is None:
        return t(who.language, "common.expired")
    today = who.today(now)
    rows: list[list[Button]] = []
    if found.client.birthday is not None:
        rows.append([Button("🎂 " + plain_text(birthday_text(who.language, found.client.birthday)), pack("rmask", "b", found.client.id))])
    for item in found.events:
        rows.append([Button(f"{event_mark(item.event)} {plain_text(format_date(who.language, item.on, today=today))} {label(item.event.label, 20)}", pack("rmask", "e", item.event.id))])
    for followup in found.followups:
        rows.append([Button(f"📅 {plain_text(format_date(who.language, followup.date, today=today))} {label(followup.text, 20)}", pack("rmask", "f", followup.id))])
    if not rows:
        return t(who.language, "card.no_facts")
    await send(context.bot, who.chat_id, t(who.language, "card.facts_intro", client=found.client.name), rows)
    return None


async def confirm_remove_fact(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """Ask before removing a fact: every deletion is confirmed."""
    who = await asker(update, context)
    kind, fact_id = (callback.args[0] if callback.args else ""), callback.int_arg(1)
    if kind not in ("b", "e", "f") or fact_id is None:
        return t(who.language, "common.expired")
    keyboard = [[Button(t(who.language, "card.button.remove_yes"), pack("rmfact", kind, fact_id)), Button(t(who.language, "card.button.keep"), pack("keep"))]]
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "card.remove_fact_confirm"), keyboard)
    return None


async def remove_fact(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    kind, fact_id = (callback.args[0] if callback.args else ""), callback.int_arg(1)
    if fact_id is None:
        return t(who.language, "common.expired")
    removed = await context.services.store.with_book(who.user_id, lambda book: book_clients.remove_fact(book, kind, fact_id))
    if not removed:
        return t(who.language, "common.expired")
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "card.fact_removed"))
    return None


async def keep(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """"Keep it" on a confirmation: nothing is deleted."""
    who = await asker(update, context)
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "card.kept"))
    return None


async def confirm_delete(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """🗑 Delete: confirm first, naming what will go."""
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    client = await context.services.store.with_book(who.user_id, lambda book: book.clients.get(client_id) if client_id else None)
    if client is None:
        return t(who.language, "common.expired")
    keyboard = [[Button(t(who.language, "card.button.delete_yes"), pack("cdelok", client.id)), Button(t(who.language, "card.button.keep"), pack("keep"))]]
    await send(context.bot, who.chat_id, t(who.language, "card.delete_confirm", client=client.name), keyboard)
    return None


async def delete(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    client = await context.services.store.with_book(
        who.user_id, lambda book: book_clients.delete_client(book, client_id) if client_id else None
    )
    if client is None:
        return t(who.language, "common.expired")
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "card.deleted", client=client.name))
    return None


# -- the book -------------------------------------------------------------------------------


async def find(update: Update, context: RapportContext, query: str) -> None:
    """/find TEXT: clients whose name, company, tags or notes contain it."""
    who = await asker(update, context)
    query = query.strip()
    if not query:
        await send(context.bot, who.chat_id, t(who.language, "clients.find_what"))
        return
    hits = await context.services.store.with_book(who.user_id, lambda book: book_clients.find_clients(book, query))
    if not hits:
        await send(context.bot, who.chat_id, t(who.language, "clients.found_none", query=query))
        return
    lines = [tn(who.language, "clients.found", len(hits), query=query)]
    lines += [Html("• " + _client_line(who.language, client)) for client in hits]
    keyboard = [[Button(client_label(client), pack("card", client.id))] for client in hits[:8]]
    await send(context.bot, who.chat_id, Html("\n".join(lines)), keyboard)


async def list_clients(update: Update, context: RapportContext, page: int = 0) -> None:
    """/clients: the whole book grouped by level, a page at a time."""
    who = await asker(update, context)
    everyone = await context.services.store.with_book(who.user_id, lambda book: book.clients.all())
    text, keyboard = clients_page(who.language, everyone, page)
    if update.callback_query is not None:
        await edit(update.callback_query, text, keyboard)
    else:
        await send(context.bot, who.chat_id, text, keyboard)


async def clients_page_button(update: Update, context: RapportContext, callback: Callback) -> str | None:
    page = callback.int_arg(0)
    await list_clients(update, context, page or 0)
    return None


def clients_page(language: str, everyone: list[Client], page: int) -> tuple[Html, Keyboard]:
    if not everyone:
        return t(language, "clients.empty"), []
    ordered = sorted(everyone, key=lambda client: (-client.level.rank, client.name))
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines = [tn(language, "clients.total", len(ordered), page=page + 1, pages=pages)]
    current: Level | None = None
    for client in shown:
        if client.level != current:
            current = client.level
            count = sum(1 for other in ordered if other.level == current)
            lines.append(Html("\n" + t(language, "clients.level_heading", level=t(language, f"levels.{current.value}"), count=count)))
        lines.append(Html("• " + _client_line(language, client)))
    navigation = []
    if page > 0:
        navigation.append(Button("◀️", pack("clients", page - 1)))
    if page < pages - 1:
        navigation.append(Button("▶️", pack("clients", page + 1)))
    return Html("\n".join(lines)), [navigation] if navigation else []


# -- shared contacts and locations ------------------------------------------------------------


async def shared_contact(update: Update, context: RapportContext) -> None:
    """A phone contact shared into the chat: create or update that client."""
    who = await asker(update, context)
    message = update.effective_message
    assert message is not None and message.contact is not None
    contact = message.contact
    name = " ".join(part for part in (contact.first_name, contact.last_name) if part)
    now = context.services.now()
    client, created = await context.services.store.with_book(
        who.user_id, lambda book: _file_contact(book, name, contact.phone_number, now)
    )
    key = "clients.contact_created" if created else "clients.contact_updated"
    await send(context.bot, who.chat_id, t(who.language, key, client=client.name, phone=contact.phone_number), [[Button(t(who.language, "notes.button.card"), pack("card", client.id))]])


def _file_contact(book: Book, name: str, phone: str, now: datetime) -> tuple[Client, bool]:
    client, created = book_clients.upsert_contact(book, name, phone, now=now)
    conversation.remember_client(book, client.id, now=now)
    return client, created


async def place_for_open_card(update: Update, context: RapportContext, latitude: float, longitude: float) -> bool:
    """A location shared while a card is open becomes that client's place. False if no card is open."""
    who = await asker(update, context)
    now = context.services.now()

    def store_place(book: Book) -> Client | None:
        client = conversation.card_in_view(book, now=now)
        if client is None:
            return None
        return book_clients.set_place(book, client.id, latitude, longitude)

    client = await context.services.store.with_book(who.user_id, store_place)
    if client is None:
        return False
    await send(context.bot, who.chat_id, t(who.language, "clients.place_saved", client=client.name))
    return True


# -- names: aliases, renaming, merging ------------------------------------------------------------


async def rename_command(update: Update, context: RapportContext, old: str, new: str) -> None:
    """/rename OLD NEW — the old name stays as an alias."""
    await _on_one_client(update, context, old, lambda book, client: book_clients.rename(book, client.id, new), "clients.renamed", new=new)


async def alias_command(update: Update, context: RapportContext, name: str, alias: str) -> None:
    """/alias NAME ALIAS (and "张伟也叫张总", "John is also called Johnny")."""
    await _on_one_client(update, context, name, lambda book, client: book_clients.add_alias(book, client.id, alias), "clients.alias_added", alias=alias)


async def merge_command(update: Update, context: RapportContext, keep_name: str, other_name: str) -> None:
    """/merge KEEP OTHER — asks to confirm, then folds OTHER into KEEP."""
    who = await asker(update, context)

    def both(book: Book) -> tuple[Client | None, Client | None]:
        index = client_index(book)
        keep_match, other_match = index.match(keep_name), index.match(other_name)
        one = keep_match.candidates[0] if keep_match.outcome is Outcome.ONE else None
        two = other_match.candidates[0] if other_match.outcome is Outcome.ONE else None
        return one, two

    keep_client, other_client = await context.services.store.with_book(who.user_id, both)
    if keep_client is None or other_client is None or keep_client.id == other_client.id:
        await send(context.bot, who.chat_id, t(who.language, "clients.merge_unclear"))
        return
    keyboard = [[Button(t(who.language, "clients.button.merge_yes"), pack("mergeok", keep_client.id, other_client.id)), Button(t(who.language, "card.button.keep"), pack("keep"))]]
    await send(context.bot, who.chat_id, t(who.language, "clients.merge_confirm", keep=keep_client.name, other=other_client.name), keyboard)


async def merge_confirmed(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    keep_id, other_id = callback.int_arg(0), callback.int_arg(1)
    merged = await context.services.store.with_book(
        who.user_id, lambda book: book_clients.merge(book, keep_id, other_id) if keep_id and other_id else None
    )
    if merged is None:
        return t(who.language, "common.expired")
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "clients.merged", client=merged.name))
    return None


async def _on_one_client(update: Update, context: RapportContext, name: str, change, key: str, **values: str) -> None:
    who = await asker(update, context)

    def apply(book: Book) -> Client | None:
        match = client_index(book).match(name)
        if match.outcome is not Outcome.ONE:
            return None
        return change(book, match.candidates[0])

    client = await context.services.store.with_book(who.user_id, apply)
    if client is None:
        await send(context.bot, who.chat_id, t(who.language, "clients.name_unclear", name=name))
        return
    await send(context.bot, who.chat_id, t(who.language, key, client=client.name, **values))


# -- helpers -----------------------------------------------------------------------------------


def _client_line(language: str, client: Client) -> Html:
    line = t(language, "card.name", name=client.name)
    if client.company:
        line = Html(line + " · " + escape(client.company))
    return line



# -- commands -------------------------------------------------------------------------------


async def client_command(update: Update, context: RapportContext) -> None:
    """/client NAME"""
    await show_card_by_name(update, context, " ".join(context.args or []))


async def find_command(update: Update, context: RapportContext) -> None:
    """/find TEXT"""
    await find(update, context, " ".join(context.args or []))


async def clients_command(update: Update, context: RapportContext) -> None:
    """/clients"""
    await list_clients(update, context)


async def rename_or_alias_command(update: Update, context: RapportContext) -> None:
    """/rename OLD NEW, /alias NAME ALIAS and /merge KEEP OTHER: two names, by space or "="."""
    message = update.effective_message
    assert message is not None and message.text is not None
    command, _, rest = message.text.partition(" ")
    pair = two_names(rest)
    who = await asker(update, context)
    if pair is None:
        await send(context.bot, who.chat_id, t(who.language, "clients.two_names", command=command.split("@")[0]))
        return
    first, second = pair
    name = command.split("@")[0].lstrip("/").lower()
    if name == "rename":
        await rename_command(update, context, first, second)
    elif name == "alias":
        await alias_command(update, context, first, second)
    else:
        await merge_command(update, context, first, second)


def two_names(text: str) -> tuple[str, str] | None:
    """"张伟 张总", "John Smith = Johnny", "John Smith → Johnny Smith" → the two names."""
    for separator in ("=>", "->", "→", "=", "|", "，", ","):
        if separator in text:
            first, _, second = text.partition(separator)
            first, second = first.strip(), second.strip()
            return (first, second) if first and second else None
    words = text.split()
    return (words[0], words[1]) if len(words) == 2 else None


async def card_intent(update: Update, context: RapportContext, intent) -> None:
    await show_card_by_name(update, context, intent.name or "")


async def find_intent(update: Update, context: RapportContext, intent) -> None:
    await find(update, context, intent.query or "")


async def clients_intent(update: Update, context: RapportContext, intent) -> None:
    await list_clients(update, context)
