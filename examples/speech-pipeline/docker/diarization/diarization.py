"""diarization: who speaks when, by clustering frame energies."""

import sys

import numpy as np
import soundfile as sf
from scipy.cluster.vq import kmeans2

sys.path.insert(0, "/app")
from shared.pipeline import done, stage_dir  # noqa: E402

if __name__ == "__main__":
    audio, rate = sf.read(stage_dir("demux") / "audio.wav")
    frames = np.abs(audio[: len(audio) // 400 * 400].reshape(-1, 400)).mean(axis=1, keepdims=True)
    _, labels = kmeans2(frames, 2, seed=0, minit="++")
    done("diarization", speakers=int(len(set(labels.tolist()))))
