#!/usr/bin/env bash
# The whole test run (`npm test`, and CI through .ci/run): a Docker engine, the stand-in base images,
# then build, type-check, lint, unit tests and the tests that build images on the engine.
# Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
  echo
  echo "==> $*"
  local t0=$SECONDS
  "$@"
  echo "    ($((SECONDS - t0)) s)"
}

# shellcheck source=scripts/engine.sh
step source scripts/engine.sh
export STRATA_TEST_DOCKER="$STRATA_DOCKER"
step bash scripts/standins.sh
if [ -f scripts/registry.sh ]; then
  step bash scripts/registry.sh
fi
step bash scripts/report-tools.sh
step npm run build
step npm run typecheck
step npm run lint
step npm run test:unit
step npm run test:engine
