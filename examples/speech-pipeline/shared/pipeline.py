"""What every stage shares: where a job's files live and how a stage reports."""

import json
import os
import sys
from pathlib import Path

JOB_DIR = Path(os.environ.get("JOB_DIR", "/data/job"))


def stage_dir(stage: str) -> Path:
    path = JOB_DIR / stage
    path.mkdir(parents=True, exist_ok=True)
    return path


def done(stage: str, **facts: object) -> None:
    (stage_dir(stage) / "done.json").write_text(json.dumps(facts))
    print(f"[{stage}] done: {facts}", file=sys.stderr)
