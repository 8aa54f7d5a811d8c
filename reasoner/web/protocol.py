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

The same holds for the request's body (red team 3, L1): a connection whose request body
has had no byte for ``BODY_TIMEOUT`` seconds is closed,
and a new connection that finds the slots full, with no connection waiting for headers,
closes the one whose body has gone longest without a byte (a client that sends its
body at once is done before it could be chosen).
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a request's headers (uvicorn's keep-alive timeout is 5).
HEADER_TIMEOUT = 5.0
#: Seconds a request's body may go without a byte.
BODY_TIMEOUT = 5.0


class HeaderTimeoutProtocol(H11Protocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._waiting_since = self._last_data = self.loop.time()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._check_headers)
        limit = self.limit_concurrency
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            self._make_room()

    def _waiting(self) -> bool:
        """Whether this connection waits for (the rest of) a request's headers."""
        return (
            not self.transport.is_closing()
            and self.conn.their_state is h11.IDLE
            and (self.cycle is None or self.cycle.response_complete)
        )

    def _in_body(self) -> bool:
        """Whether this connection waits for (the rest of) a request's body."""
        return not self.transport.is_closing() and self.conn.their_state is h11.SEND_BODY

    def data_received(self, data: bytes) -> None:
        self._last_data = self.loop.time()
        before = set(self.tasks) if self.conn.their_state is h11.IDLE else None
        super().data_received(data)
        if before is not None:  # the task serving the request that began here, if one did
            self._task = next(iter(self.tasks - before), getattr(self, "_task", None))

    def _make_room(self) -> None:
        """Close connections (not this one) until this one's request fits uvicorn's limit
        (connections and tasks): first those that have waited longest for their headers,
        then those whose request body has gone longest without a byte."""
        others = [c for c in self.connections if c is not self and isinstance(c, HeaderTimeoutProtocol)]
        waiting = sorted((c._waiting_since, id(c), c) for c in others if c._waiting())
        waiting += sorted((c._last_data, id(c), c) for c in others if c._in_body())
        limit = self.limit_concurrency
        for _, _, oldest in waiting:
            if len(self.connections) < limit and len(self.tasks) < limit:
                break
            oldest.transport.close()
            self.connections.discard(oldest)  # its slot is free now, not when the loss is seen
            # its task ends once it reads the disconnect; uvicorn also counts tasks
            self.tasks.discard(getattr(oldest, "_task", None))

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
        elif self.conn.their_state is h11.SEND_BODY:  # waiting for (the rest of) its body
            if now - self._last_data >= BODY_TIMEOUT:
                self.transport.close()
                return
            delay = BODY_TIMEOUT - (now - self._last_data)
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
