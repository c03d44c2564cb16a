"""Pose service: POST /pose with raw frame features, get keypoints back."""

import os

import numpy as np
from flask import Flask, jsonify, request

import pose

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="ok", runtime=pose.describe())


@app.post("/pose")
def estimate():
    data = np.frombuffer(request.get_data() or bytes(64 * 4), dtype=np.float32)
    frames = data[: len(data) // 64 * 64].reshape(-1, 64)
    return jsonify(keypoints=pose.estimate(frames).tolist())


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
