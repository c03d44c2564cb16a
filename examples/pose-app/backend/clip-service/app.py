"""Clip service: GET /clips/<name> tells what a stored clip holds (size, frames at the given rate)."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CLIPS = Path(os.environ.get("CLIPS_DIR", "/data/clips"))
FPS = int(os.environ.get("CLIP_FPS", "30"))
BYTES_PER_FRAME = 64 * 4


class Handler(BaseHTTPRequestHandler):
    def reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
            return
        if self.path.startswith("/clips/"):
            clip = CLIPS / Path(self.path.removeprefix("/clips/")).name
            if not clip.is_file():
                self.reply(404, {"error": "no such clip"})
                return
            size = clip.stat().st_size
            frames = size // BYTES_PER_FRAME
            self.reply(200, {"bytes": size, "frames": frames, "seconds": frames / FPS})
            return
        self.reply(404, {"error": "not found"})


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "5001"))), Handler).serve_forever()
