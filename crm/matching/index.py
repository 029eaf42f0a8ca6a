"""Which client is this note about? The name index and its rules.

A `ClientIndex` is a `NameTable` of the book's client names (cheap: keys are
precomputed once, and a new client only adds its own) and answers `match(written)`
with ONE client, SEVERAL to ask about, or NONE (offer to create the client with
the name as written). It must never pick silently between two clients that both
fit: whenever two clients are equally plausible the answer is SEVERAL.

Every key is compared in `name_key` form: NFKC, case-folded, whitespace
collapsed, Traditional → Simplified (張偉 is 张伟). The rules, first that
finds anyone wins:

1. Exact. The written form equals a client's name or alias → ONE; if it equals
   the name or alias of two clients → SEVERAL (duplicates are never merged).
   A title around a full name is looked through: 张伟先生, Mr John Smith.
2. Honorific. 张总, 李经理, 老张, 小李, 欧阳总监, Mr Zhang, Ms. Li name a surname
   (see `split_honorific`; compound surnames 欧阳, 司马, 诸葛… are known). Every
   client with that surname is a candidate: exactly one → ONE, more → SEVERAL.
   A client whose alias is the written form exactly was already found by rule 1,
   so setting the alias "张总" on one of two 张 settles who 张总 is. Chinese
   surnames compare by character; latin ones (Mr Zhang) by spelling, so Mr Zhang
   asks between 张伟, 章伟 and "Zhang Wei".
3. Pinyin. Latin letters that spell a Chinese name in pinyin, either order, with
   or without spaces or tone marks: Zhang Wei, zhangwei, Wei Zhang, Zhāng Wěi → 张伟.
   Two clients spelled alike (张伟, 章伟) → SEVERAL. Latin names compare the same
   way, so "smithjohn" or "Wei Zhang" find "John Smith" / "Zhang Wei".
4. Latin names. A single word that is the first or last name of latin-named
   clients ("John" or "Smith" → "John Smith") → ONE if one client, SEVERAL if more. Otherwise a
   typo: `rapidfuzz.fuzz.ratio` ≥ `FUZZY_THRESHOLD` (85) against latin names,
   aliases and (for one-word input) first names, for input of at least
   `FUZZY_MIN_LETTERS` (4) letters: "Jon Smith" → "John Smith" (95), "Sara" →
   "Sarah Connor" (89). When another client scores within `FUZZY_MARGIN` (5) of
   the best → SEVERAL. Chinese characters are never fuzzy-matched: 张玮 is not a
   typo of 张伟 but possibly another person.
5. Otherwise NONE.

SEVERAL lists at most `MAX_CANDIDATES`, best first: by fuzzy score where there
is one, then most recently contacted first (the client the salesperson sees
most is the likelier one), then book order.

`mentioned_in(text)` serves the note that names a client inside a sentence
(今天在张伟店里聊了一小时): the clients whose name or alias of at least two
characters appears in the text (latin ones as whole words), longest first.
A name seen only inside a longer client's name (张伟 in 张伟明) does not count.
`first_named_in(text)` adds the clients whose first name alone appears ("demo
with cody" for Cody Hale): names for the reader to consider, not an answer —
"will call back" does not name Will Smith.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rapidfuzz import fuzz, process

from crm.matching.chinese_names import split_honorific, without_title
from crm.matching.client_keys import client_keys
from crm.matching.normal_form import HAN, has_han, is_latin, name_key, spelling
from crm.model import Client

FUZZY_THRESHOLD = 85.0
FUZZY_MARGIN = 5.0
FUZZY_MIN_LETTERS = 4
MAX_CANDIDATES = 6
MENTION_MIN_LENGTH = 2
FIRST_NAME_MENTION_LENGTH = 3

class Outcome(StrEnum):
    ONE = "one"
    SEVERAL = "several"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Match:
    """The answer to "who is `written`?": one client, several to choose from, or none."""

    outcome: Outcome
    candidates: tuple[Client, ...]
    written: str


#: The clients a key names: most keys name one client, kept as its bare id — a tuple of one
#: costs 48 bytes, ~10 MB in the 200 tables of 300 clients kept for 200 salespeople at once.
Owners = int | tuple[int, ...]


def _ids(owners: Owners | None) -> tuple[int, ...]:
    """The client ids a key's `Owners` stand for (none for a key not in the table)."""
    if owners is None:
        return ()
    return (owners,) if isinstance(owners, int) else owners


def _with(owners: Owners | None, client_id: int) -> Owners:
    return client_id if owners is None else (*_ids(owners), client_id)


class NameTable:
    """Every key of one book's clients, pointing at client ids: strings and ints only.

    The expensive part of an index (pinyin, OpenCC, honorifics), built from
    (id, name, aliases) alone, so it can be kept per salesperson while their
    book is closed and re-read (`crm.clients.client_index`), and costs no
    copy of the clients themselves.
    """

    def __init__(self, entries: Iterable[tuple[int, str, Sequence[str]]]) -> None:
        self.order: dict[int, int] = {}  # client id → book order, the last tie-break
        # Key → the client ids it names (`Owners`, read with `_ids`).
        self.exact: dict[str, Owners] = {}
        self.by_surname: dict[str, Owners] = {}
        self.by_surname_spelling: dict[str, Owners] = {}
        self.by_spelling: dict[str, Owners] = {}
        self.by_first_name: dict[str, Owners] = {}
        self.by_last_name: dict[str, Owners] = {}
        self.mention_keys: list[str] = []  # `exact` keys of MENTION_MIN_LENGTH or more, longest first
        self.first_name_mentions: list[tuple[str, int]] = []
        self._latin: list[tuple[str, int]] = []
        self._first_names: list[tuple[str, int]] = []
        self.names: tuple[str, ...] = ()
        self.extend(entries)

    def extend(self, entries: Iterable[tuple[int, str, Sequence[str]]]) -> None:
        """Add clients that come after every client already here (new ones, at the end of the book).

        Only their names are read: a salesperson who adds a client to a book of
        300 waits for one name's pinyin, not 300 (no process-wide cache has to
        hold every name of every book for that).
        """
        names = dict.fromkeys(self.names)
        mention_keys = dict.fromkeys(self.mention_keys)
        for client_id, name, aliases in entries:
            self.order[client_id] = len(self.order)
            names.update(dict.fromkeys((name, *aliases)))
            keys = client_keys(name, tuple(aliases))
            for table, found in (
                (self.exact, keys.exact),
                (self.by_surname, keys.surnames),
                (self.by_surname_spelling, keys.surname_spellings),
                (self.by_spelling, keys.spellings),
            ):
                for key in found:
                    table[key] = _with(table.get(key), client_id)
            mention_keys.update(dict.fromkeys(key for key in keys.exact if len(key) >= MENTION_MIN_LENGTH))
            self._latin += [(key, client_id) for key in keys.latin]
            if keys.first_name:
                self.by_first_name[keys.first_name] = _with(self.by_first_name.get(keys.first_name), client_id)
                self._first_names.append((keys.first_name, client_id))
                if len(keys.first_name) >= FIRST_NAME_MENTION_LENGTH:
                    self.first_name_mentions.append((keys.first_name, client_id))
            if keys.last_name:
                self.by_last_name[keys.last_name] = _with(self.by_last_name.get(keys.last_name), client_id)
        # Longest first; the sort is stable, so names of one length stay in book order.
        self.mention_keys = sorted(mention_keys, key=len, reverse=True)
        # Typos are looked for among latin names and aliases; one-word input also among first names.
        self.latin_keys = [key for key, _ in self._latin]
        self.latin_owners = [client_id for _, client_id in self._latin]
        self.one_word_keys = self.latin_keys + [key for key, _ in self._first_names]
        self.one_word_owners = self.latin_owners + [client_id for _, client_id in self._first_names]
        self.names = tuple(names)


class ClientIndex:
    """The clients of one book, keyed every way a salesperson writes a name.

    Answers with clients as `client` (an id → client lookup, usually the open
    book) gives them now: candidates are ranked by their latest contact, not
    by whatever it was when the table was built.
    """

    def __init__(self, table: NameTable, client: Callable[[int], Client | None]) -> None:
        self._table = table
        self._client = client

    @classmethod
    def of(cls, clients: Iterable[Client]) -> ClientIndex:
        """An index over clients already in hand."""
        by_id = {client.id: client for client in clients}
        return cls(NameTable((client.id, client.name, client.aliases) for client in by_id.values()), by_id.get)

    def names(self) -> tuple[str, ...]:
        """Every client name and alias as written, each once (for reading names out of a note)."""
        return self._table.names

    def match(self, written: str) -> Match:
        """Who `written` names, by the rules in the module docstring."""
        key = name_key(written)
        if not key:
            return Match(Outcome.NONE, (), written)
        for rule in (self._exact_rule, self._honorific_rule, self._spelling_rule, self._latin_rule):
            found = rule(key)
            if found:
                candidates = tuple(found[:MAX_CANDIDATES])
                return Match(Outcome.ONE if len(found) == 1 else Outcome.SEVERAL, candidates, written)
        return Match(Outcome.NONE, (), written)

    def mentioned_in(self, text: str) -> list[Client]:
        """Clients named inside `text`, longest name first.

        A name found only inside a longer client name that was found ("张伟" inside
        "张伟明") does not count: the note is about 张伟明. One-character names and
        aliases are ignored, being too common inside ordinary words.
        """
        folded = name_key(text)
        exact = self._table.exact
        taken: list[tuple[int, int]] = []
        found: dict[int, None] = {}
        for key in self._table.mention_keys:
            if key not in folded:
                continue
            spans = [
                (start, end) for start, end in _occurrences(folded, key) if not any(a <= start and end <= b for a, b in taken)
            ]
            if spans:  # a name two clients share is the first one's: the other's spans would all be taken
                found.setdefault(_ids(exact[key])[0])
                taken.extend(spans)
        return [client for client_id in found if (client := self._client(client_id)) is not None]

    def first_named_in(self, text: str) -> list[Client]:
        """Clients whose first name (three letters or more) appears in `text` as a whole word, in book order."""
        folded = name_key(text)
        found = dict.fromkeys(
            client_id for key, client_id in self._table.first_name_mentions if key in folded and _occurrences(folded, key)
        )
        return [client for client_id in found if (client := self._client(client_id)) is not None]

    # -- the rules ----------------------------------------------------------------------------

    def _exact_rule(self, key: str) -> list[Client]:
        exact = self._table.exact
        if found := _ids(exact.get(key)):
            return self._ranked(found)
        rest = without_title(key)
        return self._ranked(_ids(exact.get(rest))) if rest else []

    def _honorific_rule(self, key: str) -> list[Client]:
        honorific = split_honorific(key)
        if honorific is None:
            return []
        surname = honorific[0]
        if has_han(surname):
            return self._ranked(_ids(self._table.by_surname.get(surname)))
        return self._ranked(_ids(self._table.by_surname_spelling.get(spelling(surname))))

    def _spelling_rule(self, key: str) -> list[Client]:
        if not is_latin(key):
            return []
        return self._ranked(_ids(self._table.by_spelling.get(spelling(key))))

    def _latin_rule(self, key: str) -> list[Client]:
        if not is_latin(key):
            return []
        table = self._table
        single_word = " " not in key
        if single_word and (found := _ids(table.by_first_name.get(key)) + _ids(table.by_last_name.get(key))):
            return self._ranked(found)
        if len(spelling(key)) < FUZZY_MIN_LETTERS:
            return []
        if single_word:
            keys, owners = table.one_word_keys, table.one_word_owners
        else:
            keys, owners = table.latin_keys, table.latin_owners
        best: dict[int, float] = {}
        for _, score, number in process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
        ):
            best[owners[number]] = max(score, best.get(owners[number], 0.0))
        if not best:
            return []
        top = max(best.values())
        close = [client_id for client_id, score in best.items() if score >= top - FUZZY_MARGIN]
        return sorted(self._ranked(close), key=lambda client: -best[client.id])

    def _ranked(self, client_ids: Iterable[int]) -> list[Client]:
        """Most recently contacted first, then book order; each client once."""
        clients = [client for client_id in dict.fromkeys(client_ids) if (client := self._client(client_id)) is not None]
        order = self._table.order
        return sorted(clients, key=lambda client: (_recency(client.last_contact_at), order[client.id]))


def _recency(at: datetime | None) -> float:
    """Sort key: the latest contact first, never contacted last."""
    return -at.timestamp() if at is not None else float("inf")


def _occurrences(text: str, key: str) -> list[tuple[int, int]]:
    """Where `key` occurs in `text`; a latin key only as whole words ("li" is not in "liang")."""
    spans = []
    start = text.find(key)
    while start != -1:
        end = start + len(key)
        if has_han(key) or not (_is_letter(text, start - 1) or _is_letter(text, end)):
            spans.append((start, end))
        start = text.find(key, start + 1)
    return spans


def _is_letter(text: str, at: int) -> bool:
    """Whether text[at] continues a latin word (a letter or digit that is not a Chinese character)."""
    if not 0 <= at < len(text):
        return False
    character = text[at]
    return character.isdigit() or (character.isalpha() and not HAN.match(character))
