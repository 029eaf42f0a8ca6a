"""The bot's aiohttp client raises what PTB's own client raises, so retries and back-off still work.

`handlers.render` retries a send after `NetworkError` and the scheduler backs
off on it; PTB retries getUpdates after `TimedOut`. A different exception
from the transport would skip all of that and lose the reply or the push.
"""

from __future__ import annotations

import asyncio
import socket
import ssl

import pytest
import trustme
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.fake_api import FakeBotApi
from bot.http_client import AiohttpRequest


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_on(api: FakeBotApi, request: AiohttpRequest) -> Bot:
    return Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url, request=request,
               get_updates_request=AiohttpRequest(connection_pool_size=1))


async def test_a_reply_slower_than_the_read_timeout_is_timed_out(api: FakeBotApi) -> None:
    api.add_private_chat(42)
    async with bot_on(api, AiohttpRequest(read_timeout=0.05)) as bot:
        api.latency = 0.3
        with pytest.raises(TimedOut):
            await bot.send_message(42, "Zhang Wei's birthday is tomorrow")


async def test_a_server_that_is_not_there_is_a_network_error(api: FakeBotApi) -> None:
    bot = Bot(api.token, base_url=f"http://127.0.0.1:{closed_port()}/bot", request=AiohttpRequest(),
              get_updates_request=AiohttpRequest(connection_pool_size=1))
    await bot.request.initialize()  # no get_me: that call itself would fail
    try:
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(42, "hello")
        assert not isinstance(caught.value, TimedOut)
    finally:
        await bot.request.shutdown()


async def test_waiting_too_long_for_a_free_connection_is_timed_out(api: FakeBotApi) -> None:
    """One connection, busy for 0.3 s: the second call gives up after the pool time-out."""
    api.add_private_chat(42)
    async with bot_on(api, AiohttpRequest(connection_pool_size=1, pool_timeout=0.05)) as bot:
        api.latency = 0.3
        first = asyncio.create_task(bot.send_message(42, "first"))
        await asyncio.sleep(0.05)
        with pytest.raises(TimedOut):
            await bot.send_message(42, "second")
        await first
    assert api.texts(42) == ["first"]




async def test_a_server_whose_certificate_certifi_does_not_trust_is_refused() -> None:
    """Someone posing as api.telegram.org with their own certificate gets no token and no notes."""
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    seen: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(request.path)
        return web.json_response({"ok": True, "result": {}})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    port = closed_port()
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=server_context).start()
    bot = Bot("123456:secret-token", base_url=f"https://127.0.0.1:{port}/bot", request=AiohttpRequest(),
              get_updates_request=AiohttpRequest(connection_pool_size=1))
    await bot.request.initialize()
    try:
        with pytest.raises(NetworkError, match="certificate"):
            await bot.send_message(42, "今天在张伟店里聊了一小时")
        assert seen == []
    finally:
        await bot.request.shutdown()
        await runner.cleanup()
