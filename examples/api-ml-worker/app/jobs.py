"""A file-backed job queue shared by the API and the worker (a stand-in for Redis)."""

import json
import os
import time
import uuid
from pathlib import Path

QUEUE = Path(os.environ.get("JOB_QUEUE_DIR", "/tmp/jobs"))


def enqueue(payload: dict) -> dict:
    QUEUE.mkdir(parents=True, exist_ok=True)
    job = {"id": uuid.uuid4().hex, "created": time.time(), "payload": payload}
    (QUEUE / f"{job['id']}.json").write_text(json.dumps(job))
    return job


def take() -> dict | None:
    QUEUE.mkdir(parents=True, exist_ok=True)
    for path in sorted(QUEUE.glob("*.json")):
        try:
            job = json.loads(path.read_text())
            path.unlink()
            return job
        except FileNotFoundError:
            continue
    return None
