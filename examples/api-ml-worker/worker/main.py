"""ML worker: takes jobs one at a time and scores them."""

import os
import time

import numpy as np

from app.jobs import take


def score(payload: dict) -> float:
    values = np.asarray(payload.get("values", [0.0]), dtype=np.float32)
    return float(values.mean())


def main() -> None:
    gpu = os.environ.get("ENABLE_GPU", "false") == "true"
    print(f"worker started (gpu={gpu})", flush=True)
    while True:
        job = take()
        if job is None:
            time.sleep(1)
            continue
        print(f"job {job['id']}: score {score(job['payload']):.3f}", flush=True)


if __name__ == "__main__":
    main()
