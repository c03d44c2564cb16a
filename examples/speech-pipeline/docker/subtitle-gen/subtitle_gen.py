"""subtitle-gen: turn aligned segments into an SRT file."""

import json
import sys

sys.path.insert(0, "/app")
from shared.pipeline import done, stage_dir  # noqa: E402


def stamp(t: float) -> str:
    h, rem = divmod(int(t * 1000), 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02}:{m:02}:{s:02},{ms:03}"


if __name__ == "__main__":
    src = stage_dir("asr") / "segments.json"
    segments = json.loads(src.read_text()) if src.exists() else []
    lines = [f"{i}\n{stamp(s['start'])} --> {stamp(s['end'])}\n{s['text']}\n" for i, s in enumerate(segments, 1)]
    (stage_dir("subtitle-gen") / "out.srt").write_text("\n".join(lines))
    done("subtitle-gen", cues=len(lines))
