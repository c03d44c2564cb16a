#!/usr/bin/env bash
# Starts Debian's docker-registry on 127.0.0.1:5000 (installs it when missing). Idempotent: a registry
# already answering there is left alone. dockerd trusts registries on 127.0.0.0/8 over plain HTTP by
# default, so no daemon setting is needed.
#   scripts/registry.sh          start (or confirm) the registry
#   scripts/registry.sh stop     stop the one this script started
set -euo pipefail

ADDR=127.0.0.1:5000
CONFIG=/etc/docker/registry/config.yml
STORAGE=/var/lib/docker-registry
PIDFILE=/run/strata-registry.pid
LOG=/var/log/strata-registry.log
MARK='# strata: local registry for plan/build tests'

answers() { curl -fsS -o /dev/null --max-time 2 "http://$ADDR/v2/" 2>/dev/null; }

if [ "${1:-}" = stop ]; then
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"
    rm -f "$PIDFILE"
    echo "registry stopped"
  else
    echo "no registry started by this script"
  fi
  exit 0
fi

if answers; then
  echo "registry already answers on $ADDR"
  exit 0
fi

if ! command -v docker-registry >/dev/null 2>&1; then
  echo "installing docker-registry (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker-registry >/dev/null
fi

# Debian's default config asks for htpasswd auth and listens on every interface: replace it with a
# local, unauthenticated one (the original is kept next to it).
if ! grep -qF "$MARK" "$CONFIG" 2>/dev/null; then
  mkdir -p "$(dirname "$CONFIG")"
  [ -f "$CONFIG" ] && cp -n "$CONFIG" "$CONFIG.orig"
  cat >"$CONFIG" <<YAML
$MARK
version: 0.1
log:
  level: warn
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $STORAGE
  delete:
    enabled: true
http:
  addr: $ADDR
  headers:
    X-Content-Type-Options: [nosniff]
YAML
fi
mkdir -p "$STORAGE"

# A systemd unit when systemd runs the machine, else a plain background process.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl restart docker-registry
else
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")" || true
    sleep 0.5
  fi
  nohup docker-registry serve "$CONFIG" >>"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
fi

for _ in $(seq 1 50); do
  if answers; then
    echo "registry answers on $ADDR"
    exit 0
  fi
  sleep 0.2
done
echo "registry did not start; see $LOG" >&2
exit 1
