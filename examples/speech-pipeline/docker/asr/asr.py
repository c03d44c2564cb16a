"""asr: speech to text segments (the whisper model goes here; this stage keeps the interface)."""

import json
import sys

import numpy as np
import soundfile as sf

sys.path.insert(0, "/app")
from shared.pipeline import done, stage_dir  # noqa: E402

if __name__ == "__main__":
    audio, rate = sf.read(stage_dir("demux") / "audio.wav")
    seconds = len(audio) / rate
    segments = [{"start": 0.0, "end": seconds, "text": "", "energy": float(np.abs(audio).mean())}]
    (stage_dir("asr") / "segments.json").write_text(json.dumps(segments))
    done("asr", segments=len(segments))
