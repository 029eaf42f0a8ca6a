"""The bot's HTTP client for the Bot API: PTB's `BaseRequest` on an aiohttp session.

Why not PTB's default `HTTPXRequest`: httpx (through httpcore and anyio)
spends ~2 ms of CPU on every call, aiohttp ~0.2 ms (measured against the fake
Bot API on this machine; encode/httpx#3215). One update costs a few calls, so
with httpx the HTTP client alone was a third of the bot's CPU under load.
aiohttp is already a dependency (the fake Bot API is an aiohttp server).

Errors map as PTB's own clients map them, so PTB's retries, the rate limiter
and `handlers.render` see the same exceptions: a time-out is `TimedOut`, any
other transport failure `NetworkError`; HTTP status codes are PTB's business.
"""

from __future__ import annotations

import asyncio
import ssl
from functools import cache

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

#: PTB's defaults for its own client, in seconds.
READ_TIMEOUT, CONNECT_TIMEOUT, POOL_TIMEOUT = 5.0, 5.0, 1.0


class AiohttpRequest(BaseRequest):
    """One `aiohttp.ClientSession`, at most `connection_pool_size` calls in flight.

    Time-outs mean what they mean for PTB: `connect` to open a connection,
    `pool` to wait for a free one, `read` between two reads of the answer.
    aiohttp has no write time-out; `write_timeout` is accepted and ignored.
    """

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float | None = READ_TIMEOUT,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
    ) -> None:
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        # The pool is counted here rather than by aiohttp, whose connect time-out lumps
        # waiting for a connection together with opening one.
        self._free = asyncio.Semaphore(connection_pool_size)

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0, ssl=_certificates()),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `BaseRequest.do_request`: the status and body of one call."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        timeout = aiohttp.ClientTimeout(total=None, connect=connect, sock_connect=connect, sock_read=read)
        try:
            async with asyncio.timeout(pool):
                await self._free.acquire()
        except TimeoutError as error:
            raise TimedOut(
                "Pool timeout: all connections are busy; the request was not sent to Telegram."
            ) from error
        try:
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as error:  # aiohttp's time-outs are also ClientErrors: first
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
        finally:
            self._free.release()


@cache
def _certificates() -> ssl.SSLContext:
    """Telegram's certificate checked against certifi's roots, as PTB's httpx client does.

    Not the system's store: a fresh Python (python.org's macOS build, slim
    containers) may have none. Built once: loading the roots takes ~25 ms.
    """
    return ssl.create_default_context(cafile=certifi.where())


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Parameters as a form, as PTB's clients send them; multipart when there are files."""
    if request_data is None:
        return None
    parameters = request_data.json_parameters
    if not request_data.contains_files:
        return parameters
    form = aiohttp.FormData()
    for name, value in parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
