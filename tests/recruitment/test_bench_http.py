"""The HTTP driver's browser (recruitment.bench.http.Session) against a tiny local server: it keeps the connection
open when the server allows, sends a request again only when the server closed an idle kept-alive connection, and
counts every other failure."""

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from recruitment.bench.http import Session, tree_cpu_seconds


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen_ports: list[int] = []
    mode = "keep-alive"  # or "close": "Connection: close" answers; "drop": close without an answer

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen_ports.append(self.client_address[1])
        if type(self).mode == "drop":
            self.close_connection = True
            return
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "sessionid=abc; HttpOnly; Path=/")
        if type(self).mode == "close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.seen_ports = []
    Handler.mode = "keep-alive"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_one_connection_carries_many_requests_when_the_server_keeps_it(server):
    session = Session(server.server_address[1])
    assert [session.request("GET", f"/{n}/")[0] for n in range(5)] == [200] * 5
    assert len(set(Handler.seen_ports)) == 1 and session.resent == 0
    assert session.cookies == {"sessionid": "abc"}


def test_a_server_that_closes_after_each_answer_gets_a_new_connection_each_time(server):
    Handler.mode = "close"
    session = Session(server.server_address[1])
    assert [session.request("GET", "/")[0] for _ in range(3)] == [200] * 3
    assert len(set(Handler.seen_ports)) == 3 and session.resent == 0


def test_a_kept_alive_connection_the_server_closed_while_idle_is_reopened_once(server):
    session = Session(server.server_address[1])
    session.request("GET", "/")
    session.connection.sock.shutdown(2)  # as if the server's keep-alive timeout had closed it
    assert session.request("GET", "/again/")[0] == 200
    assert session.resent == 1


def test_a_failure_on_a_new_connection_is_an_error_not_resent(server):
    Handler.mode = "drop"
    session = Session(server.server_address[1])
    with pytest.raises(http.client.RemoteDisconnected):
        session.request("GET", "/")
    assert session.resent == 0 and not session.kept_alive


def test_cpu_seconds_of_a_process_tree():
    import os

    seconds = tree_cpu_seconds(os.getpid())
    assert seconds is None or seconds > 0
    assert tree_cpu_seconds(2**22 + 12345) is None
