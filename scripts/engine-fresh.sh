#!/usr/bin/env bash
# A second, empty Docker engine standing in for a fresh CI runner: its own data-root, exec-root, socket,
# pidfile and bridge (strafresh0, 10.231.0.1/24, no NAT), no iptables rules, so it never touches the main
# engine. RUN steps get a network namespace but no route out: fine for builds that only copy and compute. Idempotent: an engine
# already answering on the socket is kept. Prints the DOCKER_HOST to use on its last line.
#   scripts/engine-fresh.sh          start (or confirm) it
#   scripts/engine-fresh.sh reset    stop it, delete its data (back to empty), start it again
#   scripts/engine-fresh.sh stop     stop it
# STRATA_FRESH_NAME, STRATA_FRESH_BRIDGE (at most 15 characters) and STRATA_FRESH_CIDR start another one.
set -euo pipefail

# Several fresh engines can run side by side (the bench keeps its own): set these to tell them apart.
NAME=${STRATA_FRESH_NAME:-strata-fresh}
RUN_DIR=/run/$NAME
DATA_ROOT=/var/lib/$NAME
SOCK=$RUN_DIR/docker.sock
PIDFILE=$RUN_DIR/docker.pid
LOG=/var/log/$NAME.log
HOST=unix://$SOCK
BRIDGE=${STRATA_FRESH_BRIDGE:-strafresh0}
BRIDGE_CIDR=${STRATA_FRESH_CIDR:-10.231.0.1/24}
DOCKER=${DOCKER:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || echo docker )}

answers() { DOCKER_HOST=$HOST "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

stop_engine() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    local pid
    pid=$(cat "$PIDFILE")
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE"
}

case "${1:-start}" in
  stop)
    stop_engine
    echo "$NAME engine stopped" >&2
    exit 0
    ;;
  reset)
    stop_engine
    # Unmount what the engine may have left mounted under its roots, then empty them.
    grep -E " ($DATA_ROOT|$RUN_DIR)/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r umount -l 2>/dev/null || true
    # Empty the folders rather than remove them: either may itself be a mount point.
    find "$DATA_ROOT" "$RUN_DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null || true
    ;;
  start) ;;
  *)
    echo "usage: $0 [start|reset|stop]" >&2
    exit 2
    ;;
esac

if answers; then
  echo "$NAME engine already answers" >&2
  echo "DOCKER_HOST=$HOST"
  exit 0
fi

mkdir -p "$RUN_DIR" "$DATA_ROOT"
if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
  ip link add "$BRIDGE" type bridge
  ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
fi
ip link set "$BRIDGE" up
nohup dockerd \
  --data-root "$DATA_ROOT" \
  --exec-root "$RUN_DIR/exec" \
  -H "$HOST" \
  --pidfile "$PIDFILE" \
  --bridge="$BRIDGE" \
  --iptables=false \
  --ip-masq=false \
  --containerd-namespace "$NAME" \
  --containerd-plugins-namespace "$NAME-plugins" \
  >>"$LOG" 2>&1 &

for _ in $(seq 1 150); do
  if answers; then
    echo "$NAME engine answers" >&2
    echo "DOCKER_HOST=$HOST"
    exit 0
  fi
  sleep 0.2
done
echo "$NAME engine did not start; see $LOG" >&2
exit 1
