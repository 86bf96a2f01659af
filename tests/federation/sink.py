"""A tiny HTTP server on loopback that records what is sent to it and answers with the
statuses a test sets (to see retries, dead inboxes, size caps)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink:
    def __init__(self):
        self.received = []
        self.statuses = []  # answers to give, in order; then 202
        self.documents = {}  # path -> (status, content type, body) for GET
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sink.received.append({"path": self.path, "headers": dict(self.headers),
                                      "body": json.loads(body)})
                status = sink.statuses.pop(0) if sink.statuses else 202
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                status, content_type, body = sink.documents.get(
                    self.path, (404, "text/plain", b"not here"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
