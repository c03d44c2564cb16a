#!/usr/bin/env bash
# container-structure-test's own test configurations (the tests/ folder of its repository) under
# `strata verify`, case by case as CST's harness (tests/structure_test_tests.sh) runs them, each with the
# result that harness expects: PASS with exit 0, or FAIL with exit 1.
#
#   CST_REPO=path/to/container-structure-test bash bench/verify/cst.sh
#
# CST_REPO is a clone (bare or not) of github.com/GoogleContainerTools/container-structure-test; its
# tests/ folder is read from CST_COMMIT into a temporary folder and never copied into this repository.
# The harness runs against ubuntu:22.04, which cannot be pulled here: a local stand-in is made on the
# Debian bookworm stand-in (scripts/standins.sh) with what the tests read of Ubuntu (an archive.ubuntu.com
# line in sources.list, an /etc/machine-id). The harness's Dockerfiles are built FROM that stand-in.
# Exit code 0 when every case gives the expected result.
set -uo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

CST_COMMIT="${CST_COMMIT:-63ee63e15fae64f00b1c1ace1eb5cc99251b9e02}"
docker_bin="${STRATA_DOCKER:-}"
if [ -z "$docker_bin" ]; then
  if [ -x /usr/bin/docker ]; then docker_bin=/usr/bin/docker; else docker_bin=docker; fi
fi
prefix=strata-verify-cst
ubuntu="$prefix/ubuntu:22.04"

if [ -z "${CST_REPO:-}" ]; then
  echo "cst: set CST_REPO to a clone of github.com/GoogleContainerTools/container-structure-test" >&2
  exit 2
fi
if [ -d "$CST_REPO/.git" ]; then git_dir="$CST_REPO/.git"; else git_dir="$CST_REPO"; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/strata-verify-cst.XXXXXX")"
empty="$work/empty"
mkdir -p "$empty"
cleanup() {
  rm -rf "$work"
  "$docker_bin" image rm --force "$ubuntu" "$prefix/ubuntu-unprivileged:latest" "$prefix/ubuntu-cap:latest" \
    "$prefix/ubuntu-metadata:latest" >/dev/null 2>&1 || true
}
trap cleanup EXIT

git --git-dir="$git_dir" archive "$CST_COMMIT" tests | tar -x -C "$work"
echo "cst: tests/ of GoogleContainerTools/container-structure-test at $CST_COMMIT"

export DOCKER_BUILDKIT=1
build() { # tag, dockerfile (text on stdin), context
  "$docker_bin" build -q -t "$1" -f - "$2" >/dev/null
}
printf '%s\n' \
  "FROM strata-standin/debian:bookworm" \
  "RUN echo '# deb http://archive.ubuntu.com/ubuntu/ jammy main (stand-in for ubuntu:22.04)' >> /etc/apt/sources.list \\" \
  "    && echo 'APT::AutoRemove::SuggestsImportant \"false\";' > /etc/apt/apt.conf.d/docker-autoremove-suggests \\" \
  "    && touch /etc/machine-id" | build "$ubuntu" "$work" || exit 1
for f in unprivileged cap metadata; do
  sed "s|^FROM ubuntu:22.04|FROM $ubuntu|" "$work/tests/Dockerfile.$f" | build "$prefix/ubuntu-$f:latest" "$work/tests" || exit 1
done

strata() { (cd "$work" && node "$root/bin/strata.js" verify --dir "$empty" "$@"); }

# An engine that cannot start privileged containers (a rootless or nested dockerd) cannot run the
# capabilities case as written; it then runs without `privileged: true`, and says so.
privileged=yes
if ! "$docker_bin" run --rm --privileged --entrypoint '' "$ubuntu" true >/dev/null 2>&1; then
  privileged=no
  sed '/privileged: true/d' "$work/tests/amd64/ubuntu_22_04_containeropts_test.yaml" \
    >"$work/tests/amd64/ubuntu_22_04_containeropts_unprivileged_test.yaml"
fi
cap_config=ubuntu_22_04_containeropts_test.yaml
cap_name="run options: capabilities, bind mounts"
if [ "$privileged" = no ]; then
  cap_config=ubuntu_22_04_containeropts_unprivileged_test.yaml
  cap_name="$cap_name *"
fi

failures=0
# name | image | config | expected exit | environment
cases=(
  "positive|$ubuntu|ubuntu_22_04_test.yaml|0|"
  "run options: user|$prefix/ubuntu-unprivileged:latest|ubuntu_22_04_containeropts_user_test.yaml|0|"
  "$cap_name|$prefix/ubuntu-cap:latest|$cap_config|0|"
  "run options: envVars|$ubuntu|ubuntu_22_04_containeropts_env_test.yaml|0|FOO=keepitsecret! BAR=keepitsafe!"
  "run options: envFile|$ubuntu|ubuntu_22_04_containeropts_envfile_test.yaml|0|"
  "metadata (docker driver)|$prefix/ubuntu-metadata:latest|ubuntu_22_04_metadata_test.yaml|0|"
  "failure|$ubuntu|ubuntu_22_04_failure_test.yaml|1|"
)
printf '%-42s %-9s %-9s %s\n' case expected strata result
for c in "${cases[@]}"; do
  IFS='|' read -r name image config expected envs <<<"$c"
  out="$(env $envs bash -c "$(declare -f strata); root='$root' work='$work' empty='$empty'; strata '$image' --config 'tests/amd64/$config'" 2>&1)"
  code=$?
  verdict=ok
  if [ "$code" != "$expected" ]; then verdict=MISMATCH; failures=$((failures + 1)); fi
  label() { [ "$1" = 0 ] && echo "PASS/0" || echo "FAIL/$1"; }
  printf '%-42s %-9s %-9s %s\n' "$name" "$(label "$expected")" "$(label "$code")" "$verdict"
  if [ "$verdict" != ok ] || [ -n "${CST_VERBOSE:-}" ]; then echo "$out" | sed 's/^/    /'; fi
done
echo
if [ "$privileged" = no ]; then
  echo "* this engine cannot start privileged containers (docker run --privileged fails on it): run without privileged: true"
fi
echo "not run (CST's other drivers and flags, not strata's): metadata with --driver tar and --driver host,"
echo "--image-from-oci-layout (2 cases), --platform (3 cases); see docs/verify.md"
[ "$failures" = 0 ] && echo "cst: every case as CST's harness expects" || echo "cst: $failures case(s) differ"
exit $((failures > 0))
