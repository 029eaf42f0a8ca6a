"""Which client is this note about: the forms salespeople write names in, and never a silent guess."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from crm.matching import ClientIndex, Match, Outcome, split_honorific, surname_of
from crm.model import Client, Level

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
_ids = count(1)


def a_client(
    name: str, *, id: int | None = None, aliases: tuple[str, ...] = (), seen_days_ago: int | None = None
) -> Client:
    """A client created at NOW; never contacted unless `seen_days_ago` says when."""
    return Client(
        id=id if id is not None else next(_ids),
        name=name,
        level=Level.ACQUAINTANCE,
        level_since=NOW,
        created_at=NOW,
        aliases=aliases,
        last_contact_at=NOW - timedelta(days=seen_days_ago) if seen_days_ago is not None else None,
    )


def a_book(*clients: Client) -> ClientIndex:
    return ClientIndex.of(clients)


def names(match: Match) -> list[str]:
    return [client.name for client in match.candidates]


def names_of(clients: list[Client]) -> list[str]:
    return [client.name for client in clients]


# -- issue #4 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["张伟", "张总", "老张", "Zhang Wei", "zhang wei", "張偉"])
def test_every_way_the_issue_writes_zhang_wei_finds_him(written: str) -> None:
    index = a_book(a_client("张伟"), a_client("李娜"), a_client("John Smith"))

    match = index.match(written)

    assert (match.outcome, names(match)) == (Outcome.ONE, ["张伟"])


# -- rule 1: exact ---------------------------------------------------------------------------


def test_match_keeps_what_was_written() -> None:
    assert a_book(a_client("张伟")).match(" 張偉 ").written == " 張偉 "


def test_traditional_written_finds_simplified_client() -> None:
    assert names(a_book(a_client("张伟"), a_client("张强")).match("張偉")) == ["张伟"]


def test_simplified_written_finds_client_stored_in_traditional() -> None:
    assert names(a_book(a_client("陳國華")).match("陈国华")) == ["陳國華"]


def test_case_width_and_spacing_do_not_matter() -> None:
    assert names(a_book(a_client("John Smith")).match("ＪＯＨＮ   smith")) == ["John Smith"]


def test_alias_finds_its_client() -> None:
    index = a_book(a_client("王建国", aliases=("大王",)), a_client("王芳"))

    assert (index.match("大王").outcome, names(index.match("大王"))) == (Outcome.ONE, ["王建国"])


def test_two_clients_with_the_same_name_are_never_merged() -> None:
    index = a_book(a_client("张伟", id=1), a_client("张伟", id=2))

    match = index.match("张伟")

    assert match.outcome is Outcome.SEVERAL
    assert [client.id for client in match.candidates] == [1, 2]


def test_a_name_that_is_another_clients_alias_asks() -> None:
    index = a_book(a_client("张伟"), a_client("张大伟", aliases=("张伟",)))

    assert (index.match("张伟").outcome, names(index.match("张伟"))) == (Outcome.SEVERAL, ["张伟", "张大伟"])


def test_a_title_after_a_full_name_is_looked_through() -> None:
    index = a_book(a_client("张伟"), a_client("张强"))

    assert names(index.match("张伟先生")) == ["张伟"]


def test_a_title_before_a_latin_full_name_is_looked_through() -> None:
    index = a_book(a_client("John Smith"), a_client("Joan Smith"))

    assert names(index.match("Mr. John Smith")) == ["John Smith"]


# -- rule 2: honorifics ----------------------------------------------------------------------


def test_zhang_zong_asks_when_there_are_two_zhangs() -> None:
    index = a_book(a_client("张伟"), a_client("张强"), a_client("李娜"))

    match = index.match("张总")

    assert (match.outcome, names(match)) == (Outcome.SEVERAL, ["张伟", "张强"])


def test_alias_zhang_zong_settles_who_zhang_zong_is() -> None:
    index = a_book(a_client("张伟"), a_client("张强", aliases=("张总",)))

    assert (index.match("张总").outcome, names(index.match("张总"))) == (Outcome.ONE, ["张强"])


def test_another_title_still_asks_when_only_zhang_zong_is_an_alias() -> None:
    index = a_book(a_client("张伟"), a_client("张强", aliases=("张总",)))

    assert index.match("张经理").outcome is Outcome.SEVERAL


def test_traditional_honorific_finds_the_surname() -> None:
    assert names(a_book(a_client("张伟"), a_client("李娜")).match("張總")) == ["张伟"]


def test_compound_surname_is_not_taken_for_its_first_character() -> None:
    index = a_book(a_client("欧阳锋"), a_client("欧明"))

    assert (index.match("欧阳总").outcome, names(index.match("欧阳总"))) == (Outcome.ONE, ["欧阳锋"])


def test_latin_honorific_asks_between_clients_spelled_alike() -> None:
    index = a_book(a_client("张伟"), a_client("章明"), a_client("王芳"))

    match = index.match("Mr Zhang")

    assert (match.outcome, names(match)) == (Outcome.SEVERAL, ["张伟", "章明"])


def test_latin_honorific_with_a_dot_finds_the_one_li() -> None:
    assert names(a_book(a_client("李娜"), a_client("王芳")).match("Ms. Li")) == ["李娜"]


def test_latin_honorific_finds_an_english_surname() -> None:
    assert names(a_book(a_client("John Smith"), a_client("Emma Brown")).match("mr smith")) == ["John Smith"]


def test_a_client_named_by_the_bare_surname_does_not_take_every_title() -> None:
    index = a_book(a_client("张"), a_client("张伟"))

    assert index.match("张总").outcome is Outcome.SEVERAL


def test_honorific_for_a_surname_nobody_has_is_none() -> None:
    assert a_book(a_client("张伟")).match("王总").outcome is Outcome.NONE


def test_several_are_listed_most_recently_seen_first_and_at_most_six() -> None:
    index = a_book(*(a_client(f"张{given}", seen_days_ago=days) for given, days in zip("一二三四五六七八", range(80, 0, -10))))

    match = index.match("老张")

    assert names(match) == ["张八", "张七", "张六", "张五", "张四", "张三"]


# -- rule 3: pinyin --------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Zhang Wei", "zhangwei", "Wei Zhang", "weizhang", "Zhāng Wěi"])
def test_pinyin_in_either_order_finds_the_chinese_name(written: str) -> None:
    index = a_book(a_client("张伟"), a_client("王芳"))

    assert (index.match(written).outcome, names(index.match(written))) == (Outcome.ONE, ["张伟"])


def test_same_pinyin_different_characters_asks() -> None:
    index = a_book(a_client("张伟"), a_client("章伟"))

    match = index.match("zhang wei")

    assert (match.outcome, names(match)) == (Outcome.SEVERAL, ["张伟", "章伟"])


def test_surname_read_as_a_surname_is_found() -> None:
    assert names(a_book(a_client("曾伟")).match("Zeng Wei")) == ["曾伟"]


@pytest.mark.parametrize("written", ["Li Changqing", "Changqing Li", "lichangqing", "Li Zhangqing"])
def test_a_given_name_read_as_names_are_read_is_found(written: str) -> None:
    """长 in a name is chang (李长青), though a lone 长 reads zhang; both spellings find him."""
    assert names(a_book(a_client("李长青"), a_client("李强")).match(written)) == ["李长青"]


@pytest.mark.parametrize("written", ["Lv Bu", "Lu Bu", "Lyu Bu", "Lü Bu", "Lǚ Bù"])
def test_u_umlaut_may_be_spelled_every_usual_way(written: str) -> None:
    assert names(a_book(a_client("吕布")).match(written)) == ["吕布"]


def test_pinyin_of_a_traditional_name_is_read_as_written() -> None:
    # OpenCC turns 乾 into 干 outside known phrases; the pinyin must still be qian.
    assert names(a_book(a_client("張乾")).match("Zhang Qian")) == ["張乾"]


def test_a_latin_name_written_the_other_way_round_is_found() -> None:
    assert names(a_book(a_client("Zhang Wei")).match("Wei Zhang")) == ["Zhang Wei"]


# -- rule 4: latin names ---------------------------------------------------------------------


def test_english_first_name_alone_finds_the_one_john() -> None:
    index = a_book(a_client("John Smith"), a_client("Emma Brown"))

    assert (index.match("John").outcome, names(index.match("John"))) == (Outcome.ONE, ["John Smith"])


def test_english_first_name_shared_by_two_asks() -> None:
    index = a_book(a_client("John Smith"), a_client("John Brown"))

    assert (index.match("john").outcome, names(index.match("john"))) == (Outcome.SEVERAL, ["John Smith", "John Brown"])


def test_english_last_name_alone_finds_the_one_client_so_named() -> None:
    """"Klein wants 3 more units": filed under Robert Klein, not a new client called Klein."""
    index = a_book(a_client("Robert Klein"), a_client("Sandra Oh"))

    assert (index.match("Klein").outcome, names(index.match("Klein"))) == (Outcome.ONE, ["Robert Klein"])


def test_a_word_that_is_one_clients_first_name_and_anothers_last_name_asks() -> None:
    index = a_book(a_client("Grant Lee"), a_client("Hugh Grant"))

    assert (index.match("Grant").outcome, sorted(names(index.match("Grant")))) == (Outcome.SEVERAL, ["Grant Lee", "Hugh Grant"])


def test_typo_in_a_full_name_finds_the_client() -> None:
    index = a_book(a_client("John Smith"), a_client("Emma Brown"))

    assert (index.match("Jon Smith").outcome, names(index.match("Jon Smith"))) == (Outcome.ONE, ["John Smith"])


def test_typo_in_a_first_name_finds_the_client() -> None:
    index = a_book(a_client("Sarah Connor"), a_client("Emma Brown"))

    assert (index.match("Sara").outcome, names(index.match("Sara"))) == (Outcome.ONE, ["Sarah Connor"])


def test_typo_close_to_two_clients_asks_instead_of_picking() -> None:
    index = a_book(a_client("John Smith"), a_client("Joan Smith"))

    match = index.match("Jon Smith")

    assert match.outcome is Outcome.SEVERAL
    assert set(names(match)) == {"John Smith", "Joan Smith"}


def test_typo_nearly_as_close_to_another_client_asks() -> None:
    # 91.7 for Jonathan Lee against 87.0 for Jonathon Li: within the 5-point margin.
    index = a_book(a_client("Jonathan Lee"), a_client("Jonathon Li"))

    match = index.match("Jonathon Lee")

    assert (match.outcome, names(match)) == (Outcome.SEVERAL, ["Jonathan Lee", "Jonathon Li"])


def test_typo_close_to_two_first_names_asks() -> None:
    index = a_book(a_client("Sarah Connor"), a_client("Sarah Lee"))

    assert index.match("Sara").outcome is Outcome.SEVERAL


def test_a_short_name_is_not_guessed_from_a_longer_one() -> None:
    # "Jon" is one letter from "John", but three letters is too little to call it a typo.
    assert a_book(a_client("John Smith")).match("Jon").outcome is Outcome.NONE


def test_different_surname_is_not_a_typo() -> None:
    assert a_book(a_client("John Smith")).match("John Smythe-Walker").outcome is Outcome.NONE


def test_one_different_chinese_character_is_another_person() -> None:
    assert a_book(a_client("张伟")).match("张玮").outcome is Outcome.NONE


# -- rule 5: nobody --------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["王五", "Zed Quinn", "钱多多", ""])
def test_unknown_name_is_none(written: str) -> None:
    match = a_book(a_client("张伟"), a_client("John Smith")).match(written)

    assert (match.outcome, match.candidates) == (Outcome.NONE, ())


def test_an_empty_book_knows_nobody() -> None:
    assert ClientIndex.of([]).match("张伟").outcome is Outcome.NONE


# -- names for the capture code --------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("张总", "总"), ("张经理", "经理"), ("张老师", "老师"), ("张姐", "姐"), ("张哥", "哥"), ("张老板", "老板"),
        ("张工", "工"), ("张医生", "医生"), ("张总监", "总监"), ("张董", "董"), ("老张", "老"), ("小张", "小"),
        ("张先生", "先生"), ("张女士", "女士"), ("张小姐", "小姐"),
    ],
)
def test_chinese_honorifics_split_into_surname_and_title(written: str, title: str) -> None:
    assert split_honorific(written) == ("张", title)


@pytest.mark.parametrize(
    ("written", "parts"),
    [("Mr Zhang", ("Zhang", "Mr")), ("Ms. Li", ("Li", "Ms")), ("欧阳经理", ("欧阳", "经理")), ("司徒先生", ("司徒", "先生"))],
)
def test_latin_and_compound_honorifics_split(written: str, parts: tuple[str, str]) -> None:
    assert split_honorific(written) == parts


@pytest.mark.parametrize("written", ["张伟", "张", "老公", "老板", "John Smith", "小时"])
def test_names_and_everyday_words_are_not_honorifics(written: str) -> None:
    assert split_honorific(written) is None


@pytest.mark.parametrize(
    ("name", "surname"),
    [("张伟", "张"), ("張偉", "张"), ("欧阳锋", "欧阳"), ("诸葛亮", "诸葛"), ("王总", "王"), ("John Smith", "Smith"),
     ("John", None), ("胖子", None)],
)
def test_surname_of_a_name(name: str, surname: str | None) -> None:
    assert surname_of(name) == surname


def test_names_lists_every_name_and_alias_once() -> None:
    index = a_book(a_client("张伟", aliases=("张总", "老张")), a_client("张伟"), a_client("John Smith"))

    assert index.names() == ("张伟", "张总", "老张", "John Smith")


# -- mentioned_in ----------------------------------------------------------------------------


def test_a_client_named_inside_a_sentence_is_found() -> None:
    index = a_book(a_client("张伟"), a_client("李娜"))

    assert names_of(index.mentioned_in("今天在张伟店里聊了一小时")) == ["张伟"]


def test_a_traditional_sentence_finds_a_simplified_client() -> None:
    assert names_of(a_book(a_client("张伟")).mentioned_in("今天在張偉店裡聊了一小時")) == ["张伟"]


def test_one_character_aliases_are_not_looked_for_in_notes() -> None:
    index = a_book(a_client("王建国", aliases=("王",)))

    assert index.mentioned_in("今天王府井人很多") == []


def test_an_alias_inside_a_sentence_is_found() -> None:
    index = a_book(a_client("王建国", aliases=("大王",)), a_client("李娜"))

    assert names_of(index.mentioned_in("和大王吃了饭")) == ["王建国"]


def test_latin_names_are_found_as_whole_words_only() -> None:
    index = a_book(a_client("Li", aliases=("Al",)), a_client("John Smith"))

    assert names_of(index.mentioned_in("Coffee with John Smith and Liang; talked about Alibaba")) == ["John Smith"]


def test_latin_name_next_to_chinese_is_a_whole_word() -> None:
    assert names_of(a_book(a_client("John Smith")).mentioned_in("今天和John Smith吃饭")) == ["John Smith"]


def test_a_shorter_name_inside_a_longer_one_does_not_count() -> None:
    index = a_book(a_client("张伟"), a_client("张伟明"))

    assert names_of(index.mentioned_in("张伟明说下周来")) == ["张伟明"]


def test_two_clients_in_one_note_come_longest_name_first() -> None:
    index = a_book(a_client("张伟"), a_client("欧阳建国"))

    assert names_of(index.mentioned_in("张伟和欧阳建国一起来的")) == ["欧阳建国", "张伟"]


def test_a_note_naming_nobody_finds_nobody() -> None:
    assert a_book(a_client("张伟")).mentioned_in("今天天气不错") == []


def test_first_names_of_three_letters_or_more_are_looked_for_as_whole_words() -> None:
    index = a_book(a_client("Cody Hale"), a_client("Al Brown"), a_client("Ray Dawson"))

    assert names_of(index.first_named_in("demo with cody went great, ray says hi")) == ["Cody Hale", "Ray Dawson"]
    assert index.first_named_in("all good, codyx and rays") == []
