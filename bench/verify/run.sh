#!/usr/bin/env bash
# bench/verify: `strata verify` on examples/api-ml-worker beside checks.sh, the same checks as a plain
# script of `docker run` / `docker inspect` calls, run alternately in one session on the same images.
#
#   npm run build && bash bench/verify/run.sh [RUNS]      # RUNS per tool, default 3
#
# The example is copied to a temporary folder with its compose tags renamed (strata-bench-verify/...), built
# once with `strata build`, then each tool runs RUNS times, alternating. Prints the medians and the ratio;
# exit code 0 when strata's median is at most 1.2x the script's.
set -uo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
runs="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/strata-bench-verify.XXXXXX")"
api=strata-bench-verify/api:latest
ml=strata-bench-verify/ml:latest
docker_bin="${STRATA_DOCKER:-docker}"
cleanup() {
  rm -rf "$work"
  "$docker_bin" image rm --force "$api" "$ml" >/dev/null 2>&1 || true
}
trap cleanup EXIT

cp -r examples/api-ml-worker/. "$work/"
sed -i "s|image: demeterai-api:latest|image: $api|; s|image: demeterai-ml:latest|image: $ml|" "$work/docker-compose.yml"
node bin/strata.js build --dir "$work" --progress plain >"$work/build.log" 2>&1 || {
  tail -n 20 "$work/build.log"
  exit 1
}

now() { date +%s.%N; }
strata_times=()
script_times=()
for i in $(seq 1 "$runs"); do
  t0=$(now)
  bash bench/verify/checks.sh "$api" "$ml" >"$work/script.out" 2>&1
  script_status=$?
  t1=$(now)
  node bin/strata.js verify --dir "$work" >"$work/strata.out" 2>&1
  strata_status=$?
  t2=$(now)
  script_times+=("$(echo "$t1 - $t0" | bc)")
  strata_times+=("$(echo "$t2 - $t1" | bc)")
  printf 'run %d: script %.1fs (exit %d)  strata %.1fs (exit %d)\n' "$i" "${script_times[-1]}" "$script_status" \
    "${strata_times[-1]}" "$strata_status"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ms=$(median "${script_times[@]}")
mv=$(median "${strata_times[@]}")
ratio=$(echo "scale=2; $mv / $ms" | bc)
echo
tail -n 1 "$work/strata.out"
printf '%-28s %8s\n' tool median
printf '%-28s %7.1fs\n' "checks.sh (docker run/inspect)" "$ms" "strata verify" "$mv"
met=$(echo "$ratio <= 1.2" | bc)
printf 'strata / script = %.2fx (goal <= 1.2x): %s\n' "$ratio" "$([ "$met" = 1 ] && echo met || echo NOT met)"
[ "$met" = 1 ]
