#!/usr/bin/env bash
# Builds the Node and Python base images. Run from anywhere; builds from the repository root.
# The ML base (base-python-pose) takes ~25 minutes and is built on its own: see BUILD_INSTRUCTIONS.md.
# Then: docker compose build && docker compose up
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=1

docker build -t base-node:latest -f backend/docker/base-node/Dockerfile .
docker build -t base-python:latest -f backend/docker/base-python/Dockerfile .
