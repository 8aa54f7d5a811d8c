"""uvicorn's h11 protocol with a header timeout (issue 26, item 7) and room for new
connections (the red team's renewed half-open connections).

uvicorn times out only idle keep-alive connections: a connection that opens and
then sends nothing, or its request headers a byte at a time, holds one of the
server's ``limit_concurrency`` slots for ever, so 64 half-open connections make
every other request 503.  Here a connection whose request headers are not complete
``HEADER_TIMEOUT`` seconds after it opened (or after its last response) is closed.

A client that renews its half-open connections as they are closed would still keep
every slot taken.  So a new connection that finds the slots full closes the connection
that has waited longest for its request's headers (never one whose request is being
served): a client that sends its request at once is served, however many connections
wait without one.
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
        if self.limit_concurrency is not None and len(self.connections) >= self.limit_concurrency:
            self._make_room()

    def _waiting(self) -> bool:
        """Whether this connection waits for (the rest of) a request's headers."""
        return (
            not self.transport.is_closing()
            and self.conn.their_state is h11.IDLE
            and (self.cycle is None or self.cycle.response_complete)
        )

    def _make_room(self) -> None:
        """Close the connection (not this one) that has waited longest for its headers."""
        waiting = [
            c
            for c in self.connections
            if c is not self and isinstance(c, HeaderTimeoutProtocol) and c._waiting()
        ]
        if waiting:
            oldest = min(waiting, key=lambda c: c._waiting_since)
            oldest.transport.close()
            self.connections.discard(oldest)  # its slot is free now, not when the loss is seen

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
