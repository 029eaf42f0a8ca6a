"""The Bot API's wire format, checked with a plain HTTP client: tokens, encodings, error bodies."""

from __future__ import annotations

import json

import aiohttp
import pytest
from telegram import Bot
from telegram.error import InvalidToken

from bot.fake_api import FakeBotApi


async def call(http: aiohttp.ClientSession, url: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    async with http.post(url, **kwargs) as response:  # type: ignore[arg-type]
        return response.status, await response.json()


async def test_a_wrong_secret_is_unauthorized(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    assert await call(http, f"{api.base_url}123456:wrong/getMe") == (
        401, {"ok": False, "error_code": 401, "description": "Unauthorized: invalid token specified"}
    )


async def test_a_malformed_token_is_not_found(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    assert await call(http, f"{api.base_url}not-a-token/getMe") == (
        404, {"ok": False, "error_code": 404, "description": "Not Found"}
    )


async def test_ptb_reports_a_wrong_token_as_invalid_token(api: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("123456:wrong", base_url=api.base_url):
            pass


async def test_an_unknown_method_is_not_found(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    status, body = await call(http, f"{api.base_url}{api.token}/sendDice")
    assert (status, body["description"]) == (404, "Not Found")


async def test_method_names_are_case_insensitive(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    status, body = await call(http, f"{api.base_url}{api.token}/GETME")
    assert (status, body["result"]["username"]) == (200, "rapport_test_bot")  # type: ignore[index]


async def test_a_json_body_with_a_keyboard_object_is_accepted(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    api.add_private_chat(42)
    markup = {"inline_keyboard": [[{"text": "Undo", "callback_data": "v1|undo|1"}]]}
    status, body = await call(
        http, f"{api.base_url}{api.token}/sendMessage", json={"chat_id": 42, "text": "Saved", "reply_markup": markup}
    )
    assert status == 200 and body["result"]["reply_markup"] == markup  # type: ignore[index]


async def test_form_fields_carry_json_encoded_objects(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    api.add_private_chat(42)
    markup = {"keyboard": [[{"text": "Share my location", "request_location": True}]], "resize_keyboard": True}
    form = {"chat_id": "42", "text": "Where are you?", "reply_markup": json.dumps(markup)}
    status, _ = await call(http, f"{api.base_url}{api.token}/sendMessage", data=form)
    assert status == 200 and api.last_message(42).reply_markup == markup


async def test_a_button_with_empty_callback_data_is_a_text_button(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    api.add_private_chat(42)
    markup = {"inline_keyboard": [[{"text": "Undo", "callback_data": ""}]]}
    status, body = await call(
        http, f"{api.base_url}{api.token}/sendMessage", json={"chat_id": 42, "text": "Saved", "reply_markup": markup}
    )
    assert (status, body["description"]) == (
        400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
    )


async def test_a_button_with_two_actions_is_refused(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    api.add_private_chat(42)
    markup = {"inline_keyboard": [[{"text": "Open", "callback_data": "v1|open", "url": "https://example.com"}]]}
    status, _ = await call(
        http, f"{api.base_url}{api.token}/sendMessage", json={"chat_id": 42, "text": "Card", "reply_markup": markup}
    )
    assert status == 400


async def test_bad_gateway_is_an_html_page_like_telegrams_front_end(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    api.fail_next("getMe", status=502)
    async with http.post(f"{api.base_url}{api.token}/getMe") as response:
        assert (response.status, response.content_type) == (502, "text/html")
        assert "502 Bad Gateway" in await response.text()


async def test_a_download_needs_the_right_token(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    api.user_sends_document(42, "a.txt", b"secret")
    path = next(iter(api.files.values())).file_path
    async with http.get(f"{api.base_file_url}123456:wrong/{path}") as response:
        assert response.status == 404
    async with http.get(f"{api.base_file_url}{api.token}/{path}") as response:
        assert await response.read() == b"secret"
