#!/usr/bin/env bash
# Tools the report's engine tests use beside the engine: Debian's skopeo (to make OCI image archives)
# and chromium (to open the HTML report headless and take a screenshot). Installed when missing and
# running as root; otherwise those two tests are skipped, the rest of the run goes on. Under CI=true
# a tool that cannot be installed fails the run: the tests that need it must run in CI.
set -uo pipefail
missing=()
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "report tools: skopeo and chromium are there"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "report tools: ${missing[*]} missing and not root"
  [ "${CI:-}" = true ] && exit 1
  echo "report tools: their tests will be skipped"
  exit 0
fi
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/strata-report-tools.log 2>&1 ||
  { apt-get update >>/tmp/strata-report-tools.log 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/strata-report-tools.log 2>&1; }; then
  echo "report tools: installed ${missing[*]}"
else
  echo "report tools: could not install ${missing[*]} (see /tmp/strata-report-tools.log)"
  [ "${CI:-}" = true ] && exit 1
  echo "report tools: their tests will be skipped"
fi
exit 0
