"""Keypoint estimation: a small torch model standing where the 4D-Humans / ViTDet pipeline goes."""

import numpy as np
import torch

KEYPOINTS = 17


class PoseHead(torch.nn.Module):
    """Maps a frame feature vector to 17 (x, y) keypoints."""

    def __init__(self, features: int = 64) -> None:
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(features, 128),
            torch.nn.ReLU(),
            torch.nn.Linear(128, KEYPOINTS * 2),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x).view(-1, KEYPOINTS, 2)


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def estimate(frames: np.ndarray) -> np.ndarray:
    model = PoseHead(frames.shape[-1]).to(device()).eval()
    with torch.no_grad():
        out = model(torch.from_numpy(frames.astype(np.float32)).to(device()))
    return out.cpu().numpy()


def describe() -> str:
    return f"torch {torch.__version__} on {device()}"
