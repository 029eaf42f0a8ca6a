"""Relationship levels: cadence, silence, the words for a level, and when Rapport proposes a move."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from crm.levels import (
    ContactCount,
    Proposal,
    Reason,
    cadence_days,
    count_contacts,
    days_silent,
    is_fading,
    parse_level,
    proposed_move,
    suggest_move,
)
from crm.model import (
    Birthday,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    Level,
    LevelChange,
    Note,
    NoteSource,
    Suggestion,
    SuggestionStatus,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CARE = (ContactFunction.CARE,)
DEAL = (ContactFunction.DEAL,)
_ids = count(1)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def a_client(
    *, id: int = 1, level: Level = Level.ACQUAINTANCE, last_contact: float | None = 3, level_for: int = 200,
    birthday: Birthday | None = None,
) -> Client:
    """A client known for a year, at `level` for `level_for` days, last seen `last_contact` days ago."""
    return Client(
        id=id, name="张伟", level=level, level_since=days_ago(level_for), created_at=days_ago(365),
        last_contact_at=None if last_contact is None else days_ago(last_contact), birthday=birthday,
    )


def a_note(
    days: float, text: str = "", *, functions: tuple[ContactFunction, ...] = (), client_id: int = 1,
    source: NoteSource = NoteSource.TEXT,
) -> Note:
    return Note(id=next(_ids), client_id=client_id, text=text, at=days_ago(days), source=source, functions=functions)


def an_event(label: str, *, client_id: int = 1) -> Event:
    return Event(id=next(_ids), client_id=client_id, date=date(2026, 6, 7), label=label)


def a_suggestion(
    days: float, to_level: Level = Level.FRIEND, *, status: SuggestionStatus = SuggestionStatus.PENDING,
    client_id: int = 1,
) -> Suggestion:
    return Suggestion(id=next(_ids), client_id=client_id, to_level=to_level, at=days_ago(days), status=status)


BIRTHDAY = Birthday(month=5, day=12)


def contacts(*days: float, functions: tuple[ContactFunction, ...] = CARE, client_id: int = 1) -> list[Note]:
    """One plain contact note per day given."""
    return [a_note(day, "见面聊了聊", functions=functions, client_id=client_id) for day in days]


def friend_evidence() -> list[Note]:
    """What an acquaintance on the way to friendship leaves: 3 contacts, 2 caring, family mentioned."""
    return [
        a_note(80, "问候他女儿高考准备得怎样", functions=CARE),
        a_note(50, "发了行业报告给他", functions=(ContactFunction.INFORMATION,)),
        a_note(3, "谈续约", functions=DEAL),
    ]


def suggest(
    client: Client, notes: Iterable[Note] = (), *, events: Iterable[Event] = (),
    history: Iterable[LevelChange] = (), suggestions: Iterable[Suggestion] = (),
) -> Proposal | None:
    return suggest_move(client, list(notes), list(events), list(history), list(suggestions), now=NOW)


# --- Cadence and silence -----------------------------------------------------------------------


def test_cadence_defaults_are_the_ones_issue_5_names() -> None:
    assert [cadence_days(level) for level in Level] == [120, 60, 30, 14]


def test_salespersons_cadence_setting_wins_over_the_default() -> None:
    assert cadence_days(Level.FRIEND, {Level.FRIEND: 21}) == 21


def test_cadence_setting_without_a_level_falls_back_to_its_default() -> None:
    assert cadence_days(Level.CONFIDANT, {Level.FRIEND: 21}) == 14


def test_silence_counts_calendar_days_since_the_last_contact() -> None:
    # 41.5 days before 09:00 is 21:00 on the evening 42 calendar days back, as the card says.
    assert days_silent(a_client(last_contact=41.5), NOW) == 42


def test_a_visit_last_night_is_one_day_of_silence_this_morning() -> None:
    assert days_silent(a_client(last_contact=10 / 24), NOW) == 1  # 23:00 yesterday, 09:00 now


def test_silence_is_counted_on_the_calendar_of_nows_zone() -> None:
    client = a_client(last_contact=2 / 24)  # 07:00 in Shanghai this morning was 23:00 last night in London

    assert days_silent(client, NOW) == 0
    assert days_silent(client, NOW.astimezone(ZoneInfo("Europe/London"))) == 1


def test_silence_of_a_client_never_contacted_counts_from_when_they_were_added() -> None:
    assert days_silent(a_client(last_contact=None), NOW) == 365


def test_friend_silent_61_days_is_fading_but_60_days_is_not() -> None:
    fading = a_client(level=Level.FRIEND, last_contact=61)
    not_yet = a_client(level=Level.FRIEND, last_contact=60)

    assert (is_fading(fading, now=NOW), is_fading(not_yet, now=NOW)) == (True, False)


def test_fading_follows_the_salespersons_own_cadence() -> None:
    client = a_client(level=Level.FRIEND, last_contact=50)

    assert is_fading(client, now=NOW, cadence={Level.FRIEND: 20})


def test_passer_by_is_never_fading() -> None:
    assert not is_fading(a_client(level=Level.PASSER_BY, last_contact=1000), now=NOW)


# --- The words for a level (/level 张伟 friend) --------------------------------------------------


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("passer_by", Level.PASSER_BY), ("Passer-by", Level.PASSER_BY), ("passerby", Level.PASSER_BY),
        ("过客", Level.PASSER_BY), ("過客", Level.PASSER_BY),
        ("acquaintance", Level.ACQUAINTANCE), ("熟人", Level.ACQUAINTANCE),
        ("friend", Level.FRIEND), ("FRIEND", Level.FRIEND), ("朋友", Level.FRIEND),
        ("confidant", Level.CONFIDANT), ("close friend", Level.CONFIDANT), ("知己", Level.CONFIDANT),
    ],
)
def test_level_is_read_from_english_simplified_and_traditional_words(word: str, level: Level) -> None:
    assert parse_level(word) is level


def test_level_word_is_read_through_full_width_letters_and_trailing_punctuation() -> None:
    assert parse_level(" Ｆｒｉｅｎｄ。") is Level.FRIEND


def test_word_that_names_no_level_is_none() -> None:
    assert parse_level("boss") is None


# --- What counts as a contact ----------------------------------------------------------------------


def test_notes_written_after_one_visit_are_one_contact() -> None:
    notes = [a_note(10, "见了面"), a_note(9.8, "补充：他喜欢喝茶", functions=CARE), a_note(2, "电话")]

    assert count_contacts(a_client(), notes, now=NOW) == ContactCount(total=2, personal=1)


def test_imported_notes_are_history_not_contacts() -> None:
    notes = [a_note(10, "老客户", source=NoteSource.IMPORT, functions=CARE)]

    assert count_contacts(a_client(), notes, now=NOW) == ContactCount(total=0, personal=0)


def test_done_taps_and_forwarded_messages_are_contacts() -> None:
    notes = [a_note(10, source=NoteSource.CONTACT), a_note(5, "早上好", source=NoteSource.FORWARD)]

    assert count_contacts(a_client(), notes, now=NOW).total == 2


def test_another_clients_notes_are_not_this_clients_contacts() -> None:
    assert count_contacts(a_client(id=1), contacts(10, 5, client_id=2), now=NOW).total == 0


# --- Moving up --------------------------------------------------------------------------------------


def test_acquaintance_seen_often_with_care_and_family_known_is_proposed_as_friend() -> None:
    proposal = suggest(a_client(birthday=BIRTHDAY), friend_evidence())

    assert proposal == Proposal(
        client_id=1, from_level=Level.ACQUAINTANCE, to_level=Level.FRIEND, direction="up",
        reasons=(
            Reason("care_contacts", {"count": 2, "of": 3, "days": 90}),
            Reason("birthday_known"),
            Reason("family_known"),
        ),
    )


def test_contacts_about_deals_only_do_not_raise_a_level() -> None:
    notes = [a_note(80, "问候他女儿", functions=DEAL), *contacts(50, 3, functions=DEAL)]

    assert suggest(a_client(birthday=BIRTHDAY), notes) is None


def test_two_contacts_in_90_days_are_too_few_to_become_friend() -> None:
    assert suggest(a_client(birthday=BIRTHDAY), friend_evidence()[1:]) is None


def test_contacts_older_than_90_days_are_not_evidence() -> None:
    notes = [a_note(91, "问候他女儿", functions=CARE), *friend_evidence()[1:]]

    assert suggest(a_client(birthday=BIRTHDAY), notes) is None


def test_one_personal_signal_is_not_enough_to_become_friend() -> None:
    assert suggest(a_client(birthday=None), friend_evidence()) is None


def test_passer_by_seen_twice_with_care_and_a_known_birthday_becomes_acquaintance() -> None:
    client = a_client(level=Level.PASSER_BY, birthday=BIRTHDAY)

    proposal = suggest(client, [*contacts(40), *contacts(3, functions=DEAL)])

    assert proposal is not None and (proposal.to_level, proposal.direction) == (Level.ACQUAINTANCE, "up")


def confidant_evidence(*days: float) -> list[Note]:
    """Caring contacts on `days`, the first of them a referral."""
    first, *rest = days
    return [a_note(first, "他给我介绍了他的老同学王总", functions=CARE), *contacts(*rest)]


def test_friend_with_five_caring_contacts_and_all_three_signals_is_proposed_as_confidant() -> None:
    client = a_client(level=Level.FRIEND, birthday=BIRTHDAY)

    proposal = suggest(client, confidant_evidence(80, 60, 40, 20, 5), events=[an_event("儿子婚礼")])

    assert proposal is not None and [reason.code for reason in proposal.reasons] == [
        "care_contacts", "birthday_known", "family_known", "shared_or_referred",
    ]


def test_four_contacts_in_90_days_are_too_few_to_become_confidant() -> None:
    client = a_client(level=Level.FRIEND, birthday=BIRTHDAY)

    assert suggest(client, confidant_evidence(80, 60, 40, 5), events=[an_event("儿子婚礼")]) is None


def test_friend_who_never_shared_or_referred_is_not_yet_a_confidant() -> None:
    client = a_client(level=Level.FRIEND, birthday=BIRTHDAY)

    assert suggest(client, contacts(80, 60, 40, 20, 5), events=[an_event("儿子婚礼")]) is None


@pytest.mark.parametrize("text", ["客户轉介紹了他的表弟", "He referred his cousin to us", "她跟我说了公司里的烦心事"])
def test_referral_or_confidence_in_any_language_counts_as_shared(text: str) -> None:
    client = a_client(level=Level.PASSER_BY)

    proposal = suggest(client, [*contacts(40), *contacts(3, functions=DEAL), a_note(60, text)])

    assert proposal is not None and proposal.reasons[-1] == Reason("shared_or_referred")


def test_family_mentioned_in_english_counts_as_family_known() -> None:
    client = a_client(level=Level.PASSER_BY)

    proposal = suggest(client, [*contacts(40, 3), a_note(60, "His daughter starts university in Sydney")])

    assert proposal is not None and proposal.reasons[-1] == Reason("family_known")


def test_english_family_words_match_whole_words_only() -> None:
    client = a_client(level=Level.PASSER_BY)

    assert suggest(client, [*contacts(40, 3), a_note(60, "Met the person in charge, reason: season sale")]) is None


def test_confidant_is_never_proposed_higher() -> None:
    client = a_client(level=Level.CONFIDANT, birthday=BIRTHDAY)
    notes = [*contacts(80, 60, 40, 20, 10, 5), a_note(30, "他给我介绍了王总，聊到他女儿")]

    assert suggest(client, notes) is None


def test_no_move_up_while_silent_past_the_cadence() -> None:
    client = a_client(birthday=BIRTHDAY, last_contact=61)

    assert suggest(client, [a_note(89, "问候他女儿", functions=CARE), *contacts(75, 61)]) is None


# --- Moving down: fading ----------------------------------------------------------------------------


def test_fading_friend_is_proposed_down_to_acquaintance_with_the_silence() -> None:
    proposal = suggest(a_client(level=Level.FRIEND, last_contact=75))

    assert proposal == Proposal(
        client_id=1, from_level=Level.FRIEND, to_level=Level.ACQUAINTANCE, direction="down",
        reasons=(Reason("silent_days", {"days": 75, "cadence": 30}),),
    )


def test_silent_passer_by_is_not_proposed_anywhere() -> None:
    assert suggest(a_client(level=Level.PASSER_BY, last_contact=400)) is None


# --- When Rapport stays quiet -----------------------------------------------------------------------


def test_no_proposal_within_30_days_of_the_last_level_change() -> None:
    assert suggest(a_client(level=Level.FRIEND, last_contact=75, level_for=20)) is None


def test_a_level_change_in_the_history_also_lets_the_decision_settle() -> None:
    change = LevelChange(id=1, client_id=1, to_level=Level.FRIEND, at=days_ago(10), reason=ChangeReason.BUTTON)

    assert suggest(a_client(level=Level.FRIEND, last_contact=75), history=[change]) is None


def test_any_suggestion_in_the_last_30_days_blocks_a_new_one() -> None:
    past = a_suggestion(29, Level.CONFIDANT, status=SuggestionStatus.ACCEPTED)

    assert suggest(a_client(level=Level.FRIEND, last_contact=75), suggestions=[past]) is None


def test_a_suggestion_31_days_old_no_longer_blocks_a_different_move() -> None:
    past = a_suggestion(31, Level.CONFIDANT, status=SuggestionStatus.DISMISSED)

    assert suggest(a_client(level=Level.FRIEND, last_contact=75), suggestions=[past]) is not None


def test_a_move_dismissed_60_days_ago_is_not_proposed_again() -> None:
    past = a_suggestion(60, Level.ACQUAINTANCE, status=SuggestionStatus.DISMISSED)

    assert suggest(a_client(level=Level.FRIEND, last_contact=75), suggestions=[past]) is None


def test_a_move_dismissed_91_days_ago_may_be_proposed_again() -> None:
    past = a_suggestion(91, Level.ACQUAINTANCE, status=SuggestionStatus.DISMISSED)

    assert suggest(a_client(level=Level.FRIEND, last_contact=75), suggestions=[past]) is not None


def test_another_clients_recent_suggestion_does_not_block_this_one() -> None:
    past = a_suggestion(1, Level.ACQUAINTANCE, client_id=2)

    assert suggest(a_client(level=Level.FRIEND, last_contact=75), suggestions=[past]) is not None


def test_the_evidence_still_proposes_a_move_while_a_suggestion_is_pending() -> None:
    client = a_client(level=Level.FRIEND, last_contact=75)

    proposal = proposed_move(client, [], [], [], now=NOW)

    assert proposal is not None and suggest(client, suggestions=[a_suggestion(2, Level.ACQUAINTANCE)]) is None


@pytest.mark.parametrize("level", list(Level))
def test_a_proposal_never_names_the_level_the_client_already_has(level: Level) -> None:
    seen_often = suggest(a_client(level=level, birthday=BIRTHDAY), confidant_evidence(80, 60, 40, 20, 5))
    long_silent = suggest(a_client(level=level, last_contact=300))

    assert all(proposal is None or proposal.to_level is not level for proposal in (seen_often, long_silent))
