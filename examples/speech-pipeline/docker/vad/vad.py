"""vad: voice activity detection by a smoothed energy threshold."""

import sys

import numpy as np
import soundfile as sf
from scipy.ndimage import uniform_filter1d

sys.path.insert(0, "/app")
from shared.pipeline import done, stage_dir  # noqa: E402

if __name__ == "__main__":
    audio, rate = sf.read(stage_dir("demux") / "audio.wav")
    energy = uniform_filter1d(np.abs(audio), size=max(1, rate // 50))
    voiced = float((energy > 0.01).mean())
    done("vad", voiced_fraction=voiced)
