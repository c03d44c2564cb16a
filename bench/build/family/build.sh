#!/usr/bin/env bash
# The sequential build script a team keeps next to its compose file: bases first, then services.
set -euo pipefail
cd "$(dirname "$0")"
DOCKER=${DOCKER:-docker}
export DOCKER_BUILDKIT=1
for image in system base-py base-web ml api worker web; do
  "$DOCKER" build -q -t "strata-bench/$image:latest" "./$image" >/dev/null
done
