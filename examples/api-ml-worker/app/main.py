"""DemeterAI API: health and a job endpoint that queues work for the ML worker."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.jobs import enqueue


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/health":
            self._send(200, {"status": "ok", "env": os.environ.get("APP_ENV", "production")})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path == "/jobs":
            length = int(self.headers.get("content-length", "0"))
            job = enqueue(json.loads(self.rfile.read(length) or b"{}"))
            self._send(202, job)
        else:
            self._send(404, {"error": "not found"})


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler).serve_forever()
