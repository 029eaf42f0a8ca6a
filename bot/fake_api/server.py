"""The fake Telegram Bot API, served over HTTP on 127.0.0.1 for PTB's real Application.

`FakeBotApi` is the simulated Telegram of `simulation.py` with a web server in front: it speaks
the Bot API's wire format (`/bot<token>/<method>`, `{"ok": ..., "result": ...}`,
file downloads under `/file/bot<token>/`), checks the token, and can misbehave
on demand — flood control (429 with retry_after), outages (5xx), latency and a
rate limit — so the bot's handling of a bad day can be tested.

It never talks to the real Telegram and never sleeps except for the latency a
test asks for.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.clock import Clock
from bot.fake_api.api_errors import (
    DEFAULT_DESCRIPTIONS,
    NOT_FOUND,
    UNAUTHORIZED,
    ApiError,
    too_many_requests,
)
from bot.fake_api.methods import METHODS
from bot.fake_api.parameters import Parameters
from bot.fake_api.records import ApiCall, Fault, Rejection
from bot.fake_api.simulation import SimulatedTelegram

DEFAULT_TOKEN = "123456:fake-bot-api-token"
MAX_UPLOAD = 50 * 1024 * 1024 + 1024 * 1024  # bots upload up to 50 MB; the rest is room for the other fields
#: Methods that count against a rate limit set with `rate_limit`: what Telegram's flood control counts.
SENDING_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagecaption", "editmessagereplymarkup"}
)
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
#: What Telegram's front end really answers when the Bot API behind it is down: HTML, not JSON.
_GATEWAY_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
)
_GATEWAY_REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


@dataclass(slots=True)
class _PlannedFailure:
    status: int
    retry_after: float
    description: str | None
    performed: bool
    remaining: int


class FakeBotApi(SimulatedTelegram):
    """A strict fake Telegram for one bot; start it, point PTB's `base_url` at it, then act as users."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        clock: Clock | None = None,
        bot_first_name: str = "Rapport",
        bot_username: str = "rapport_test_bot",
    ) -> None:
        super().__init__(token, clock=clock, bot_first_name=bot_first_name, bot_username=bot_username)
        #: Seconds added before every answer (a slow network), settable at any time.
        self.latency = 0.0
        self._planned: dict[str, list[_PlannedFailure]] = {}
        self._per_second: float | None = None
        self._sent_at: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self._root_url: str | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on host:port (port 0 picks a free one); returns when requests are accepted."""
        if self._runner is not None:
            raise RuntimeError("the fake Bot API is already running")
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._answer_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._answer_download)
        # handler_cancellation: when PTB drops a long poll (on stop), its getUpdates ends here too.
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        self._runner = runner
        self._root_url = f"http://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        """End long polls and stop serving."""
        if self._runner is None:
            return
        self.close()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        """Where the server listens, e.g. http://127.0.0.1:40123 (Rapport's `api_base_url`)."""
        if self._root_url is None:
            raise RuntimeError("start the fake Bot API first")
        return self._root_url

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url()`: PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """For `ApplicationBuilder().base_file_url()`: PTB appends the token."""
        return f"{self.root_url}/file/bot"

    # ------------------------------------------------------------------ a bad day, on demand

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: float = 1,
        times: int = 1,
        description: str | None = None,
        performed: bool = False,
    ) -> None:
        """The next `times` calls of `method` fail with `status`.

        429 carries `retry_after` (Telegram sends whole seconds; a fraction keeps
        tests fast, and PTB honours it). 502/503/504 answer nginx's HTML page, as
        Telegram's front end does. With `performed`, the call takes effect first
        and only its answer is lost — e.g. a message delivered whose reply never came.
        """
        if times < 1:
            raise ValueError("times must be at least 1")
        failure = _PlannedFailure(status, retry_after, description, performed, times)
        self._planned.setdefault(method.lower(), []).append(failure)

    def rate_limit(self, per_second: float | None) -> None:
        """Allow at most `per_second` sending calls in any sliding second (None: no limit); the rest get 429.

        Below one per second the window grows: 0.5 allows one call in any two seconds.
        """
        if per_second is not None and per_second <= 0:
            raise ValueError("per_second must be positive (or None for no limit)")
        self._per_second = per_second
        self._sent_at.clear()

    # ------------------------------------------------------------------ HTTP

    async def _answer_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        token = request.match_info["token"]
        if not _TOKEN_SHAPE.fullmatch(token):
            return self._reply(method, _error_body(404, NOT_FOUND), 404)
        if token != self.token:
            return self._reply(method, _error_body(401, UNAUTHORIZED), 401)
        implementation = METHODS.get(method.lower())
        if implementation is None:
            return self._reply(method, _error_body(404, NOT_FOUND), 404)
        failure = self._take_planned_failure(method)
        if failure is not None and not failure.performed:
            return self._failure_response(method, failure)
        params = Parameters({})
        try:
            limited = self._rate_limited(method)
            if limited is not None:
                raise limited
            params = await Parameters.of(request)
            result = await implementation(self, params)
        except ApiError as error:
            self._remember(method, error, params)
            return self._reply(method, error.body(), error.status)
        if failure is not None:
            return self._failure_response(method, failure)
        return self._reply(method, {"ok": True, "result": result}, 200)

    async def _answer_download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(_error_body(404, NOT_FOUND), status=404)
        stored = self.file_at(request.match_info["path"])
        if stored is None:
            return web.json_response(_error_body(404, NOT_FOUND), status=404)
        return web.Response(body=stored.content, content_type=stored.mime_type or "application/octet-stream")

    def _reply(self, method: str, body: dict[str, Any], status: int) -> web.Response:
        self.calls.append(ApiCall(method, status))
        return web.json_response(body, status=status)

    def _remember(self, method: str, error: ApiError, params: Parameters) -> None:
        if error.fault is not None:
            self.faults.append(Fault(method, error.status, error.description, error.fault))
        else:
            self.rejections.append(Rejection(method, error.status, error.description, params.summary()))

    def _take_planned_failure(self, method: str) -> _PlannedFailure | None:
        planned = self._planned.get(method.lower())
        if not planned:
            return None
        failure = planned[0]
        failure.remaining -= 1
        if failure.remaining == 0:
            planned.pop(0)
        return failure

    def _failure_response(self, method: str, failure: _PlannedFailure) -> web.Response:
        if failure.status == 429:
            error = too_many_requests(failure.retry_after, "injected")
            if failure.description:
                error.description = failure.description
        else:
            description = failure.description or DEFAULT_DESCRIPTIONS.get(failure.status, "Internal Server Error")
            error = ApiError(failure.status, description, fault="injected")
        self.faults.append(Fault(method, error.status, error.description, "injected"))
        if failure.status in _GATEWAY_REASONS and failure.description is None:
            self.calls.append(ApiCall(method, failure.status))
            page = _GATEWAY_PAGE.format(status=failure.status, reason=_GATEWAY_REASONS[failure.status])
            return web.Response(status=failure.status, text=page, content_type="text/html")
        return self._reply(method, error.body(), error.status)

    def _rate_limited(self, method: str) -> ApiError | None:
        if self._per_second is None or method.lower() not in SENDING_METHODS:
            return None
        window = max(1.0, 1.0 / self._per_second)
        allowance = max(1, math.floor(self._per_second * window))
        now = asyncio.get_running_loop().time()
        while self._sent_at and self._sent_at[0] <= now - window:
            self._sent_at.popleft()
        if len(self._sent_at) >= allowance:
            return too_many_requests(max(1, math.ceil(self._sent_at[0] + window - now)), "rate_limited")
        self._sent_at.append(now)
        return None


def _error_body(status: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": status, "description": description}
