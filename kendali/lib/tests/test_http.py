import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kendali.lib import http


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        status = 500 if self.path == "/fail" else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"echo:" + body + self.headers.get("User-Agent", "").encode())

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x" * 5000)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    instance = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=instance.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{instance.server_address[1]}"
    instance.shutdown()


def test_it_posts_and_reads_the_answer(server):
    result = http.request("POST", f"{server}/ok", content=b"hello")
    assert result.ok and result.body.startswith(b"echo:hello") and b"Kendali/" in result.body


def test_an_error_status_is_a_result_not_an_exception(server):
    result = http.request("POST", f"{server}/fail", content=b"x")
    assert result.status == 500 and not result.ok


def test_an_unreachable_host_says_why():
    result = http.request("GET", "http://127.0.0.1:9/", timeout=1)
    assert result.status is None and result.error


def test_answers_are_capped(server):
    assert len(http.request("GET", server, max_bytes=100).body) == 100


def test_only_http_urls(server):
    assert http.request("GET", "file:///etc/passwd").error
