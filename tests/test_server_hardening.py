"""Issue 26: the served app against cross-site requests (item 3) and the low findings of
item 7 that a real `reasoner serve` process shows (lone surrogates, Host allowlist)."""

import json
import sqlite3

import pytest

from _webserver import request, running_server

pytest.importorskip("fastapi")
pytest.importorskip("fhir.resources")

SERVICE = "/cds-services/reasoner-autophagy"


def hook(instance="d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"):
    cond = {
        "resourceType": "Condition",
        "id": "c1",
        "subject": {"reference": "Patient/1"},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "49049000"}]},
    }
    return {
        "hookInstance": instance,
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1"},
        "prefetch": {
            "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": cond}]}
        },
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve26")
    with running_server(tmp) as base:
        yield base, tmp


def rows(tmp, table):
    with sqlite3.connect(tmp / "feedback.sqlite") as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"content-type": "text/plain"}, 415),
        ({"content-type": "application/x-www-form-urlencoded"}, 415),
        ({"content-type": "multipart/form-data; boundary=x"}, 415),
        ({"content-type": "text/plain", "origin": "http://evil.example"}, 403),
        ({"content-type": "application/json", "origin": "http://evil.example"}, 403),
        ({"content-type": "application/json", "origin": "null"}, 403),
        ({"content-type": "application/json", "sec-fetch-site": "cross-site"}, 403),
        ({"content-type": "application/json", "sec-fetch-site": "same-site"}, 403),
    ],
)
def test_cross_site_or_non_json_posts_store_nothing(server, headers, status):
    base, tmp = server
    body = json.dumps(hook()).encode()
    before = rows(tmp, "cards")
    got, _, out = request(base, SERVICE, body=body, method="POST", headers=headers)
    assert got == status
    assert "error" in json.loads(out)
    assert rows(tmp, "cards") == before
    forged = json.dumps(
        {"feedback": [{"card": "x", "outcome": "accepted", "outcomeTimestamp": "t"}]}
    ).encode()
    got, _, _ = request(base, SERVICE + "/feedback", body=forged, method="POST", headers=headers)
    assert got == status


def test_same_origin_and_server_to_server_calls_still_work(server):
    base, tmp = server
    before = rows(tmp, "cards")
    assert request(base, SERVICE, body=hook(), method="POST")[0] == 200  # no Origin: a server
    got, _, out = request(
        base,
        SERVICE,
        body=hook(),
        method="POST",
        headers={
            "origin": base,
            "sec-fetch-site": "same-origin",
            "content-type": "application/json; charset=utf-8",
        },
    )
    assert got == 200 and json.loads(out)["cards"]
    assert rows(tmp, "cards") > before


def test_a_lone_surrogate_hook_instance_is_400_not_500(server):
    base, _ = server
    body = json.dumps(hook()).replace("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "\\ud800").encode()
    got, _, out = request(base, SERVICE, body=body, method="POST")
    assert got == 400
    assert json.loads(out)["error"].startswith("the request body holds a lone surrogate (\\ud800)")


def test_every_address_keeps_a_host_allowlist(tmp_path):
    from _webserver import free_port  # noqa: F401  (the server below listens on 0.0.0.0)
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reasoner",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
            "--feedback-db",
            "",
            "--allow-host",
            "ehr.example.org",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        assert request(base, "/api/diseases", headers={"host": "evil.example"})[0] == 400
        assert request(base, "/api/diseases", headers={"host": "ehr.example.org"})[0] == 200
        assert request(base, "/api/diseases", headers={"host": f"localhost:{port}"})[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_half_open_connections_are_closed_after_the_header_timeout(server):
    """70 connections that send nothing or half a request held every slot for ever (503)."""
    import socket
    import time
    from urllib.parse import urlsplit

    from reasoner.web.protocol import HEADER_TIMEOUT

    base, _ = server
    port = urlsplit(base).port
    held = []
    for i in range(70):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        if i % 2:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        held.append(s)
    time.sleep(HEADER_TIMEOUT + 2)
    status, _, _ = request(base, "/healthz")
    assert status == 200
    closed = 0
    for s in held:
        try:
            closed += s.recv(1) == b""
        except OSError:
            closed += 1
        s.close()
    assert closed == 70


def test_renewed_half_open_connections_do_not_starve_other_clients(server):
    """Red team (issue 26, low): a client that holds 70 half-open connections and renews
    each as the header timeout closes it kept every slot taken (503 for everyone).  Here
    it renews them for longer than the header timeout while another client's requests,
    sent at once, are each served."""
    import socket
    import threading
    import time
    from urllib.parse import urlsplit

    from reasoner.web.protocol import HEADER_TIMEOUT

    base, _ = server
    port = urlsplit(base).port
    stop = threading.Event()
    renewed = [0]

    def half_open(i):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        s.setblocking(False)
        return s

    def attacker():
        held = [half_open(i) for i in range(70)]
        while not stop.is_set():
            for i, s in enumerate(held):
                try:
                    closed = s.recv(1) == b""
                except BlockingIOError:
                    closed = False
                except OSError:
                    closed = True
                if not closed:
                    try:
                        s.send(b"X")  # a byte of a header line, as a slow client sends it
                    except BlockingIOError:
                        pass
                    except OSError:
                        closed = True
                if closed:
                    s.close()
                    held[i] = half_open(i)
                    renewed[0] += 1
            time.sleep(0.2)
        for s in held:
            s.close()

    thread = threading.Thread(target=attacker, daemon=True)
    thread.start()
    try:
        time.sleep(1)  # the 70 connections are open
        statuses = []
        until = time.monotonic() + HEADER_TIMEOUT + 3
        while time.monotonic() < until:
            statuses.append(request(base, "/healthz")[0])
            statuses.append(request(base, "/api/diseases")[0])
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert renewed[0] >= 35  # the server closed and the client renewed the connections
    assert len(statuses) > 20 and set(statuses) == {200}, statuses


def test_stalled_request_bodies_do_not_starve_other_clients(server):
    """Red team 3, L1: 70 connections that send complete headers and one byte of a 900 kB
    body, renewed every 4 s, made 9 of 10 other requests 503: only the header stage was
    timed out.  A stalled body is closed after BODY_TIMEOUT, and first for a new client."""
    import socket
    import threading
    import time
    from urllib.parse import urlsplit

    from reasoner.web import protocol

    BODY_TIMEOUT = getattr(protocol, "BODY_TIMEOUT", 5.0)  # (absent before red team 3)

    base, _ = server
    port = urlsplit(base).port
    head = (
        f"POST {SERVICE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 900000\r\n\r\n{"
    ).encode()
    stop = threading.Event()

    def stalled():
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(head)
        return time.monotonic(), s

    def attacker():
        held = [stalled() for _ in range(70)]
        while not stop.is_set():
            for i, (t, s) in enumerate(held):
                if time.monotonic() - t > 4:  # renewed before any body timeout would close it
                    s.close()
                    held[i] = stalled()
            time.sleep(0.2)
        for _, s in held:
            s.close()

    thread = threading.Thread(target=attacker, daemon=True)
    thread.start()
    try:
        time.sleep(2)  # the 70 connections are open and stalled
        statuses = []
        until = time.monotonic() + BODY_TIMEOUT + 3
        while time.monotonic() < until:
            statuses.append(request(base, "/healthz")[0])
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert len(statuses) > 10 and set(statuses) == {200}, statuses
    # and on its own, a stalled body is closed once BODY_TIMEOUT has passed without a byte
    _, s = stalled()
    s.settimeout(BODY_TIMEOUT + 5)
    t = time.monotonic()
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass
    s.close()
    assert BODY_TIMEOUT - 0.5 <= time.monotonic() - t <= BODY_TIMEOUT + 3
