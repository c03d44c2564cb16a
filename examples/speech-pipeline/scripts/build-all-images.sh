#!/usr/bin/env bash
# Builds every image in the order the bases need: base:cpu, base:cuda, base-ml:cuda, then the stages.
# Run from anywhere; builds from the repository root. TAG per stage: cpu or cuda.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=1

echo "==> bases"
docker build -t rajiup/cp-whisperx-app-base:cpu -f docker/base/Dockerfile .
docker build -t rajiup/cp-whisperx-app-base:cuda -f docker/base-cuda/Dockerfile .
docker build -t rajiup/cp-whisperx-app-base-ml:cuda -f docker/base-ml/Dockerfile .

echo "==> CPU stages"
for STAGE in demux tmdb subtitle-gen; do
  docker build -t rajiup/cp-whisperx-app-$STAGE:cpu -f docker/$STAGE/Dockerfile .
done

echo "==> GPU stages"
for STAGE in asr diarization vad; do
  docker build -t rajiup/cp-whisperx-app-$STAGE:cuda -f docker/$STAGE/Dockerfile .
done

docker images | grep cp-whisperx-app
