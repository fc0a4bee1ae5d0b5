#!/usr/bin/env bash
# Installs everything reelhouse needs on Debian 12: the Debian packages it builds and tests
# with (chromium for the dashboard's browser test, PostgreSQL's server and libpq for team mode
# and its tests), and the pinned npm dependencies (DuckDB's libduckdb.so and duckdb.h, Chart.js
# for the dashboard, playwright-core). Idempotent and quiet when nothing is missing; run by
# `make run` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config git ca-certificates
  nodejs npm
  libcurl4-openssl-dev libssl-dev zlib1g-dev libisal-dev
  libsqlite3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  nlohmann-json3-dev libsimdjson-dev libcpp-httplib-dev libarchive-dev libexpat1-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pandas python3-lxml hyperfine time
  chromium
  prometheus-cpp-dev wrk python3-fastapi uvicorn
  postgresql libpq-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
# Node.js may come from elsewhere (nvm, nodesource); only install Debian's when absent.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do
    [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Pinned npm dependencies (deps/package-lock.json); reinstall only when the lockfile changed.
stamp=deps/node_modules/.reelhouse-lock.sha256
want=$(sha256sum deps/package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "setup: installing pinned npm dependencies (deps/package-lock.json)"
  (cd deps && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
fi
