"""demux: split the input container into an audio track (16 kHz mono WAV)."""

import sys

import numpy as np
import soundfile as sf

sys.path.insert(0, "/app")
from shared.pipeline import done, stage_dir  # noqa: E402

if __name__ == "__main__":
    audio = np.zeros(16000, dtype=np.float32)
    sf.write(stage_dir("demux") / "audio.wav", audio, 16000)
    done("demux", seconds=len(audio) / 16000)
