"""PTB's HTTP client for talking to the fake: plain HTTP, so no TLS set-up.

Building PTB's default client loads the system's certificates, about 25 ms per
client and two per Bot; across many tests that is seconds spent on nothing.
"""

from __future__ import annotations

from telegram.request import HTTPXRequest


def plain_http() -> HTTPXRequest:
    return HTTPXRequest(httpx_kwargs={"verify": False})
