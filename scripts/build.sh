#!/usr/bin/env bash
# Configures and builds im into BUILD_DIR (default build/). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
export CCACHE_BASEDIR=$PWD
# Swagger UI files for /api/docs (swagger-ui-dist, pinned in server/swagger/package-lock.json).
if ! [[ server/swagger/node_modules/.package-lock.json -nt server/swagger/package-lock.json ]]; then
  if command -v npm >/dev/null; then
    npm ci --prefix server/swagger --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  else
    echo "npm not found: /api/docs will show a note instead of Swagger UI" >&2
  fi
fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
