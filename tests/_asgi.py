"""The web app served in process: one ASGI request, no server and no HTTP client library."""

import asyncio
from urllib.parse import urlsplit


def get(app, url: str, method: str = "GET", body: bytes = b"", headers: tuple = ()) -> tuple[int, dict, str]:
    """(status, headers, text) of one request to the ASGI ``app``."""
    parts = urlsplit(url)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": parts.path,
        "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")] + [(k.encode(), v.encode()) for k, v in headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict] = []
    incoming = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return (
        start["status"],
        {k.decode().lower(): v.decode() for k, v in start["headers"]},
        text.decode("utf-8"),
    )
