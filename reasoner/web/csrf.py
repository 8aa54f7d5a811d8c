"""Cross-site request refusal for every state-changing route (issue 26, item 3).

A page of another site can make a browser POST a "simple" request (``text/plain``,
``application/x-www-form-urlencoded``, ``multipart/form-data``) without a CORS
preflight, so the CDS service and its feedback route would store cards and forged
feedback rows.  Every request whose method changes state (anything but GET, HEAD,
OPTIONS) is therefore refused unless

* its body is declared ``application/json`` (``application/*+json`` too; a browser
  sends that cross-site only after a preflight this server never grants), and
* it is not cross-site: ``Sec-Fetch-Site``, when sent, is ``same-origin`` or ``none``,
  and ``Origin``, when sent, is this server's own origin (scheme, host and port of
  the request).  An EHR calling the service from its server sends neither header.
"""

from __future__ import annotations

from typing import Optional

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _headers(scope) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    for k, v in scope.get("headers") or []:
        out.setdefault(k.lower(), v)
    return out


def _json_type(value: bytes) -> bool:
    media = value.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or (media.startswith(b"application/") and media.endswith(b"+json"))


def own_origin(scope, headers: dict[bytes, bytes]) -> Optional[str]:
    host = headers.get(b"host")
    if not host:
        return None
    scheme = scope.get("scheme") or "http"
    text = host.decode("latin-1").strip().lower()
    default = {"http": ":80", "https": ":443"}.get(scheme, "")
    if default and text.endswith(default):
        text = text[: -len(default)]
    return f"{scheme}://{text}"


def refusal(scope) -> Optional[tuple[int, str, dict]]:
    """(status, error code, its arguments) when the request must be refused; None when it
    may go on."""
    if scope.get("method", "GET").upper() in SAFE_METHODS:
        return None
    h = _headers(scope)
    site = h.get(b"sec-fetch-site")
    if site is not None and site.strip().lower() not in (b"same-origin", b"none"):
        return 403, "web.cross_site", {"header": "Sec-Fetch-Site", "value": site.decode("latin-1")[:40]}
    origin = h.get(b"origin")
    if origin is not None:
        sent = origin.decode("latin-1").strip().lower().rstrip("/")
        for port in (":80", ":443"):
            if sent.startswith("http://" if port == ":80" else "https://") and sent.endswith(port):
                sent = sent[: -len(port)]
        if sent != own_origin(scope, h):
            return 403, "web.cross_site", {"header": "Origin", "value": origin.decode("latin-1")[:80]}
    ctype = h.get(b"content-type")
    if ctype is None or not _json_type(ctype):
        if ctype is None:
            return 415, "web.no_content_type", {}
        return 415, "web.content_type", {"type": ctype.decode("latin-1")[:60]}
    return None
