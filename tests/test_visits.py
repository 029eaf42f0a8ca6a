"""Who should I visit today: the ranking, its reasons, near-me and areas, on a fixed clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm.model import Birthday, Client, Event, FollowUp, Level, Place
from crm.model import Reason
from crm.visits import VisitPlan, haversine_km, plan_by_area, rank_visits

TZ = "Asia/Shanghai"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo(TZ))
TODAY = date(2026, 3, 10)
OFFICE = (39.9087, 116.3975)  # Tiananmen, Beijing


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def a_client(
    name: str = "张伟",
    *,
    id: int = 1,
    level: Level = Level.FRIEND,
    last_contact: datetime | None = None,
    **fields: object,
) -> Client:
    """A client known for a year; last seen 5 days ago unless told otherwise."""
    return Client(
        id=id,
        name=name,
        level=level,
        level_since=days_ago(365),
        created_at=days_ago(365),
        last_contact_at=last_contact if last_contact is not None else days_ago(5),
        **fields,  # type: ignore[arg-type]
    )


def a_followup(client_id: int = 1, *, on: date = TODAY, id: int = 1, done: bool = False) -> FollowUp:
    return FollowUp(id=id, client_id=client_id, date=on, text="送报价单", done_at=NOW if done else None)


def an_event(client_id: int = 1, *, on: date, label: str = "女儿高考", id: int = 1, yearly: bool = False) -> Event:
    return Event(id=id, client_id=client_id, date=on, label=label, yearly=yearly)


def birthday_in(days: int) -> Birthday:
    day = TODAY + timedelta(days=days)
    return Birthday(month=day.month, day=day.day)


def at_km_east(km: float) -> Place:
    """A place `km` east of the office along its parallel."""
    lat, lon = OFFICE
    return Place(latitude=lat, longitude=lon + km / (111.32 * 0.7675))


def rank(clients: list[Client], followups: Sequence[FollowUp] = (), events: Sequence[Event] = (), **options: object) -> VisitPlan:
    return rank_visits(clients, followups, events, now=NOW, tz=TZ, **options)  # type: ignore[arg-type]


def names(plan: VisitPlan) -> list[str]:
    return [pick.client.name for pick in plan.picks]


def test_friend_silent_past_cadence_is_overdue_by_the_extra_days() -> None:
    plan = rank([a_client(last_contact=days_ago(42))])

    assert plan.picks[0].reasons == (Reason("overdue", {"days": 12, "level": Level.FRIEND, "cadence": 30}),)


def test_overdue_counts_calendar_days_in_the_salespersons_zone() -> None:
    # Seen at 21:00 on 8 Feb: at 09:00 on 10 Mar only 29½ days have passed, but the card
    # says "30 days ago" and the plan with a 29-day cadence agrees: 1 day overdue.
    evening = datetime(2026, 2, 8, 21, 0, tzinfo=ZoneInfo(TZ))

    plan = rank([a_client(last_contact=evening)], cadence={Level.FRIEND: 29})

    assert plan.picks[0].reasons == (Reason("overdue", {"days": 1, "level": Level.FRIEND, "cadence": 29}),)


def test_the_plan_counts_days_in_its_zone_even_when_given_another_zones_instant() -> None:
    evening = datetime(2026, 2, 8, 21, 0, tzinfo=ZoneInfo(TZ))

    plan = rank_visits([a_client(last_contact=evening)], (), (), now=NOW.astimezone(ZoneInfo("UTC")), tz=TZ,
                       cadence={Level.FRIEND: 29})

    assert plan.picks[0].reasons[0].values["days"] == 1


def test_client_within_cadence_with_nothing_dated_is_not_due() -> None:
    plan = rank([a_client(last_contact=days_ago(29))])

    assert plan.picks == () and plan.due_count == 0


def test_worked_example_from_the_docstring_scores_as_documented() -> None:
    zhang = a_client("张伟", id=1, last_contact=days_ago(42), birthday=birthday_in(2))
    li = a_client("李娜", id=2, level=Level.PASSER_BY, last_contact=days_ago(10))

    plan = rank([li, zhang], [a_followup(client_id=2)])

    assert [(p.client.name, round(p.score, 2)) for p in plan.picks] == [("张伟", 7.3), ("李娜", 4.0)]


def test_reasons_come_strongest_first() -> None:
    zhang = a_client(last_contact=days_ago(42), birthday=birthday_in(2))

    plan = rank([zhang])

    assert [r.code for r in plan.picks[0].reasons] == ["birthday", "overdue"]


def test_confidant_outranks_acquaintance_equally_far_past_cadence() -> None:
    acquaintance = a_client("王芳", id=1, level=Level.ACQUAINTANCE, last_contact=days_ago(90))  # 1.5 × cadence
    confidant = a_client("赵磊", id=2, level=Level.CONFIDANT, last_contact=days_ago(21))  # 1.5 × cadence

    assert names(rank([acquaintance, confidant])) == ["赵磊", "王芳"]


def test_more_overdue_client_of_the_same_level_comes_first() -> None:
    a = a_client("王芳", id=1, last_contact=days_ago(35))
    b = a_client("赵磊", id=2, last_contact=days_ago(50))

    assert names(rank([a, b])) == ["赵磊", "王芳"]


def test_follow_up_promised_for_today_is_a_reason() -> None:
    plan = rank([a_client()], [a_followup(on=TODAY)])

    assert plan.picks[0].reasons == (Reason("followup_today", {"days": 0}),)


def test_late_follow_up_says_how_many_days_late() -> None:
    plan = rank([a_client()], [a_followup(on=TODAY - timedelta(days=3))])

    assert plan.picks[0].reasons == (Reason("followup_overdue", {"days": 3}),)


def test_done_and_future_follow_ups_are_not_reasons() -> None:
    followups = [a_followup(id=1, done=True), a_followup(id=2, on=TODAY + timedelta(days=1))]

    assert rank([a_client()], followups).due_count == 0


def test_birthday_within_a_week_is_a_reason_and_beyond_is_not() -> None:
    soon = a_client("王芳", id=1, birthday=birthday_in(7))
    later = a_client("赵磊", id=2, birthday=birthday_in(8))

    plan = rank([soon, later])

    assert names(plan) == ["王芳"] and plan.picks[0].reasons == (Reason("birthday", {"days": 7}),)


def test_daughters_exam_next_week_is_a_reason_with_its_label() -> None:
    plan = rank([a_client()], events=[an_event(on=TODAY + timedelta(days=6), label="女儿高考")])

    assert plan.picks[0].reasons == (Reason("event", {"days": 6, "label": "女儿高考"}),)


def test_only_the_nearest_event_counts() -> None:
    events = [an_event(id=1, on=TODAY + timedelta(days=5), label="开业"), an_event(id=2, on=TODAY + timedelta(days=2), label="考试")]

    plan = rank([a_client()], events=events)

    assert plan.picks[0].reasons == (Reason("event", {"days": 2, "label": "考试"}),)


def test_past_one_off_event_is_not_a_reason_but_a_yearly_one_comes_back() -> None:
    past = an_event(id=1, on=date(2025, 3, 12), label="开业")
    anniversary = an_event(id=2, client_id=2, on=date(2020, 3, 12), label="结婚纪念日", yearly=True)

    plan = rank([a_client("王芳", id=1), a_client("赵磊", id=2)], events=[past, anniversary])

    assert names(plan) == ["赵磊"] and plan.picks[0].reasons == (Reason("event", {"days": 2, "label": "结婚纪念日"}),)


def test_fading_relationship_is_said_instead_of_overdue() -> None:
    plan = rank([a_client(last_contact=days_ago(61))])

    assert plan.picks[0].reasons == (Reason("fading", {"days": 61, "level": Level.FRIEND, "cadence": 30}),)


def test_fading_adds_to_the_score_beyond_the_overdue_ratio() -> None:
    overdue = a_client("王芳", id=1, last_contact=days_ago(59))
    fading = a_client("赵磊", id=2, last_contact=days_ago(61))

    plan = rank([overdue, fading])

    assert [round(p.score, 2) for p in plan.picks] == [round(2.0 * (61 / 30 + 1.0), 2), round(2.0 * 59 / 30, 2)]


def test_client_never_contacted_past_cadence_says_so() -> None:
    client = Client(id=1, name="张伟", level=Level.FRIEND, level_since=days_ago(40), created_at=days_ago(40))

    plan = rank([client])

    assert [r.code for r in plan.picks[0].reasons] == ["never_contacted"]


def test_client_contacted_earlier_today_in_local_time_drops_out() -> None:
    # 00:30 in Beijing is still yesterday in UTC: "today" must be the salesperson's.
    early = datetime(2026, 3, 10, 0, 30, tzinfo=ZoneInfo(TZ))
    client = a_client(last_contact=early, birthday=birthday_in(0))

    assert rank([client]).due_count == 0


def test_client_contacted_late_yesterday_local_time_stays() -> None:
    late = datetime(2026, 3, 9, 23, 30, tzinfo=ZoneInfo(TZ))
    client = a_client(last_contact=late, birthday=birthday_in(0))

    assert rank([client]).due_count == 1


def test_snoozed_client_drops_out_until_the_snooze_date() -> None:
    client = a_client(last_contact=days_ago(42), snoozed_until=TODAY + timedelta(days=1))

    assert rank([client]).due_count == 0


def test_snooze_ending_today_brings_the_client_back() -> None:
    client = a_client(last_contact=days_ago(42), snoozed_until=TODAY)

    assert rank([client]).due_count == 1


def test_not_today_skips_the_client() -> None:
    clients = [a_client("王芳", id=1, last_contact=days_ago(42)), a_client("赵磊", id=2, last_contact=days_ago(42))]

    assert names(rank(clients, skip={1})) == ["赵磊"]


def test_ties_break_by_level_then_by_name() -> None:
    # Same score 4.0 from a follow-up each, nothing else.
    clients = [
        a_client("Zoe", id=1, level=Level.ACQUAINTANCE),
        a_client("Bob", id=2, level=Level.ACQUAINTANCE),
        a_client("Amy", id=3, level=Level.PASSER_BY),
    ]
    followups = [a_followup(client_id=i, id=i) for i in (1, 2, 3)]

    assert names(rank(clients, followups)) == ["Bob", "Zoe", "Amy"]


def test_limit_caps_the_picks_but_due_count_counts_everyone() -> None:
    clients = [a_client(f"客户{i}", id=i, last_contact=days_ago(40 + i)) for i in range(8)]

    plan = rank(clients, limit=3)

    assert len(plan.picks) == 3 and plan.due_count == 8


def test_custom_cadence_is_honoured() -> None:
    plan = rank([a_client(last_contact=days_ago(12))], cadence={Level.FRIEND: 10})

    assert plan.picks[0].reasons[0] == Reason("overdue", {"days": 2, "level": Level.FRIEND, "cadence": 10})


def test_near_me_favours_a_close_client_and_shows_distances() -> None:
    far_but_urgent = a_client("张伟", id=1, last_contact=days_ago(42), birthday=birthday_in(2), place=at_km_east(20))
    near = a_client("李娜", id=2, level=Level.PASSER_BY, place=at_km_east(2))

    plan = rank([far_but_urgent, near], [a_followup(client_id=2)], here=OFFICE)

    assert names(plan) == ["李娜", "张伟"]
    assert [round(p.distance_km or 0) for p in plan.picks] == [2, 20]
    assert round(plan.picks[0].score, 2) == round(4.0 / 1.4, 2)


def test_without_here_the_same_clients_rank_by_need_alone() -> None:
    far_but_urgent = a_client("张伟", id=1, last_contact=days_ago(42), birthday=birthday_in(2), place=at_km_east(20))
    near = a_client("李娜", id=2, level=Level.PASSER_BY, place=at_km_east(2))

    plan = rank([far_but_urgent, near], [a_followup(client_id=2)])

    assert names(plan) == ["张伟", "李娜"] and plan.picks[0].distance_km is None


def test_near_me_counts_due_clients_without_a_place() -> None:
    clients = [
        a_client("王芳", id=1, last_contact=days_ago(42)),
        a_client("赵磊", id=2, last_contact=days_ago(42), place=at_km_east(1)),
        a_client("陈静", id=3, last_contact=days_ago(1)),  # not due: not counted
    ]

    plan = rank(clients, here=OFFICE)

    assert plan.without_place == 1 and plan.picks[-1].client.name == "王芳"


def test_area_filter_keeps_clients_in_that_area() -> None:
    clients = [
        a_client("王芳", id=1, last_contact=days_ago(42), area="朝阳区"),
        a_client("赵磊", id=2, last_contact=days_ago(42), area="海淀区"),
    ]

    assert names(rank(clients, area_or_tag="朝阳区")) == ["王芳"]


def test_tag_filter_keeps_clients_with_that_tag_whatever_its_case() -> None:
    clients = [
        a_client("王芳", id=1, last_contact=days_ago(42), tags=("Golf",)),
        a_client("赵磊", id=2, last_contact=days_ago(42), tags=("茶",)),
    ]

    assert names(rank(clients, area_or_tag="golf")) == ["王芳"]


def test_plan_by_area_groups_due_clients_most_pressing_area_first_and_no_area_last() -> None:
    clients = [
        a_client("王芳", id=1, last_contact=days_ago(35), area="海淀区"),
        a_client("赵磊", id=2, last_contact=days_ago(50), area="朝阳区"),
        a_client("陈静", id=3, level=Level.CONFIDANT, last_contact=days_ago(40)),
        a_client("刘洋", id=4, last_contact=days_ago(40), area="朝阳区"),
        a_client("周杰", id=5, last_contact=days_ago(2), area="海淀区"),  # not due
    ]

    plan = plan_by_area(clients, [], [], now=NOW, tz=TZ)

    assert {area: [p.client.name for p in picks] for area, picks in plan.items()} == {
        "朝阳区": ["赵磊", "刘洋"],
        "海淀区": ["王芳"],
        None: ["陈静"],
    }
    assert list(plan) == ["朝阳区", "海淀区", None]


def test_plan_by_area_limits_each_area() -> None:
    clients = [a_client(f"客户{i}", id=i, last_contact=days_ago(40 + i), area="朝阳区") for i in range(4)]

    plan = plan_by_area(clients, [], [], now=NOW, tz=TZ, limit=2)

    assert [p.client.name for p in plan["朝阳区"]] == ["客户3", "客户2"]


def test_haversine_beijing_to_shanghai_is_about_1070_km() -> None:
    assert haversine_km((39.9042, 116.4074), (31.2304, 121.4737)) == pytest.approx(1067, abs=5)


def test_haversine_same_point_is_zero() -> None:
    assert haversine_km(OFFICE, OFFICE) == 0.0
