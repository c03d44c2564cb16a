#!/usr/bin/env bash
# Makes local stand-ins for the external base images the bundled examples name (python:*-slim,
# node:18-alpine, nvidia/cuda:*), because this machine cannot pull from a registry. Real users pull the
# real bases; these only let the examples build here.
#
# A Debian bookworm root (debootstrap --variant=minbase, from the mirror this machine's apt already uses)
# is imported once; each name is then a tiny image on top of it. The root tarball is cached under
# ${STRATA_STANDINS_CACHE:-~/.cache/strata-standins}, and images that exist are skipped, so a second run
# takes about a second. One line is printed per image.
set -euo pipefail

docker_bin="${STRATA_DOCKER:-}"
if [ -z "$docker_bin" ]; then
  if [ -x /usr/bin/docker ]; then docker_bin=/usr/bin/docker; else docker_bin=docker; fi
fi
export DOCKER_BUILDKIT=1
cache="${STRATA_STANDINS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/strata-standins}"
rootfs_tar="$cache/debian-bookworm-minbase.tar"

root_image=strata-standin/debian:bookworm
python_layer=strata-standin/python3:bookworm
node_layer=strata-standin/nodejs:bookworm

# name -> layer it stands on. Keep in step with the FROM lines under examples/.
declare -A standins=(
  ["debian:bookworm-slim"]=root
  ["python:3.10-slim"]=python
  ["python:3.11-slim"]=python
  ["python:3.12-slim"]=python
  ["nvidia/cuda:12.1.1-runtime-ubuntu22.04"]=python
  ["nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04"]=python
  ["node:18-alpine"]=node
)

exists() { "$docker_bin" image inspect "$1" >/dev/null 2>&1; }

# The bookworm mirror from the machine's apt sources (deb822 .sources or one-line sources.list), or
# STRATA_DEBIAN_MIRROR when set.
debian_mirror() {
  if [ -n "${STRATA_DEBIAN_MIRROR:-}" ]; then
    echo "$STRATA_DEBIAN_MIRROR"
    return
  fi
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk '
      /^[[:space:]]*$/ { if (uris != "" && bookworm) { print uris; exit } uris = ""; bookworm = 0; next }
      /^URIs:/ { uris = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") bookworm = 1 }
      END { if (uris != "" && bookworm) print uris }' "$f" | head -n 1)"
    if [ -n "$uri" ]; then
      echo "$uri"
      return
    fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { if ($(i + 1) == "bookworm") { print $i; exit } } }' "$f")"
    if [ -n "$uri" ]; then
      echo "$uri"
      return
    fi
  done
  echo "standins: no Debian bookworm mirror in /etc/apt sources; set STRATA_DEBIAN_MIRROR" >&2
  return 1
}

make_rootfs_tar() {
  local mirror dir
  mirror="$(debian_mirror)"
  mkdir -p "$cache"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/strata-rootfs.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$dir'" EXIT
  if ! debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    echo "standins: debootstrap failed; see $cache/debootstrap.log" >&2
    tail -n 5 "$cache/debootstrap.log" >&2
    return 1
  fi
  # Like the official slim images: no package lists, no downloaded packages.
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/archives/*.deb
  tar -C "$dir" -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$dir"
  trap - EXIT
}

build_layer() {
  local tag="$1" packages="$2" extra="$3"
  "$docker_bin" build -q -t "$tag" - >/dev/null <<DOCKERFILE
FROM $root_image
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends $packages \\
 && rm -rf /var/lib/apt/lists/*${extra}
DOCKERFILE
}

t0=$SECONDS
if exists "$root_image"; then
  echo "standins: $root_image exists"
else
  [ -f "$rootfs_tar" ] || make_rootfs_tar
  "$docker_bin" import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'CMD ["bash"]' \
    "$rootfs_tar" "$root_image" >/dev/null
  echo "standins: $root_image imported ($((SECONDS - t0)) s)"
fi

t0=$SECONDS
if exists "$python_layer"; then
  echo "standins: $python_layer exists"
else
  # pip may install into the system Python, as in the official python images.
  build_layer "$python_layer" "python3 python3-pip python3-venv python-is-python3" \
    ' && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED'
  echo "standins: $python_layer built ($((SECONDS - t0)) s)"
fi

t0=$SECONDS
if exists "$node_layer"; then
  echo "standins: $node_layer exists"
else
  build_layer "$node_layer" "nodejs npm" ''
  echo "standins: $node_layer built ($((SECONDS - t0)) s)"
fi

for name in $(printf '%s\n' "${!standins[@]}" | sort); do
  if exists "$name"; then
    echo "standins: $name exists"
    continue
  fi
  case "${standins[$name]}" in
    root) layer="$root_image" ;;
    python) layer="$python_layer" ;;
    node) layer="$node_layer" ;;
  esac
  "$docker_bin" build -q -t "$name" - >/dev/null <<DOCKERFILE
FROM $layer
LABEL org.opencontainers.image.description="strata stand-in for $name (Debian bookworm; pull the real image where a registry is reachable)"
LABEL dev.strata.standin="$name"
DOCKERFILE
  echo "standins: $name built on $layer"
done
