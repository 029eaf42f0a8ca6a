"""The rules behind `crm.understanding.read`, one story each, with a fixed clock.

The corpus (test_corpus.py) checks whole notes; these tests pin down each rule
the documentation promises, so a change that breaks one says which.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.model import Birthday, CalendarKind
from crm.understanding import Reading, read, read_birthday

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Sunday 22 November 2026, 10:00 in Shanghai (lunar 2026-10-14).
SUNDAY_MORNING = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
NEW_YORK = ZoneInfo("America/New_York")
#: Wednesday 10 June 2026, 16:00 in New York.
WEDNESDAY_AFTERNOON = datetime(2026, 6, 10, 16, 0, tzinfo=NEW_YORK)


def zh(text: str, **kwargs: object) -> Reading:
    return read(text, now=SUNDAY_MORNING, tz=SHANGHAI, **kwargs)  # type: ignore[arg-type]


def en(text: str) -> Reading:
    return read(text, now=WEDNESDAY_AFTERNOON, tz=NEW_YORK)


def only_fact(reading: Reading) -> dict[str, object]:
    assert len(reading.facts) == 1, reading.facts
    return reading.facts[0]


def test_zh_note_with_birthday_and_followup_is_understood() -> None:
    reading = zh("张伟生日3月5号，下周二回访")
    assert reading.client == "张伟"
    assert [fact["type"] for fact in reading.facts] == ["birthday", "followup"]
    assert reading.facts[0] == {"type": "birthday", "month": 3, "day": 5, "year": None, "calendar": "solar", "text": "张伟生日3月5号"}
    assert reading.facts[1]["date"] == "2026-11-24"


def test_bare_hour_from_one_to_six_is_in_the_afternoon() -> None:
    assert only_fact(zh("明天三点给他打电话"))["time"] == "15:00"


def test_bare_hour_from_seven_is_as_written() -> None:
    assert only_fact(zh("明天9点给他打电话"))["time"] == "09:00"


def test_part_of_day_overrides_the_bare_hour_rule() -> None:
    assert only_fact(zh("明天上午三点给他打电话"))["time"] == "03:00"
    assert only_fact(zh("明天晚上8点给他打电话"))["time"] == "20:00"


def test_a_time_range_gives_its_start() -> None:
    assert only_fact(zh("明天下午3点到5点拜访王总"))["time"] == "15:00"


def test_time_without_a_day_is_today_while_still_ahead() -> None:
    assert only_fact(zh("下午两点给王总打电话"))["date"] == "2026-11-22"


def test_time_without_a_day_that_has_passed_is_tomorrow() -> None:
    assert only_fact(zh("早上8点给王总打电话"))["date"] == "2026-11-23"


def test_next_weekday_in_english_is_in_next_calendar_week() -> None:
    assert only_fact(en("Call Sam next Friday"))["date"] == "2026-06-19"


def test_plain_weekday_is_the_coming_one() -> None:
    assert only_fact(en("Call Sam Friday"))["date"] == "2026-06-12"
    assert only_fact(en("Call Sam this Friday"))["date"] == "2026-06-12"


def test_todays_weekday_means_today_only_with_a_time_still_ahead() -> None:
    assert only_fact(en("Call Sam Wednesday at 5pm"))["date"] == "2026-06-10"
    assert only_fact(en("Call Sam Wednesday"))["date"] == "2026-06-17"


def test_chinese_this_week_weekday_already_past_is_a_report() -> None:
    assert zh("这周五见过王总").facts == ()


def test_chinese_this_week_weekday_already_past_in_a_plan_is_next_weeks() -> None:
    assert only_fact(zh("这周五拜访王总"))["date"] == "2026-11-27"


def test_within_three_days_is_a_followup_on_the_last_day() -> None:
    assert only_fact(zh("他说3天内给答复"))["date"] == "2026-11-25"


def test_middle_of_next_month_is_the_fifteenth_for_a_followup() -> None:
    assert only_fact(zh("下个月中旬再联系"))["date"] == "2026-12-15"


def test_month_day_of_an_event_is_the_next_occurrence() -> None:
    assert only_fact(zh("王总的店3月5号开业"))["date"] == "2027-03-05"
    assert only_fact(zh("王总的店12月5号开业"))["date"] == "2026-12-05"


def test_birthday_keeps_no_year_unless_written() -> None:
    assert only_fact(zh("他生日12月5号"))["year"] is None
    assert only_fact(zh("他生日1985年12月5号"))["year"] == 1985


def test_lunar_birthday_stays_lunar() -> None:
    fact = only_fact(zh("他生日农历腊月初八"))
    assert (fact["month"], fact["day"], fact["calendar"]) == (12, 8, "lunar")
    assert "leap" not in fact


def test_lunar_leap_month_birthday_is_marked() -> None:
    assert only_fact(zh("她生日是闰四月初八"))["leap"] is True


def test_lunar_event_lands_on_its_next_solar_day() -> None:
    assert only_fact(zh("正月初八他们开业"))["date"] == "2027-02-13"


def test_february_29_event_waits_for_a_leap_year() -> None:
    assert only_fact(zh("2月29号他们开业"))["date"] == "2028-02-29"


def test_today_is_the_salespersons_local_day() -> None:
    late_evening_utc = datetime(2026, 11, 22, 17, 30, tzinfo=timezone.utc)  # 01:30 on the 23rd in Shanghai
    reading = read("明天拜访王总", now=late_evening_utc, tz="Asia/Shanghai")
    assert only_fact(reading)["date"] == "2026-11-24"


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        read("明天拜访王总", now=datetime(2026, 11, 22, 10, 0), tz=SHANGHAI)


def test_false_friends_give_no_dates() -> None:
    for text in ("他家在5号楼", "3号线", "价格3.5万", "手机13812345678", "买了3箱", "一个月能卖200台", "5个人", "room 305", "$3,000", "2 boxes"):
        assert zh(text).facts == (), text


def test_followup_already_done_today_is_not_a_plan() -> None:
    assert zh("今天拜访了刘总").facts == ()
    assert en("Visited Carol today").facts == ()


def test_today_without_a_time_is_a_report_unless_it_says_it_is_a_plan() -> None:
    assert zh("今天拜访张伟").facts == ()
    assert only_fact(zh("今天要给张伟打电话"))["date"] == "2026-11-22"
    assert only_fact(zh("今天下午去拜访张伟"))["date"] == "2026-11-22"
    assert only_fact(en("Call Sarah today"))["date"] == "2026-06-10"


def test_a_deadline_that_falls_today_is_a_plan() -> None:
    last_day = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    assert only_fact(read("月底前给张伟发报价", now=last_day, tz=SHANGHAI))["date"] == "2026-11-30"
    assert only_fact(read("今天之前把合同给王总", now=last_day, tz=SHANGHAI))["date"] == "2026-11-30"
    assert read("月底前给张伟发了报价", now=last_day, tz=SHANGHAI).facts == ()  # done: a report
    assert zh("以前拜访过张伟，今天聊得很好").facts == ()  # 以前 before the day is no deadline


def test_appointment_made_for_later_today_is_a_plan_despite_le() -> None:
    assert only_fact(zh("下午4点半约了杨总喝咖啡"))["time"] == "16:30"


def test_vague_next_week_is_a_followup_only_with_a_word_of_doing() -> None:
    assert only_fact(zh("下周再去拜访郑经理"))["date"] == "2026-11-23"
    assert zh("他说下周比较忙").facts == ()


def test_relatives_birthday_is_an_event_not_the_clients_birthday() -> None:
    fact = only_fact(zh("张伟女儿生日是5月1号"))
    assert (fact["type"], fact["label"], fact["date"]) == ("date", "女儿生日", "2027-05-01")


def test_traditional_note_keeps_its_words_as_written() -> None:
    reading = zh("張偉下週二生日")
    assert reading.client == "張偉"
    assert only_fact(reading)["text"] == "張偉下週二生日"


def test_known_name_is_preferred_over_a_guess() -> None:
    assert zh("大刘说下周三签约", known_names=["大刘"]).client == "大刘"


def test_longest_known_name_wins() -> None:
    assert zh("张伟强下周二生日", known_names=["张伟", "张伟强"]).client == "张伟强"


def test_known_latin_name_matches_whole_words_only() -> None:
    assert zh("Samantha called", known_names=["Sam"]).client == "Samantha"


def test_pronouns_are_not_names() -> None:
    assert zh("他说明天来").client is None
    assert en("Call him tomorrow").client is None


def test_level_statement_is_read_but_a_mention_is_not() -> None:
    assert zh("张伟现在是朋友了").level == "friend"
    assert zh("张伟是朋友介绍的").level is None
    assert en("Sarah is now a friend").level == "friend"
    assert en("A friend of mine introduced me to Jason").level is None


def test_company_is_taken_when_plain() -> None:
    assert en("Met John at Acme, call him Friday 3pm").company == "Acme"
    assert zh("华为的李总下周二来").company == "华为"
    assert en("Eric (Acme Corp) wants pricing by Monday").company == "Acme Corp"
    assert zh("李总（鸿达建材）说下周来").company == "鸿达建材"


def test_company_is_none_when_unsure() -> None:
    assert zh("今天在张伟店里聊了一小时").company is None


def test_contact_functions_come_from_the_words() -> None:
    assert zh("给王总送了生日蛋糕").functions == ("care",)
    assert zh("发了行业报告给李总").functions == ("information",)
    assert zh("张伟下单了200台").functions == ("deal",)
    assert zh("去给刘总的机器做维修").functions == ("service",)
    assert zh("听说竞品在降价").functions == ("intelligence",)
    assert en("Sent Amy the quote and a birthday card for her son").functions == ("care", "deal")


def test_hashtags_are_kept_once_and_latin_lower_cased() -> None:
    assert zh("#经验 #Tip 先聊家常 #tip").hashtags == ("#经验", "#tip")


def test_to_json_has_the_documented_keys() -> None:
    data = en("Met John at Acme, call him Friday 3pm").to_json()
    assert data == {
        "client": "John",
        "level": None,
        "facts": [{"type": "followup", "date": "2026-06-12", "time": "15:00", "text": "call him Friday 3pm"}],
        "company": "Acme",
        "functions": [],
        "hashtags": [],
    }


def test_reading_is_the_same_whatever_the_clock_says_for_an_absolute_birthday() -> None:
    later = SUNDAY_MORNING + timedelta(days=200)
    assert read("他生日3月5号", now=later, tz=SHANGHAI).facts == zh("他生日3月5号").facts


@pytest.mark.parametrize(
    ("answer", "birthday"),
    [
        ("3月5号", Birthday(month=3, day=5)),
        ("1985-03-05", Birthday(month=3, day=5, year=1985)),
        ("农历八月十五", Birthday(month=8, day=15, calendar=CalendarKind.LUNAR)),
        ("農曆閏四月初八", Birthday(month=4, day=8, calendar=CalendarKind.LUNAR, leap_month=True)),
        ("March 5", Birthday(month=3, day=5)),
    ],
)
def test_birthday_answer_is_read(answer: str, birthday: Birthday) -> None:
    assert read_birthday(answer) == birthday


def test_birthday_answer_without_a_date_is_refused() -> None:
    assert read_birthday("不知道") is None
    assert read_birthday("2月30号") is None


_NOTE_PIECES = st.sampled_from(
    ["张伟", "王总", "生日", "农历", "闰", "腊月", "初八", "3月", "5号", "十月十八", "下周二", "下下周", "明天", "后天",
     "下午", "三点", "半", "一点", "两周后", "月底", "开业", "高考", "回访", "了", "，", "。", " ", "Friday", "next",
     "3pm", "March 5", "birthday", "call", "at 8", "楼", "线", "万", "#tip", "是朋友了", "2月30日", "0", "31号"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NOTE_PIECES | st.text(max_size=3), max_size=12).map("".join))
def test_any_text_is_read_without_error_and_facts_quote_the_note(text: str) -> None:
    reading = zh(text)
    for fact in reading.facts:
        assert fact["text"] and fact["text"] in text
        if fact["type"] == "birthday":
            assert 1 <= fact["month"] <= 12 and 1 <= fact["day"] <= 31
        else:
            date.fromisoformat(fact["date"])


def test_a_month_that_does_not_exist_is_not_read_as_a_shorter_one() -> None:
    # 十三月 is no month; reading the 三月 inside it would invent a birthday on 3/1.
    assert zh("他生日农历十三月初一").facts == ()
    assert read_birthday("农历十三月初一") is None


@pytest.mark.parametrize("text", ["收到，谢谢！", "谢谢你的礼物", "路过店里喝了杯茶"])
def test_everyday_words_starting_with_a_surname_are_not_clients(text: str) -> None:
    # 谢 and 路 are surnames, but 谢谢 is "thanks" and 路过 "passing by": nobody is named.
    assert zh(text).client is None
