#!/usr/bin/env bash
# The peer of `strata verify` on examples/api-ml-worker: the same acceptance checks as
# examples/api-ml-worker/verify/*.yaml, written as a team writes them by hand: one `docker run` or
# `docker inspect` after the other, a started container polled until healthy and answering.
#
#   bash bench/verify/checks.sh API_IMAGE ML_IMAGE      # exit 0 when every check passes
set -uo pipefail
api="${1:?API image}"
ml="${2:?ML image}"
docker_bin="${STRATA_DOCKER:-docker}"
d() { "$docker_bin" "$@"; }
failed=0
check() { # name, then a command that must succeed
  local name="$1"
  shift
  if "$@" >/dev/null 2>&1; then echo "ok   $name"; else echo "FAIL $name"; failed=$((failed + 1)); fi
}
inspect() { d image inspect --format "$2" "$1"; }
eq() { [ "$1" = "$2" ]; }
layers_start_with() { # image, parent
  local child parent
  child="$(inspect "$1" '{{json .RootFS.Layers}}')"
  parent="$(inspect "$2" '{{json .RootFS.Layers}}')"
  [ "${child#"${parent%]}"}" != "$child" ]
}
env_is() { inspect "$1" '{{json .Config.Env}}' | jq -e --arg kv "$2" 'index($kv) != null'; }
uid_not_root() { # image: USER resolved in the image's /etc/passwd
  local user uid
  user="$(inspect "$1" '{{.Config.User}}')"
  [ -n "$user" ] || return 1
  uid="$(d run --rm --entrypoint '' "$1" awk -F: -v u="${user%%:*}" '$1 == u { print $3 }' /etc/passwd)"
  [ -n "$uid" ] && [ "$uid" != 0 ]
}
wait_healthy() { # container, deadline in seconds
  local end=$((SECONDS + $2)) status
  while [ $SECONDS -lt $end ]; do
    status="$(d inspect --format '{{.State.Health.Status}}' "$1")"
    [ "$status" = healthy ] && return 0
    [ "$status" = unhealthy ] && return 1
    sleep 0.25
  done
  return 1
}
wait_http() { # url, deadline in seconds
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    curl -fsS --max-time 2 "$1" | grep -q '"status": "ok"' && return 0
    sleep 0.25
  done
  return 1
}

# api
check "api: runs as appuser" bash -c "[ \"\$($docker_bin run --rm --entrypoint '' $api whoami)\" = appuser ]"
check "api: the application imports" d run --rm --entrypoint '' "$api" python -c 'import app.main'
check "api: USER appuser" eq "$(inspect "$api" '{{.Config.User}}')" appuser
check "api: USER is not root" uid_not_root "$api"
check "api: WORKDIR /app" eq "$(inspect "$api" '{{.Config.WorkingDir}}')" /app
check "api: EXPOSE 8000" eq "$(inspect "$api" '{{json .Config.ExposedPorts}}')" '{"8000/tcp":{}}'
check "api: CMD" eq "$(inspect "$api" '{{json .Config.Cmd}}')" '["python","-m","app.main"]'
check "api: APP_ENV from build arg" env_is "$api" APP_ENV=production
check "api: ENABLE_GPU from build arg" env_is "$api" ENABLE_GPU=false
check "api: PYTHONUNBUFFERED" env_is "$api" PYTHONUNBUFFERED=1
check "api: PATH starts with the venv" bash -c "$docker_bin image inspect --format '{{json .Config.Env}}' $api | grep -q '\"PATH=/opt/venv/bin:'"
check "api: venv python executable" d run --rm --entrypoint '' "$api" test -x /opt/venv/bin/python
check "api: application present" d run --rm --entrypoint '' "$api" test -e /app/app/main.py
check "api: no builder tree" d run --rm --entrypoint '' "$api" sh -c '! test -e /build'
check "api: appuser in passwd" d run --rm --entrypoint '' "$api" grep -q '^appuser:x:[0-9]*:[0-9]*:' /etc/passwd
check "api: health check timings" eq "$(inspect "$api" '{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Timeout}} {{.Config.Healthcheck.StartPeriod}} {{.Config.Healthcheck.Retries}}')" "30s 3s 40s 3"
check "api: health check command" bash -c "$docker_bin image inspect --format '{{json .Config.Healthcheck.Test}}' $api | grep -q \"urlopen('http://localhost:8000/health'\""
check "api: under 400 MB" bash -c "[ \$($docker_bin image inspect --format '{{.Size}}' $api) -le 400000000 ]"
check "api: built FROM python:3.12-slim" layers_start_with "$api" python:3.12-slim
name="bench-verify-api-$$"
d run -d --name "$name" --health-interval 1s -p 127.0.0.1::8000 "$api" >/dev/null
check "api: healthy when started" wait_healthy "$name" 60
check "api: GET /health answers" wait_http "http://$(d port "$name" 8000/tcp | head -n 1)/health" 60
d rm -f "$name" >/dev/null

# ml-worker
check "ml: runs as appuser" bash -c "[ \"\$($docker_bin run --rm --entrypoint '' $ml whoami)\" = appuser ]"
check "ml: USER appuser" eq "$(inspect "$ml" '{{.Config.User}}')" appuser
check "ml: USER is not root" uid_not_root "$ml"
check "ml: APP_ENV from build arg" env_is "$ml" APP_ENV=production
check "ml: ENABLE_GPU from build arg" env_is "$ml" ENABLE_GPU=true
check "ml: NVIDIA_VISIBLE_DEVICES" env_is "$ml" NVIDIA_VISIBLE_DEVICES=all
check "ml: CUDA_VISIBLE_DEVICES" env_is "$ml" CUDA_VISIBLE_DEVICES=0
check "ml: health check timings" eq "$(inspect "$ml" '{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Timeout}} {{.Config.Healthcheck.StartPeriod}} {{.Config.Healthcheck.Retries}}')" "30s 5s 1m0s 3"
check "ml: worker imports, numpy >= 1.21" d run --rm --entrypoint '' "$ml" python3 -c 'import worker.main, numpy; v = tuple(int(x) for x in numpy.__version__.split(".")[:2]); assert v >= (1, 21)'
check "ml: built FROM nvidia/cuda" layers_start_with "$ml" nvidia/cuda:12.1.1-runtime-ubuntu22.04
if d info --format '{{json .Runtimes}}' | grep -q nvidia; then
  check "ml: nvidia-smi with --gpus all" d run --rm --gpus all --entrypoint '' "$ml" nvidia-smi
else
  echo "skip ml: GPU (no GPU runtime)"
fi
name="bench-verify-ml-$$"
d run -d --name "$name" --health-interval 1s "$ml" >/dev/null
check "ml: healthy when started" wait_healthy "$name" 60
d rm -f "$name" >/dev/null

exit $((failed > 0))
