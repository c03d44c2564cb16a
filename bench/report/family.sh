#!/usr/bin/env bash
# Builds the two torch families the report bench and its acceptance figures use, with plain BuildKit:
#   strata-report-direct-svc1..6   six services that each install Debian's python3-torch themselves
#   strata-report-shared-base      python3-torch once
#   strata-report-shared-svc1..6   the same six services on that shared base
# Usage: bash bench/report/family.sh [build|rm] [BASE]   (BASE defaults to strata-standin/debian:bookworm)
set -euo pipefail
action="${1:-build}"
base="${2:-strata-standin/debian:bookworm}"
docker_bin="${STRATA_DOCKER:-/usr/bin/docker}"
services=(svc1 svc2 svc3 svc4 svc5 svc6)

if [ "$action" = rm ]; then
  for s in "${services[@]}"; do
    "$docker_bin" image rm -f "strata-report-direct-$s" "strata-report-shared-$s" >/dev/null 2>&1 || true
  done
  "$docker_bin" image rm -f strata-report-shared-base >/dev/null 2>&1 || true
  exit 0
fi

export DOCKER_BUILDKIT=1
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
# The first build fills the apt cache mount; the others install from it at the same time (no lock:
# nothing is downloaded twice), with dpkg's unsafe-io to spare the disk thousands of fsyncs.
install_first='RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    echo '"'"'Binary::apt::APT::Keep-Downloaded-Packages "true";'"'"' > /etc/apt/apt.conf.d/keep-downloads \
    && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch'
install='RUN --mount=type=cache,target=/var/cache/apt,sharing=shared --mount=type=cache,target=/var/lib/apt/lists,sharing=shared \
    echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/unsafe-io \
    && DEBIAN_FRONTEND=noninteractive apt-get -o Debug::NoLocking=1 install -y --no-install-recommends python3-torch'
exists() { "$docker_bin" image inspect "$1" >/dev/null 2>&1; }

mkdir -p "$dir/base"
printf 'FROM %s\n%s\n' "$base" "$install_first" >"$dir/base/Dockerfile"
exists strata-report-shared-base || "$docker_bin" build -q -t strata-report-shared-base "$dir/base" >/dev/null
one() {
  local s="$1"
  mkdir -p "$dir/$s"
  printf 'print("%s")\n' "$s" >"$dir/$s/app.py"
  printf 'FROM %s\nENV SERVICE=%s\n%s\nCOPY app.py /srv/app.py\nCMD ["python3", "/srv/app.py"]\n' \
    "$base" "$s" "$install" >"$dir/$s/Dockerfile"
  exists "strata-report-direct-$s" || "$docker_bin" build -q -t "strata-report-direct-$s" "$dir/$s" >/dev/null
  printf 'FROM strata-report-shared-base\nENV SERVICE=%s\nCOPY app.py /srv/app.py\nCMD ["python3", "/srv/app.py"]\n' \
    "$s" >"$dir/$s/Dockerfile.shared"
  exists "strata-report-shared-$s" ||
    "$docker_bin" build -q -t "strata-report-shared-$s" -f "$dir/$s/Dockerfile.shared" "$dir/$s" >/dev/null
  echo "built strata-report-direct-$s and strata-report-shared-$s"
}
# Two services at a time.
for ((i = 0; i < ${#services[@]}; i += 2)); do
  one "${services[$i]}" &
  if [ -n "${services[$((i + 1))]:-}" ]; then one "${services[$((i + 1))]}" & fi
  wait
done
