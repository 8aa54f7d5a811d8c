"""Request size limits and security headers on every response of the web app (ASGI)."""

import json

MAX_BODY = 1_000_000  # bytes of a request body (a hook request with its prefetched Conditions)
MAX_QUERY = 4096  # bytes of a query string
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """Request size limits and security headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            return await _plain(send, 414, "web.query_too_long", limit=MAX_QUERY)
        from .csrf import refusal

        refused = refusal(scope)  # a state-changing request: JSON only, never cross-site
        if refused is not None:
            status, code, params = refused
            return await _plain(send, status, code, **params)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return await _plain(send, 413, "web.body_too_large", limit=MAX_BODY)
        seen = 0
        responded = False

        async def limited_receive():
            nonlocal seen, responded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:  # a body without (or with a false) content-length
                    if not responded:
                        responded = True
                        await _plain(send, 413, "web.body_too_large", limit=MAX_BODY)
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message):
            if responded:
                return  # the 413 has been sent; the app's own answer is dropped
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except Exception:
            if not responded:
                raise


async def _plain(send, status: int, code: str, **params):
    from ..errors import error_body

    body = json.dumps(error_body(code, **params)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            + SECURITY_HEADERS,
        }
    )
    await send({"type": "http.response.body", "body": body})
