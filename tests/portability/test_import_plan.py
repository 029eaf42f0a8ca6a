"""The preview before an import: what is new, what is already in the book, what is left out and why."""

from __future__ import annotations

import pytest

from crm.portability import ImportProblem, ImportRow, ParsedRows, SkippedRow, plan_import, read_csv
from tests.portability.builders import a_client, fixture


def rows(*items: ImportRow, skipped: tuple[SkippedRow, ...] = ()) -> ParsedRows:
    return ParsedRows(kind="csv", rows=items, skipped=skipped)


def test_preview_counts_new_matched_and_skipped_rows_of_a_real_file() -> None:
    plan = plan_import(read_csv(fixture("excel_zh_gbk.csv")), [a_client("李娜", id=8)])
    assert (plan.new_count, plan.matched_count, plan.skipped_count) == (2, 1, 2)


def test_row_with_the_name_of_a_client_in_the_book_matches_that_client() -> None:
    existing = a_client("张伟", id=5)
    plan = plan_import(rows(ImportRow(2, "张伟")), [existing])
    assert plan.matched == ((ImportRow(2, "张伟"), existing),)


def test_traditional_full_width_and_differently_cased_names_match() -> None:
    book = [a_client("张伟", id=1), a_client("Zhang Wei", id=2)]
    plan = plan_import(rows(ImportRow(2, "張偉"), ImportRow(3, "ＺＨＡＮＧ  wei")), book)
    assert [client.id for _row, client in plan.matched] == [1, 2]


def test_an_alias_of_a_client_matches_that_client() -> None:
    plan = plan_import(rows(ImportRow(2, "张总")), [a_client("张伟", aliases=("张总",))])
    assert plan.matched_count == 1


def test_same_mobile_with_or_without_country_code_matches_despite_another_name() -> None:
    existing = a_client("张伟", phone="13800138000")
    plan = plan_import(rows(ImportRow(2, "张经理", phone="+8613800138000")), [existing])
    assert plan.matched == ((ImportRow(2, "张经理", phone="+8613800138000"), existing),)


def test_unknown_person_is_new() -> None:
    plan = plan_import(rows(ImportRow(2, "王芳", phone="13900001111")), [a_client("张伟", phone="13800138000")])
    assert plan.new == (ImportRow(2, "王芳", phone="13900001111"),)


def test_second_row_for_the_same_person_in_the_file_is_skipped() -> None:
    plan = plan_import(rows(ImportRow(2, "张伟"), ImportRow(9, "張偉")), [])
    assert plan.skipped == (SkippedRow(9, "duplicate_in_file", {"name": "張偉", "first_line": 2}),)


def test_row_that_could_be_two_clients_is_skipped_rather_than_guessed() -> None:
    book = [a_client("张伟", id=1), a_client("王芳", id=2, phone="13900001111")]
    plan = plan_import(rows(ImportRow(2, "李娜"), ImportRow(3, "张伟", phone="13900001111")), book)
    assert plan.skipped == (SkippedRow(3, "ambiguous_match", {"name": "张伟", "candidates": ["张伟", "王芳"]}),)


def test_skipped_rows_of_the_reader_and_of_the_plan_come_in_file_order() -> None:
    parsed = rows(ImportRow(2, "张伟"), ImportRow(5, "张伟"), skipped=(SkippedRow(3, "empty_name"),))
    assert [row.line for row in plan_import(parsed, []).skipped] == [3, 5]


def test_file_where_every_row_is_skipped_is_nothing_to_import() -> None:
    with pytest.raises(ImportProblem) as caught:
        plan_import(rows(skipped=(SkippedRow(2, "empty_name"), SkippedRow(3, "empty_name"))), [])
    assert (caught.value.code, caught.value.values) == ("nothing_to_import", {"skipped": 2})


def test_file_of_people_all_already_in_the_book_is_still_a_plan() -> None:
    assert plan_import(rows(ImportRow(2, "张伟")), [a_client("张伟")]).matched_count == 1
