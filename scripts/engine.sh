#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's engine where it is missing,
# starts dockerd in the background when none answers, and waits for it. Idempotent and quiet on success.
#
# Sourcing this file (`. scripts/engine.sh`) also exports STRATA_DOCKER: the client that can do BuildKit
# builds. Debian's /usr/bin/docker (20.10) builds with DOCKER_BUILDKIT=1; a newer client on PATH without
# the buildx plugin cannot, so /usr/bin/docker is preferred.
set -euo pipefail

log_file="${STRATA_DOCKERD_LOG:-/var/log/strata-dockerd.log}"

pick_client() {
  if [ -x /usr/bin/docker ]; then
    echo /usr/bin/docker
  else
    command -v docker || true
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

answers() {
  [ -n "${STRATA_DOCKER:-}" ] && "$STRATA_DOCKER" info >/dev/null 2>&1
}

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
# ShellCheck: the lint rule `shellcheck` and its tests run it on RUN scripts.
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "engine: installing ${missing[*]} from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >/dev/null
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

STRATA_DOCKER="$(pick_client)"
if [ -z "$STRATA_DOCKER" ]; then
  echo "engine: no docker client found after installing docker.io" >&2
  exit 1
fi
if ! answers; then
  echo "engine: starting dockerd (log: $log_file)" >&2
  as_root sh -c "nohup dockerd >>'$log_file' 2>&1 </dev/null &"
  for _ in $(seq 1 60); do
    answers && break
    sleep 1
  done
  if ! answers; then
    echo "engine: dockerd did not answer within 60 s; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
fi
export STRATA_DOCKER
export DOCKER_BUILDKIT=1
