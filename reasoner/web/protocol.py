"""uvicorn's h11 protocol with a header timeout (issue 26, item 7).

uvicorn times out only idle keep-alive connections: a connection that opens and
then sends nothing, or its request headers a byte at a time, holds one of the
server's ``limit_concurrency`` slots for ever, so 64 half-open connections make
every other request 503.  Here a connection whose request headers are not complete
``HEADER_TIMEOUT`` seconds after it opened (or after its last response) is closed.
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a request's headers (uvicorn's keep-alive timeout is 5).
HEADER_TIMEOUT = 5.0


class HeaderTimeoutProtocol(H11Protocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._waiting_since = self.loop.time()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._check_headers)

    def _check_headers(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        now = self.loop.time()
        if self.conn.their_state is h11.IDLE:  # waiting for (the rest of) a request's headers
            if now - self._waiting_since >= HEADER_TIMEOUT:
                self.transport.close()
                return
            delay = HEADER_TIMEOUT - (now - self._waiting_since)
        else:  # a request is being served: look again later
            delay = HEADER_TIMEOUT
        self._header_timer = self.loop.call_later(delay, self._check_headers)

    def on_response_complete(self) -> None:
        self._waiting_since = self.loop.time()  # the next request's headers are due from now
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None
        super().connection_lost(exc)
