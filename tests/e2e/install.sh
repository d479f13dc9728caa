#!/usr/bin/env bash
# Installs what the browser tests need, only when it is missing: Debian's Chromium, a Java
# runtime for the Nu Html Checker, and the npm dev-dependencies pinned in package-lock.json.
# Browsers are never downloaded by npm: the tests drive /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
fc-list 2>/dev/null | grep -qi "dejavu\|liberation\|noto" || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm dev-dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

chromium --version
java -version 2>&1 | head -1
